"""The steering figures of help sessions, one row builder per figure: the dashboard, the stats
API and the monthly report exports all show these rows.

- sessions planned / held / cancelled per organising unit and month;
- members' attendance by affiliation and by age band (who really comes: "only the Youth
  Union" made visible);
- residents helped at sessions against one by one, per month;
- villages with no session in the last N weeks.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdtt.activities.models import Activity
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period
from cdtt.teams.models import Affiliation
from cdtt.teams.rules import AGE_BANDS, age_band
from cdtt.vietnamese import sort_key

from .models import Seat, Session, Status

if TYPE_CHECKING:  # a heading may be a lazy translation, turned to text where shown
    from django_stubs_ext import StrOrPromise

QUIET_WEEKS = 8  # a village without a session this long is listed


@dataclass
class Figure:
    """One figure: its title, its columns (key, heading) and its rows (dicts by key)."""

    key: str
    title: str
    columns: "list[tuple[str, StrOrPromise]]"
    rows: list[dict]


def _sessions(unit: OrgUnit, first: Period, last: Period):
    return Session.objects.in_subtree(unit).filter(
        date__gte=first.first_day, date__lte=last.last_day
    )


def sessions_by_status(unit: OrgUnit, first: Period, last: Period) -> list[dict]:
    """Per organising unit and month: sessions planned (not yet held), held, cancelled."""
    counts: Counter = Counter()
    names = {}
    for unit_id, name, day, status in _sessions(unit, first, last).values_list(
        "unit_id", "unit__name", "date", "status"
    ):
        counts[(unit_id, str(Period.of(day)), status)] += 1
        names[unit_id] = name
    keys = sorted({(u, p) for u, p, _s in counts}, key=lambda k: (k[1], sort_key(names[k[0]])))
    return [
        {
            "unit": names[u],
            "period": Period.parse(p).label,
            "planned": counts[(u, p, Status.PLANNED)],
            "held": counts[(u, p, Status.HELD)],
            "cancelled": counts[(u, p, Status.CANCELLED)],
        }
        for u, p in keys
    ]


def _seats(unit: OrgUnit, first: Period, last: Period) -> list[tuple]:
    """(affiliation, birth year, present, day) of every seat on the sessions not cancelled."""
    return list(
        Seat.objects.filter(
            session__in=_sessions(unit, first, last).exclude(status=Status.CANCELLED)
        ).values_list("member__affiliation", "member__birth_year", "present", "session__date")
    )


def attendance_by_affiliation(unit: OrgUnit, first: Period, last: Period, seats=None) -> list[dict]:
    """Per affiliation: members' seats on sessions (signed up or assigned) and times they came."""
    taken: Counter[str] = Counter()
    came: Counter[str] = Counter()
    for affiliation, _born, present, _day in _seats(unit, first, last) if seats is None else seats:
        taken[affiliation or ""] += 1
        came[affiliation or ""] += bool(present)
    labels = dict(Affiliation.choices) | {"": _("Not recorded")}
    order = [key for key, _label in Affiliation.choices] + [""]
    return [
        {"group": str(labels[key]), "seats": taken[key], "present": came[key]}
        for key in order
        if taken[key]
    ]


def attendance_by_age_band(unit: OrgUnit, first: Period, last: Period, seats=None) -> list[dict]:
    """Per age band (in the session's year): seats on sessions and times they came."""
    taken: Counter[str] = Counter()
    came: Counter[str] = Counter()
    for _affiliation, born, present, day in _seats(unit, first, last) if seats is None else seats:
        band = age_band(born, day.year)
        taken[band] += 1
        came[band] += bool(present)
    return [
        {"group": str(label), "seats": taken[key], "present": came[key]}
        for key, label, _low, _high in AGE_BANDS
        if taken[key]
    ]


