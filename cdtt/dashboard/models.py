"""What steering committees read and write: facts (aggregates of the activity log) and the
committee's two other duties, guiding (directives) and inspecting (inspections).

Facts are derived data: every row is the aggregate of the activities with its key, kept in
step by `facts.activity_changed` and rebuilt by `rebuild_facts`. Dashboards read facts, so a
province's page never scans its activities.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cdtt.activities import measures


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

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "team", "period"], name="membermonthfact_one_per_key"
            )
        ]
        indexes = [models.Index(fields=["period", "team"], name="membermonthfact_period_team")]

    def __str__(self) -> str:
        return f"{self.period} {self.member_id}/{self.team_id}: {self.activities}"


class Directive(models.Model):
    """A directive or guidance note (văn bản chỉ đạo, hướng dẫn) from a steering committee
    to the teams of a subtree. Seen by whoever can see one of the teams it went to."""

    SCOPE_PATH = "teams__unit__path"
    SCOPE_MANY = True

    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="directives",
        verbose_name=_("sent to the teams of"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=10000)
    attachment = models.FileField(_("attachment"), upload_to="directives/%Y/", blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    teams = models.ManyToManyField("teams.Team", related_name="directives", blank=True)

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.title


class DirectiveRead(models.Model):
    """A user opened a directive (the first time counts)."""

    SCOPE_PATH = "user__orgunit__path"

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["directive", "user"], name="directiveread_once")
        ]

    def __str__(self) -> str:
        return f"{self.directive_id} {self.user_id} {self.read_at:%d/%m/%Y}"


class Inspection(models.Model):
    """A committee's inspection (kiểm tra) of a team: findings and a 1–5 assessment."""

    SCOPE_PATH = "team__unit__path"

    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, related_name="inspections", verbose_name=_("team")
    )
    date = models.DateField(_("date"))
    findings = models.TextField(_("findings"), max_length=10000)
    assessment = models.PositiveSmallIntegerField(
        _("assessment (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assessment__gte=1, assessment__lte=5),
                name="inspection_assessment_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.date:%d/%m/%Y}"


class FollowUp(models.Model):
    """A task an inspection leaves the team, with its due date and its completion."""

    SCOPE_PATH = "inspection__team__unit__path"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="follow_ups")
    task = models.CharField(_("task"), max_length=300)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.task
