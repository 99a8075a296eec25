"""Users: each bound to one org unit and one role; that unit's subtree is all they may see.

Also what an account lives by: its one-time activation codes, the failed logins counted
against it and its locks, and the API tokens of its devices.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from cdtt.orgunits.models import Level
from cdtt.orgunits.subtree import SubtreeQuerySet
from cdtt.vietnamese import fold, normalize_phone, sort_key


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
# Who outranks whom: a user manages only accounts of a lower rank (administrators: all).
RANK = {Role.MEMBER: 0, Role.LEADER: 1, Role.COMMUNE: 2, Role.PROVINCE: 3, Role.ADMIN: 4}


class Deactivation(models.TextChoices):
    """Why an account was closed: the membership rule reopens only what it closed."""

    MEMBERSHIP = "membership", _("no longer on any team")
    OFFICER = "officer", _("closed by an officer")


class Users(UserManager.from_queryset(SubtreeQuerySet)):
    """Django's user manager, with `in_subtree` on its querysets like every scoped model's."""


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
    deactivated = models.CharField(
        _("closed because"), max_length=10, choices=Deactivation.choices, blank=True
    )
    # Raised to end every session of the user at once (a reset, a deactivation).
    sessions_epoch = models.PositiveIntegerField(default=0, editable=False)
    name_folded = models.CharField(max_length=301, db_index=True, editable=False, default="")
    name_sort = models.CharField(max_length=1000, db_index=True, editable=False, default="")

    objects = Users()

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
        self.name_folded = fold(self.get_full_name())
        self.name_sort = sort_key(self.get_full_name())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_folded", "name_sort"}
        super().save(*args, **kwargs)

    def _get_session_auth_hash(self, secret=None) -> str:
        """Django's session check, with the epoch: raising it logs the user out everywhere
        while keeping the password (an account closed today may reopen with it)."""
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        # Epoch 0 hashes as Django does, so that sessions open before this field survive.
        value = f"{self.password}:{self.sessions_epoch}" if self.sessions_epoch else self.password
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names, then the given name ("Lò Văn Thanh")."""
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES


class CodeQuerySet(SubtreeQuerySet):
    def pending(self, now=None) -> "CodeQuerySet":
        """Codes that can still be used: not used, not replaced, not expired."""
        from django.utils import timezone

        return self.filter(used_at=None, revoked_at=None, expires_at__gt=now or timezone.now())


class ActivationCode(models.Model):
    """A one-time code to activate an account or set a new password (mã kích hoạt).

    The code itself is never stored: `digest` is a keyed hash that checks it, and `seed` lets
    the slips page derive it again, with the server's secret key, while it may be used.
    """

    SCOPE_PATH = "user__orgunit__path"

    class Kind(models.TextChoices):
        ISSUED = "issued", _("issued by an officer or a leader")
        SMS = "sms", _("asked for by SMS")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activation_codes"
    )
    kind = models.CharField(max_length=6, choices=Kind.choices, default=Kind.ISSUED)
    batch = models.CharField(max_length=32, blank=True, db_index=True)  # slips printed together
    seed = models.CharField(max_length=32, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"code #{self.pk} of user {self.user_id}"


class LoginFailure(models.Model):
    """One wrong password or code, counted against an account (or the login typed, when no
    account has it) and against the address it came from (a keyed hash, never the address)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    login = models.CharField(max_length=150, blank=True)
    address = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "at"]),
            models.Index(fields=["login", "at"]),
            models.Index(fields=["address", "at"]),
        ]

    def __str__(self) -> str:
        return f"failure at {self.at:%Y-%m-%d %H:%M}"


class LoginLock(models.Model):
    """Logins refused until `until`: for an account from one address, for an account from
    anywhere (address blank), or for an address whatever the account (no user, no login)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="login_locks"
    )
    login = models.CharField(max_length=150, blank=True)
    address = models.CharField(max_length=64, blank=True)
    until = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["user", "until"]), models.Index(fields=["login", "until"])]

    def __str__(self) -> str:
        return f"lock until {self.until:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A device's key to the API (`Authorization: Token …`); kept as a hash, ended after
    API_TOKEN_IDLE_DAYS without use, listed and revocable on the user's page."""

    SCOPE_PATH = "user__orgunit__path"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    device = models.CharField(_("device"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), db_index=True)

    objects = SubtreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-last_used_at", "-id"]

    def __str__(self) -> str:
        return f"{self.device or 'token'} of user {self.user_id}"
