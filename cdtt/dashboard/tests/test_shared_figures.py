"""A unit page's figures are shared between officers for DASHBOARD_CACHE_SECONDS: the page
says when they were computed, "Recompute now" brings fresh ones, and a burst of requests for
a missing entry computes it once."""

import threading
import time
from datetime import date

import pytest
from django.core.cache import cache

from cdtt.accounts.models import Role
from cdtt.dashboard.shared import shared
from cdtt.factories import make_user

pytestmark = pytest.mark.django_db
RANGE = {"from": "2025-05", "to": "2025-05"}


def _activities_shown(page: str) -> str:
    """The headline's activity count as the page shows it."""
    head = page.split('class="facts dashboard-headline"', 1)[1]
    return head.split("<dd>", 1)[1].split("</dd>", 1)[0]


def test_page_shows_when_its_figures_were_computed_and_recomputes_on_request(
    client, users, tree, village_team, people, act, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 60
    url = f"/dashboard/unit/{tree['commune'].pk}/"
    act(people["mai"], village_team, date(2025, 5, 3), times=2)
    client.force_login(users[Role.COMMUNE])
    first = client.get(url, RANGE).content.decode()
    assert _activities_shown(first) == "2"
    assert "Số liệu lúc" in first and "Tính lại ngay" in first

    act(people["mai"], village_team, date(2025, 5, 4), times=3)
    # Within the minute another officer sees the shared figures, with their time.
    other = make_user(Role.COMMUNE, tree["commune"], "commune-2")
    client.force_login(other)
    assert _activities_shown(client.get(url, RANGE).content.decode()) == "2"
    asked = client.get(url, {**RANGE, "recompute": "1"})
    # recomputed, then back to the page's own address (a reload does not recompute again)
    assert asked.status_code == 302
    assert asked["Location"] == f"{url}?from={RANGE['from']}&to={RANGE['to']}"
    fresh = client.get(asked["Location"]).content.decode()
    assert _activities_shown(fresh) == "5"
    # and the recomputed figures are those shared from then on
    assert _activities_shown(client.get(url, RANGE).content.decode()) == "5"


def test_without_sharing_every_view_computes(client, users, tree, village_team, people, act,
                                             settings):  # fmt: skip
    settings.DASHBOARD_CACHE_SECONDS = 0
    url = f"/dashboard/unit/{tree['commune'].pk}/"
    client.force_login(users[Role.COMMUNE])
    act(people["mai"], village_team, date(2025, 5, 3))
    assert _activities_shown(client.get(url, RANGE).content.decode()) == "1"
    act(people["mai"], village_team, date(2025, 5, 4))
    assert _activities_shown(client.get(url, RANGE).content.decode()) == "2"


def test_shared_figures_are_per_language_and_behind_the_scope_check(
    client, users, tree, village_team, people, act, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 60
    url = f"/dashboard/unit/{tree['commune'].pk}/"
    act(people["mai"], village_team, date(2025, 5, 3))
    client.force_login(users[Role.COMMUNE])
    assert "Hoạt động theo loại" in client.get(url, RANGE).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url, RANGE).content.decode()
    assert "Activities by type" in english and "Hoạt động theo loại" not in english
    # An officer of another commune is refused, however warm the entry.
    stranger = make_user(Role.COMMUNE, tree["other_commune"], "stranger")
    client.force_login(stranger)
    assert client.get(url, RANGE).status_code == 404


def test_a_burst_for_a_missing_entry_computes_it_once(settings):
    """Threads of one process, the lock of `shared` between them: the cache in memory here
    (the tests' in-memory SQLite locks a whole table against threads, which a server's file
    never does; processes sharing the database cache: test_rate_limit_across_processes)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.DASHBOARD_CACHE_SECONDS = 60
    calls, answers = [], []

    def compute() -> str:
        calls.append(1)
        time.sleep(0.3)  # long enough for every thread to ask while it runs
        return "figures"

    def ask() -> None:
        answers.append(shared("burst-test", compute).html)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == ["figures"] * 8
    assert len(calls) == 1
    assert cache.get("burst-test:lock") is None  # the lock is given back


def test_a_failed_computation_gives_back_the_lock(settings):
    settings.DASHBOARD_CACHE_SECONDS = 60

    def broken() -> str:
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        shared("broken-test", broken)
    assert shared("broken-test", lambda: "figures").html == "figures"
