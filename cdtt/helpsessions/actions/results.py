"""A help session's results, counted once: a session's result per activity type is shared
among the members who gave it as ordinary activities (one per member and type, whole numbers
adding up to the result, `shares.split`), written through the activity log's own writer so
that locked months refuse them and the dashboard's facts follow. Recording again replaces the
shares.
"""

import uuid
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cdtt import parts
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
from cdtt.teams.models import Team

from ..models import Seat, Session, SessionResult, SessionShare, Status
from ..rules import SessionError, can_manage, member_of
from ..shares import share_result


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
        with parts.writing(Activity, {a.member_id for a in gone}):
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
