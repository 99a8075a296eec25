"""The rules of an activity: what may be recorded, by whom, for whom, where and when.

`clean` checks one activity on the wire against them, with everything the rules need read
once for a whole list (`Known`); `recording` writes what passes. The wire format
(`wire`, CONTENT) and the errors that name the field at fault live here too.
"""

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from cdtt import text
from cdtt.accounts.models import Role
from cdtt.accounts.scoping import scope
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period
from cdtt.teams.models import Member, Membership, Team, TeamRole

from . import measures
from .locks import locked_message
from .models import Activity, ActivityType, MonthLock, Source

MAX_COUNT = measures.MAX_PER_ENTRY
NOTE_LENGTH = 200
FIRST_DAY = date(2022, 1, 1)  # the teams were founded in 2022 (Công văn 793/BTTTT-THH)
BREAKDOWN = measures.BREAKDOWN
COUNTS = measures.FIELDS  # the entered measures, the activity's own count first
COUNT = measures.COUNT_FIELD
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


def can_record_for(actor, member: Member, team: Team, scoped: bool = False) -> bool:
    """A member records for themself, a leader or deputy for their team, officers for their
    subtree. The team must be inside the actor's subtree in every case (`scoped`: the
    caller read it through the actor's scope already)."""
    return _may_record(
        actor,
        member,
        team,
        in_scope=lambda: scoped or scope(actor, Team.objects.filter(pk=team.pk)).exists(),
        leads=lambda: (
            Membership.objects.current()
            .filter(team=team, member__user=actor, role__in=(TeamRole.LEADER, TeamRole.DEPUTY))
            .exists()
        ),
    )


def _may_record(actor, member: Member, team: Team, *, in_scope, leads) -> bool:
    """The rule of `can_record_for`; `in_scope()` and `leads()` answer, when asked, whether
    the team is in the actor's subtree and whether the actor leads it (leader or deputy)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if not in_scope():
        return False
    if actor.is_officer or member.user_id == actor.pk:
        return True
    if actor.role == Role.LEADER and actor.orgunit_id == team.unit_id:
        return True
    return leads()


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
    """One line of text (`cdtt.text.line`); TextError says what is wrong with it."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError
    return text.line(value)


def normal(data: Mapping) -> dict | None:
    """The content of an incoming activity in comparable form, or None if it cannot parse."""
    try:
        normal = {name: _integer(data.get(name)) for name in ("member", "team", "village")}
        normal["date"] = _day(data.get("date")).isoformat()
        normal["type"] = str(data.get("type", ""))
        for name in COUNTS:
            normal[name] = _integer(data.get(name) if name == COUNT else data.get(name, 0))
        normal["note"] = _note(data.get("note", ""))
    except ValueError:
        return None
    return normal


def id_of(data: Mapping) -> uuid.UUID:
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


def _ids(items: Iterable[Mapping], field: str) -> set[int]:
    """The ids a list of activities names in `field`, leaving out what cannot be an id (the
    rules report those item by item)."""
    found = set()
    for data in items:
        try:
            number = _integer(data.get(field))
        except ValueError:
            continue
        if 1 <= number <= 2**62:
            found.add(number)
    return found


def _periods(items: Iterable[Mapping]) -> set[str]:
    """The months a list of activities falls in ("2026-11"), leaving out unreadable dates."""
    found = set()
    for data in items:
        try:
            found.add(str(Period.of(_day(data.get("date")))))
        except ValueError:
            continue
    return found


