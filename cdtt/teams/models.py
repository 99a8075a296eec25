"""Teams (Tổ công nghệ số cộng đồng), their members and memberships, skills and training.

One team per commune and per village unit. A member (a person) may belong to a commune team
and a village team at once; a membership has a start and an end, and ending it keeps it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cdtt.orgunits.subtree import SubtreeQuerySet
from cdtt.vietnamese import fold, sort_key


class Team(models.Model):
    """The community digital technology team of one commune or village."""

    SCOPE_PATH = "unit__path"

    unit = models.OneToOneField(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="team", verbose_name=_("unit")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return _("Digital technology team of %(unit)s") % {"unit": self.unit.name}


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Affiliation(models.TextChoices):
    """Đoàn thể / đơn vị công tác: where the member comes from."""

    YOUTH_UNION = "youth_union", _("Youth Union")
    WOMEN_UNION = "women_union", _("Women's Union")
    VETERANS = "veterans", _("Veterans' Association")
    FARMERS = "farmers", _("Farmers' Association")
    POLICE = "police", _("Police")
    JUSTICE = "justice", _("Justice and civil status")
    VILLAGE_HEAD = "village_head", _("Village head")
    FRONT = "front", _("Fatherland Front")
    TEACHER = "teacher", _("School")
    HEALTH = "health", _("Health station")
    OTHER = "other", _("Other")


class Skill(models.TextChoices):
    """What a member can guide residents through."""

    VNEID = "vneid", _("VNeID level-2 activation")
    VSSID = "vssid", _("VSSID (social insurance)")
    PUBLIC_SERVICES = "public_services", _("Online public services")
    CASHLESS = "cashless", _("Cashless payment")
    ECOMMERCE = "ecommerce", _("E-commerce")
    SCAMS = "scams", _("Recognising online scams")
    HEALTH_RECORD = "health_record", _("Digital health records")


class MemberQuerySet(SubtreeQuerySet):
    def search(self, query: str) -> "MemberQuerySet":
        query = query.strip()
        return self.filter(name_folded__contains=fold(query)) if query else self

    def vietnamese_order(self) -> "MemberQuerySet":
        return self.order_by("name_sort", "full_name")


class Member(models.Model):
    """A person on one or more teams. Ethnicity is sensitive data: optional, never public."""

    SCOPE_PATH = "memberships__team__unit__path"
    SCOPE_MANY = True

    full_name = models.CharField(_("full name"), max_length=120)
    phone = models.CharField(_("phone number"), max_length=10, unique=True, null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=40, blank=True)
    affiliation = models.CharField(
        _("affiliation"), max_length=20, choices=Affiliation.choices, blank=True
    )
    affiliation_note = models.CharField(_("affiliation as written"), max_length=120, blank=True)
    skills = models.JSONField(_("can guide"), default=list, blank=True)
    phone_public = models.BooleanField(
        _("agrees to publish the phone number in the public team directory"), default=False
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("user account"),
    )
    name_folded = models.CharField(max_length=120, db_index=True, editable=False, default="")
    name_sort = models.CharField(max_length=400, db_index=True, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name_sort", "full_name"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.name_folded = fold(self.full_name)
        self.name_sort = sort_key(self.full_name)
        super().save(*args, **kwargs)


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Leader (tổ trưởng)")
    DEPUTY = "deputy", _("Deputy (tổ phó)")
    MEMBER = "member", _("Member (thành viên)")


class MembershipQuerySet(SubtreeQuerySet):
    def current(self, on=None) -> "MembershipQuerySet":
        """Memberships in force on a day (today by default)."""
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))

    def overlapping(self, first_day, last_day) -> "MembershipQuerySet":
        """Memberships in force on at least one day of [first_day, last_day]."""
        return self.filter(start__lte=last_day).filter(Q(end__isnull=True) | Q(end__gte=first_day))


class Membership(models.Model):
    SCOPE_PATH = "team__unit__path"

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("team")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("member")
    )
    role = models.CharField(
        _("role in the team"), max_length=8, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["team", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["team", "member"],
                condition=Q(end__isnull=True),
                name="membership_one_open_per_team",
            ),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(end__isnull=True, role="leader"),
                name="membership_one_open_leader_per_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.team} ({self.get_role_display()})"


class Training(models.Model):
    """A training session a member attended."""

    SCOPE_PATH = "member__memberships__team__unit__path"
    SCOPE_MANY = True

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("member")
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.topic}"
