"""The steering committee's own work: guiding teams (directives, and who read them) and
inspecting them (inspections and the follow-up tasks they leave).

The tables were the dashboard's until issue 22; migration 0001 took them over as they were and
0002 renamed them (`dashboard_directive` → `steering_directive`, …).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cdtt.orgunits.subtree import SubtreeQuerySet


class Directive(models.Model):
    """A directive or guidance note (văn bản chỉ đạo, hướng dẫn) from a steering committee
    to the teams of a subtree. Seen by whoever can see the unit it was sent to or one of the
    teams it went to (linked by the queued task that tells their members, a moment after it
    is sent: a province's thousands of teams are not written inside the request)."""

    SCOPE_PATH = ("unit__path", "teams__unit__path")
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

    objects = SubtreeQuerySet.as_manager()

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

    objects = SubtreeQuerySet.as_manager()

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

    objects = SubtreeQuerySet.as_manager()

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

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.task
