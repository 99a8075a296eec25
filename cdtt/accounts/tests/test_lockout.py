"""Login throttling: an account, and an address, are locked after repeated failures."""

import pytest
from django.conf import settings

from cdtt.factories import PASSWORD

pytestmark = pytest.mark.django_db


def fail(client, username, address="10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR=address
    )


def test_an_account_is_locked_however_its_phone_is_typed(client, users):
    typings = ["0912345678", "0912 345 678", "+84912345678", "84912345678", "912345678"]
    for i, typed in enumerate(typings[: settings.AXES_FAILURE_LIMIT]):
        fail(client, typed, address=f"10.0.1.{i}")
    answer = client.post(
        "/accounts/login/",
        {"username": "0912.345.678", "password": PASSWORD},
        REMOTE_ADDR="10.0.2.1",
    )
    assert answer.status_code == 429
    assert "Đăng nhập bị từ chối" in answer.content.decode()
    # Another account from another address is not affected.
    ok = client.post(
        "/accounts/login/", {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.3.1"
    )
    assert ok.status_code == 302


def test_an_address_is_locked_across_accounts(client, users):
    for name in ["admin", "province", "commune", "leader", "member"]:
        fail(client, name, address="10.9.9.9")
    answer = client.post(
        "/accounts/login/", {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert answer.status_code == 429


def test_the_api_token_endpoint_is_throttled_too(client, users):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/api/v1/auth/token/", {"username": "leader", "password": "x"}, REMOTE_ADDR="10.7.7.7"
        )
    answer = client.post(
        "/api/v1/auth/token/", {"username": "leader", "password": PASSWORD}, REMOTE_ADDR="10.7.7.8"
    )
    assert answer.status_code == 429
    assert "token" not in answer.content.decode()
