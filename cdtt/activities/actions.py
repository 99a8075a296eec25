"""Writing activities: the one place with the rules, used by the entry page, the API, the
offline sync and imports alike.

An activity arrives in the wire format of DESIGN.md with the client's own UUID. Writing is
idempotent: the same UUID with the same content answers with the stored activity, the same
UUID with other content is a conflict and changes nothing. Every write is audited.

A list (the API's batches, the offline client's backlog) is written by `record_activities`:
everything the rules need is read once for the whole list (`rules.Known`), the new activities and
their audit entries are inserted in bulk in one transaction, and the dashboard's facts are
told once, so a batch costs a handful of queries instead of a dozen per item.
"""

import uuid
from collections.abc import Iterable, Mapping, Sequence

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cdtt import parts
from cdtt.accounts.scoping import scope
from cdtt.audit.log import record, record_many

from .keepers import kept
from .locks import lock_for, locked_message
from .models import Activity, Source
from .rules import (
    CONTENT,
    COUNTS,
    GENERAL,
    ActivityConflict,
    ActivityError,
    Known,
    can_record_for,
    clean,
    id_of,
    normal,
    source_of,
    wire,
)
from .signals import activities_changed, activity_changed


def _resend(stored: Activity, visible: bool, data: Mapping) -> "Result":
    """An id already stored: the same content is the stored activity, else a conflict. An
    activity outside the actor's subtree is a conflict whatever was sent."""
    if visible and normal(data) == {name: wire(stored)[name] for name in CONTENT}:
        return stored, False
    return ActivityConflict(
        {
            "id": [
                _("An activity with id %(value)s is already stored with another content.")
                % {"value": stored.pk}
            ]
        }
    )


def _stored(actor, ids: Iterable[uuid.UUID]) -> tuple[dict, set]:
    """The activities already stored under these ids, and those of them the actor sees."""
    ids = list(ids)
    # Most ids are new: ask for the bare keys first, load whole activities only when found.
    taken = list(Activity.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else []
    stored = Activity.objects.select_related("type").in_bulk(taken) if taken else {}
    visible = (
        set(scope(actor, Activity.objects.filter(pk__in=stored)).values_list("pk", flat=True))
        if stored
        else set()
    )
    return stored, visible


Result = tuple[Activity, bool] | ActivityError


def record_activity(actor, data: Mapping, source: str = Source.WEB) -> tuple[Activity, bool]:
    """Store one activity; returns (activity, created). Raises ActivityError (invalid) or
    ActivityConflict (the id is taken by another content)."""
    (result,) = record_activities(actor, [data], source)
    if isinstance(result, ActivityError):
        raise result
    return result


def record_activities(actor, items: Sequence, source: str = Source.WEB) -> list[Result]:
    """Store a list of activities, each answered on its own and in order: (activity, True)
    stored now, (activity, False) the same activity was already stored, or the
    ActivityError / ActivityConflict that refused it. The new ones are written in one
    transaction (activities, audit entries, facts), or none of them."""
    results: list[Result | None] = [None] * len(items)
    ids: dict[int, uuid.UUID] = {}
    for index, data in enumerate(items):
        if not isinstance(data, Mapping):
            results[index] = ActivityError({GENERAL: [_("An activity must be an object.")]})
            continue
        try:
            ids[index] = id_of(data)
        except ActivityError as error:
            results[index] = error
    stored, visible = _stored(actor, set(ids.values()))
    unknown = [items[i] for i, pk in ids.items() if pk not in stored]
    known = Known(actor, unknown) if unknown else None
    new: dict[uuid.UUID, dict] = {}
    waiting: dict[int, uuid.UUID] = {}  # items answered once the new ones are written
    for index, activity_id in ids.items():
        if activity_id in stored:
            results[index] = _resend(stored[activity_id], activity_id in visible, items[index])
            continue
        waiting[index] = activity_id
        if activity_id in new:
            continue  # a second copy in the same list: a resend of the first
        try:
            fields = clean(actor, items[index], known)
            fields["source"] = source_of(items[index], source)
        except ActivityError as error:
            results[index] = error
            del waiting[index]
        else:
            new[activity_id] = fields
    written = _create(actor, new) if new else {}
    seen: set[uuid.UUID] = set()
    for index, activity_id in waiting.items():
        answer = written[activity_id]
        if activity_id in seen and not isinstance(answer, ActivityError):
            answer = _resend(answer[0], True, items[index])
        results[index] = answer
        seen.add(activity_id)
    return results


def _create(actor, new: dict[uuid.UUID, dict]) -> dict[uuid.UUID, Result]:
    """Insert the new activities with their audit entries and tell the facts, in one
    transaction. An id that another request stored meanwhile (the same batch sent twice at
    once) is answered as a resend and the others are written again without it."""
    answers: dict[uuid.UUID, Result] = {}
    pending = dict(sorted(new.items()))  # one order for every writer: no deadlock on ids
    recorded_by = actor if getattr(actor, "pk", None) else None
    while pending:
        activities = [Activity(id=pk, recorded_by=recorded_by, **f) for pk, f in pending.items()]
        try:
            with transaction.atomic():
                with parts.writing(Activity, {a.member_id for a in activities}):
                    Activity.objects.bulk_create(activities)
                after = [wire(activity) for activity in activities]
                _audit_created(recorded_by, activities, after)
                activities_changed.send(sender=Activity, changes=[(None, one) for one in after])
        except IntegrityError:
            taken, visible = _stored(actor, pending)
            if not taken:
                raise
            for pk, activity in taken.items():
                fields = pending.pop(pk)
                answers[pk] = _resend(activity, pk in visible, _as_sent(fields))
            continue
        answers.update({activity.pk: (activity, True) for activity in activities})
        break
    return answers


def _as_sent(fields: dict) -> dict:
    """Cleaned fields back in the wire format, to compare with what another request stored."""
    return {
        "member": fields["member"].pk,
        "team": fields["team"].pk,
        "village": fields["village"].pk,
        "date": fields["date"].isoformat(),
        "type": fields["type"].code,
        **{name: fields[name] for name in COUNTS},
        "note": fields["note"],
    }


def _audit_created(actor, activities: list[Activity], after: list[dict]) -> None:
    """One "activity_created" entry per activity, through the audit log's writer, in one
    insert."""
    record_many(
        actor,
        "activity_created",
        [
            (activity, activity.team.unit.path, one)
            for activity, one in zip(activities, after, strict=True)
        ],
    )


def _check_editable(actor, activity: Activity) -> None:
    if not can_record_for(actor, activity.member, activity.team):
        raise ActivityError({GENERAL: [_("You may not change this activity.")]})
    keeper = kept([activity.pk]).get(activity.pk)
    if keeper is not None:
        raise ActivityError({GENERAL: [keeper.message]})
    lock = lock_for(activity.team, activity.period)
    if lock is not None:
        raise ActivityError({"date": [locked_message(lock)]})


@transaction.atomic
def update_activity(actor, activity: Activity, changes: Mapping) -> Activity:
    """Change an activity's village, date, type, counts or note, until its month is locked."""
    _check_editable(actor, activity)
    before = wire(activity)
    data = {**before, **{k: v for k, v in changes.items() if k not in ("id", "member", "team")}}
    known = Known(actor, [data], member=activity.member, team=activity.team)
    fields = clean(actor, data, known, member=activity.member, team=activity.team)
    for name, value in fields.items():
        setattr(activity, name, value)
    with parts.writing(Activity, [activity.member_id]):
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
    with parts.writing(Activity, [activity.member_id]):
        activity.delete()
    activity_changed.send(sender=Activity, before=before, after=None)
