"""Logged-in pages warn before the session ends; the keep-alive ping renews it."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.accounts.sessions import TOUCHED

from .html import assert_no_inline_code

pytestmark = pytest.mark.django_db


def test_logged_in_pages_carry_the_notice_and_its_script(client, settings, users):
    client.force_login(users[Role.LEADER])
    page = client.get(reverse("portal:help_queue")).content.decode()
    # the seconds left since the login: a whole second may have passed on a slow machine
    left = int(re.search(r'data-seconds="(\d+)"', page)[1])
    assert settings.SESSION_COOKIE_AGE - 2 <= left <= settings.SESSION_COOKIE_AGE
    assert 'data-ping="/session/keep-alive/"' in page
    assert '<script src="/static/cdtt/portal-session.js" defer></script>' in page
    assert_no_inline_code(page)


def test_anonymous_pages_do_not(client):
    assert b"session-notice" not in client.get("/").content


def test_the_session_is_idle_limited_and_renewed_by_the_ping(client, settings, users):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(users[Role.MEMBER])
    answer = client.get(reverse("portal:keep_alive"))
    assert answer.status_code == 200
    assert answer.json()["seconds"] == 30 * 60 and answer.json()["csrf"]
    assert "no-cache" in answer["Cache-Control"]
    assert answer.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60  # renewed


def test_an_ended_session_answers_the_ping_with_the_login_page(client):
    answer = client.get(reverse("portal:keep_alive"))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("accounts:login"))


def _age_back(client, seconds: int) -> None:
    """Pretend the session was last renewed `seconds` earlier than it was."""
    session = client.session
    session[TOUCHED] = session.get(TOUCHED, int(time.time())) - seconds
    session.save()


def test_requests_renew_the_session_at_most_once_a_minute(client, settings, users):
    client.force_login(users[Role.MEMBER])  # logging in renews it
    name = settings.SESSION_COOKIE_NAME
    expires = Session.objects.get().expire_date
    # Views seconds later write nothing: no new cookie, the same expiry.
    for _view in range(2):
        assert name not in client.get(reverse("portal:help_queue")).cookies
    assert Session.objects.get().expire_date == expires
    # A minute later it renews: a new cookie and an expiry 30 minutes from now.
    _age_back(client, 61)
    later = client.get(reverse("portal:help_queue"))
    assert later.cookies[name]["max-age"] == 30 * 60
    assert Session.objects.get().expire_date >= timezone.now() + timedelta(minutes=29)


def test_the_warning_counts_down_from_what_is_left(client, users):
    client.force_login(users[Role.LEADER])
    client.get(reverse("portal:help_queue"))
    _age_back(client, 50)  # renewed 50 s ago: not due, 29 min 10 s left
    page = client.get(reverse("portal:help_queue")).content.decode()
    left = int(page.split('data-seconds="', 1)[1].split('"', 1)[0])
    assert 30 * 60 - 52 <= left <= 30 * 60 - 50


def test_anonymous_visitors_get_no_session(client, settings):
    answer = client.get("/")
    assert settings.SESSION_COOKIE_NAME not in answer.cookies
    assert not Session.objects.exists()
