"""Activation at /kich-hoat/: phone + code, then a password, then signed in on the entry page;
a code works once, for 14 days, and says why it does not without telling who has an account."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cdtt.accounts import codes
from cdtt.accounts.lifecycle import issue_code
from cdtt.accounts.models import ActivationCode, Role
from cdtt.factories import make_user

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "bản-huổi-lóng-2026"


@pytest.fixture
def newcomer(tree, users):
    user = make_user(Role.MEMBER, tree["village"], "0987654321", phone="0987654321",
                     last_name="Lường Thị", first_name="Mai")  # fmt: skip
    user.set_unusable_password()
    user.save()
    code = issue_code(users[Role.COMMUNE], user)
    return user, codes.derive(code.seed)


def enter(client, phone, code, path="/kich-hoat/"):
    return client.post(path, {"phone": phone, "code": code}, REMOTE_ADDR="10.0.0.9")


def choose(client, password=NEW_PASSWORD, again=None):
    return client.post(
        "/kich-hoat/mat-khau/", {"password": password, "password_again": again or password}
    )


def test_a_member_activates_with_phone_and_code_and_lands_on_the_entry_page(client, newcomer):
    user, code = newcomer
    step = enter(client, "+84 987.654.321", f"{code[:4]} {code[4:]}")
    assert step.status_code == 302 and step["Location"] == "/kich-hoat/mat-khau/"
    page = client.get("/kich-hoat/mat-khau/").content.decode()
    assert "Lường Thị Mai" in page
    done = choose(client)
    assert done.status_code == 302 and done["Location"] == "/activities/"
    assert client.get("/activities/").context["user"] == user
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert ActivationCode.objects.get(user=user).used_at is not None
    # The same code again: refused, and said so.
    client.logout()
    again = enter(client, "0987654321", code).content.decode()
    assert "Mã này đã được dùng" in again


def test_the_qr_address_fills_in_the_code_and_the_english_alias_works(client, newcomer):
    _user, code = newcomer
    page = client.get(codes.address(code).split("8000")[-1].split("testserver")[-1])
    assert f'value="{code}"' in page.content.decode()
    assert enter(client, "0987654321", code, path="/activate/").status_code == 302


def test_a_wrong_code_and_an_unknown_phone_get_the_same_answer(client, newcomer):
    _user, code = newcomer
    wrong = enter(client, "0987654321", "00000000").content.decode()
    unknown = enter(client, "0911111111", code).content.decode()
    message = "Số điện thoại và mã không khớp"
    assert message in wrong and message in unknown


def test_expired_and_replaced_codes_say_so(client, users, newcomer):
    user, code = newcomer
    ActivationCode.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(days=1))
    assert "Mã này đã hết hạn" in enter(client, "0987654321", code).content.decode()
    ActivationCode.objects.filter(user=user).update(expires_at=timezone.now() + timedelta(days=1))
    newer = issue_code(users[Role.COMMUNE], user)
    assert "Đã có mã mới hơn" in enter(client, "0987654321", code).content.decode()
    assert enter(client, "0987654321", codes.derive(newer.seed)).status_code == 302


def test_the_code_is_valid_fourteen_days_and_stored_only_as_hashes(newcomer):
    user, code = newcomer
    stored = ActivationCode.objects.get(user=user)
    assert (
        timedelta(days=13, hours=23) < stored.expires_at - stored.created_at <= timedelta(days=14)
    )
    assert code not in (stored.seed, stored.digest)
    assert len(code) == 8 and code.isdigit()


def test_a_weak_or_mismatched_password_is_refused_and_the_code_kept(client, newcomer):
    user, code = newcomer
    enter(client, "0987654321", code)
    assert "không giống nhau" in choose(client, again="something-else-2026").content.decode()
    assert choose(client, password="12345678901").status_code == 200
    assert ActivationCode.objects.get(user=user).used_at is None
    assert choose(client).status_code == 302


def test_guessing_codes_is_rate_limited(client, newcomer):
    _user, code = newcomer
    answers = [enter(client, "0987654321", f"1111000{i}").status_code for i in range(5)]
    assert answers[-1] == 429
    assert enter(client, "0987654321", code).status_code == 429  # locked, even the right code
