"""Writing activities: the one place with the rules, used by the entry page, the API, the
offline sync and imports alike.

An activity arrives in the wire format of DESIGN.md with the client's own UUID. Writing is
idempotent: the same UUID with the same content answers with the stored activity, the same
UUID with other content is a conflict and changes nothing. Every write is audited.
"""

import uuid
from collections.abc import Mapping
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from cdtt.accounts.models import Role
from cdtt.accounts.scoping import scope
from cdtt.audit.log import record
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period
from cdtt.teams.models import Member, Membership, Team, TeamRole

from .locks import lock_for, locked_message
from .models import Activity, ActivityType, Source
from .signals import activity_changed

MAX_COUNT = 1000  # per entry: a loudspeaker session may reach a whole village, not more
NOTE_LENGTH = 200
FIRST_DAY = date(2022, 1, 1)  # the teams were founded in 2022 (Công văn 793/BTTTT-THH)
BREAKDOWN = ("women", "ethnic_minority", "elderly")
COUNTS = ("people_helped", *BREAKDOWN, "households_without_smartphone")
# The fields that make an activity what it is: an identical resend repeats all of them.
CONTENT = ("member", "team", "village", "date", "type", *COUNTS, "note")
GENERAL = "non_field_errors"


class ActivityError(ValueError):
    """An activity that cannot be written; `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


class ActivityConflict(ActivityError):
    """The UUID is already stored with another content (HTTP 409)."""


def wire(activity: Activity) -> dict:
    """The activity in the published wire format (DESIGN.md)."""
    return {
        "id": str(activity.pk),
        "member": activity.member_id,
        "team": activity.team_id,
        "village": activity.village_id,
        "date": activity.date.isoformat(),
        "type": activity.type.code,
        **{name: getattr(activity, name) for name in COUNTS},
        "note": activity.note,
        "source": activity.source,
    }


def can_record_for(actor, member: Member, team: Team) -> bool:
    """A member records for themself, a leader or deputy for their team, officers for their
    subtree. The team must be inside the actor's subtree in every case."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if not scope(actor, Team.objects.filter(pk=team.pk)).exists():
        return False
    if actor.is_officer or member.user_id == actor.pk:
        return True
    if actor.role == Role.LEADER and actor.orgunit_id == team.unit_id:
        return True
    return (
        Membership.objects.current()
        .filter(team=team, member__user=actor, role__in=(TeamRole.LEADER, TeamRole.DEPUTY))
        .exists()
    )


# Parsing, one function per kind of value; each raises ValueError with the user's message.


def _integer(value) -> int:
    if isinstance(value, bool) or value is None:
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ValueError


def _day(value) -> date:
    if isinstance(value, date):
        return value
    try:
        day = parse_date(str(value).strip()) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError
    return day


def _note(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError
    return " ".join(value.split())


def _normal(data: Mapping) -> dict | None:
    """The content of an incoming activity in comparable form, or None if it cannot parse."""
    try:
        normal = {name: _integer(data.get(name)) for name in ("member", "team", "village")}
        normal["date"] = _day(data.get("date")).isoformat()
        normal["type"] = str(data.get("type", ""))
        normal["people_helped"] = _integer(data.get("people_helped"))
        for name in COUNTS[1:]:
            normal[name] = _integer(data.get(name, 0))
        normal["note"] = _note(data.get("note", ""))
    except ValueError:
        return None
    return normal


def _uuid(data: Mapping) -> uuid.UUID:
    value = data.get("id")
    if value in (None, ""):
        raise ActivityError(
            {"id": [_("The activity's id (a UUID made by the client) is missing.")]}
        )
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ActivityError({"id": [_("“%(value)s” is not a UUID.") % {"value": value}]}) from None


class _Checker:
    """Collects every problem of one activity, so the user sees them all at once."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def integer(self, data, field, *, default=None, low=0, high=MAX_COUNT):
        value = data.get(field, default)
        if value is None:
            self.add(field, _("This field is required."))
            return None
        try:
            number = _integer(value)
        except ValueError:
            self.add(field, _("“%(value)s” is not a whole number.") % {"value": value})
            return None
        if not low <= number <= high:
            self.add(
                field,
                _("%(value)s is out of bounds: between %(low)s and %(high)s.")
                % {"value": number, "low": low, "high": high},
            )
            return None
        return number


def _clean(actor, data: Mapping, *, member=None, team=None) -> dict:
    """Every rule of an activity's content; returns model fields or raises ActivityError."""
    check = _Checker()
    if member is None:
        member_id = check.integer(data, "member", low=1, high=2**62)
        member = scope(actor, Member.objects.all()).filter(pk=member_id).first()
        if member_id is not None and member is None:
            check.add("member", _("There is no member %(value)s.") % {"value": member_id})
    if team is None:
        team_id = check.integer(data, "team", low=1, high=2**62)
        team = scope(actor, Team.objects.select_related("unit")).filter(pk=team_id).first()
        if team_id is not None and team is None:
            check.add("team", _("There is no team %(value)s.") % {"value": team_id})

    village_id = check.integer(data, "village", low=1, high=2**62)
    village = None
    if village_id is not None and team is not None:
        village = (
            OrgUnit.objects.filter(
                pk=village_id,
                path__startswith=team.unit.path,
                level__in=(Level.COMMUNE, Level.VILLAGE),
            )
            .select_related("parent")
            .first()
        )
        if village is None:
            check.add(
                "village",
                _("Unit %(value)s is not %(unit)s nor one of its villages.")
                % {"value": village_id, "unit": team.unit.name},
            )

    day = None
    raw_date = data.get("date")
    try:
        day = _day(raw_date)
    except ValueError:
        check.add("date", _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw_date or ""})
    else:
        today = timezone.localdate()
        if day > today:
            check.add(
                "date", _("%(value)s is in the future.") % {"value": day.strftime("%d/%m/%Y")}
            )
            day = None
        elif day < FIRST_DAY:
            check.add(
                "date",
                _("%(value)s is before %(first)s, when the teams were founded.")
                % {"value": day.strftime("%d/%m/%Y"), "first": FIRST_DAY.strftime("%d/%m/%Y")},
            )
            day = None

    code = data.get("type")
    activity_type = (
        ActivityType.objects.active().filter(code=code).first() if isinstance(code, str) else None
    )
    if activity_type is None:
        check.add("type", _("“%(value)s” is not an activity type in use.") % {"value": code or ""})

    counts = {"people_helped": check.integer(data, "people_helped", low=1)}
    for field in COUNTS[1:]:
        counts[field] = check.integer(data, field, default=0)
    if counts["people_helped"] is not None:
        for field in BREAKDOWN:
            if counts[field] is not None and counts[field] > counts["people_helped"]:
                check.add(
                    field,
                    _("%(value)s is more than the count (%(total)s).")
                    % {"value": counts[field], "total": counts["people_helped"]},
                )

    try:
        note = _note(data.get("note", ""))
    except ValueError:
        check.add("note", _("The note must be text."))
    else:
        if len(note) > NOTE_LENGTH:
            check.add(
                "note",
                _("The note has %(value)s characters; at most %(limit)s.")
                % {"value": len(note), "limit": NOTE_LENGTH},
            )

    if member is not None and team is not None:
        if not can_record_for(actor, member, team):
            check.add(
                "member",
                _("You may not record activities for %(member)s in this team.")
                % {"member": member.full_name},
            )
        elif (
            day is not None
            and not Membership.objects.current(on=day).filter(team=team, member=member).exists()
        ):
            check.add(
                "member",
                _("%(member)s was not a member of this team on %(date)s.")
                % {"member": member.full_name, "date": day.strftime("%d/%m/%Y")},
            )
    if team is not None and day is not None:
        lock = lock_for(team, Period.of(day))
        if lock is not None:
            check.add("date", locked_message(lock))

    if check.errors:
        raise ActivityError(check.errors)
    return {
        "member": member,
        "team": team,
        "village": village,
        "date": day,
        "type": activity_type,
        **counts,
        "note": note,
    }


