"""The demo's six months of activities: the story's pattern, valid by the rules, the same
every run, and nothing when the members are not there yet."""

from datetime import date

import pytest

from cdtt.activities.models import Activity
from cdtt.demo.activities import seed_activities
from cdtt.teams.models import Affiliation, Member, Membership, Team

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


@pytest.fixture
def district(tree):
    """Ten village teams of three members (one Youth Union), and a commune team."""
    from cdtt.factories import make_unit
    from cdtt.orgunits.models import Level

    teams = [Team.objects.create(unit=tree["commune"])]
    for n in range(10):
        # Codes of their own: a team's zeal is drawn from its unit's code, which must not
        # depend on how many units the tests before this one made.
        village = make_unit(f"Bản Demo {n}", Level.VILLAGE, tree["commune"], code=f"DEMO-{n:02d}")
        teams.append(Team.objects.create(unit=village))
    for team in teams:
        for k, affiliation in enumerate([Affiliation.YOUTH_UNION, Affiliation.VILLAGE_HEAD,
                                         Affiliation.WOMEN_UNION]):  # fmt: skip
            member = Member.objects.create(
                full_name=f"Người {team.pk} {k}", affiliation=affiliation
            )
            Membership.objects.create(team=team, member=member, start=date(2025, 1, 1))
    return teams


def test_nothing_without_members(tree):
    assert seed_activities(2024, root=tree["province"], today=TODAY) == 0
    assert seed_activities(2024, root=None) == 0  # no demo province loaded


def test_six_months_with_the_storys_pattern(tree, district):
    added = seed_activities(2024, root=tree["province"], today=TODAY)
    assert added == Activity.objects.count() > 500
    dates = Activity.objects.values_list("date", flat=True)
    assert min(dates) >= date(2026, 6, 1) and max(dates) <= TODAY
    youth = Activity.objects.filter(member__affiliation=Affiliation.YOUTH_UNION).count()
    assert youth > 0.6 * added  # Youth Union members do most of the work
    per_team = sorted(Activity.objects.filter(team=t).count() for t in district)
    assert per_team[0] < per_team[-1] / 5  # some teams almost nothing, some a lot


def test_every_demo_activity_keeps_the_rules(tree, district):
    seed_activities(2024, root=tree["province"], today=TODAY)
    for activity in Activity.objects.select_related("team__unit", "village"):
        assert activity.village.path.startswith(activity.team.unit.path)
        assert max(activity.women, activity.ethnic_minority, activity.elderly) <= (
            activity.people_helped
        )
        assert (
            Membership.objects.current(on=activity.date)
            .filter(team=activity.team, member=activity.member)
            .exists()
        )


def test_idempotent_and_deterministic(tree, district):
    first = seed_activities(2024, root=tree["province"], today=TODAY)
    assert seed_activities(2024, root=tree["province"], today=TODAY) == 0
    ids = set(Activity.objects.values_list("pk", flat=True))
    Activity.objects.all().delete()
    assert seed_activities(2024, root=tree["province"], today=TODAY) == first
    assert set(Activity.objects.values_list("pk", flat=True)) == ids
    # Later in the month, only the days that have passed since are added.
    later = seed_activities(2024, root=tree["province"], today=date(2026, 11, 30))
    assert later >= 0 and Activity.objects.count() == first + later
