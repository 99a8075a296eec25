"""Help requests ("Nhờ hỗ trợ"): a resident asks, the village team helps, the resident rates.

The resident's name, phone and words are personal data kept for one purpose: helping. They
are erased PORTAL_ERASE_AFTER_DAYS after the request is closed; the row stays, as counts
and ratings.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdtt.orgunits.subtree import SubtreeQuerySet


class Topic(models.TextChoices):
    VNEID = "vneid", _("VNeID (electronic ID)")
    VSSID = "vssid", _("VSSID (social insurance)")
    PUBLIC_SERVICES = "public_services", _("Online public services")
    CASHLESS = "cashless", _("Cashless payment")
    SCAMS = "scams", _("A suspicious call or message")
    OTHER = "other", _("Something else")


class HelpStatus(models.TextChoices):
    NEW = "new", _("Waiting for a helper")
    ASSIGNED = "assigned", _("A member is helping")
    DONE = "done", _("Done")


class HelpRequestQuerySet(SubtreeQuerySet):
    def open(self) -> "HelpRequestQuerySet":
        return self.exclude(status=HelpStatus.DONE)

    def unanswered_since(self, moment) -> "HelpRequestQuerySet":
        """Still waiting for a helper, asked before `moment`."""
        return self.filter(status=HelpStatus.NEW, created_at__lte=moment)


class HelpRequest(models.Model):
    """A resident's request; it sits in the queue of the team of its village."""

    SCOPE_PATH = "village__path"

    code = models.CharField(_("follow-up code"), max_length=8, unique=True)
    village = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="help_requests",
        verbose_name=_("village"),
    )
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    # Personal data: blank once erased.
    name = models.CharField(_("name"), max_length=80, blank=True)
    phone = models.CharField(_("phone number"), max_length=10, blank=True)
    need = models.TextField(_("what is needed"), blank=True)

    status = models.CharField(
        _("status"), max_length=8, choices=HelpStatus.choices, default=HelpStatus.NEW
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    escalated_at = models.DateTimeField(_("escalated to the commune"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        "teams.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("helper"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, db_index=True)
    done_note = models.TextField(_("what was done"), blank=True)
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("the activity it became"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("resident's comment"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="portal_help_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code_display(self) -> str:
        """The code as printed for people: two groups of four ("K7MX-3PQA")."""
        return f"{self.code[:4]}-{self.code[4:]}"