def _source(data: Mapping, default: str) -> str:
    given = data.get("source")
    if given in (None, ""):
        return default
    if given not in Source.values:
        raise ActivityError(
            {"source": [_("“%(value)s” is not a known source.") % {"value": given}]}
        )
    return given


def _answer_resend(actor, stored: Activity, data: Mapping) -> tuple[Activity, bool]:
    """An id already stored: the same content is the stored activity, else a conflict."""
    visible = scope(actor, Activity.objects.filter(pk=stored.pk)).exists()
    if visible and _normal(data) == {name: wire(stored)[name] for name in CONTENT}:
        return stored, False
    raise ActivityConflict(
        {
            "id": [
                _("An activity with id %(value)s is already stored with another content.")
                % {"value": stored.pk}
            ]
        }
    )


def record_activity(actor, data: Mapping, source: str = Source.WEB) -> tuple[Activity, bool]:
    """Store one activity; returns (activity, created). Raises ActivityError (invalid) or
    ActivityConflict (the id is taken by another content)."""
    if not isinstance(data, Mapping):
        raise ActivityError({GENERAL: [_("An activity must be an object.")]})
    activity_id = _uuid(data)
    stored = Activity.objects.select_related("type").filter(pk=activity_id).first()
    if stored is not None:
        return _answer_resend(actor, stored, data)
    fields = _clean(actor, data)
    fields["source"] = _source(data, source)
    try:
        with transaction.atomic():
            activity = Activity.objects.create(
                id=activity_id, recorded_by=actor if actor.pk else None, **fields
            )
            record(
                actor,
                "activity_created",
                activity,
                orgunit_path=activity.team.unit.path,
                after=wire(activity),
            )
            activity_changed.send(sender=Activity, before=None, after=wire(activity))
    except IntegrityError:
        # The same id arrived twice at once: the other request stored it first.
        stored = Activity.objects.select_related("type").filter(pk=activity_id).first()
        if stored is None:
            raise
        return _answer_resend(actor, stored, data)
    return activity, True


def _check_editable(actor, activity: Activity) -> None:
    if not can_record_for(actor, activity.member, activity.team):
        raise ActivityError({GENERAL: [_("You may not change this activity.")]})
    lock = lock_for(activity.team, activity.period)
    if lock is not None:
        raise ActivityError({"date": [locked_message(lock)]})


@transaction.atomic
def update_activity(actor, activity: Activity, changes: Mapping) -> Activity:
    """Change an activity's village, date, type, counts or note, until its month is locked."""
    _check_editable(actor, activity)
    before = wire(activity)
    data = {**before, **{k: v for k, v in changes.items() if k not in ("id", "member", "team")}}
    fields = _clean(actor, data, member=activity.member, team=activity.team)
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.save()
    record(
        actor,
        "activity_updated",
        activity,
        orgunit_path=activity.team.unit.path,
        before=before,
        after=wire(activity),
    )
    activity_changed.send(sender=Activity, before=before, after=wire(activity))
    return activity


@transaction.atomic
def delete_activity(actor, activity: Activity) -> None:
    """Delete an activity, until its month is locked; the audit log keeps what it was."""
    _check_editable(actor, activity)
    before = wire(activity)
    record(
        actor,
        "activity_deleted",
        activity,
        orgunit_path=activity.team.unit.path,
        before=before,
    )
    activity.delete()
    activity_changed.send(sender=Activity, before=before, after=None)
