"""Every write of a help session: plan (once or every week), cancel, sign up, assign, take
the attendance, record the results, add or remove its photos. Used alike by the pages, the
API and the demo; each checks its rules, writes in one transaction and writes the audit
entry.

Results are counted once: a session's result per activity type is shared among the members
who gave it as ordinary activities (one per member and type, whole numbers adding up to the
result, `shares.split`), written through the activity log's own writer so that locked
months refuse them and the dashboard's facts follow. Recording again replaces the shares.
"""

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cdtt.activities import actions as activity_actions
from cdtt.activities.keepers import Kept
from cdtt.activities.locks import lock_for, locked_message
from cdtt.activities.models import Activity, ActivityType, Source
from cdtt.activities.rules import (
    BREAKDOWN,
    COUNTS,
    MAX_COUNT,
    ActivityError,
    Known,
    clean,
    wire,
)
from cdtt.activities.signals import activities_changed
from cdtt.audit.log import record, record_many
from cdtt.orgunits.models import Level
from cdtt.portal.images import resize_image
from cdtt.teams.models import Member, Team

from .models import (
    DEFAULT_BRING,
    Seat,
    Series,
    Session,
    SessionPhoto,
    SessionResult,
    SessionShare,
    Status,
)
from .rules import SessionError, SessionForbidden, can_manage, can_plan, member_of, seat_team
from .shares import share_result

MAX_WEEKS = 26  # a recurring session makes at most half a year of dates
MAX_NEEDED = 50
MAX_AHEAD = 366  # days: a session is planned at most a year ahead
MAX_PHOTOS = 2  # a session's photos: enough to show it took place, no album of residents
# What a phone sends when the page could not shrink the photo first (the page's script
# sends about 200 kB); two of them and the form stay under the proxy's 12 MB.
MAX_PHOTO_BYTES = 5 * 1024 * 1024
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


# Results.


class _SessionKnown(Known):
    """The activity rules' knowledge for one member's shares: the session's rules decided
    who may record them (`can_record_results`), the activity rules check the rest (the
    member on the team that day, the village, the locked month, the counts)."""

    def may_record(self, member, team) -> bool:
        return True


def can_record_results(actor, session: Session) -> bool:
    """The leaders and officers over the session, or a member seated on it who came."""
    if can_manage(actor, session):
        return True
    member = member_of(actor)
    return (
        member is not None and session.seats.filter(member=member).exclude(present=False).exists()
    )


def _parse_results(session: Session, items: Sequence[Mapping]) -> list[dict]:
    """The results as sent: one per activity type, counts within the activity rules' bounds,
    givers among the members seated on the session. Every problem is named with its row."""
    errors: dict[str, list[str]] = {}
    types = {t.code: t for t in ActivityType.objects.active()}
    seated = {s.member_id: s for s in session.seats.select_related("member", "team__unit")}
    parsed, seen = [], set()
    for row, item in enumerate(items, start=1):
        where = _("Result %(row)s") % {"row": row}
        problems = []
        code = item.get("type") if isinstance(item, Mapping) else None
        kind = types.get(code) if isinstance(code, str) else None
        if kind is None:
            problems.append(
                _("“%(value)s” is not an activity type in use.") % {"value": code or ""}
            )
        elif code in seen:
            problems.append(_("“%(value)s” is given twice.") % {"value": code})
        seen.add(code)
        counts = {}
        for name in COUNTS:
            value = (
                item.get(name, 0 if name != "people_helped" else None)
                if isinstance(item, Mapping)
                else None
            )
            if isinstance(value, bool) or not isinstance(value, int):
                problems.append(
                    _("%(field)s: “%(value)s” is not a whole number.")
                    % {"field": name, "value": value}
                )
                continue
            low = 1 if name == "people_helped" else 0
            if not low <= value <= MAX_COUNT:
                problems.append(
                    _("%(field)s: %(value)s is out of bounds: between %(low)s and %(high)s.")
                    % {"field": name, "value": value, "low": low, "high": MAX_COUNT}
                )
                continue
            counts[name] = value
        for name in BREAKDOWN:
            if (
                name in counts
                and "people_helped" in counts
                and counts[name] > counts["people_helped"]
            ):
                problems.append(
                    _("%(field)s: %(value)s is more than the count (%(total)s).")
                    % {"field": name, "value": counts[name], "total": counts["people_helped"]}
                )
        givers = item.get("givers") if isinstance(item, Mapping) else None
        if not isinstance(givers, list) or not givers:
            problems.append(_("Say which members gave this help."))
            givers = []
        giver_ids = []
        for giver in givers:
            if isinstance(giver, bool) or not isinstance(giver, int) or giver not in seated:
                problems.append(_("Member %(value)s is not on this session.") % {"value": giver})
            elif giver not in giver_ids:
                giver_ids.append(giver)
        if problems:
            errors[where] = problems
            continue
        parsed.append({"type": kind, "counts": counts, "givers": sorted(giver_ids)})
    if errors:
        raise SessionError(errors)
    return parsed


