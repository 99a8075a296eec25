"""At 360×740, no page any role can reach scrolls sideways.

For each role the browser starts where login lands and follows every link of our own site
(breadth first): each kind of page (route and query keys) is opened for up to two of its
objects, and `document.documentElement.scrollWidth <= 360` is asserted on it. Only files
are not opened as pages (downloads, attachments, pictures) and Django's own admin site; the
pages each role reached are printed, and the pages the issue names must be among them.
"""

from collections import deque
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import Resolver404, resolve

from cdtt.accounts.models import Role
from cdtt.factories import PASSWORD
from e2e.conftest import log_in
from e2e.month import USERS, build_month

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WIDTH = 360
PER_KIND = 2  # objects opened per kind of page (a province, a commune…)
MOST = 120  # pages per role at most: a guard, never reached by the month built here
FILES = {  # routes that answer a file, not a page
    "dashboard:unit_table", "dashboard:team_table", "dashboard:member_table",
    "reports:export", "steering:attachment", "teams:import_template", "portal:media",
    "pwa-sw", "pwa-manifest",
}  # fmt: skip
NOT_OURS = ("/admin/", "/api/", "/static/")  # Django's admin, the API's JSON, assets
MUST = {
    Role.MEMBER: {"activities:entry", "activities:edit", "activities:delete", "reports:my",
                  "notify:list", "steering:directives", "steering:directive", "teams:team",
                  "portal:help_queue", "portal:home", "portal:directory_unit"},
    Role.LEADER: {"home:todo", "reports:team", "dashboard:team", "teams:team",
                  "portal:help_queue", "steering:directive", "activities:entry",
                  "reports:my", "dashboard:member"},
    Role.COMMUNE: {"home:todo", "reports:batch", "reports:team", "reports:unit",
                   "dashboard:unit", "dashboard:team", "dashboard:member",
                   "steering:inspection_new", "steering:directive_new", "teams:composition",
                   "orgunits:detail", "audit:log", "portal:news_manage"},
    Role.PROVINCE: {"home:todo", "dashboard:unit", "reports:unit", "reports:team",
                    "orgunits:detail"},
    Role.ADMIN: {"dashboard:unit", "reports:unit", "orgunits:index", "audit:log"},
}  # fmt: skip


def kind(path: str, query: str) -> tuple | None:
    """The kind of page a link opens, or None when it is no page of ours to open."""
    if path.startswith(NOT_OURS):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    keys = tuple(sorted({k for k, _v in parse_qsl(query)} - {"from", "to"}))
    if match.view_name in FILES or "recompute" in keys:
        return None
    return match.view_name, keys


def crawl(page) -> dict[str, int]:
    """Every page reachable from where the user landed: url → its scrollWidth."""
    seen: dict[tuple, int] = {}
    widths: dict[str, int] = {}
    queue = deque([urlsplit(page.url)._replace(scheme="", netloc="").geturl()])
    while queue and len(widths) < MOST:
        url = queue.popleft()
        parts = urlsplit(url)
        found = kind(parts.path, parts.query)
        if url in widths or found is None or seen.get(found, 0) >= PER_KIND:
            continue
        seen[found] = seen.get(found, 0) + 1
        answer = page.goto(url)
        if answer is None or answer.status >= 400:
            continue
        landed = urlsplit(page.url)._replace(scheme="", netloc="", fragment="").geturl()
        if landed != url:  # a redirect: its target is opened as a link of its own
            seen[found] -= 1
            queue.appendleft(landed)
            continue
        widths[url] = page.evaluate("document.documentElement.scrollWidth")
        for href in page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.getAttribute('href'))"
        ):
            target = urlsplit(href)
            if target.netloc or target.scheme or not target.path.startswith("/"):
                continue
            queue.append(target._replace(fragment="").geturl())
    return widths


# One test per role: each crawls for a minute or so, and `make test` runs them side by side.
@pytest.mark.parametrize("role", list(MUST))
def test_no_page_scrolls_sideways_at_360(role, browser, live_server):
    build_month()
    context = browser.new_context(viewport={"width": WIDTH, "height": 740},
                                  base_url=live_server.url)  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, USERS[role], PASSWORD)
    widths = crawl(page)
    context.close()
    reached = {kind(urlsplit(u).path, urlsplit(u).query)[0] for u in widths}
    assert MUST[role] <= reached, (role, MUST[role] - reached)
    print(f"{role}: {len(widths)} pages")
    print("\n".join(f"  {width:>4}  {url}" for url, width in widths.items()))
    assert [(url, width) for url, width in widths.items() if width > WIDTH] == []
