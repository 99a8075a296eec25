"""Pages work under the strict Content-Security-Policy: the browser reports no violation, and
asks nothing of any other server (no CDN: the app works with no internet)."""

import pytest
from playwright.sync_api import expect

from cdtt.accounts.models import Role
from cdtt.factories import PASSWORD, make_tree, make_user
from e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_no_csp_violation_on_the_main_pages(page, live_server):
    tree = make_tree()
    make_user(Role.ADMIN, None, "quan-tri")
    elsewhere = []  # the app works with no internet: every request stays on its own server
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url)
            if not request.url.startswith((live_server.url, "data:", "blob:"))
            else None
        ),
    )
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append((page.url, message.text))
            if "Content Security Policy" in message.text
            else None
        ),
    )
    log_in(page, "quan-tri", PASSWORD)
    for path in [
        "/",
        f"/units/{tree['commune'].pk}/",
        f"/units/{tree['commune'].pk}/villages/new/",
        "/units/villages/import/",
        "/audit/",
        "/notifications/",
        "/api/docs/",
        "/admin/",
        "/admin/orgunits/orgunit/",
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.locator("body").inner_text().strip(), path
    page.goto(f"/units/{tree['commune'].pk}/")
    page.fill("#q", "huoi")
    expect(page.locator("#children")).not_to_contain_text("Bản Nà Sáy")  # htmx search ran
    assert "Bản Huổi Lóng" in page.locator("#children").inner_text()
    assert violations == []
    assert elsewhere == []
