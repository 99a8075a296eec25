"""The monthly cycle in a real browser: a member submits, the leader confirms, the commune
approves; an activity in that month is then refused with a clear message; the province
unlocks with a reason, and the history shows it."""

import pytest
from playwright.sync_api import expect

from cdtt.accounts.models import Role
from cdtt.activities.models import Activity
from cdtt.factories import PASSWORD, make_member, make_team, make_tree, make_user
from cdtt.periods import Period
from cdtt.reports.models import MonthlyReport, Status
from e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_out(page):
    page.context.clear_cookies()


def test_submit_confirm_approve_refuse_unlock(page):
    from django.utils import timezone

    tree = make_tree()
    team = make_team(tree["village"])
    leader_user = make_user(Role.LEADER, tree["village"], "to-truong")
    member_user = make_user(Role.MEMBER, tree["village"], "thanh-vien")
    make_user(Role.COMMUNE, tree["commune"], "can-bo-xa")
    make_user(Role.PROVINCE, tree["province"], "can-bo-tinh")
    make_member("Quàng Văn Piếng", team, "leader", user=leader_user)
    mai = make_member("Lường Thị Mai", team, user=member_user)
    month = Period.of(timezone.localdate()).previous()

    log_in(page, "thanh-vien", PASSWORD)
    page.goto(f"/reports/my/{month}/")
    page.fill("textarea[name=difficulties]", "Bản Huổi Lóng mất sóng 3G cả tuần")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.locator("dialog#confirm-dialog").get_by_role("button", name="Gửi").click()  # asked once
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo cho tổ trưởng")
    log_out(page)

    log_in(page, "to-truong", PASSWORD)
    page.goto(f"/reports/team/{team.pk}/{month}/")
    expect(page.locator("main")).to_contain_text("Bản Huổi Lóng mất sóng 3G")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã xác nhận báo cáo của Lường Thị Mai")
    log_out(page)

    log_in(page, "can-bo-xa", PASSWORD)
    page.goto(f"/reports/team/{team.pk}/{month}/")
    page.get_by_role("button", name="Phê duyệt và khóa tháng").click()
    dialog = page.locator("dialog#confirm-dialog")
    expect(dialog).to_contain_text("chỉ cấp tỉnh mới mở khóa được")
    dialog.get_by_role("button", name="Phê duyệt và khóa").click()
    expect(page.locator(".messages")).to_contain_text("Đã phê duyệt và khóa tháng")
    assert MonthlyReport.objects.get(member=mai).status == Status.APPROVED
    log_out(page)

    # The member tries to record an activity in the locked month: refused, and told why.
    log_in(page, "thanh-vien", PASSWORD)
    page.goto("/activities/")
    page.fill("#date", month.first_day.replace(day=15).isoformat())
    page.locator("button.type").first.click()
    expect(page.locator("main")).to_contain_text("khóa", timeout=15_000)
    assert Activity.objects.count() == 0
    log_out(page)

    log_in(page, "can-bo-tinh", PASSWORD)
    page.goto(f"/reports/team/{team.pk}/{month}/")
    page.fill("#reason", "Tổ bổ sung hoạt động ngày 15 bị sót")
    page.get_by_role("button", name="Mở khóa tháng").click()
    expect(page.locator(".messages")).to_contain_text("Đã mở khóa tháng")
    expect(page.locator(".history").last).to_contain_text("Tổ bổ sung hoạt động ngày 15 bị sót")
    assert MonthlyReport.objects.get(member=mai).status == Status.CONFIRMED
