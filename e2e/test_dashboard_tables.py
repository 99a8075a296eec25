"""The commune dashboard in a browser: it opens on what needs action, its sections are tabs,
and a table sorts by the column tapped and keeps only the rows that match what is typed
(accents and case ignored), the total row always last."""

import pytest
from playwright.sync_api import expect

from cdtt.accounts.models import Role
from cdtt.factories import PASSWORD
from e2e.conftest import log_in
from e2e.month import USERS, build_month

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def names(table) -> list[str]:
    return [t.strip() for t in table.locator("tbody th[scope=row]").all_inner_texts()]


def test_tabs_sort_and_filter(browser, live_server):
    month = build_month()
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  base_url=live_server.url)  # fmt: skip
    page = context.new_page()
    log_in(page, USERS[Role.COMMUNE], PASSWORD)
    page.get_by_role("link", name="Theo dõi, đánh giá").click()
    expect(page.locator(".dashboard-attention")).to_contain_text("tổ chờ xã phê duyệt tháng")
    units = page.locator("#completeness table")
    expect(units).to_be_hidden()  # the overview shows first; the rest is a tab away
    page.locator(".dashboard-tabs").get_by_role("link", name="Đơn vị", exact=True).click()
    expect(units).to_be_visible()
    before = names(units)
    assert before[0] == f"Tổ của chính {month.tree['commune'].name}" and len(before) == 4
    units.get_by_role("button", name="Phải báo cáo").click()  # fewest expected first
    after = names(units)
    assert after[-1] == month.tree["commune"].name  # the total stays last
    expected = [int(n) for n in units.locator("tbody td:nth-child(2)").all_inner_texts()]
    assert expected[:-1] == sorted(expected[:-1])
    units.get_by_role("button", name="Phải báo cáo").click()  # again: most first
    expected = [int(n) for n in units.locator("tbody td:nth-child(2)").all_inner_texts()]
    assert expected[:-1] == sorted(expected[:-1], reverse=True)
    context.close()


def test_a_long_table_filters_without_accents(browser, live_server):
    month = build_month()
    from cdtt.factories import make_member

    for n in range(12):
        make_member(f"Thành viên số {n}", month.team)
    make_member("Mường Văn Thín", month.team)
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  base_url=live_server.url)  # fmt: skip
    page = context.new_page()
    log_in(page, USERS[Role.LEADER], PASSWORD)
    page.goto(f"/dashboard/team/{month.team.pk}/")
    members = page.locator("#members table")
    page.locator("#members input[type=search]").fill("muong thin")
    expect(members.locator("tbody tr:not([hidden])")).to_have_count(1)
    expect(members.locator("tbody tr:not([hidden])")).to_contain_text("Mường Văn Thín")
    page.locator("#members input[type=search]").fill("zzz")
    expect(page.locator("#members")).to_contain_text("Không có dòng nào khớp.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
