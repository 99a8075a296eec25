"""Every write of a help session: plan (once or every week), cancel, sign up, assign, take
the attendance (here); record the results (`results`); add or remove its photos (`photos`).
Used alike by the pages, the API and the demo; each checks its rules, writes in one
transaction and writes the audit entry.
"""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cdtt.activities.models import ActivityType
from cdtt.audit.log import record
from cdtt.orgunits.models import Level
from cdtt.teams.models import Member, Team

from ..models import DEFAULT_BRING, Seat, Series, Session, Status
from ..rules import SessionError, can_manage, can_plan, member_of, seat_team

MAX_WEEKS = 26  # a recurring session makes at most half a year of dates
MAX_NEEDED = 50
MAX_AHEAD = 366  # days: a session is planned at most a year ahead
TEXT_LIMITS = {"place": 120, "address": 200}


def summary(session: Session) -> dict:
    """The session as the audit log keeps it."""
    return {
        "uuid": str(session.uuid),
        "unit": session.unit_id,
        "teams": sorted(t.pk for t in session.teams.all()),
        "village": session.village_id,
        "date": session.date.isoformat(),
        "start": session.start.strftime("%H:%M"),
        "end": session.end.strftime("%H:%M"),
        "place": session.place,
        "address": session.address,
        "types": sorted(t.code for t in session.activity_types.all()),
        "bring": session.bring,
        "members_needed": session.members_needed,
        "status": session.status,
    }


def _check_plan(
    actor, unit, teams, village, day, start, end, place, address, needed, weeks
) -> None:
    errors: dict[str, list[str]] = {}
    if not can_plan(actor, unit, teams):
        errors["teams"] = [_("You may not plan a session for these teams.")]
    if (
        village is None
        or not village.path.startswith(unit.path)
        or village.level
        not in (
            Level.COMMUNE,
            Level.VILLAGE,
        )
    ):
        errors["village"] = [
            _("The place must be %(unit)s or one of its villages.") % {"unit": unit.name}
        ]
    if day < timezone.localdate():
        errors["date"] = [_("%(value)s is in the past.") % {"value": day.strftime("%d/%m/%Y")}]
    elif day > timezone.localdate() + timedelta(days=MAX_AHEAD):
        errors["date"] = [
            _("%(value)s is more than a year ahead.") % {"value": day.strftime("%d/%m/%Y")}
        ]
    if end <= start:
        errors["end"] = [_("The session must end after it starts.")]
    if not place.strip():
        errors["place"] = [_("This field is required.")]
    for name, value in (("place", place), ("address", address)):
        limit = TEXT_LIMITS[name]
        if len(value.strip()) > limit:
            errors[name] = [_("At most %(limit)s characters.") % {"limit": limit}]
    if not 1 <= needed <= MAX_NEEDED:
        errors["members_needed"] = [_("Between 1 and %(high)s.") % {"high": MAX_NEEDED}]
    if not 1 <= weeks <= MAX_WEEKS:
        errors["weeks"] = [_("Between 1 and %(high)s.") % {"high": MAX_WEEKS}]
    if errors:
        raise SessionError(errors)


def plan_session(
    actor,
    *,
    unit,
    teams: Sequence[Team],
    village,
    day: date,
    start: time,
    end: time,
    place: str,
    address: str = "",
    types: Iterable[ActivityType] = (),
    bring: Sequence[str] | None = None,
    members_needed: int = 3,
    weeks: int = 1,
    client_id: uuid.UUID | None = None,
) -> list[Session]:
    """Plan a session, or `weeks` of them a week apart ("every Sunday morning"); returns the
    sessions. Planning again under the same client id returns the sessions already made."""
    client_id = client_id or uuid.uuid4()
    existing = Session.objects.filter(uuid=client_id).first()
    if existing is not None:
        return _already(actor, existing)
    teams = list(teams)
    _check_plan(actor, unit, teams, village, day, start, end, place, address, members_needed, weeks)
    types = list(types)
    bring = [line.strip() for line in (DEFAULT_BRING if bring is None else bring) if line.strip()]
    try:
        with transaction.atomic():
            series = Series.objects.create(unit=unit, count=weeks) if weeks > 1 else None
            made = []
            for week in range(weeks):
                session = Session.objects.create(
                    uuid=client_id if week == 0 else uuid.uuid5(client_id, str(week)),
                    unit=unit,
                    village=village,
                    date=day + timedelta(days=7 * week),
                    start=start,
                    end=end,
                    place=place.strip(),
                    address=address.strip(),
                    bring=bring,
                    members_needed=members_needed,
                    series=series,
                    created_by=actor,
                )
                session.teams.set(teams)
                session.activity_types.set(types)
                record(
                    actor,
                    "session_planned",
                    session,
                    orgunit_path=unit.path,
                    after=summary(session),
                )
                made.append(session)
    except IntegrityError:
        existing = Session.objects.filter(uuid=client_id).first()
        if existing is None:
            raise
        return _already(actor, existing)
    return made


