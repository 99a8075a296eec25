"""What members can guide residents through (kỹ năng hướng dẫn), and how they learn it.

- `Task`: one guidable task of one of the five apps (VNeID, VssID, the national public
  services portal, cashless payment, scam awareness), with its guide (a portal `Guide`), its
  check questions, and maybe a course of the national "Bình dân học vụ số" platform.
- `SkillLevel`: a member's level for a task. No row means "chưa biết". A member sets her
  own level; "hướng dẫn được" counts in the figures only once a leader or an officer has
  confirmed it (`confirmed_by`, `confirmed_at`).
- `CourseCompletion`: a course finished on binhdanhocvuso.gov.vn, with its certificate.
- `TrainingSession` (tập huấn) organised by a commune or a province, and its `Attendance`.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cdtt.orgunits.subtree import SubtreeQuerySet

COURSE_HOST = "binhdanhocvuso.gov.vn"


class App(models.TextChoices):
    """The five apps members guide residents through."""

    VNEID = "vneid", _("VNeID")
    VSSID = "vssid", _("VssID")
    PUBLIC_SERVICES = "public_services", _("National public services portal")
    CASHLESS = "cashless", _("Cashless payment")
    SCAMS = "scams", _("Scam awareness")


class Level(models.TextChoices):
    UNKNOWN = "unknown", _("Does not know yet")
    CAN_DO = "can_do", _("Can do it alone")
    CAN_GUIDE = "can_guide", _("Can guide others")


LEVEL_RANK = {Level.UNKNOWN: 0, Level.CAN_DO: 1, Level.CAN_GUIDE: 2}


class Source(models.TextChoices):
    """How a level was reached."""

    SELF = "self", _("set by the member")
    CHECK = "check", _("passed the guide's check")
    CONFIRMED = "confirmed", _("confirmed by a leader or an officer")
    LEGACY = "legacy", _("from the former list of skills")


def check_course_url(value: str) -> None:
    """Courses are linked on the national platform only."""
    parts = urlsplit(value)
    if parts.scheme != "https" or parts.hostname != COURSE_HOST:
        raise ValidationError(
            _("A course address must start with https://%(host)s/"), params={"host": COURSE_HOST}
        )


class TaskQuerySet(models.QuerySet["Task"]):
    def active(self) -> "TaskQuerySet":
        return self.filter(is_active=True)


class Task(models.Model):
    """A task a member can guide residents through, in one app (việc hướng dẫn được)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    app = models.CharField(_("app"), max_length=20, choices=App.choices)
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    guide = models.ForeignKey(
        "portal.Guide",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("guide"),
    )
    activity_type = models.ForeignKey(
        "activities.ActivityType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skill_tasks",
        verbose_name=_("activity type"),
        help_text=_(
            "Recording this kind of activity suggests the guide to a member who "
            "does not know the task yet."
        ),  # fmt: skip
    )
    course_title = models.CharField(_("Bình dân học vụ số course"), max_length=200, blank=True)
    course_url = models.URLField(
        _("course address"), blank=True, validators=[check_course_url], max_length=300
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("guidable task")
        verbose_name_plural = _("guidable tasks")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.get_app_display()}: {self.title}"


class CheckQuestion(models.Model):
    """One question of a task's check: options one per line, the right one by its number."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="questions", verbose_name=_("task")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    options = models.TextField(_("options, one per line"))
    answer = models.PositiveSmallIntegerField(_("number of the right option (from 1)"))

    class Meta:
        verbose_name = _("check question")
        verbose_name_plural = _("check questions")
        ordering = ["task", "position", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    def clean(self) -> None:
        count = len(self.option_list)
        if not 2 <= count <= 5:
            raise ValidationError({"options": _("Write between 2 and 5 options, one per line.")})
        if self.answer is not None and not 1 <= self.answer <= count:
            raise ValidationError(
                {
                    "answer": _("The right option must be between 1 and %(count)s.")
                    % {"count": count}
                }
            )


class SkillLevel(models.Model):
    """A member's level for one task; no row means "chưa biết"."""

    SCOPE_PATH = "member__memberships__team__unit__path"
    SCOPE_MANY = True

    member = models.ForeignKey(
        "teams.Member", on_delete=models.CASCADE, related_name="skill_levels",
        verbose_name=_("member"),
    )  # fmt: skip
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="levels", verbose_name=_("task")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    source = models.CharField(_("how"), max_length=10, choices=Source.choices)
    changed_at = models.DateTimeField(_("changed"))
    # When the level last went up: "has not progressed in N months" reads it.
    raised_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill level")
        verbose_name_plural = _("skill levels")
        constraints = [
            models.UniqueConstraint(fields=["member", "task"], name="skill_level_one_per_task"),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(level="can_guide"),
                name="skill_level_confirmed_only_to_guide",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.task}: {self.get_level_display()}"

    @property
    def is_confirmed_guide(self) -> bool:
        return self.level == Level.CAN_GUIDE and self.confirmed_at is not None


class CourseCompletion(models.Model):
    """A course finished on Bình dân học vụ số, with its certificate (chứng nhận)."""

    SCOPE_PATH = "member__memberships__team__unit__path"
    SCOPE_MANY = True

    member = models.ForeignKey(
        "teams.Member", on_delete=models.CASCADE, related_name="courses", verbose_name=_("member")
    )
    task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("task")
    )
    course_title = models.CharField(_("course"), max_length=200)
    certificate_number = models.CharField(_("certificate number"), max_length=60)
    completed_on = models.DateField(_("completed on"))
    photo = models.ImageField(_("photo of the certificate"), upload_to="skills/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("course finished")
        verbose_name_plural = _("courses finished")
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "certificate_number"], name="course_certificate_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_title} ({self.certificate_number})"


class TrainingSession(models.Model):
    """A training (tập huấn) for members, organised by a commune or a province."""

    SCOPE_PATH = "unit__path"

    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="training_sessions",
        verbose_name=_("organised by"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    tasks = models.ManyToManyField(Task, blank=True, verbose_name=_("tasks covered"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.title}"


class Attendance(models.Model):
    """A member present at a training session."""

    SCOPE_PATH = "session__unit__path"

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        "teams.Member", on_delete=models.CASCADE, related_name="training_attendance"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.session}"
