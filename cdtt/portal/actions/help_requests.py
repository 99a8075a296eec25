"""Help requests from asking to rating: the one place with their rules.

A resident asks; the request lands in the queue of the team of their village; the leader
(or an officer above) assigns a member; the member marks it done; the resident follows it
and rates it with a short code. Requests nobody took are escalated to the commune, and the
personal data of closed requests is erased after a while; counts and ratings stay.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from cdtt.accounts.models import OFFICER_ROLES, Role, User
from cdtt.accounts.scoping import scope
from cdtt.audit.log import record
from cdtt.notify.actions import notify
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.teams.models import Member, Membership
from cdtt.vietnamese import clean_name, normalize_phone

from ..models import HelpRequest, HelpStatus

# No 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: read aloud over the phone or copied by hand safely.
CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
CODE_LENGTH = 8
ASSIGNERS = {Role.LEADER, *OFFICER_ROLES}


class HelpRequestError(ValueError):
    """A step the request's state or the people involved do not allow."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """What a resident types ("k7mx 3pqa", "K7MX-3PQA") as stored."""
    return "".join(c for c in str(text).upper() if c.isalnum())[: CODE_LENGTH + 4]


def find_by_code(code: str) -> HelpRequest | None:
    code = normalize_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return HelpRequest.objects.select_related("village", "assigned_to").filter(code=code).first()


def submit_help_request(
    *, village: OrgUnit, name: str, phone: str, topic: str, need: str, now: datetime | None = None
) -> HelpRequest:
    """File a resident's request in their village's queue and tell the village's leaders."""
    if village.level != Level.VILLAGE or village.valid_until is not None:
        raise HelpRequestError(_("Choose a village."))
    fields = {
        "village": village,
        "name": clean_name(name),
        "phone": normalize_phone(phone),
        "topic": topic,
        "need": need.strip(),
        "created_at": now or timezone.now(),
    }
    for _attempt in range(5):
        try:
            with transaction.atomic():
                request = HelpRequest.objects.create(code=new_code(), **fields)
                break
        except IntegrityError:  # the code was taken: draw another
            continue
    else:
        raise HelpRequestError("no free code")  # 23^8 codes: does not happen in practice
    record(None, "portal.help.create", request, orgunit_path=village.path)
    for leader in User.objects.filter(role=Role.LEADER, orgunit=village, is_active=True):
        _tell(
            leader,
            f"help:new:{request.pk}",
            gettext_lazy("New help request in %(village)s"),
            request,
        )
    return request


def members_who_can_help(request: HelpRequest, on=None) -> QuerySet:
    """Members of the village's team; once escalated, of the commune's team as well."""
    units = [request.village_id]
    if request.escalated_at is not None and request.village.parent_id:
        units.append(request.village.parent_id)
    memberships = Membership.objects.current(on).filter(team__unit__in=units)
    return Member.objects.filter(pk__in=memberships.values("member")).vietnamese_order()


def _in_scope(user, request: HelpRequest) -> bool:
    return scope(user, HelpRequest.objects.filter(pk=request.pk)).exists()


def can_assign(user, request: HelpRequest) -> bool:
    return user.role in ASSIGNERS and request.status != HelpStatus.DONE and _in_scope(user, request)


def can_mark_done(user, request: HelpRequest) -> bool:
    """The member helping, or the leader or an officer on their behalf."""
    if request.status != HelpStatus.ASSIGNED or not _in_scope(user, request):
        return False
    helper = request.assigned_to
    return user.role in ASSIGNERS or (helper is not None and helper.user_id == user.pk)


@transaction.atomic
def assign(actor, request: HelpRequest, member: Member, now: datetime | None = None):
    """Give the request to a member of the team (again, to change the helper)."""
    if not can_assign(actor, request):
        raise PermissionDenied
    if not members_who_can_help(request).filter(pk=member.pk).exists():
        raise HelpRequestError(_("This person is not a member of the team."))
    before = {"status": request.status, "assigned_to": request.assigned_to_id}
    request.status = HelpStatus.ASSIGNED
    request.assigned_to = member
    request.assigned_by = actor
    request.assigned_at = now or timezone.now()
    request.save(update_fields=["status", "assigned_to", "assigned_by", "assigned_at"])
    record(
        actor,
        "portal.help.assign",
        request,
        orgunit_path=request.village.path,
        before=before,
        after={"status": request.status, "assigned_to": member.pk},
    )
    if member.user_id:
        _tell(
            member.user,
            f"help:assigned:{request.pk}:{member.pk}",
            gettext_lazy("A resident of %(village)s needs your help"),
            request,
        )
    return request


