"""Users: each bound to one org unit and one role; that unit's subtree is all they may see."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cdtt.orgunits.models import Level
from cdtt.vietnamese import normalize_phone


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PROVINCE = "province", _("Province officer")
    COMMUNE = "commune", _("Commune officer (steering committee)")
    LEADER = "leader", _("Team leader")
    MEMBER = "member", _("Member")


# The unit levels each role may be bound to.
ROLE_LEVELS = {
    Role.PROVINCE: {Level.PROVINCE},
    Role.COMMUNE: {Level.COMMUNE},
    Role.LEADER: {Level.COMMUNE, Level.VILLAGE},
    Role.MEMBER: {Level.COMMUNE, Level.VILLAGE},
}
OFFICER_ROLES = {Role.ADMIN, Role.PROVINCE, Role.COMMUNE}


class User(AbstractUser):
    SCOPE_PATH = "orgunit__path"

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    orgunit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("unit"),
    )
    phone = models.CharField(_("phone number"), max_length=10, unique=True, null=True, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        if self.phone:
            try:
                self.phone = normalize_phone(self.phone)
            except ValueError as error:
                raise ValidationError({"phone": str(error)}) from error
        if self.role != Role.ADMIN:
            if self.orgunit is None:
                raise ValidationError(
                    {"orgunit": _("Every user except administrators is bound to a unit.")}
                )
            if self.orgunit.level not in ROLE_LEVELS[self.role]:
                raise ValidationError(
                    {"orgunit": _("This role cannot be bound to this level of unit.")}
                )

    def save(self, *args, **kwargs) -> None:
        if self.phone:
            self.phone = normalize_phone(self.phone)
        else:
            self.phone = None
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names, then the given name ("Lò Văn Thanh")."""
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES
