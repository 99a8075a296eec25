"""A report's life: submit, confirm or return, approve (which locks the month), unlock."""

import uuid

import pytest

from cdtt.accounts.models import Role
from cdtt.activities.actions import ActivityError, record_activity
from cdtt.reports.actions import (
    ReportError,
    approve_month,
    confirm_report,
    get_or_start_report,
    return_report,
    submit_report,
    unlock_team_month,
)
from cdtt.reports.models import MonthEvent, MonthlyReport, Status

pytestmark = pytest.mark.django_db


def activity(crew, tree, period, member="mai", day=10):
    return {
        "id": str(uuid.uuid4()), "member": crew[member].pk, "team": crew["team"].pk,
        "village": tree["village"].pk, "date": period.first_day.replace(day=day).isoformat(),
        "type": "vneid_level2", "people_helped": 3, "women": 1,
    }  # fmt: skip


def test_the_whole_cycle_and_its_history(tree, users, crew, last_month):
    record_activity(users[Role.MEMBER], activity(crew, tree, last_month))
    report = get_or_start_report(crew["team"], crew["mai"], last_month)
    submit_report(users[Role.MEMBER], report, "Nhiều hộ không có điện thoại", "Cần thêm tập huấn")
    with pytest.raises(ReportError, match="already submitted|đã được gửi"):
        submit_report(users[Role.MEMBER], report)
    with pytest.raises(ReportError):
        confirm_report(users[Role.MEMBER], report)  # a member cannot confirm
    with pytest.raises(ReportError):
        return_report(users[Role.LEADER], report, "  ")  # a return needs a comment
    return_report(users[Role.LEADER], report, "Bổ sung số hộ")
    submit_report(users[Role.MEMBER], report)
    confirm_report(users[Role.LEADER], report)
    with pytest.raises(ReportError):
        approve_month(users[Role.LEADER], crew["team"], last_month)  # leaders do not approve
    approve_month(users[Role.COMMUNE], crew["team"], last_month)
    report.refresh_from_db()
    assert report.status == Status.APPROVED
    assert report.difficulties == "Nhiều hộ không có điện thoại"

    with pytest.raises(ActivityError) as refused:
        record_activity(users[Role.MEMBER], activity(crew, tree, last_month, day=12))
    assert "date" in refused.value.args[0]

    with pytest.raises(ReportError):
        unlock_team_month(users[Role.COMMUNE], crew["team"], last_month, "Sai số liệu")
    with pytest.raises(ReportError):
        unlock_team_month(users[Role.PROVINCE], crew["team"], last_month, "")
    unlock_team_month(users[Role.PROVINCE], crew["team"], last_month, "Sai số liệu VNeID")
    record_activity(users[Role.MEMBER], activity(crew, tree, last_month, day=12))
    report.refresh_from_db()
    assert report.status == Status.CONFIRMED

    history = [
        (t.from_status, t.to_status, t.actor.username, t.comment) for t in report.transitions.all()
    ]
    assert history == [
        ("draft", "submitted", "member", ""),
        ("submitted", "returned", "leader", "Bổ sung số hộ"),
        ("returned", "submitted", "member", ""),
        ("submitted", "confirmed", "leader", ""),
        ("confirmed", "approved", "commune", ""),
        ("approved", "confirmed", "province", "Sai số liệu VNeID"),
    ]
    events = [(e.kind, e.actor.username, e.reason) for e in MonthEvent.objects.all()]
    assert events == [("approved", "commune", ""), ("unlocked", "province", "Sai số liệu VNeID")]


def test_approval_waits_for_the_leader_to_confirm(tree, users, crew, last_month):
    report = get_or_start_report(crew["team"], crew["mai"], last_month)
    submit_report(users[Role.MEMBER], report)
    with pytest.raises(ReportError, match="1"):
        approve_month(users[Role.COMMUNE], crew["team"], last_month)


def test_a_leader_may_submit_on_behalf_of_a_member(tree, users, crew, last_month):
    report = get_or_start_report(crew["team"], crew["pao"], last_month)
    submit_report(users[Role.LEADER], report, "", "")
    assert MonthlyReport.objects.get(pk=report.pk).status == Status.SUBMITTED
    other = get_or_start_report(crew["team"], crew["pao"], last_month.previous())
    with pytest.raises(ReportError):
        submit_report(users[Role.MEMBER], other)  # Mai may not submit Páo's report


def test_officers_outside_the_subtree_cannot_approve(tree, users, crew, last_month):
    from cdtt.factories import make_user

    stranger = make_user(Role.COMMUNE, tree["sibling_commune"], "stranger")
    with pytest.raises(ReportError):
        approve_month(stranger, crew["team"], last_month)