@transaction.atomic
def mark_done(actor, request: HelpRequest, note: str, now: datetime | None = None, activity=None):
    """Close the request as helped, linking the activity the help became when there is one
    (it must be an activity in the request's village)."""
    if not can_mark_done(actor, request):
        raise PermissionDenied
    if activity is not None and activity.village_id != request.village_id:
        raise HelpRequestError(_("That activity was not in the village of this request."))
    request.activity = activity
    request.status = HelpStatus.DONE
    request.done_by = actor
    request.done_at = now or timezone.now()
    request.done_note = note.strip()
    request.save(update_fields=["status", "done_by", "done_at", "done_note", "activity"])
    record(
        actor,
        "portal.help.done",
        request,
        orgunit_path=request.village.path,
        after={"status": request.status, "activity": str(activity.pk) if activity else None},
    )
    return request


def activities_for(request: HelpRequest):
    """The helper's activities in the request's village since it was made: what it became."""
    from cdtt.activities.models import Activity

    if request.assigned_to_id is None:
        return Activity.objects.none()
    return (
        Activity.objects.filter(
            member_id=request.assigned_to_id,
            village_id=request.village_id,
            date__gte=timezone.localtime(request.created_at).date(),
        )
        .select_related("type")
        .order_by("-date")[:20]
    )


def rate_help(request: HelpRequest, stars: int, comment: str, now: datetime | None = None) -> bool:
    """The resident's 1–5 stars, once, after the help was given; False if already rated."""
    if request.status != HelpStatus.DONE:
        raise HelpRequestError(_("You can rate the help once it is done."))
    if not 1 <= stars <= 5:
        raise HelpRequestError(_("Choose from 1 to 5 stars."))
    updated = HelpRequest.objects.filter(pk=request.pk, rating__isnull=True).update(
        rating=stars,
        rating_comment="" if request.erased_at else comment.strip(),
        rated_at=now or timezone.now(),
    )
    request.refresh_from_db()
    return bool(updated)


def escalate_unanswered(now: datetime | None = None, days: int | None = None) -> int:
    """Send requests nobody took within N days up to the commune; each only once."""
    now = now or timezone.now()
    days = settings.PORTAL_ESCALATE_AFTER_DAYS if days is None else days
    waiting = HelpRequest.objects.unanswered_since(now - timedelta(days=days)).filter(
        escalated_at__isnull=True
    )
    escalated = 0
    for request in waiting.select_related("village"):
        with transaction.atomic():
            claimed = HelpRequest.objects.filter(pk=request.pk, escalated_at__isnull=True).update(
                escalated_at=now
            )
            if not claimed:
                continue
            escalated += 1
            record(None, "portal.help.escalate", request, orgunit_path=request.village.path)
        officers = User.objects.filter(
            role=Role.COMMUNE, orgunit_id=request.village.parent_id, is_active=True
        )
        for officer in officers:
            _tell(
                officer,
                f"help:escalated:{request.pk}",
                gettext_lazy("A help request in %(village)s has waited %(days)s days"),
                request,
                days=days,
            )
    return escalated


def erase_closed(now: datetime | None = None, days: int | None = None) -> int:
    """Blank the personal data of requests closed more than M days ago; keep the rest."""
    now = now or timezone.now()
    days = settings.PORTAL_ERASE_AFTER_DAYS if days is None else days
    due = HelpRequest.objects.filter(
        status=HelpStatus.DONE, done_at__lte=now - timedelta(days=days), erased_at__isnull=True
    ).select_related("village")
    erased = 0
    for request in due:
        with transaction.atomic():
            if HelpRequest.objects.filter(pk=request.pk, erased_at__isnull=True).update(
                name="", phone="", need="", done_note="", rating_comment="", erased_at=now
            ):
                erased += 1
                record(None, "portal.help.erase", request, orgunit_path=request.village.path)
    return erased


def _tell(user, key: str, subject, request: HelpRequest, **params) -> None:
    """A notice in Vietnamese, without the resident's personal data."""
    with override(settings.LANGUAGE_CODE):
        subject = str(subject) % {"village": request.village.name, **params}
        body = _("Topic: %(topic)s. Code %(code)s.") % {
            "topic": request.get_topic_display(),
            "code": request.code_display,
        }
    notify(user, f"{key}:{user.pk}", subject, body, url=reverse("portal:help_queue"))
