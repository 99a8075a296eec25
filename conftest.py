"""Fixtures shared by every app's tests."""

import pytest

from cdtt.accounts.models import Role
from cdtt.factories import make_tree, make_user


@pytest.fixture
def tree(db):
    return make_tree()


@pytest.fixture
def users(tree):
    """One user per role, each bound where that role lives in the home branch."""
    return {
        Role.ADMIN: make_user(Role.ADMIN, None, "admin"),
        Role.PROVINCE: make_user(Role.PROVINCE, tree["province"], "province"),
        Role.COMMUNE: make_user(Role.COMMUNE, tree["commune"], "commune"),
        Role.LEADER: make_user(Role.LEADER, tree["village"], "leader", phone="0912345678"),
        Role.MEMBER: make_user(Role.MEMBER, tree["village"], "member"),
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users: hash their passwords cheaply (never in production)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
