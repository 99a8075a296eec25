"""Resets: a new code from whoever manages the account ends the old password, sessions and
tokens; where SMS is configured a member asks for a code themself, and the page answers
the same whether or not the phone has an account."""

import pytest
from rest_framework.test import APIClient

from cdtt.accounts import codes
from cdtt.accounts.models import ActivationCode, Role
from cdtt.accounts.tokens import create_token
from cdtt.factories import PASSWORD
from cdtt.notify.models import Delivery

pytestmark = pytest.mark.django_db


def test_after_a_reissued_code_the_old_password_and_token_stop_working(client, users):
    member = users[Role.MEMBER]
    token = create_token(member, "Điện thoại Mai")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/orgunits/").status_code == 200
    session = APIClient()
    session.force_login(member)
    client.force_login(users[Role.LEADER])
    answer = client.post(f"/accounts/users/{member.pk}/issue/")
    assert answer["Location"] == f"/accounts/users/{member.pk}/slip/"
    slip = client.get(answer["Location"])
    assert "no-store" in slip["Cache-Control"]
    code = ActivationCode.objects.get(user=member)
    assert codes.spaced(codes.derive(code.seed)) in slip.content.decode()
    assert api.get("/api/v1/orgunits/").status_code == 401
    assert session.get("/api/v1/orgunits/").status_code == 401  # the session ended
    client.logout()
    refused = client.post("/accounts/login/", {"username": "member", "password": PASSWORD})
    assert refused.status_code == 200
    client.post("/kich-hoat/", {"phone": "", "code": ""})
    member.refresh_from_db()
    assert not member.has_usable_password()


def test_with_sms_a_member_asks_for_a_code_and_keeps_the_password_until_it_is_used(
    client, users, settings, django_capture_on_commit_callbacks
):
    settings.SMS_ENABLED = True
    leader = users[Role.LEADER]  # phone 0912345678
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post("/quen-mat-khau/", {"phone": "0912 345 678"})
        ghost = client.post("/quen-mat-khau/", {"phone": "0912 999 999"}, follow=True)
    assert asked.status_code == ghost.redirect_chain[0][1] == 302
    said = "Nếu số điện thoại này có tài khoản"
    assert said in ghost.content.decode()
    sms = Delivery.objects.get(channel="sms")
    assert sms.user == leader and sms.status == Delivery.Status.SENT
    code = ActivationCode.objects.get(user=leader, kind=ActivationCode.Kind.SMS)
    plain = codes.derive(code.seed)
    assert codes.spaced(plain) in sms.body
    assert client.login(username="leader", password=PASSWORD)  # still works until the code is used
    client.logout()
    client.post("/kich-hoat/", {"phone": "0912345678", "code": plain})
    new = "mật-khẩu-mới-2026"
    client.post("/kich-hoat/mat-khau/", {"password": new, "password_again": new})
    leader.refresh_from_db()
    assert leader.check_password("mật-khẩu-mới-2026") and not leader.check_password(PASSWORD)


def test_sms_codes_are_limited_a_day(client, users, settings):
    settings.SMS_ENABLED = True
    for _ in range(settings.SMS_RESET_PER_DAY + 2):
        client.post("/quen-mat-khau/", {"phone": "0912345678"})
    kind = ActivationCode.Kind.SMS
    assert ActivationCode.objects.filter(kind=kind).count() == settings.SMS_RESET_PER_DAY


def test_without_sms_the_page_says_whom_to_ask(client, users, settings):
    settings.SMS_ENABLED = False
    page = client.get("/quen-mat-khau/").content.decode()
    assert "tổ trưởng" in page and "cán bộ xã" in page
    client.post("/quen-mat-khau/", {"phone": "0912345678"})
    assert not ActivationCode.objects.exists()
