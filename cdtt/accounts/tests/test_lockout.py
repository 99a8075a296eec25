"""Lockout made for shared addresses: one person mistyping locks only their own account;
guessing is stopped per account however its login is typed; an address alone is held back
only at a much higher count."""

import pytest
from django.conf import settings

from cdtt.accounts.models import LoginLock, Role
from cdtt.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db
SHARED = "10.20.30.40"  # a commune's Wi-Fi, a carrier's NAT


def log_in(client, username, password=PASSWORD, address=SHARED):
    client.cookies.clear()
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_one_of_thirty_behind_one_address_is_locked_and_unlocked_by_the_commune(
    client, tree, users
):
    villagers = [
        make_user(Role.MEMBER, tree["village"], f"villager{i}", phone=f"09870000{i:02d}")
        for i in range(30)
    ]
    clumsy = villagers[7]
    answers = [log_in(client, "0987 000 007", "wrong").status_code for _ in range(10)]
    assert answers[: settings.LOCKOUT_ACCOUNT_ADDRESS - 1] == [200] * 4
    assert set(answers[settings.LOCKOUT_ACCOUNT_ADDRESS - 1 :]) == {429}
    # The right password is refused too, from there: the account is locked.
    assert log_in(client, "villager7").status_code == 429
    for villager in villagers:
        if villager != clumsy:
            assert log_in(client, villager.username).status_code == 302, villager.username
    # The commune officer sees the lock in the list and lifts it.
    client.force_login(users[Role.COMMUNE])
    listed = client.get("/accounts/users/", {"state": "locked"}).content.decode()
    assert "villager7" in listed or clumsy.get_full_name() in listed
    assert f"/accounts/users/{clumsy.pk}/" in listed
    assert listed.count("/accounts/users/") - listed.count("/accounts/users/new/") >= 1
    unlocked = client.post(f"/accounts/users/{clumsy.pk}/unlock/")
    assert unlocked.status_code == 302
    assert not LoginLock.objects.filter(user=clumsy).exists()
    assert log_in(client, "0987000007").status_code == 302


def test_one_counter_per_account_however_its_phone_is_typed(client, users):
    typings = ["leader", "0912345678", "0912 345 678", "+84912345678", "84912345678"]
    for typed in typings:
        log_in(client, typed, "wrong")
    assert log_in(client, "912345678").status_code == 429
    assert log_in(client, "member").status_code == 302  # another account, same address


def test_the_form_says_how_many_tries_are_left_from_the_third_failure(client, users):
    pages = [log_in(client, "member", "wrong").content.decode() for _ in range(4)]
    assert "lần thử" not in pages[0] and "lần thử" not in pages[1]
    assert "Còn 2 lần thử" in pages[2]
    assert "Còn 1 lần thử" in pages[3]
    locked = log_in(client, "member", "wrong").content.decode()
    assert "tổ trưởng" in locked and "cán bộ xã" in locked  # who can unlock, by role


def test_an_unknown_login_is_answered_like_a_real_one(client, users):
    real = [log_in(client, "0912345678", "wrong").content.decode() for _ in range(3)][-1]
    ghost = [log_in(client, "0912999999", "wrong").content.decode() for _ in range(3)][-1]
    assert "Còn 2 lần thử" in real and "Còn 2 lần thử" in ghost


def test_guessing_spread_over_many_addresses_locks_the_account(client, users):
    for i in range(settings.LOCKOUT_ACCOUNT):
        log_in(client, "leader", "wrong", address=f"10.1.{i // 200}.{i % 200}")
    assert log_in(client, "leader", address="10.99.0.1").status_code == 429
    assert log_in(client, "member", address="10.99.0.1").status_code == 302


def test_an_address_is_held_back_only_after_many_failures(client, tree, users):
    for i in range(settings.LOCKOUT_ADDRESS - 1):
        log_in(client, f"nobody{i}", "wrong")
    assert log_in(client, "member").status_code == 302  # 49 failures: still open
    log_in(client, "nobody-last", "wrong")
    assert log_in(client, "commune").status_code == 429
    assert log_in(client, "commune", address="10.20.30.41").status_code == 302


def test_the_api_token_endpoint_follows_the_same_rules(client, users):
    def token(username, password, address=SHARED):
        return client.post(
            "/api/v1/auth/token/",
            {"username": username, "password": password},
            REMOTE_ADDR=address,
        )

    first = [token("0912.345.678", "x") for _ in range(3)]
    assert first[0].status_code == 400 and "tries_left" not in first[0].json()
    assert first[2].json()["tries_left"] == 2
    token("leader", "x")
    locked = token("leader", "x")
    assert locked.status_code == 429
    assert "token" not in locked.content.decode()
    assert token("leader", PASSWORD).status_code == 429
    # The web login counts on the same counter.
    assert log_in(client, "leader").status_code == 429
    assert token("member", PASSWORD).status_code == 200


def test_django_admin_login_is_throttled_too(client, users):
    for _ in range(settings.LOCKOUT_ACCOUNT_ADDRESS):
        client.post("/admin/login/", {"username": "admin", "password": "x"}, REMOTE_ADDR=SHARED)
    client.post("/admin/login/", {"username": "admin", "password": PASSWORD}, REMOTE_ADDR=SHARED)
    assert client.get("/admin/").status_code == 302  # not logged in


def test_a_closed_account_is_told_only_to_who_knows_its_password(client, users):
    users[Role.MEMBER].is_active = False
    users[Role.MEMBER].save()
    wrong = log_in(client, "member", "wrong").content.decode()
    right = log_in(client, "member").content.decode()
    assert "đã bị đóng" not in wrong
    assert "đã bị đóng" in right