def _share_id(session: Session, code: str, member_id: int) -> uuid.UUID:
    """The id of a member's share activity: the same share is the same activity."""
    return uuid.uuid5(session.uuid, f"{code}:{member_id}")


def _village_for(session: Session, team: Team):
    """Where the share happened for the member's team: the session's village when it lies in
    the team's unit, else the team's own unit (a commune team helping in a village)."""
    return session.village if session.village.path.startswith(team.unit.path) else team.unit


def record_results(
    actor,
    session: Session,
    items: Sequence[Mapping],
    client_id: uuid.UUID | None = None,
    source: str = Source.WEB,
) -> Session:
    """Record the session's results (all of them: what was recorded before is replaced) and
    mark it held. Resending under the same client id changes nothing."""
    if not can_record_results(actor, session):
        raise SessionError(
            {"non_field_errors": [_("You may not record the results of this session.")]}
        )
    if session.status == Status.CANCELLED:
        raise SessionError({"status": [_("This session was cancelled.")]})
    if session.date > timezone.localdate():
        raise SessionError({"date": [_("The session has not taken place yet.")]})
    if client_id is not None and session.results_id == client_id:
        return session
    parsed = _parse_results(session, items)
    seats = {s.member_id: s for s in session.seats.select_related("member", "team__unit")}
    wanted: dict[uuid.UUID, dict] = {}
    plan: list[tuple[dict, list[uuid.UUID]]] = []
    for result in parsed:
        ids = []
        rows = share_result(result["counts"], len(result["givers"]), BREAKDOWN)
        for member_id, counts in zip(result["givers"], rows, strict=True):
            if counts["people_helped"] == 0:
                continue
            seat = seats[member_id]
            pk = _share_id(session, result["type"].code, member_id)
            wanted[pk] = {
                "id": str(pk),
                "member": member_id,
                "team": seat.team_id,
                "village": _village_for(session, seat.team).pk,
                "date": session.date.isoformat(),
                "type": result["type"].code,
                **counts,
                "note": "",
            }
            ids.append(pk)
        plan.append((result, ids))
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        before = _results_summary(session)
        _replace_shares(actor, session, wanted, seats, source)
        session.results.all().delete()
        for result, ids in plan:
            stored = SessionResult.objects.create(
                session=session, type=result["type"], **result["counts"]
            )
            stored.givers.set(result["givers"])
            SessionShare.objects.bulk_create(
                SessionShare(result=stored, activity_id=pk) for pk in ids
            )
        session.status = Status.HELD
        session.results_id = client_id
        session.save(update_fields=["status", "results_id", "updated_at"])
        record(
            actor,
            "session_results_recorded",
            session,
            orgunit_path=session.unit.path,
            before=before,
            after=_results_summary(session),
        )
        present = set().union(*(set(r["givers"]) for r in parsed)) if parsed else set()
        Seat.objects.filter(session=session, member_id__in=present).update(present=True)
    return session


def _results_summary(session: Session) -> dict:
    return {
        result.type.code: {
            **{name: getattr(result, name) for name in COUNTS},
            "givers": sorted(m.pk for m in result.givers.all()),
        }
        for result in session.results.select_related("type").prefetch_related("givers")
    }


def _replace_shares(actor, session: Session, wanted: dict[uuid.UUID, dict], seats, source) -> None:
    """Make the session's share activities exactly `wanted`: unchanged ones stay, the others
    are deleted and written anew, all through the activity log's writer and its rules."""
    old = {
        a.pk: a
        for a in Activity.objects.select_related("type", "team__unit").filter(
            session_share__result__session=session
        )
    }
    keep = {pk for pk, a in old.items() if pk in wanted and _same(wire(a), wanted[pk])}
    gone = [a for pk, a in old.items() if pk not in keep]
    for activity in gone:
        lock = lock_for(activity.team, activity.period)
        if lock is not None:
            raise SessionError({"date": [locked_message(lock)]})
    if gone:
        befores = [wire(a) for a in gone]
        record_many(
            actor,
            "activity_deleted",
            [(a, a.team.unit.path, one) for a, one in zip(gone, befores, strict=True)],
            side="before",
        )
        Activity.objects.filter(pk__in=[a.pk for a in gone]).delete()
        activities_changed.send(sender=Activity, changes=[(one, None) for one in befores])
    new = {pk: data for pk, data in wanted.items() if pk not in keep}
    if not new:
        return
    cleaned: dict[uuid.UUID, dict] = {}
    errors: dict[str, list[str]] = {}
    by_member: dict[int, list[uuid.UUID]] = {}
    for pk, data in new.items():
        by_member.setdefault(data["member"], []).append(pk)
    for member_id, pks in by_member.items():
        seat = seats[member_id]
        known = _SessionKnown(actor, [new[pk] for pk in pks], member=seat.member, team=seat.team)
        for pk in pks:
            try:
                fields = clean(actor, new[pk], known, member=seat.member, team=seat.team)
            except ActivityError as error:
                for field, messages in error.errors.items():
                    errors.setdefault(f"{seat.member.full_name}: {field}", []).extend(messages)
                continue
            fields["source"] = source
            cleaned[pk] = fields
    if errors:
        raise SessionError(errors)
    answers = activity_actions._create(actor, cleaned)
    for answer in answers.values():
        if isinstance(answer, ActivityError):
            raise SessionError(answer.errors)