class Known:
    """What the rules need to know about a list of activities, read once for the whole list:
    the actor's members and teams, the villages, the catalog, the memberships, the locked
    months, and the teams the actor leads. `member` and `team` are given when an existing
    activity is edited (they cannot change)."""

    def __init__(self, actor, items: Sequence[Mapping], *, member=None, team=None):
        self.actor = actor
        if member is not None:
            self.members = {member.pk: member}
        else:
            wanted = _ids(items, "member")
            found = scope(actor, Member.objects.filter(pk__in=wanted)) if wanted else []
            self.members = {m.pk: m for m in found}
        if team is not None:
            self.teams = {team.pk: team}
            self.scoped_teams = set(
                scope(actor, Team.objects.filter(pk=team.pk)).values_list("pk", flat=True)
            )
        else:
            wanted = _ids(items, "team")
            found = (
                scope(actor, Team.objects.select_related("unit").filter(pk__in=wanted))
                if wanted
                else []
            )
            self.teams = {t.pk: t for t in found}
            self.scoped_teams = set(self.teams)
        wanted = _ids(items, "village")
        self.villages = OrgUnit.objects.in_bulk(wanted) if wanted and self.teams else {}
        self.types = {t.code: t for t in ActivityType.objects.active()}
        self.memberships: dict[tuple[int, int], list[tuple[date, date | None]]] = {}
        if self.teams and self.members:
            spans = Membership.objects.filter(
                team_id__in=list(self.teams), member_id__in=list(self.members)
            )
            for team_id, member_id, start, end in spans.values_list(
                "team_id", "member_id", "start", "end"
            ):
                self.memberships.setdefault((team_id, member_id), []).append((start, end))
        periods = _periods(items)
        self.locks = {
            (lock.team_id, lock.period): lock
            for lock in (
                MonthLock.objects.select_related("locked_by").filter(
                    team_id__in=list(self.teams), period__in=periods
                )
                if self.teams and periods
                else []
            )
        }
        self._led: set[int] | None = None

    def village(self, village_id: int, team: Team) -> OrgUnit | None:
        """The team's unit itself or one of its villages."""
        village = self.villages.get(village_id)
        if village is None or village.level not in (Level.COMMUNE, Level.VILLAGE):
            return None
        return village if village.path.startswith(team.unit.path) else None

    def may_record(self, member: Member, team: Team) -> bool:
        """`can_record_for`, answered from what was read once."""
        return _may_record(
            self.actor,
            member,
            team,
            in_scope=lambda: team.pk in self.scoped_teams,
            leads=lambda: team.pk in self._led_teams(),
        )

    def _led_teams(self) -> set[int]:
        if self._led is None:
            self._led = set(
                Membership.objects.current()
                .filter(
                    team_id__in=list(self.teams),
                    member__user=self.actor,
                    role__in=(TeamRole.LEADER, TeamRole.DEPUTY),
                )
                .values_list("team_id", flat=True)
            )
        return self._led

    def was_member(self, member: Member, team: Team, day: date) -> bool:
        """In force on `day`, as `Membership.objects.current(on=day)` reads it."""
        return any(
            start <= day and (end is None or end >= day)
            for start, end in self.memberships.get((team.pk, member.pk), ())
        )

    def lock(self, team: Team, day: date) -> MonthLock | None:
        return self.locks.get((team.pk, str(Period.of(day))))


def clean(actor, data: Mapping, known: Known, *, member=None, team=None) -> dict:
    """Every rule of an activity's content; returns model fields or raises ActivityError."""
    check = _Checker()
    if member is None:
        member_id = check.integer(data, "member", low=1, high=2**62)
        member = known.members.get(member_id)
        if member_id is not None and member is None:
            check.add("member", _("There is no member %(value)s.") % {"value": member_id})
    if team is None:
        team_id = check.integer(data, "team", low=1, high=2**62)
        team = known.teams.get(team_id)
        if team_id is not None and team is None:
            check.add("team", _("There is no team %(value)s.") % {"value": team_id})

    village_id = check.integer(data, "village", low=1, high=2**62)
    village = None
    if village_id is not None and team is not None:
        village = known.village(village_id, team)
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
    activity_type = known.types.get(code) if isinstance(code, str) else None
    if activity_type is None:
        check.add("type", _("“%(value)s” is not an activity type in use.") % {"value": code or ""})

    counts = {
        field: check.integer(data, field, low=1)
        if field == COUNT
        else check.integer(data, field, default=0)
        for field in COUNTS
    }
    if counts[COUNT] is not None:
        for field in BREAKDOWN:
            if counts[field] is not None and counts[field] > counts[COUNT]:
                check.add(
                    field,
                    _("%(value)s is more than the count (%(total)s).")
                    % {"value": counts[field], "total": counts[COUNT]},
                )

    try:
        note = _note(data.get("note", ""))
    except text.TextError as error:
        check.add("note", text.sentence(error))
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
        if not known.may_record(member, team):
            check.add(
                "member",
                _("You may not record activities for %(member)s in this team.")
                % {"member": member.full_name},
            )
        elif day is not None and not known.was_member(member, team, day):
            check.add(
                "member",
                _("%(member)s was not a member of this team on %(date)s.")
                % {"member": member.full_name, "date": day.strftime("%d/%m/%Y")},
            )
    if team is not None and day is not None:
        lock = known.lock(team, day)
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


def source_of(data: Mapping, default: str) -> str:
    given = data.get("source")
    if given in (None, ""):
        return default
    if given not in Source.values:
        raise ActivityError(
            {"source": [_("“%(value)s” is not a known source.") % {"value": given}]}
        )
    return given
