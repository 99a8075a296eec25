"""The reminder job: only to those who have not reported, each message once, by real e-mail."""

from datetime import date

import pytest
from django.core.management import call_command

from cdtt.accounts.models import Role, User
from cdtt.factories import make_user
from cdtt.notify.models import Delivery, Notification
from cdtt.periods import Period
from cdtt.reports.models import MonthlyReport, Status
from cdtt.reports.reminders import send_reminders

pytestmark = pytest.mark.django_db
NOVEMBER = Period(2026, 11)


@pytest.fixture
def emails(crew, users, tree):
    User.objects.filter(username="member").update(email="mai@example.vn")
    User.objects.filter(username="leader").update(email="pieng@example.vn")
    make_user(Role.COMMUNE, tree["commune"], "can-bo-xa", email="xa@example.vn")
    MonthlyReport.objects.create(
        team=crew["team"], member=crew["leader"], period="2026-11", status=Status.SUBMITTED
    )  # the leader has reported


def by_recipient(messages):
    return sorted((m["To"], " ".join(m["Subject"].split())) for m in messages)


def test_before_the_deadline_only_those_who_have_not_reported_are_reminded(
    crew, emails, smtp_server
):
    first = send_reminders(today=date(2026, 12, 3))
    second = send_reminders(today=date(2026, 12, 4))
    assert (first.reminders, second.reminders) == (2, 0)
    assert by_recipient(smtp_server) == [
        ("mai@example.vn", "Nhắc nhở: báo cáo kết quả hoạt động tháng 11/2026"),
        ("pao@example.vn", "Nhắc nhở: báo cáo kết quả hoạt động tháng 11/2026"),
    ]
    assert send_reminders(today=date(2026, 12, 1)).reminders == 0  # outside the window


def test_after_the_deadline_overdue_notices_and_digests_once(crew, emails, smtp_server):
    MonthlyReport.objects.create(
        team=crew["team"], member=crew["mai"], period="2026-11", status=Status.DRAFT
    )  # a draft is not a report
    call_command("send_reminders", "--today", "2026-12-06")
    call_command("send_reminders", "--today", "2026-12-06")
    call_command("send_reminders", "--today", "2026-12-07")
    subjects = by_recipient(smtp_server)
    assert subjects == [
        ("mai@example.vn", "Quá hạn: báo cáo kết quả hoạt động tháng 11/2026"),
        ("pao@example.vn", "Quá hạn: báo cáo kết quả hoạt động tháng 11/2026"),
        ("pieng@example.vn", f"{crew['team']}: 2 thành viên chưa nộp báo cáo tháng 11/2026"),
        ("xa@example.vn", f"{crew['team']}: 2 thành viên chưa nộp báo cáo tháng 11/2026"),
    ]
    digest = next(m for m in smtp_server if m["To"] == "xa@example.vn").get_content()
    assert "Lường Thị Mai" in digest and "Giàng A Páo" in digest
    assert "Quàng Văn Piếng" not in digest
    assert Delivery.objects.filter(status="sent").count() == Delivery.objects.count()
    assert Notification.objects.filter(user__username="member").count() == 1
    assert Period.parse("2026-11") == NOVEMBER
