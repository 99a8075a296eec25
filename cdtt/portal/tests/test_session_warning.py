"""Logged-in pages warn before the session ends; the keep-alive ping renews it."""

import pytest
from django.urls import reverse

from cdtt.accounts.models import Role

from .html import assert_no_inline_code

pytestmark = pytest.mark.django_db


def test_logged_in_pages_carry_the_notice_and_its_script(client, settings, users):
    client.force_login(users[Role.LEADER])
    page = client.get(reverse("portal:help_queue")).content.decode()
    assert f'data-seconds="{settings.SESSION_COOKIE_AGE}"' in page
    assert 'data-ping="/session/keep-alive/"' in page
    assert '<script src="/static/cdtt/portal-session.js" defer></script>' in page
    assert_no_inline_code(page)


def test_anonymous_pages_do_not(client):
    assert b"session-notice" not in client.get("/").content


def test_the_session_is_idle_limited_and_renewed_by_the_ping(client, settings, users):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    client.force_login(users[Role.MEMBER])
    answer = client.get(reverse("portal:keep_alive"))
    assert answer.status_code == 200
    assert answer.json()["seconds"] == 30 * 60 and answer.json()["csrf"]
    assert "no-cache" in answer["Cache-Control"]
    assert answer.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60  # renewed


def test_an_ended_session_answers_the_ping_with_the_login_page(client):
    answer = client.get(reverse("portal:keep_alive"))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("accounts:login"))
