"""Help sessions (buổi hướng dẫn tập trung, "Ngày Chủ nhật số"): a date and a place where
several members sit with residents who bring their ID card and phone.

A session is planned by a team's leader for the team, or by a commune officer for the
commune or several of its teams; it is announced on the portal, staffed by members who sign
up or are assigned, and its results are recorded once. The results are shared among the
members who gave them as ordinary activities (`SessionShare`), so every figure above the
activity log counts each resident once. One or two photos may go with them (`SessionPhoto`),
seen only inside the app.
"""

import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdtt.activities import measures
from cdtt.orgunits.subtree import SubtreeQuerySet

# What residents are asked to bring, unless the planner says otherwise.
DEFAULT_BRING = [
    "Căn cước công dân (CCCD)",
    "Điện thoại thông minh",
    "Mật khẩu tài khoản, SIM chính chủ",
]


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class SessionQuerySet(SubtreeQuerySet):
    def upcoming(self, today: date | None = None) -> "SessionQuerySet":
        """Planned sessions from today on, soonest first."""
        today = today or timezone.localdate()
        return self.filter(status=Status.PLANNED, date__gte=today).order_by("date", "start", "pk")


class Series(models.Model):
    """A recurring session ("every Sunday morning"): the sessions it made share it."""

    SCOPE_PATH = "unit__path"

    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    every_days = models.PositiveSmallIntegerField(_("every (days)"), default=7)
    count = models.PositiveSmallIntegerField(_("number of sessions"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("recurring session")
        verbose_name_plural = _("recurring sessions")

    def __str__(self) -> str:
        return f"{self.unit.name} ×{self.count}"


class Session(models.Model):
    """One help session: where, when, what help, what to bring, how many members needed.

    `unit` is the unit that organises it (a village's team, or the commune for several
    teams); `teams` are the teams that staff it; `village` is where it takes place.
    `uuid` is the client's own id: planning twice under it makes one session.
    """

    SCOPE_PATH = "unit__path"

    uuid = models.UUIDField(_("client id"), unique=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="help_sessions",
        verbose_name=_("organised by"),
    )
    teams = models.ManyToManyField(
        "teams.Team", related_name="help_sessions", verbose_name=_("teams")
    )
    village = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="help_sessions_held",
        verbose_name=_("village"),
    )
    date = models.DateField(_("date"))
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    place = models.CharField(
        _("place"), max_length=120, help_text=_("For example: Nhà văn hóa bản Mường 1.")
    )
    activity_types = models.ManyToManyField(
        "activities.ActivityType", related_name="+", verbose_name=_("help offered")
    )
    bring = models.JSONField(_("what to bring"), default=list, blank=True)
    members_needed = models.PositiveSmallIntegerField(_("members needed"), default=3)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("recurring session"),
    )
    results_id = models.UUIDField(_("client id of the results"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("help session")
        verbose_name_plural = _("help sessions")
        ordering = ["date", "start", "pk"]
        indexes = [
            models.Index(fields=["status", "date"], name="helpsession_status_date"),
            models.Index(fields=["village", "date"], name="helpsession_village_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="helpsession_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.date:%d/%m/%Y}"


class Seat(models.Model):
    """A member on a session: signed up by herself or assigned by the leader; `present`
    says whether she came (None until the attendance is taken)."""

    SCOPE_PATH = "session__unit__path"

    class How(models.TextChoices):
        SIGNED_UP = "signed_up", _("signed up")
        ASSIGNED = "assigned", _("assigned")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(
        "teams.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    how = models.CharField(_("how"), max_length=10, choices=How.choices)
    present = models.BooleanField(_("present"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("member on a session")
        verbose_name_plural = _("members on sessions")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="seat_one_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.session}"


class SessionResult(models.Model):
    """The residents helped at a session for one activity type, with the usual measures,
    and the members who gave that help."""

    SCOPE_PATH = "session__unit__path"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="results")
    type = models.ForeignKey(
        "activities.ActivityType",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("type"),
    )
    # The activity's measures (people_helped, women, …) are added below from their one
    # declaration, as the activity's own are.
    if TYPE_CHECKING:  # the type checker does not see fields added by add_to_class
        people_helped: int  # the count (measures.COUNT_FIELD), read by name here
    givers = models.ManyToManyField("teams.Member", related_name="+", verbose_name=_("given by"))

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("session result")
        verbose_name_plural = _("session results")
        constraints = [
            models.UniqueConstraint(fields=["session", "type"], name="sessionresult_one_per_type"),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.type} ({self.people_helped})"


measures.add_fields(SessionResult)


class SessionShare(models.Model):
    """A member's share of a session's result: the activity that carries it."""

    SCOPE_PATH = "result__session__unit__path"

    result = models.ForeignKey(SessionResult, on_delete=models.CASCADE, related_name="shares")
    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.CASCADE, related_name="session_share"
    )

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("share of a session's result")
        verbose_name_plural = _("shares of sessions' results")

    def __str__(self) -> str:
        return f"{self.result} → {self.activity_id}"


def photo_path(photo: "SessionPhoto", filename: str) -> str:
    """Where a session's photo is kept: outside the folder the portal serves (portal/), so
    that only `views.photo`, which checks who asks, hands it out."""
    return f"helpsessions/{photo.session.date:%Y}/{photo.uuid.hex}.jpg"


class SessionPhoto(models.Model):
    """A photo of a session (at most two), re-encoded by the server (smaller, no EXIF).
    Residents' faces are personal data: shown to the session's team and the officers over
    it, never on the portal or the poster. `uuid` is the client's own id: sending the same
    photo twice stores it once."""

    SCOPE_PATH = "session__unit__path"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="photos")
    uuid = models.UUIDField(_("client id"), unique=True, editable=False)
    image = models.ImageField(
        _("photo"), upload_to=photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveSmallIntegerField(_("width"), default=0)
    height = models.PositiveSmallIntegerField(_("height"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo of a session")
        verbose_name_plural = _("photos of sessions")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.session} ({self.uuid})"
