"""What steering committees read: facts, the aggregates of the activity log (the committee's
own work, directives and inspections, is in `cdtt.steering`).

Facts are derived data: every row is the aggregate of the activities with its key, kept in
step by `facts.activity_changed` and rebuilt by `rebuild_facts`. Dashboards read facts, so a
province's page never scans its activities.
"""

from typing import TYPE_CHECKING

from django.db import models

from cdtt.activities import measures
from cdtt.orgunits.subtree import SubtreeQuerySet


class AreaFact(models.Model):
    """What the area facts (team, commune, province) hold for their key's month and
    activity type: one column per measure of `cdtt.activities.measures` (the activities,
    and the sums of their counts), added below."""

    period = models.CharField(max_length=7)  # "2026-11", see cdtt.periods
    type = models.ForeignKey("activities.ActivityType", on_delete=models.CASCADE, related_name="+")
    if TYPE_CHECKING:  # the type checker does not see columns added by add_to_class
        activities: int  # the first measure, read by name in the rows' __str__

    class Meta:
        abstract = True


measures.add_fields(AreaFact, facts=True)


class MonthlyFact(AreaFact):
    """Village × team × month × activity type: the activities and their counts.

    `village` is where the help was given (the activity's village, which may be the commune
    itself), `team` who gave it; subtrees are read through the team's unit, as scoping does.
    """

    SCOPE_PATH = "team__unit__path"

    village = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "village", "period", "type"], name="monthlyfact_one_per_key"
            )
        ]
        indexes = [models.Index(fields=["period", "team"], name="monthlyfact_period_team")]

    def __str__(self) -> str:
        return f"{self.period} {self.village_id}/{self.team_id}/{self.type_id}: {self.activities}"


class CommuneMonthFact(AreaFact):
    """Commune × month × activity type: the sums of the MonthlyFact rows of the teams of a
    commune (its own team and its villages' teams).

    What a commune's figures read (a commune's month is about a dozen rows here against
    several hundred activities), and the ranking of a province's communes. Kept in step
    with MonthlyFact by `facts` (same transaction) and rebuilt with it.
    """

    SCOPE_PATH = "commune__path"

    commune = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "period", "type"], name="communemonthfact_one_per_key"
            )
        ]
        indexes = [models.Index(fields=["period", "commune"], name="communemonthfact_period")]

    def __str__(self) -> str:
        return f"{self.period} {self.commune_id}/{self.type_id}: {self.activities}"


class ProvinceMonthFact(AreaFact):
    """Province × month × activity type: the sums of the CommuneMonthFact rows of the
    communes of a province (past communes included: their facts stay).

    What province figures read: a province's year is about 150 rows here against some 15,000
    commune rows. Kept in step with CommuneMonthFact by `facts` (same transaction, the
    province locked after its communes) and rebuilt with it.
    """

    SCOPE_PATH = "province__path"

    province = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "period", "type"], name="provincemonthfact_one_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.province_id}/{self.type_id}: {self.activities}"


class MemberMonthFact(models.Model):
    """Member × team × month: activities, their count, days active and the last active day."""

    SCOPE_PATH = "team__unit__path"

    member = models.ForeignKey("teams.Member", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    activities = models.PositiveIntegerField(default=0)
    count = models.PositiveIntegerField(default=0)
    days_active = models.PositiveSmallIntegerField(default=0)
    last_date = models.DateField()

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "team", "period"], name="membermonthfact_one_per_key"
            )
        ]
        indexes = [models.Index(fields=["period", "team"], name="membermonthfact_period_team")]

    def __str__(self) -> str:
        return f"{self.period} {self.member_id}/{self.team_id}: {self.activities}"
