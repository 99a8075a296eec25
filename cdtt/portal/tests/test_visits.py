"""Visit counters: online now, today, this month, total; over several sessions and days.

The clock is driven by passing the moment to the functions; no address is ever stored.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core import serializers
from django.test import Client
from django.utils import timezone

from cdtt.portal.models import DailyVisits, VisitorDay, VisitSalt
from cdtt.portal.visits import record_visit, visit_counts

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
PHONE = "Mozilla/5.0 (Linux; Android 10; Redmi 9A) Chrome/120 Mobile"
PC = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/130.0"
ADDRESSES = ["203.0.113.77", "198.51.100.23", "2001:db8::4a:1"]


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=HANOI)


def counts(moment):
    c = visit_counts(moment)
    return (c.online, c.today, c.month, c.total)


def test_counters_over_several_sessions_and_days():
    # 30 March: three visitors (same address with two browsers counts as two).
    assert record_visit(ADDRESSES[0], PHONE, at(30, 8, 0))
    assert not record_visit(ADDRESSES[0], PHONE, at(30, 8, 3))  # the same visitor again
    assert record_visit(ADDRESSES[1], PHONE, at(30, 8, 4))
    assert counts(at(30, 8, 5)) == (2, 2, 2, 2)  # online: the two seen in the last 5 minutes
    assert record_visit(ADDRESSES[0], PC, at(30, 9, 0))
    assert counts(at(30, 9, 2)) == (1, 3, 3, 3)
    assert counts(at(30, 9, 6)) == (0, 3, 3, 3)

    # 31 March: a new salt; yesterday's visitor is a new visitor of the day.
    assert record_visit(ADDRESSES[0], PHONE, at(31, 7, 30))
    assert counts(at(31, 7, 31)) == (1, 1, 4, 4)
    assert list(VisitSalt.objects.values_list("day", flat=True)) == [at(31, 0).date()]

    # 1 April: a new month; 30 March's hashes are gone, only its count stays.
    assert record_visit(ADDRESSES[2], PHONE, at(1, 10, 0, month=4))
    assert record_visit(ADDRESSES[1], PHONE, at(1, 10, 1, month=4))
    assert counts(at(1, 10, 2, month=4)) == (2, 2, 2, 6)
    assert not VisitorDay.objects.filter(day=at(30, 0).date()).exists()
    assert list(DailyVisits.objects.values_list("day", "visitors")) == [
        (at(30, 0).date(), 3),
        (at(31, 0).date(), 1),
        (at(1, 0, month=4).date(), 2),
    ]


def test_online_now_spans_midnight_and_refreshes_last_seen():
    record_visit(ADDRESSES[0], PHONE, at(30, 23, 58))
    assert counts(at(31, 0, 1))[0] == 1  # still online just after midnight
    record_visit(ADDRESSES[0], PHONE, at(31, 0, 2))  # a new day: a new visitor hash
    assert counts(at(31, 0, 5)) == (1, 1, 2, 2)  # online once: only the 00:02 hash is recent
    record_visit(ADDRESSES[0], PHONE, at(31, 0, 6))
    assert counts(at(31, 0, 10))[0] == 1  # last seen refreshed at 00:06


def test_pages_count_their_visitors_without_storing_any_address():
    for number, address in enumerate(ADDRESSES):
        for _page in range(3):  # several pages in one session
            Client(REMOTE_ADDR=address, HTTP_USER_AGENT=f"{PHONE} #{number}").get("/")
        Client(REMOTE_ADDR=address, HTTP_USER_AGENT=PC).get("/guides/")
    Client(REMOTE_ADDR=ADDRESSES[0], HTTP_USER_AGENT="Googlebot/2.1").get("/")  # not counted
    assert visit_counts(timezone.now()).today == 6
    for model in apps.get_models():
        dumped = serializers.serialize("json", model._default_manager.all())
        for address in ADDRESSES:
            assert address not in dumped, (model, address)


def test_the_home_page_shows_the_four_figures(client):
    page = client.get("/", REMOTE_ADDR=ADDRESSES[0]).content.decode()
    assert 'class="portal-visits"' in page
    assert page.count("<dd>1</dd>") == 4  # online, today, month, total: this visit