def residents_at_sessions(unit: OrgUnit, first: Period, last: Period) -> list[dict]:
    """Per month: the count of residents helped at sessions and one by one (each resident of a
    session once: its shares add up to its results)."""
    rows = (
        Activity.objects.in_subtree(unit)
        .filter(date__gte=first.first_day, date__lte=last.last_day)
        .values_list("date__year", "date__month")
        .annotate(
            at_sessions=Sum("people_helped", filter=Q(session_share__isnull=False)),
            alone=Sum("people_helped", filter=Q(session_share__isnull=True)),
        )
        .order_by("date__year", "date__month")
    )
    found: dict[str, list[int]] = {}
    for year, month, at_sessions, alone in rows:
        period = str(Period.of(date(year, month, 1)))
        total = found.setdefault(period, [0, 0])
        total[0] += at_sessions or 0
        total[1] += alone or 0
    return [
        {"period": Period.parse(p).label, "at_sessions": a, "one_by_one": b}
        for p, (a, b) in sorted(found.items())
    ]


def villages_without_session(
    unit: OrgUnit, weeks: int = QUIET_WEEKS, today: date | None = None
) -> list[dict]:
    """The villages under the unit where no session took place (or is planned) in the last
    `weeks` weeks, with the day of their last session."""
    today = today or timezone.localdate()
    since = today - timedelta(weeks=weeks)
    held = ~Q(help_sessions_held__status=Status.CANCELLED)
    villages = (
        OrgUnit.objects.current()
        .in_subtree(unit)
        .filter(level=Level.VILLAGE)
        .select_related("parent")
        .annotate(last=Max("help_sessions_held__date", filter=held))
    )
    quiet = [v for v in villages if not (v.last and v.last >= since)]
    quiet.sort(key=lambda v: (sort_key(v.parent.name if v.parent else ""), v.name_sort))
    return [
        {
            "village": v.name,
            "commune": v.parent.name if v.parent else "",
            "last_session": v.last.strftime("%d/%m/%Y") if v.last else "—",
        }
        for v in quiet
    ]


def figures(unit: OrgUnit, first: Period, last: Period, weeks: int = QUIET_WEEKS) -> list[Figure]:
    """Every figure of the sessions for a unit and a range of months, in the order shown."""
    attendance: list[tuple[str, StrOrPromise]] = [
        ("group", _("Group")), ("seats", _("Signed up or assigned")), ("present", _("Came"))
    ]  # fmt: skip
    seats = _seats(unit, first, last)  # read once for both attendance figures
    return [
        Figure(
            "sessions",
            str(_("Sessions planned, held and cancelled")),
            [
                ("unit", _("Organised by")),
                ("period", _("Month")),
                ("planned", _("Planned")),
                ("held", _("Held")),
                ("cancelled", _("Cancelled")),
            ],  # fmt: skip
            sessions_by_status(unit, first, last),
        ),
        Figure(
            "attendance_affiliation",
            str(_("Members at sessions, by affiliation")),
            attendance,
            attendance_by_affiliation(unit, first, last, seats),
        ),
        Figure(
            "attendance_age",
            str(_("Members at sessions, by age band")),
            attendance,
            attendance_by_age_band(unit, first, last, seats),
        ),
        Figure(
            "residents",
            str(_("Residents helped at sessions and one by one")),
            [
                ("period", _("Month")),
                ("at_sessions", _("At sessions")),
                ("one_by_one", _("One by one")),
            ],  # fmt: skip
            residents_at_sessions(unit, first, last),
        ),
        Figure(
            "quiet_villages",
            str(_("Villages with no session in %(weeks)s weeks") % {"weeks": weeks}),
            [
                ("village", _("Village")),
                ("commune", _("Commune")),
                ("last_session", _("Last session")),
            ],  # fmt: skip
            villages_without_session(unit, weeks, min(timezone.localdate(), last.last_day)),
        ),
    ]


def as_data(unit: OrgUnit, first: Period, last: Period) -> dict:
    """The figures for the stats API: {key: rows}."""
    return {figure.key: figure.rows for figure in figures(unit, first, last)}
