"""rebuild_facts: facts rebuilt from the activities, per month or all, idempotently; and the
writers keep them in step without it."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cdtt.activities.actions import delete_activity, update_activity
from cdtt.activities.models import Activity
from cdtt.dashboard.models import (
    CommuneMonthFact,
    MemberMonthFact,
    MonthlyFact,
    ProvinceMonthFact,
)
from cdtt.dashboard.tasks import rebuild_last_month_facts

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(MonthlyFact.objects.values_list("team", "village", "period", "type", "activities",
                                               "count", "women", "elderly")),
        sorted(MemberMonthFact.objects.values_list("member", "team", "period", "activities",
                                                   "count", "days_active", "last_date")),
        sorted(CommuneMonthFact.objects.values_list("commune", "period", "type", "activities",
                                                    "count", "women", "elderly")),
        sorted(ProvinceMonthFact.objects.values_list("province", "period", "type", "activities",
                                                     "count", "women", "elderly")),
    )  # fmt: skip


@pytest.fixture
def history(people, village_team, act, tree):
    act(people["mai"], village_team, date(2025, 5, 3), times=2, women=1)
    act(people["mai"], village_team, date(2025, 5, 9), type="household_survey", people_helped=4)
    act(people["pao"], village_team, date(2025, 6, 1), elderly=2, people_helped=3)


def test_writes_keep_the_facts(history, people, village_team):
    area, members, communes, provinces = snapshot()
    assert len(area) == 3 and len(members) == 2
    assert [row[1:] for row in provinces] == [row[1:] for row in communes]  # one commune
    mai_may = MemberMonthFact.objects.get(member=people["mai"], period="2025-05")
    assert (mai_may.activities, mai_may.count, mai_may.days_active) == (3, 8, 2)
    assert mai_may.last_date == date(2025, 5, 9)


def test_edit_moves_an_activity_between_facts(history, admin, people):
    activity = Activity.objects.get(member=people["pao"])
    update_activity(admin, activity, {"date": "2025-05-31"})
    assert not MemberMonthFact.objects.filter(member=people["pao"], period="2025-06").exists()
    assert MemberMonthFact.objects.get(member=people["pao"], period="2025-05").activities == 1
    delete_activity(admin, Activity.objects.get(member=people["pao"]))
    assert not MemberMonthFact.objects.filter(member=people["pao"]).exists()


def test_rebuild_restores_lost_facts_and_is_idempotent(history):
    kept = snapshot()
    MonthlyFact.objects.all().delete()
    MemberMonthFact.objects.update(activities=99)
    ProvinceMonthFact.objects.all().delete()
    out = StringIO()
    call_command("rebuild_facts", stdout=out)
    assert snapshot() == kept
    assert "2025-05: 2 area facts, 1 member facts" in out.getvalue()
    call_command("rebuild_facts", stdout=StringIO())
    assert snapshot() == kept


def test_rebuild_one_month_leaves_the_others(history):
    kept = snapshot()
    MonthlyFact.objects.filter(period="2025-06").update(activities=7)
    MonthlyFact.objects.filter(period="2025-05").update(activities=7)
    call_command("rebuild_facts", "--period", "2025-06", stdout=StringIO())
    assert MonthlyFact.objects.get(period="2025-06").activities == 1
    assert set(
        MonthlyFact.objects.filter(period="2025-05").values_list("activities", flat=True)
    ) == {7}
    call_command("rebuild_facts", "--period", "2025-05", stdout=StringIO())
    assert snapshot() == kept


def test_rebuild_of_a_month_without_activities_clears_it(history):
    for model in (MonthlyFact, CommuneMonthFact, ProvinceMonthFact):
        model.objects.filter(period="2025-06").update(period="2025-07")
    call_command("rebuild_facts", "--period", "2025-07", stdout=StringIO())
    for model in (MonthlyFact, CommuneMonthFact, ProvinceMonthFact):
        assert not model.objects.filter(period="2025-07").exists()


def test_a_wrong_period_is_refused(db):
    with pytest.raises(CommandError):
        call_command("rebuild_facts", "--period", "2025-13")


def test_nightly_task_rebuilds_last_month(db):
    assert rebuild_last_month_facts.call_local() == (0, 0)
