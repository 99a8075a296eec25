"""The entry page under a thumb: a double tap is stored once, "Đã lưu" shows on the button
tapped and is read out, the details come before the kinds of work, and entries waiting
offline can be changed or removed before they are sent."""

from datetime import date

import pytest
from playwright.sync_api import expect

from cdtt.accounts.models import Role
from cdtt.activities.models import Activity
from cdtt.activities.tests.catalog import seed_catalog
from cdtt.factories import PASSWORD, make_member, make_team, make_tree, make_user
from e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def a_member():
    seed_catalog()
    tree = make_tree()
    user = make_user(Role.MEMBER, tree["village"], "thanh-vien")
    make_member("Lường Thị Mai", make_team(tree["village"]), user=user, start=date(2024, 1, 1))


def test_a_double_tap_is_stored_once_and_saved_shows_on_the_button(page):
    a_member()
    log_in(page, "thanh-vien", PASSWORD)
    # The details are filled first: they come before the buttons that save.
    order = page.evaluate(
        "() => document.querySelector('#details').compareDocumentPosition("
        "document.querySelector('.types')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    assert order
    vneid = page.locator("button.type[value=vneid_level2]")
    vneid.dblclick()  # a double tap
    vneid.click()  # and the same again, nothing changed, within seconds
    expect(vneid.locator(".saved-badge")).to_have_text("✓ Đã lưu.")
    expect(page.locator("#saved-status")).to_have_text("Đã lưu: Kích hoạt VNeID mức 2, 1.")
    assert page.locator("#saved-status").get_attribute("role") == "status"
    expect(page.locator("#month .entries li")).to_have_count(1, timeout=15_000)
    # The form changed (one more person): a new entry.
    page.click("[data-step='1']")
    vneid.click()
    expect(page.locator("#month .entries li")).to_have_count(2, timeout=15_000)
    vssid = page.locator("button.type[value=vssid]")
    vssid.click()  # another kind of work: a new entry, and the badge moves there
    expect(vssid.locator(".saved-badge")).to_be_visible()
    expect(vneid.locator(".saved-badge")).to_have_count(0)
    expect(page.locator("#month .entries li")).to_have_count(3, timeout=15_000)
    counts = sorted(Activity.objects.values_list("type__code", "people_helped"))
    assert counts == [("vneid_level2", 1), ("vneid_level2", 2), ("vssid", 1)]


def test_entries_waiting_offline_can_be_changed_or_removed(page):
    a_member()
    log_in(page, "thanh-vien", PASSWORD)
    page.context.set_offline(True)
    page.click("button.type[value=vneid_level2]")
    page.click("button.type[value=vssid]")
    page.click("button.type[value=cashless]")
    queued = page.locator("#queued li")
    expect(queued).to_have_count(3)
    queued.filter(has_text="Thanh toán").get_by_role("button", name="Xóa").click()
    expect(queued).to_have_count(2)
    queued.filter(has_text="VssID").get_by_role("button", name="Sửa").click()
    expect(page.locator("#editing")).to_contain_text("Đang sửa: VssID")
    page.fill("#count", "4")
    page.click("#details summary")
    page.fill("#note", "Hướng dẫn cả nhà bà Lò Thị Hoa")
    page.click("button.type[value=vssid]")
    expect(page.locator("#editing")).to_be_hidden()
    expect(queued).to_have_count(2)
    expect(queued.filter(has_text="VssID")).to_contain_text("4")
    assert Activity.objects.count() == 0
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(queued).to_have_count(0, timeout=30_000)
    stored = sorted(Activity.objects.values_list("type__code", "people_helped", "note"))
    assert stored == [("vneid_level2", 1, ""), ("vssid", 4, "Hướng dẫn cả nhà bà Lò Thị Hoa")]
