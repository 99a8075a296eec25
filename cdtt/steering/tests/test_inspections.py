"""Inspections: recorded by officers with follow-up tasks; the dashboard flags teams not
inspected for N months and tasks past their due date."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.audit.models import AuditEntry
from cdtt.factories import make_team
from cdtt.steering.actions import InspectionError, record_inspection
from cdtt.steering.models import FollowUp, Inspection
from cdtt.steering.selectors import months_ago, not_inspected, overdue_follow_ups

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


def test_officer_records_an_inspection_with_tasks(client, users, village_team):
    client.force_login(users[Role.COMMUNE])
    today = timezone.localdate()
    answer = client.post(f"/dashboard/team/{village_team.pk}/inspections/new/", {
        "date": today.isoformat(), "assessment": "2", "findings": "Tổ chưa họp tháng này.",
        "task_1": "Họp tổ, phân công", "due_1": (today + timedelta(days=7)).isoformat(),
        "task_2": "", "due_2": "",
    })  # fmt: skip
    assert answer.status_code == 302
    inspection = Inspection.objects.get(team=village_team)
    assert (inspection.assessment, inspection.inspector) == (2, users[Role.COMMUNE])
    assert list(inspection.follow_ups.values_list("task", flat=True)) == ["Họp tổ, phân công"]
    assert AuditEntry.objects.filter(action="inspection_recorded").exists()
    page = client.get(f"/dashboard/team/{village_team.pk}/").content.decode()
    assert "Tổ chưa họp tháng này." in page and "2/5" in page


def test_the_form_starts_with_no_score_chosen(client, users, village_team):
    client.force_login(users[Role.COMMUNE])
    url = f"/dashboard/team/{village_team.pk}/inspections/new/"
    form = client.get(url).content.decode()
    assert '<option value="" selected>— chọn mức đánh giá —</option>' in form
    assert form.count(" selected>") == 1
    answer = client.post(url, {"date": timezone.localdate().isoformat(), "findings": "Ổn"})
    assert (
        answer.status_code == 400
        and "Hãy chọn mức đánh giá, từ 1 đến 5." in answer.content.decode()
    )
    assert not Inspection.objects.exists()


def test_leaders_and_members_do_not_inspect(client, users, village_team):
    for role in (Role.LEADER, Role.MEMBER):
        client.force_login(users[role])
        assert client.get(f"/dashboard/team/{village_team.pk}/inspections/new/").status_code == 403


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"day": date(2999, 1, 1)}, "date"), ({"assessment": 6}, "assessment"),
     ({"findings": "  "}, "findings"),
     ({"follow_ups": [("Họp", None)]}, "follow_ups"),
     ({"follow_ups": [("Họp", date(2026, 1, 1))]}, "follow_ups")],
)  # fmt: skip
def test_rules(village_team, users, changes, field):
    fields = {"day": date(2026, 3, 1), "findings": "Ổn", "assessment": 3, **changes}
    with pytest.raises(InspectionError) as caught:
        record_inspection(users[Role.COMMUNE], village_team, **fields)
    assert field in caught.value.errors


def test_teams_not_inspected_for_n_months_are_flagged(tree, users, settings):
    recent, old, never = (make_team(tree[k]) for k in ("village", "sibling_village", "commune"))
    record_inspection(users[Role.COMMUNE], recent, day=date(2026, 9, 1), findings="Tốt",
                      assessment=4)  # fmt: skip
    record_inspection(users[Role.COMMUNE], old, day=date(2026, 5, 19), findings="Yếu",
                      assessment=2)  # fmt: skip
    flagged = not_inspected(tree["commune"], TODAY)
    assert [t.pk for t in flagged] == [never.pk, old.pk]  # never first, then the oldest
    assert flagged[1].last_inspected == date(2026, 5, 19)
    settings.DASHBOARD_INSPECTION_MONTHS = 1
    assert {t.pk for t in not_inspected(tree["commune"], TODAY)} == {never.pk, old.pk, recent.pk}
    settings.DASHBOARD_INSPECTION_MONTHS = 6
    record_inspection(users[Role.COMMUNE], old, day=date(2026, 5, 20), findings="Lại",
                      assessment=3)  # exactly six months ago: not overdue  # fmt: skip
    assert [t.pk for t in not_inspected(tree["commune"], TODAY)] == [never.pk]


def test_overdue_follow_ups_until_done(client, tree, users, village_team):
    inspection = record_inspection(
        users[Role.COMMUNE], village_team, day=date(2026, 1, 5), findings="Chưa ổn",
        assessment=2, follow_ups=[("Họp tổ", date(2026, 2, 1)), ("Tập huấn", date(2099, 1, 1))],
    )  # fmt: skip
    overdue = list(overdue_follow_ups(tree["province"]))
    assert [f.task for f in overdue] == ["Họp tổ"]
    client.force_login(users[Role.COMMUNE])
    page = client.get(f"/dashboard/unit/{tree['commune'].pk}/").content.decode()
    assert "#follow_ups" in page and "Họp tổ" in page
    task = inspection.follow_ups.get(task="Họp tổ")
    client.force_login(users[Role.LEADER])
    assert client.post(f"/dashboard/follow-ups/{task.pk}/done/").status_code == 403
    client.force_login(users[Role.COMMUNE])
    assert client.post(f"/dashboard/follow-ups/{task.pk}/done/").status_code == 302
    assert FollowUp.objects.get(pk=task.pk).done_on == timezone.localdate()
    assert list(overdue_follow_ups(tree["province"])) == []


def test_months_ago_keeps_the_day_or_the_months_end():
    assert months_ago(date(2026, 11, 20), 6) == date(2026, 5, 20)
    assert months_ago(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_ago(date(2026, 3, 15), 15) == date(2024, 12, 15)
