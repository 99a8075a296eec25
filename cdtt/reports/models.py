"""Monthly reports (báo cáo tháng): each member's, each team's, and the workflow around them.

A member's report holds only their own words; its figures are always compiled from their
activities of the month, so nothing is typed twice. States: draft → submitted → confirmed
by the team leader (or returned with a comment) → approved with the team's month by the
commune officer, which locks that month's activities. Every transition is kept.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cdtt.orgunits.subtree import SubtreeQuerySet


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    CONFIRMED = "confirmed", _("Confirmed by the leader")
    APPROVED = "approved", _("Approved")


class ReportSettings(models.Model):
    """A province's rules for the monthly cycle."""

    province = models.OneToOneField(
        "orgunits.OrgUnit",
        on_delete=models.CASCADE,
        related_name="report_settings",
        verbose_name=_("province"),
    )
    deadline_day = models.PositiveSmallIntegerField(
        _("deadline: day of the following month"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind this many days before the deadline"),
        default=3,
    )

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return str(self.province)


class MonthlyReport(models.Model):
    """One member's report to one team for one month."""

    SCOPE_PATH = "team__unit__path"

    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, related_name="reports", verbose_name=_("team")
    )
    member = models.ForeignKey(
        "teams.Member", on_delete=models.PROTECT, related_name="reports", verbose_name=_("member")
    )
    period = models.CharField(_("month"), max_length=7, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    difficulties = models.TextField(_("difficulties"), blank=True, max_length=4000)
    proposals = models.TextField(_("proposals"), blank=True, max_length=4000)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The figures as they stood when the report was sent and when the leader confirmed it
    # ({"activities": …, "count": …, "days_active": …}): activities may still change until
    # the month is locked, and both people must see what changed since.
    figures_sent = models.JSONField(null=True, blank=True, editable=False)
    figures_confirmed = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["period", "team", "member__name_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "member", "period"], name="report_one_per_member_team_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.period}"


class Transition(models.Model):
    """Who moved a report from one state to another, when, and why."""

    SCOPE_PATH = "report__team__unit__path"

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=Status.choices)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True, max_length=2000)

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.from_status}→{self.to_status}"


class TeamMonth(models.Model):
    """A team's month: the leader's assessment, and the approval that locks it."""

    SCOPE_PATH = "team__unit__path"

    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="months")
    period = models.CharField(_("month"), max_length=7, db_index=True)
    assessment = models.TextField(_("leader's assessment"), blank=True, max_length=4000)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("team month")
        verbose_name_plural = _("team months")
        constraints = [
            models.UniqueConstraint(fields=["team", "period"], name="team_month_once"),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.period}"

    @property
    def approved(self) -> bool:
        return self.approved_at is not None


class MonthEvent(models.Model):
    """Approvals and unlocks of a team's month, kept like the report transitions."""

    SCOPE_PATH = "team_month__team__unit__path"

    class Kind(models.TextChoices):
        APPROVED = "approved", _("approved and locked")
        UNLOCKED = "unlocked", _("unlocked")

    team_month = models.ForeignKey(TeamMonth, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True, max_length=2000)

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.team_month} {self.kind}"


class UnlockRequest(models.Model):
    """A request to the province to reopen a team's approved month (a forgotten activity, a
    wrong figure): made by the commune or the team's leader, with a reason; closed when the
    province unlocks the month (or decides not to)."""

    SCOPE_PATH = "team_month__team__unit__path"

    team_month = models.ForeignKey(
        TeamMonth, on_delete=models.CASCADE, related_name="unlock_requests"
    )
    reason = models.TextField(_("reason"), max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("unlock request")
        verbose_name_plural = _("unlock requests")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team_month"],
                condition=models.Q(closed_at__isnull=True),
                name="unlock_request_one_open_per_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_month} {self.requested_at:%Y-%m-%d}"

    @property
    def period(self):
        from cdtt.periods import Period

        return Period.parse(self.team_month.period)
