"""An account's life: created, given a code, activated, locked and unlocked, closed and
reopened, its role changed, its tokens revoked. The one place with these writes.

Pages, the API, the members' bulk issuing (teams) and the nightly job all call these
functions. Each checks the actor's right (`access`), writes in a transaction and leaves an
audit entry; the actor None is the system (a membership ending, the member themself).
"""

import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cdtt.audit.log import record, record_many
from cdtt.orgunits.models import OrgUnit
from cdtt.vietnamese import clean_name, fold, normalize_phone, sort_key

from . import codes, lockout
from .access import Action, grantable_roles, may_bind, require
from .models import ActivationCode, ApiToken, Deactivation, Role, User

GENERAL = "__all__"
UNIT_REFUSED = gettext_lazy("Choose a unit of your area at a level this role fits.")


class AccountError(ValueError):
    """A write that cannot be done; `errors` maps each field (or "__all__") to messages."""

    def __init__(self, errors: dict[str, list[str]] | str):
        if isinstance(errors, str):
            errors = {GENERAL: [errors]}
        super().__init__("; ".join(" ".join(v) for v in errors.values()))
        self.errors = errors


def _path(user: User) -> str:
    return user.orgunit.path if user.orgunit_id else ""


def unusable_password() -> str:
    """What `set_unusable_password` stores (the prefix Django reads as "no password", then
    random characters), from one call of the system's random source instead of forty."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def split_name(full_name: str) -> tuple[str, str]:
    """Vietnamese order: ("Lường Thị", "Mai") for "Lường Thị Mai" (family names, given name)."""
    words = clean_name(full_name).split(" ")
    return " ".join(words[:-1]), words[-1]


def end_access(user: User) -> None:
    """End every session and API token of the user (the password, if any, is kept)."""
    user.sessions_epoch += 1
    User.objects.filter(pk=user.pk).update(sessions_epoch=user.sessions_epoch)
    ApiToken.objects.filter(user=user).delete()


def _send_code(user: User, code: ActivationCode) -> None:
    """By SMS where it is configured, once per code, after the code is committed."""
    if not settings.SMS_ENABLED or not user.phone:
        return
    from cdtt.notify.actions import notify
    from cdtt.notify.models import Channel

    plain = codes.derive(code.seed)
    subject = _("cdtt activation code")
    body = _(
        "Your code is %(code)s, valid until %(day)s. Open %(url)s and type it with your "
        "phone number."
    ) % {
        "code": codes.spaced(plain),
        "day": timezone.localtime(code.expires_at).strftime("%d/%m/%Y"),
        "url": f"{settings.SITE_URL}{codes.ACTIVATION_PATH}",
    }
    transaction.on_commit(
        lambda: notify(user, f"account-code:{code.pk}", subject, body, channels=[Channel.SMS])
    )


def _clean_phone(phone: str) -> str:
    try:
        return normalize_phone(phone)
    except ValueError as error:
        raise AccountError({"phone": [str(error)]}) from error


@transaction.atomic
def create_account(actor, *, full_name: str, phone: str, role: str, orgunit: OrgUnit | None):
    """A new account (not yet activated) for someone who is not on a team list, such as a
    commune officer; its username is the phone number. Returns (user, code)."""
    if role not in grantable_roles(actor):
        raise PermissionDenied
    errors = {}
    last, first = split_name(full_name or "")
    if not first:
        errors["full_name"] = [_("the name is missing")]
    try:
        phone = _clean_phone(phone)
    except AccountError as error:
        errors.update(error.errors)
    else:
        if User.objects.filter(Q(phone=phone) | Q(username=phone)).exists():
            errors["phone"] = [_("This phone number already has an account.")]
    if not may_bind(actor, role, orgunit):
        errors["orgunit"] = [str(UNIT_REFUSED)]
    if errors:
        raise AccountError(errors)
    user = User(username=phone, phone=phone, role=role, orgunit=orgunit,
                last_name=last, first_name=first)  # fmt: skip
    user.set_unusable_password()
    user.save()
    record(actor, "create", user, orgunit_path=_path(user),
           after={"username": user.username, "role": role, "orgunit": user.orgunit_id})  # fmt: skip
    return user, issue_code(actor, user)


@transaction.atomic
def issue_code(actor, user: User, *, kind: str = ActivationCode.Kind.ISSUED) -> ActivationCode:
    """A new one-time code for the account; earlier codes stop working.

    Issued by someone who manages the account, it is a reset: the password stops working
    and every session and API token ends. Asked for by the member (kind SMS), the password
    works until the code is used.
    """
    if kind == ActivationCode.Kind.ISSUED and actor is not None:
        require(actor, Action.ISSUE, user)
    if not user.is_active:
        raise AccountError(_("This account is closed; reopen it first."))
    now = timezone.now()
    ActivationCode.objects.filter(user=user).pending(now).update(revoked_at=now)
    reset = kind == ActivationCode.Kind.ISSUED and user.has_usable_password()
    if reset:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        end_access(user)
    code = codes.new_code(user, issued_by=actor, kind=kind, now=now)
    code.save()
    record(actor, "reset" if reset else "issue_code", user, orgunit_path=_path(user),
           after={"code": code.pk, "kind": kind,
                  "expires": timezone.localtime(code.expires_at).date().isoformat()})  # fmt: skip
    _send_code(user, code)
    return code


@dataclass
class Person:
    """Someone to issue an account for, as the caller (teams) knows them."""

    key: object  # the caller's id for the person
    full_name: str
    phone: str | None
    orgunit: OrgUnit
    role: str
    user: User | None = None  # the account already theirs, if any


@dataclass
class Issued:
    """What one bulk issue did."""

    codes: list[ActivationCode] = field(default_factory=list)
    created: list[tuple[Person, User]] = field(default_factory=list)  # to link to the person
    skipped: list[tuple[Person, str]] = field(default_factory=list)


@transaction.atomic
def issue_accounts(actor, people: list[Person], *, batch: str = "") -> Issued:
    """Accounts and codes for many people at once, in a few statements.

    Someone without an account gets one (username: the phone number) and a code; someone
    whose account is not yet activated gets a new code (the earlier one stops working);
    `batch` names the run, so that its slips print together;
    anyone already active, closed, without a phone number, or whose phone number is
    another account's is skipped, with the reason.
    """
    now = timezone.now()
    done = Issued()
    phones = {p.phone for p in people if p.user is None and p.phone}
    taken = set(User.objects.filter(phone__in=phones).values_list("phone", flat=True))
    taken |= set(User.objects.filter(username__in=phones).values_list("username", flat=True))
    reissued, new = [], []
    for person in people:
        user = person.user
        if user is not None:
            if not user.is_active:
                done.skipped.append((person, _("account closed")))
            elif user.has_usable_password():
                done.skipped.append((person, _("already active")))
            else:
                reissued.append(user)
        elif not person.phone:
            done.skipped.append((person, _("no phone number")))
        elif person.phone in taken:
            done.skipped.append((person, _("the phone number is another account's")))
        else:
            taken.add(person.phone)
            last, first = split_name(person.full_name)
            user = User(username=person.phone, phone=person.phone, role=person.role,
                        orgunit=person.orgunit, last_name=last, first_name=first,
                        password=unusable_password())  # fmt: skip
            user.name_folded = fold(user.get_full_name())  # bulk_create skips save()
            user.name_sort = sort_key(user.get_full_name())
            new.append((person, user))
    User.objects.bulk_create([u for _p, u in new], batch_size=500)
    done.created = new
    ActivationCode.objects.filter(user__in=reissued).pending(now).update(revoked_at=now)
    users = reissued + [u for _p, u in new]
    done.codes = [codes.new_code(u, issued_by=actor, kind=ActivationCode.Kind.ISSUED, now=now,
                                 batch=batch) for u in users]  # fmt: skip
    ActivationCode.objects.bulk_create(done.codes, batch_size=500)
    expires = timezone.localtime(now).date().isoformat()
    record_many(actor, "issue_code",
                [(c.user, _path(c.user), {"code": c.pk, "kind": c.kind, "issued": expires})
                 for c in done.codes])  # fmt: skip
    for code in done.codes:
        _send_code(code.user, code)
    return done


@transaction.atomic
def activate(code: ActivationCode, password: str, password_again: str) -> User:
    """The member chose a password with a valid code: the code is used, the account is
    activated, every earlier session and token ends, its failed logins are forgotten."""
    user = code.user
    errors = {}
    if password != password_again:
        errors["password_again"] = [_("The two passwords are not the same.")]
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise AccountError(errors)
    now = timezone.now()
    claimed = ActivationCode.objects.filter(pk=code.pk).pending(now).update(used_at=now)
    if not claimed:  # used, replaced or expired since it was checked
        raise AccountError(str(codes.USED))
    user.set_password(password)
    user.save(update_fields=["password"])
    end_access(user)
    lockout.unlock(user)
    record(user, "activate", user, orgunit_path=_path(user), after={"code": code.pk})
    return user


@transaction.atomic
def unlock(actor, user: User) -> int:
    require(actor, Action.UNLOCK, user)
    lifted = lockout.unlock(user)
    record(actor, "unlock", user, orgunit_path=_path(user), after={"locks": lifted})
    return lifted


@transaction.atomic
def deactivate(actor, user: User, reason: str = Deactivation.OFFICER) -> bool:
    """Close the account: no login, every session and token ends. False if it was closed."""
    if actor is not None:
        require(actor, Action.DEACTIVATE, user)
    if not user.is_active:
        return False
    user.is_active, user.deactivated = False, reason
    user.save(update_fields=["is_active", "deactivated"])
    end_access(user)
    record(actor, "deactivate", user, orgunit_path=_path(user),
           before={"is_active": True}, after={"is_active": False, "reason": reason})  # fmt: skip
    return True


@transaction.atomic
def reactivate(actor, user: User) -> bool:
    """Reopen a closed account (its password, if any, works again). False if it was open."""
    if actor is not None:
        require(actor, Action.REACTIVATE, user)
    if user.is_active:
        return False
    before = user.deactivated
    user.is_active, user.deactivated = True, ""
    user.save(update_fields=["is_active", "deactivated"])
    record(actor, "reactivate", user, orgunit_path=_path(user),
           before={"is_active": False, "reason": before}, after={"is_active": True})  # fmt: skip
    return True


def follow_memberships(user: User, *, on_a_team: bool) -> bool:
    """Accounts follow memberships: closed when its member is on no team any more, reopened
    when they join one again (only if it was closed for that reason). True if changed."""
    if not on_a_team and user.is_active:
        return deactivate(None, user, Deactivation.MEMBERSHIP)
    if on_a_team and not user.is_active and user.deactivated == Deactivation.MEMBERSHIP:
        return reactivate(None, user)
    return False


@transaction.atomic
def change_role(actor, user: User, role: str, orgunit: OrgUnit | None) -> User:
    """Give the account another role, or bind it to another unit, within the actor's right."""
    require(actor, Action.GRANT, user)
    if role not in grantable_roles(actor):
        raise PermissionDenied
    if not may_bind(actor, role, orgunit):
        raise AccountError({"orgunit": [str(UNIT_REFUSED)]})
    before = {"role": user.role, "orgunit": user.orgunit_id}
    user.role, user.orgunit = role, orgunit
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.save(update_fields=["role", "orgunit", "is_staff", "is_superuser"])
    after = {"role": role, "orgunit": user.orgunit_id}
    if after != before:
        record(actor, "change_role", user, orgunit_path=_path(user), before=before, after=after)
    return user


@transaction.atomic
def revoke_token(actor, token: ApiToken) -> None:
    """End one device's API token: its owner may, and whoever manages the owner."""
    if token.user_id != actor.pk:
        require(actor, Action.TOKENS, token.user)
    record(actor, "revoke_token", token.user, orgunit_path=_path(token.user),
           before={"token": token.pk, "device": token.device})  # fmt: skip
    token.delete()


def request_sms_code(user: User | None) -> ActivationCode | None:
    """A member forgot their password: a code by SMS, at most SMS_RESET_PER_DAY a day.
    Nothing happens (and nothing says so) for an unknown phone or a closed account."""
    if user is None or not user.is_active or not settings.SMS_ENABLED:
        return None
    since = timezone.now() - timezone.timedelta(days=1)
    asked = user.activation_codes.filter(kind=ActivationCode.Kind.SMS, created_at__gte=since)
    if asked.count() >= settings.SMS_RESET_PER_DAY:
        return None
    return issue_code(None, user, kind=ActivationCode.Kind.SMS)
