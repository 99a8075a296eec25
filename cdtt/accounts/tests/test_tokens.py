"""API tokens: one per device, listed on the user's page, revocable by the user and by the
officers who manage them, ended after API_TOKEN_IDLE_DAYS without use."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cdtt.accounts.models import ApiToken, Role
from cdtt.factories import PASSWORD

pytestmark = pytest.mark.django_db


def token_for(client, username, device=""):
    answer = client.post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD, "device": device}
    )
    return answer.json()["token"]


def api(token):
    caller = APIClient()
    caller.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return caller


def test_each_device_gets_its_token_listed_on_the_users_page(client, users):
    phone = token_for(client, "member", "Điện thoại Mai")
    tablet = token_for(client, "member", "Máy tính bảng của tổ")
    assert phone != tablet
    assert api(phone).get("/api/v1/orgunits/").status_code == 200
    assert ApiToken.objects.get(device="Điện thoại Mai").digest != phone  # kept as a hash
    client.force_login(users[Role.MEMBER])
    page = client.get("/accounts/me/").content.decode()
    assert "Điện thoại Mai" in page and "Máy tính bảng của tổ" in page
    listed = api(phone).get("/api/v1/tokens/").json()["results"]
    assert {t["device"] for t in listed} == {"Điện thoại Mai", "Máy tính bảng của tổ"}


def test_the_user_revokes_a_device(client, users):
    phone = token_for(client, "member", "Điện thoại cũ")
    client.force_login(users[Role.MEMBER])
    token = ApiToken.objects.get(device="Điện thoại cũ")
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    assert api(phone).get("/api/v1/orgunits/").status_code == 401


def test_the_officer_who_manages_the_user_revokes_a_device_and_others_cannot(client, users):
    phone = token_for(client, "member", "Điện thoại bị mất")
    token = ApiToken.objects.get(device="Điện thoại bị mất")
    leader_token = token_for(client, "leader")
    assert api(leader_token).get(f"/api/v1/tokens/?user={users[Role.MEMBER].pk}").status_code == 200
    client.force_login(users[Role.COMMUNE])
    page = client.get(f"/accounts/users/{users[Role.MEMBER].pk}/").content.decode()
    assert "Điện thoại bị mất" in page
    assert api(phone).delete(f"/api/v1/tokens/{token.pk}/").status_code == 204  # its owner
    phone = token_for(client, "member", "Điện thoại bị mất")
    token = ApiToken.objects.get(device="Điện thoại bị mất")
    assert api(leader_token).delete(f"/api/v1/tokens/{token.pk}/").status_code == 204
    assert api(phone).get("/api/v1/orgunits/").status_code == 401


def test_a_token_unused_for_the_idle_period_expires(client, users, settings):
    token = token_for(client, "member", "Điện thoại")
    ApiToken.objects.update(
        last_used_at=timezone.now() - timedelta(days=settings.API_TOKEN_IDLE_DAYS, minutes=1)
    )
    answer = api(token).get("/api/v1/orgunits/")
    assert answer.status_code == 401
    assert not ApiToken.objects.exists()


def test_use_keeps_a_token_alive(client, users, settings):
    token = token_for(client, "member", "Điện thoại")
    old = timezone.now() - timedelta(days=settings.API_TOKEN_IDLE_DAYS - 1)
    ApiToken.objects.update(last_used_at=old)
    assert api(token).get("/api/v1/orgunits/").status_code == 200
    assert ApiToken.objects.get().last_used_at > old + timedelta(days=1)
