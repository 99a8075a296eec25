"""Demo monthly reports: the last five months approved and locked, the current month under
way, with the gaps of real life (a few members never report, some report late). In the open
month a third of the teams' leaders have confirmed everything sent (their month waits for
the commune's approval), the demo member has not sent hers yet, and the demo commune has
asked the province to unlock a month, so each home has something to do."""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from cdtt.accounts.models import Role, User
from cdtt.activities.locks import lock_month
from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period
from cdtt.reports.completeness import deadline_for, expected_members
from cdtt.reports.models import (
    MonthEvent,
    MonthlyReport,
    Status,
    TeamMonth,
    Transition,
    UnlockRequest,
)
from cdtt.teams.models import Membership

DIFFICULTIES = [
    "Nhiều hộ chưa có điện thoại thông minh, phải hướng dẫn qua máy của con cháu.",
    "Sóng 3G yếu ở cuối bản, kích hoạt VNeID phải đi ra trụ sở thôn.",
    "Người cao tuổi quên mật khẩu VNeID, phải đặt lại nhiều lần.",
    "Bà con chưa tin thanh toán không dùng tiền mặt, sợ bị lừa.",
    "Tổ trưởng bận việc nương rẫy, ít thời gian đi từng hộ.",
]
PROPOSALS = [
    "Đề nghị xã hỗ trợ thêm điện thoại mẫu để hướng dẫn.",
    "Đề nghị tập huấn lại tính năng VNeID mức 2 cho thành viên.",
    "Đề nghị có phụ cấp theo ngày công cho thành viên Tổ.",
    "Đề nghị nhà mạng lắp thêm trạm phát sóng ở bản.",
]


@transaction.atomic
def seed_reports(seed: int, communes: list[OrgUnit], today=None) -> int:
    """Create the demo's reports once; returns how many were created (0 when present)."""
    if MonthlyReport.objects.exists():
        return 0
    rng = random.Random(seed + 5)
    today = today or timezone.localdate()
    current = Period.of(today).previous()
    approver = User.objects.filter(role=Role.COMMUNE).order_by("pk").first()
    created = 0
    for period in current.previous().previous().previous().previous().previous().range(current):
        approved = period != current
        for commune in communes:
            created += _seed_commune(rng, commune, period, approved, approver, today)
    _ask_to_unlock(current.previous(), approver)
    return created


def _ask_to_unlock(period: Period, officer) -> None:
    """The demo commune asks the province to reopen a village's approved month."""
    month = (
        TeamMonth.objects.filter(
            period=str(period), approved_at__isnull=False, team__unit__parent=officer.orgunit
        )
        .order_by("team__unit__name_sort")
        .first()
        if officer is not None
        else None
    )
    if month is not None:
        UnlockRequest.objects.create(
            team_month=month,
            reason="Tổ bổ sung 3 buổi hướng dẫn VNeID ngày 20 bị sót, đề nghị mở khóa để nhập.",
            requested_by=officer,
        )


def _seed_commune(rng, commune, period, approved, approver, today) -> int:
    deadline = deadline_for(commune.province, period)
    # The demo leader's own team keeps reports waiting for him, whatever its number.
    leaders_team = (
        Membership.objects.filter(member__user__username="demo-leader")
        .values_list("team_id", flat=True)
        .first()
    )
    rows = expected_members(commune, period, timezone.now())
    reports, transitions, teams = [], [], {}
    for row in rows:
        team = row.membership.team
        teams[team.pk] = team
        weak_team = team.pk % 7 == 0  # some teams barely report
        user = row.membership.member.user
        if not approved and user is not None and user.username == "demo-member":
            continue  # her report of the open month is hers to send
        if rng.random() < (0.55 if weak_team else 0.9):
            late = rng.random() < 0.12
            when = (
                deadline + timedelta(days=rng.randint(1, 6))
                if late
                else (deadline - timedelta(days=rng.randint(0, 5), hours=rng.randint(1, 20)))
            )
            if when.date() > today:
                if approved or rng.random() < 0.5:
                    when = timezone.make_aware(datetime.combine(today, time(8)))
                else:
                    continue
            if approved:
                status = Status.APPROVED
            elif team.pk % 3 == 0 and team.pk != leaders_team:  # the leader confirmed all
                status = Status.CONFIRMED
            else:
                status = rng.choice([Status.SUBMITTED, Status.CONFIRMED])
            reports.append(
                MonthlyReport(
                    team=team,
                    member=row.membership.member,
                    period=str(period),
                    status=status,
                    submitted_at=when,
                    difficulties=rng.choice(DIFFICULTIES) if rng.random() < 0.3 else "",
                    proposals=rng.choice(PROPOSALS) if rng.random() < 0.2 else "",
                )
            )
    MonthlyReport.objects.bulk_create(reports)
    saved = MonthlyReport.objects.filter(period=str(period), team__in=list(teams))
    for report in saved:
        steps = [Status.DRAFT, Status.SUBMITTED]
        if report.status in (Status.CONFIRMED, Status.APPROVED):
            steps.append(Status.CONFIRMED)
        if report.status == Status.APPROVED:
            steps.append(Status.APPROVED)
        transitions += [
            Transition(report=report, from_status=a, to_status=b)
            for a, b in zip(steps, steps[1:], strict=False)
        ]
    Transition.objects.bulk_create(transitions)
    if approved:
        for team in teams.values():
            month = TeamMonth.objects.create(
                team=team,
                period=str(period),
                approved_at=deadline + timedelta(days=3),
                approved_by=approver,
            )
            MonthEvent.objects.create(
                team_month=month, kind=MonthEvent.Kind.APPROVED, actor=approver
            )
            lock_month(approver, team, period)
    return len(reports)
