"""Each role's day in a real browser, from login to the day's task done, counting the taps
(after the login form): the member sends her report; the leader confirms one report and
returns another with a reason, which that member then reads on her home and in her
notifications; the commune approves two teams at once; the province unlocks a month with a
reason and the team is told. Phones at 360×740, officers at 1280."""

import os

import pytest
from playwright.sync_api import expect

from cdtt.accounts.models import Role
from cdtt.factories import PASSWORD
from cdtt.notify.models import Notification
from cdtt.reports.actions import approve_month, request_unlock
from cdtt.reports.models import MonthlyReport, Status, TeamMonth, UnlockRequest
from e2e.conftest import log_in
from e2e.month import USERS, build_month

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CDTT_HOME_SHOTS")  # a folder: keep each home's screenshot there


class Taps:
    """Clicks, counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def tap(self, locator):
        locator.click()
        self.count += 1
        self.page.wait_for_load_state()


def shoot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_the_member_sends_her_report_in_three_taps(page):
    month = build_month()
    log_in(page, USERS[Role.MEMBER], PASSWORD)
    assert page.url.endswith("/activities/")
    banner = page.locator("ul.due")
    expect(banner).to_contain_text(f"tháng {month.period.label}")
    shoot(page, "home-member-360")
    taps = Taps(page)
    taps.tap(banner.get_by_role("link").first)
    taps.tap(page.get_by_role("button", name="Gửi báo cáo"))
    dialog = page.locator("dialog#confirm-dialog")
    expect(dialog).to_contain_text("Gửi báo cáo tháng")  # asked once, in plain words
    taps.tap(dialog.get_by_role("button", name="Gửi"))
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo cho tổ trưởng")
    assert taps.count <= 3
    report = MonthlyReport.objects.get(member=month.members["mai"])
    assert report.status == Status.SUBMITTED
    # The leader is told, with a link to the team's month.
    told = Notification.objects.get(user=month.users[Role.LEADER], title__contains="Lường Thị Mai")
    assert told.url == f"/reports/team/{month.team.pk}/{month.period}/"


def test_the_leader_confirms_one_and_returns_another(page, browser, live_server):
    month = build_month()
    # Mai has sent hers too: two reports wait.
    from cdtt.reports.actions import get_or_start_report, submit_report

    submit_report(
        month.users[Role.MEMBER],
        get_or_start_report(month.team, month.members["mai"], month.period),
    )
    log_in(page, USERS[Role.LEADER], PASSWORD)
    assert page.url.endswith("/home/todo/")
    expect(page.locator("main")).to_contain_text(f"báo cáo tháng {month.period.label} chờ bạn")
    shoot(page, "home-leader-360")
    taps = Taps(page)
    taps.tap(page.get_by_role("link", name=f"báo cáo tháng {month.period.label} chờ bạn"))
    mai = page.locator(f"#m{month.members['mai'].pk}")
    taps.tap(mai.get_by_role("button", name="Xác nhận"))
    expect(page.locator(".messages")).to_contain_text("Đã xác nhận báo cáo của Lường Thị Mai")
    assert taps.count <= 4
    pao = page.locator(f"#m{month.members['pao'].pk}")
    pao.get_by_label("Nội dung cần sửa").fill("Bổ sung số hộ đã đến ngày 5")
    taps.tap(pao.get_by_role("button", name="Trả lại"))
    expect(page.locator(".messages")).to_contain_text("Đã trả lại báo cáo của Giàng A Páo")
    statuses = dict(
        MonthlyReport.objects.filter(team=month.team).values_list("member__full_name", "status")
    )
    assert statuses == {"Lường Thị Mai": Status.CONFIRMED, "Giàng A Páo": Status.RETURNED}
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Páo reads the reason on his home and in his notifications.
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  base_url=live_server.url)  # fmt: skip
    his = context.new_page()
    log_in(his, "giang-a-pao", PASSWORD)
    expect(his.locator("ul.due")).to_contain_text("Bổ sung số hộ đã đến ngày 5")
    his.get_by_role("link", name="Thông báo").click()
    expect(his.locator("main")).to_contain_text(f"Báo cáo tháng {month.period.label} của bạn bị")
    expect(his.locator("main")).to_contain_text("Bổ sung số hộ đã đến ngày 5")
    context.close()


def test_the_commune_approves_two_teams_at_once(browser, live_server):
    month = build_month()
    # The leader has confirmed Páo's; Mai and Páo (1975) have not reported: the month can
    # still be approved, the summary says who is missing.
    from cdtt.reports.actions import confirm_report

    confirm_report(month.users[Role.LEADER], MonthlyReport.objects.get(member=month.members["pao"]))
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  base_url=live_server.url)  # fmt: skip
    page = context.new_page()
    log_in(page, USERS[Role.COMMUNE], PASSWORD)
    assert page.url.endswith("/home/todo/")
    shoot(page, "home-commune-1280")
    taps = Taps(page)
    approve = page.locator("#approve")
    for team in (month.team, month.ready):
        taps.tap(approve.locator(f"input[name=team][value='{team.pk}']"))
    taps.tap(approve.get_by_role("button", name="Phê duyệt các tổ đã chọn"))
    expect(page.locator("main")).to_contain_text("Việc này khóa tháng của 2 tổ")
    taps.tap(page.get_by_role("button", name="Phê duyệt và khóa 2 tổ"))
    expect(page.locator(".job")).to_contain_text("Bản Huổi Lóng: đã phê duyệt và khóa tháng.")
    expect(page.locator(".job")).to_contain_text("Bản Nà Sáy: đã phê duyệt và khóa tháng.")
    assert taps.count == 4
    approved = TeamMonth.objects.filter(approved_at__isnull=False, period=str(month.period))
    assert set(approved.values_list("team", flat=True)) == {month.team.pk, month.ready.pk}
    told = Notification.objects.filter(user=month.users[Role.MEMBER])
    assert told.filter(title__contains="đã được phê duyệt").count() == 1
    page.get_by_role("link", name="Tiếp tục").click()
    expect(page.locator("#approve")).to_contain_text("Không có tổ nào chờ phê duyệt.")
    context.close()


def test_the_province_unlocks_with_a_reason_and_the_team_is_told(browser, live_server):
    month = build_month(reports=False)
    approve_month(month.users[Role.COMMUNE], month.team, month.period)
    request_unlock(month.users[Role.COMMUNE], month.team, month.period,
                   "Tổ bổ sung 3 buổi hướng dẫn ngày 20 bị sót")  # fmt: skip
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  base_url=live_server.url)  # fmt: skip
    page = context.new_page()
    log_in(page, USERS[Role.PROVINCE], PASSWORD)
    assert page.url.endswith("/home/todo/")
    shoot(page, "home-province-1280")
    taps = Taps(page)
    taps.tap(page.locator("#unlock").get_by_role("link").first)
    expect(page.locator("#reason")).to_have_value("Tổ bổ sung 3 buổi hướng dẫn ngày 20 bị sót")
    page.fill("#reason", "Mở để tổ bổ sung 3 buổi ngày 20")
    taps.tap(page.get_by_role("button", name="Mở khóa tháng"))
    expect(page.locator(".messages")).to_contain_text("Đã mở khóa tháng")
    assert taps.count == 2
    assert not TeamMonth.objects.get(team=month.team, period=str(month.period)).approved
    assert UnlockRequest.objects.get().closed_at is not None
    for role in (Role.LEADER, Role.MEMBER, Role.COMMUNE):
        told = Notification.objects.get(user=month.users[role], title__contains="mở khóa")
        assert "Mở để tổ bổ sung 3 buổi ngày 20" in told.body
    context.close()
