"""Quick entry with no network, in headless Chromium: entries queue on the phone, survive a
reload made offline (the service worker serves the page) and a closed tab, and are stored
exactly once when the network returns, though two tabs sync at the same moment.
Also: what the entry page costs to download on a first visit."""

import os
import re
from datetime import date

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from cdtt.accounts.models import Role
from cdtt.activities.models import Activity
from cdtt.activities.tests.catalog import seed_catalog
from cdtt.factories import PASSWORD, make_tree, make_user
from cdtt.teams.models import Affiliation, Member, Membership, Team
from e2e.conftest import log_in

# serialized_rollback: the activity catalog (seeded by a data migration) survives the flush
# of earlier transactional tests.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BUDGET = 100 * 1024  # bytes, the aim for the entry page


def a_member() -> Member:
    seed_catalog()
    tree = make_tree()
    user = make_user(Role.MEMBER, tree["village"], "thanh-vien", last_name="Lường Thị",
                     first_name="Mai")  # fmt: skip
    member = Member.objects.create(
        full_name="Lường Thị Mai", user=user, affiliation=Affiliation.YOUTH_UNION
    )
    team = Team.objects.create(unit=tree["village"])
    Membership.objects.create(team=team, member=member, start=date(2024, 1, 1))
    return member


def watch_csp(page) -> list:
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_offline_entries_are_kept_over_a_reload_and_stored_once(page, tmp_path):
    member = a_member()
    violations = watch_csp(page)
    log_in(page, "thanh-vien", PASSWORD)
    assert page.url.endswith("/activities/")  # a member lands on the entry page
    # Ready for offline: the worker controls the page and the page is kept in its cache.
    page.wait_for_function(
        "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)"
    )
    page.wait_for_selector("html[data-offline-ready]", state="attached")

    page.context.set_offline(True)
    page.click("button[value=vneid_level2]")  # one tap: saved with the count 1
    page.click("[data-step='1']")
    page.click("[data-step='1']")
    page.click("button[value=vssid]")  # three taps: saved with the count 3
    page.click("button[value=cashless]")  # the count went back to 1
    expect(page.locator("#queued li")).to_have_count(3)
    expect(page.locator("#sync-status")).to_contain_text("3")

    page.reload()  # still offline: the page comes from the service worker
    expect(page.locator("#queued li")).to_have_count(3)
    expect(page.locator("#sync-status")).to_contain_text("3")
    assert page.locator("h1").inner_text()
    assert Activity.objects.count() == 0

    # The tab is closed; two new tabs (still offline) find the same three entries waiting.
    context = page.context
    page.close()
    tabs = [context.new_page() for _ in range(2)]
    for tab in tabs:
        violations += watch_csp(tab)
        tab.goto("/activities/")
        expect(tab.locator("#queued li")).to_have_count(3)

    context.set_offline(False)  # the 'online' event starts the sync by itself, in both tabs
    for tab in tabs:
        expect(tab.locator("#queued li")).to_have_count(0, timeout=30_000)
    page = tabs[0]
    page.reload()
    expect(page.locator("#month .entries li")).to_have_count(3)
    stored = list(Activity.objects.select_related("type"))
    assert sorted((a.type.code, a.people_helped) for a in stored) == [
        ("cashless", 1), ("vneid_level2", 1), ("vssid", 3)
    ]  # fmt: skip
    assert {a.source for a in stored} == {"offline"} and {a.member for a in stored} == {member}

    # Reloads and further syncs store nothing twice.
    for tab in tabs:
        tab.reload()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#month .entries li")).to_have_count(3)
    assert Activity.objects.count() == 3
    assert violations == []

    page.set_viewport_size({"width": 360, "height": 740})
    shot = os.environ.get("CDTT_SCREENSHOT") or str(tmp_path / "entry-360.png")
    page.screenshot(path=shot, full_page=True)


def test_entry_page_transfer_on_a_first_visit(page):
    """Measured in the browser (Resource Timing): every body the page downloaded, from the
    HTML to the icons, on a first visit with an empty cache. The test server does not
    compress; behind the production proxy, gzip makes these bytes smaller still."""
    a_member()
    log_in(page, "thanh-vien", PASSWORD)  # lands on the entry page: the first visit
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("html[data-offline-ready]", state="attached")
    entries = page.evaluate(
        """() => performance.getEntriesByType('navigation')
                   .concat(performance.getEntriesByType('resource'))
                   .map(e => [e.name, e.initiatorType, e.encodedBodySize, e.transferSize])"""
    )
    total = sum(body for _name, _kind, body, _wire in entries)
    wire = sum(size for _name, _kind, _body, size in entries)
    print(f"\nEntry page, first visit: {total} bytes of bodies ({wire} with headers), "
          f"{len(entries)} downloads")  # fmt: skip
    for name, kind, body, _wire in sorted(entries, key=lambda e: -e[2]):
        print(f"  {body:>7}  {kind:<14} {name.split('//', 1)[-1].split('/', 1)[-1]}")
    assert any(kind == "navigation" for _name, kind, _body, _wire in entries)
    assert total < BUDGET


def test_logging_out_forgets_the_pages_kept_for_offline_use(page):
    """On a shared phone the next person must not open the last member's entry page from
    the offline copy, nor find their unsent drafts."""
    a_member()
    log_in(page, "thanh-vien", PASSWORD)  # lands on the entry page
    page.wait_for_selector("html[data-offline-ready]", state="attached")
    page.wait_for_function(
        "() => caches.open('cdtt-pages').then(c => c.keys()).then(k => k.length > 0)"
    )
    page.evaluate("() => sessionStorage.setItem('cdtt-draft:/reports/', '[]')")

    page.click("nav form[data-logout] button")
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))  # the public home page
    assert page.evaluate("() => caches.has('cdtt-pages')") is False
    assert page.evaluate("() => sessionStorage.getItem('cdtt-draft:/reports/')") is None
    page.context.set_offline(True)
    with pytest.raises(PlaywrightError, match="ERR_"):  # nothing kept to show
        page.goto("/activities/")