def _already(actor, existing: Session) -> list[Session]:
    if not can_manage(actor, existing):
        raise SessionError(
            {"id": [_("A session with id %(value)s already exists.") % {"value": existing.uuid}]}
        )
    if existing.series_id and existing.series is not None:
        return list(existing.series.sessions.order_by("date"))
    return [existing]


@transaction.atomic
def cancel_session(actor, session: Session) -> Session:
    """Cancel a planned session (the portal says so; reminders stop)."""
    if not can_manage(actor, session):
        raise SessionError({"non_field_errors": [_("You may not change this session.")]})
    if session.status != Status.PLANNED:
        raise SessionError({"status": [_("Only a planned session can be cancelled.")]})
    before = summary(session)
    session.status = Status.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    record(
        actor,
        "session_cancelled",
        session,
        orgunit_path=session.unit.path,
        before=before,
        after=summary(session),
    )
    return session


def _seat(actor, session: Session, member: Member, how: str) -> tuple[Seat, bool]:
    if session.status == Status.CANCELLED:
        raise SessionError({"status": [_("This session was cancelled.")]})
    team = seat_team(member, session)
    if team is None:
        raise SessionError(
            {
                "member": [
                    _("%(member)s is not on a team of this session.") % {"member": member.full_name}
                ]
            }
        )
    with transaction.atomic():
        seat, created = Seat.objects.get_or_create(
            session=session, member=member, defaults={"team": team, "how": how}
        )
        if created:
            record(
                actor,
                "session_seat_taken",
                seat,
                orgunit_path=session.unit.path,
                after={"session": session.pk, "member": member.pk, "how": how},
            )
    return seat, created


def sign_up(actor, session: Session) -> tuple[Seat, bool]:
    """The member behind the account signs up; signing up twice is one seat."""
    member = member_of(actor)
    if member is None:
        raise SessionError({"member": [_("Only a team member can sign up.")]})
    return _seat(actor, session, member, Seat.How.SIGNED_UP)


def assign(actor, session: Session, member: Member) -> tuple[Seat, bool]:
    """The leader (or an officer) puts a member of the session's teams on it."""
    if not can_manage(actor, session):
        raise SessionError({"non_field_errors": [_("You may not change this session.")]})
    return _seat(actor, session, member, Seat.How.ASSIGNED)


@transaction.atomic
def withdraw(actor, session: Session) -> bool:
    """The member takes her seat back before the session; True when there was one."""
    member = member_of(actor)
    seat = Seat.objects.filter(session=session, member=member).first() if member else None
    if seat is None or member is None:  # no member, no seat
        return False
    record(
        actor,
        "session_seat_left",
        seat,
        orgunit_path=session.unit.path,
        before={"session": session.pk, "member": member.pk},
    )
    seat.delete()
    return True


@transaction.atomic
def take_attendance(actor, session: Session, present: Iterable[int]) -> list[Seat]:
    """Mark who came among the seated members (the others did not); members of the teams
    who came without signing up are seated and marked present."""
    if not can_manage(actor, session):
        raise SessionError({"non_field_errors": [_("You may not change this session.")]})
    present = set(present)
    seated = {seat.member_id for seat in session.seats.all()}
    for member in Member.objects.filter(pk__in=present - seated):
        _seat(actor, session, member, Seat.How.ASSIGNED)
    before = {s.member_id: s.present for s in session.seats.all()}
    seats = list(session.seats.select_related("member"))
    for seat in seats:
        seat.present = seat.member_id in present
    Seat.objects.bulk_update(seats, ["present"])
    record(
        actor,
        "session_attendance",
        session,
        orgunit_path=session.unit.path,
        before={"present": sorted(k for k, v in before.items() if v)},
        after={"present": sorted(present & {s.member_id for s in seats})},
    )
    return seats
