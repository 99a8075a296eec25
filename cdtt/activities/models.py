"""The activity log: every help a member gives is one Activity, of one type from the catalog.

Activities carry the client's own UUID as primary key, so that an entry made offline and
sent again after a lost answer is stored once. A month of a team can be locked (approved by
the commune, through reports); locked months refuse every write.
"""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cdtt.orgunits.subtree import SubtreeQuerySet
from cdtt.periods import Period

from . import measures


class Counts(models.TextChoices):
    """What the number of an activity counts: its meaning depends on the type."""

    PEOPLE = "people", _("people helped")
    APPLICATIONS = "applications", _("applications submitted")
    HOUSEHOLDS = "households", _("households reached")
    PARTICIPANTS = "participants", _("participants")


class ActivityTypeQuerySet(models.QuerySet):
    def active(self) -> "ActivityTypeQuerySet":
        return self.filter(active=True)


class ActivityType(models.Model):
    """One kind of task in the catalog; `code` is the stable name used on the wire.

    The catalog belongs to no unit, so it has no SCOPE_PATH: every signed-in user reads all
    of it. Administrators edit it in Django admin; codes are never renamed.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description = models.CharField(
        _("description (Vietnamese)"),
        max_length=300,
        blank=True,
        help_text=_("What the task covers, for members and in reports."),
    )
    counts = models.CharField(
        _("what it counts"), max_length=12, choices=Counts.choices, default=Counts.PEOPLE
    )
    active = models.BooleanField(_("active"), default=True)
    frequent = models.BooleanField(
        _("frequent"), default=False, help_text=_("Shown as a big button on the entry page.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    objects = ActivityTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (Vietnamese unless English was chosen)."""
        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name


class Source(models.TextChoices):
    WEB = "web", _("web form")
    OFFLINE = "offline", _("offline app")
    API = "api", _("API")
    IMPORT = "import", _("import")


class ActivityQuerySet(SubtreeQuerySet):
    def in_period(self, period: Period) -> "ActivityQuerySet":
        return self.filter(date__gte=period.first_day, date__lte=period.last_day)

    def newest_first(self) -> "ActivityQuerySet":
        return self.order_by("-date", "-created_at")


class Activity(models.Model):
    """One help given: who, in which team and village, when, what, and for how many.

    `people_helped` holds the number the type counts (people, applications, households or
    participants; the wire name stays, as the published contract says). Its breakdown is a
    part of it, never more. The numbers are the entered measures of `measures`.
    """

    SCOPE_PATH = "team__unit__path"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(
        "teams.Member",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("member"),
    )
    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, related_name="activities", verbose_name=_("team")
    )
    village = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("village"),
    )
    date = models.DateField(_("date"))
    type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="activities", verbose_name=_("type")
    )
    # people_helped and the other entered measures: added below from `measures`.
    if TYPE_CHECKING:  # the type checker does not see fields added by add_to_class
        people_helped: int  # the count (measures.COUNT_FIELD), read by name here
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["member", "date"], name="activity_member_date"),
            models.Index(fields=["team", "date"], name="activity_team_date"),
            models.Index(fields=["village", "date"], name="activity_village_date"),
        ]
        constraints = [measures.within_count()]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.type} ({self.people_helped})"

    @property
    def period(self) -> Period:
        return Period.of(self.date)


measures.add_fields(Activity)


class MonthLock(models.Model):
    """A team's month approved and locked by the commune: its activities no longer change.

    Owned here because the activity writes must check it; reports call lock_month and
    unlock_month (cdtt.activities.locks) when a month is approved or reopened.
    """

    SCOPE_PATH = "team__unit__path"

    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, related_name="month_locks", verbose_name=_("team")
    )
    period = models.CharField(_("month"), max_length=7)  # "2026-11", see cdtt.periods
    locked_at = models.DateTimeField(_("locked at"), auto_now_add=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("locked by"),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("locked month")
        verbose_name_plural = _("locked months")
        constraints = [
            models.UniqueConstraint(fields=["team", "period"], name="monthlock_one_per_team_month")
        ]

    def __str__(self) -> str:
        return f"{self.team} {Period.parse(self.period).label}"
