"""Logging in with a username or a phone number, on the web and for an API token."""

import pytest

from cdtt.accounts.models import Role, User
from cdtt.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["leader", "0912345678", "0912 345 678", "+84 912.345.678",
                                   "84912345678", "912345678"])  # fmt: skip
def test_web_login_by_username_or_phone_however_typed(client, users, typed):
    page = client.post("/accounts/login/", {"username": typed, "password": PASSWORD})
    assert page.status_code == 302
    assert client.get("/").context["user"] == users[Role.LEADER]


def test_wrong_password_says_so_in_vietnamese(client, users):
    page = client.post("/accounts/login/", {"username": "0912345678", "password": "nope"})
    assert page.status_code == 200
    assert "Sai tên đăng nhập, số điện thoại hoặc mật khẩu" in page.content.decode()


def test_an_inactive_user_cannot_log_in(client, users):
    User.objects.filter(username="member").update(is_active=False)
    page = client.post("/accounts/login/", {"username": "member", "password": PASSWORD})
    assert page.status_code == 200


def test_api_token_by_phone_then_authenticated_calls(client, users, tree):
    answer = client.post("/api/v1/auth/token/", {"username": "0912.345.678", "password": PASSWORD})
    assert answer.status_code == 200
    token = answer.json()["token"]
    listing = client.get("/api/v1/orgunits/", HTTP_AUTHORIZATION=f"Token {token}")
    assert listing.status_code == 200
    assert [u["name"] for u in listing.json()["results"]] == ["Bản Huổi Lóng"]
    assert (
        client.post("/api/v1/auth/token/", {"username": "leader", "password": "x"}).status_code
        == 400
    )
    assert client.get("/api/v1/orgunits/").status_code in (401, 403)


def test_phone_is_stored_normalised_and_unique(tree):
    user = make_user(Role.MEMBER, tree["village"], phone="+84 98 765 4321")
    assert user.phone == "0987654321"
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        make_user(Role.MEMBER, tree["village"], phone="0987.654.321")