def _same(stored: dict, wanted: dict) -> bool:
    return all(stored[name] == wanted[name] for name in wanted if name != "id")


def kept_shares(ids: list[uuid.UUID]) -> dict[uuid.UUID, Kept]:
    """The activity log's keeper (cdtt.activities.keepers): a member's share of a session's
    result changes only when the session's results are recorded again, never on its own."""
    rows = SessionShare.objects.filter(activity_id__in=ids).values_list(
        "activity_id", "result__session_id", "result__session__date", "result__session__place"
    )
    return {
        activity: Kept(
            message=_(
                "This entry is a share of the results of the help session of %(date)s at "
                "%(place)s: it is changed by recording the session's results again."
            )
            % {"date": f"{day:%d/%m/%Y}", "place": place},
            url=reverse("helpsessions:detail", args=[session]),
        )
        for activity, session, day, place in rows
    }


# Photos.


def photo_summary(photo: SessionPhoto) -> dict:
    """The photo as the audit log keeps it (not the picture itself)."""
    return {
        "session": photo.session_id,
        "uuid": str(photo.uuid),
        "file": photo.image.name,
        "width": photo.width,
        "height": photo.height,
    }


def add_photo(actor, session: Session, upload, client_id: uuid.UUID) -> tuple[SessionPhoto, bool]:
    """Add a photo to the session (at most MAX_PHOTOS), by those who record its results.
    The picture is re-encoded on the way in (`resize_image`: a JPEG within
    PORTAL_IMAGE_MAX_SIDE, without EXIF), so nothing is stored as the phone sent it.
    Sending again under the same client id returns the photo stored, and False."""
    if not can_record_results(actor, session):
        raise SessionForbidden({"non_field_errors": [_("You may not add photos to this session.")]})
    stored = _photo_already(session, client_id)
    if stored is not None:
        return stored, False
    if session.status == Status.CANCELLED:
        raise SessionError({"status": [_("This session was cancelled.")]})
    if session.date > timezone.localdate():
        raise SessionError({"date": [_("The session has not taken place yet.")]})
    if not upload:
        raise SessionError({"image": [_("Choose a photo.")]})
    if upload.size > MAX_PHOTO_BYTES:
        raise SessionError(
            {
                "image": [
                    _("This photo is too large: at most %(mb)s MB.")
                    % {"mb": MAX_PHOTO_BYTES // (1024 * 1024)}
                ]
            }
        )
    try:
        jpeg = resize_image(upload)  # outside the lock: decoding takes a moment
    except ValidationError as error:
        raise SessionError({"image": list(error.messages)}) from None
    with transaction.atomic():
        # The session's row is the lock: two photos sent at once cannot both be the second.
        locked = Session.objects.select_for_update().select_related("unit").get(pk=session.pk)
        stored = _photo_already(locked, client_id)
        if stored is not None:
            return stored, False
        if locked.photos.count() >= MAX_PHOTOS:
            raise SessionError(
                {
                    "image": [
                        _(
                            "A session keeps at most %(n)s photos: remove one on the "
                            "session's page first."
                        )
                        % {"n": MAX_PHOTOS}
                    ]
                }
            )
        photo = SessionPhoto(session=locked, uuid=client_id, uploaded_by=actor)
        photo.image.save(f"{client_id.hex}.jpg", jpeg, save=False)
        try:
            photo.save()
            record(
                actor,
                "session_photo_added",
                photo,
                orgunit_path=locked.unit.path,
                after={**photo_summary(photo), "bytes": jpeg.size},
            )
        except BaseException:
            photo.image.storage.delete(photo.image.name)  # no file without its row
            raise
    return photo, True


def _photo_already(session: Session, client_id: uuid.UUID) -> SessionPhoto | None:
    """The photo stored under this client id, if any (of this session only)."""
    stored = SessionPhoto.objects.filter(uuid=client_id).first()
    if stored is not None and stored.session_id != session.pk:
        raise SessionError(
            {"id": [_("A photo with id %(value)s already exists.") % {"value": client_id}]}
        )
    return stored


def can_remove_photo(actor, photo: SessionPhoto) -> bool:
    """The leaders and officers over the session, and the one who sent the photo while she
    may still record the session's results."""
    if can_manage(actor, photo.session):
        return True
    return (
        getattr(actor, "pk", None) is not None
        and photo.uploaded_by_id == actor.pk
        and can_record_results(actor, photo.session)
    )


@transaction.atomic
def remove_photo(actor, photo: SessionPhoto) -> None:
    """Remove a photo: its row now, its file once the removal is committed."""
    if not can_remove_photo(actor, photo):
        raise SessionForbidden({"non_field_errors": [_("You may not remove this photo.")]})
    storage, name = photo.image.storage, photo.image.name
    record(
        actor,
        "session_photo_removed",
        photo,
        orgunit_path=photo.session.unit.path,
        before=photo_summary(photo),
    )
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
