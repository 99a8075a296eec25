"""The dashboard's tables: what each page shows beside its charts, and what is downloaded.

One table per figure, built from `Figures`; the page, the CSV and the Excel file read the
same Table, so what is downloaded is what was seen.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cdtt.activities.models import Activity
from cdtt.orgunits.models import Level
from cdtt.periods import Period
from cdtt.steering.selectors import not_inspected, overdue_follow_ups
from cdtt.teams.names import Person, told_apart

from .figures import Figures
from .lines import Listing, Participation, SeatLine
from .models import MemberMonthFact

TEXT, INT, SHARE, DATE = "text", "int", "share", "date"
PAGE_ROWS = 50  # long tables are cut on the page, never in the files
PEOPLE_ROWS = 20  # lists of people (inactive members of a province…) are cut sooner


@dataclass
class Column:
    key: str
    label: str
    kind: str = INT
    empty: str = ""  # what an empty cell says ("never inspected"), on the page and in files


@dataclass
class Table:
    """Rows are dicts keyed by column; a row's "url" links its first cell, and a "total" row
    closes the table (it is left out of the chart)."""

    name: str
    title: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    chart: str | None = None  # the column drawn as bars, if any
    chart_kind: str = "bars"  # bars (one per row) or columns (a time series)
    note: str = ""
    page_rows: int = PAGE_ROWS
    total: int | None = None  # rows in all, when only the first were read (a page's list)

    @property
    def shown(self) -> list[dict]:
        return self.rows[: self.page_rows]

    @property
    def count(self) -> int:
        return len(self.rows) if self.total is None else self.total

    @property
    def cut(self) -> bool:
        return self.count > len(self.shown)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


PARTICIPATION_COLUMNS = [
    Column("seats", _("Members")),
    Column("active", _("Active")),
    Column("share", _("Participation"), SHARE),
    Column("performing", _("Performing")),
    Column("activities", _("Activities")),
]


def _participation_row(p: Participation, **extra) -> dict:
    return {
        "label": p.label,
        "seats": p.seats,
        "active": p.active,
        "share": p.share,
        "performing": p.performing,
        "activities": p.activities,
        **extra,
    }


def by_type(figures: Figures, **_context) -> Table:
    return Table(
        "by_type",
        _("Activities by type"),
        [
            Column("label", _("Activity type"), TEXT),
            Column("activities", _("Activities")),
            Column("count", _("Count")),
            Column("counts", _("Counts"), TEXT),
            Column("women", _("Women")),
            Column("ethnic_minority", _("Ethnic minority")),
            Column("elderly", _("Aged 60+")),
            Column("households_without_smartphone", _("Households without smartphone")),
        ],
        [
            {
                "label": line.type.display_name,
                "activities": line.activities,
                "count": line.count,
                "counts": line.type.get_counts_display(),
                "women": line.women,
                "ethnic_minority": line.ethnic_minority,
                "elderly": line.elderly,
                "households_without_smartphone": line.households_without_smartphone,
            }
            for line in figures.by_type()
        ],
        chart="activities",
    )


def trend(figures: Figures, **_context) -> Table:
    return Table(
        "trend",
        _("Twelve months"),
        [
            Column("label", _("Month"), TEXT),
            Column("activities", _("Activities")),
            Column("people", _("People helped")),
            Column("seats", _("Members")),
            Column("active", _("Active")),
            Column("share", _("Participation"), SHARE),
        ],
        [
            {
                "label": point.period.label,
                "short": f"{point.period.month:02d}/{point.period.year % 100:02d}",
                "activities": point.activities,
                "people": point.people,
                "seats": point.seats,
                "active": point.active,
                "share": point.share,
            }
            for point in figures.trend()
        ],
        chart="activities",
        chart_kind="columns",
    )


def by_affiliation(figures: Figures, **_context) -> Table:
    return Table(
        "affiliation",
        _("Participation by affiliation"),
        [Column("label", _("Affiliation"), TEXT), *PARTICIPATION_COLUMNS],
        [_participation_row(p) for p in figures.by_affiliation()],
        chart="share",
    )


def by_age_band(figures: Figures, **_context) -> Table:
    return Table(
        "age",
        _("Participation by age"),
        [Column("label", _("Age"), TEXT), *PARTICIPATION_COLUMNS],
        [_participation_row(p) for p in figures.by_age_band()],
        chart="share",
    )


def own_team_label(unit) -> str:
    return _("%(unit)s's own team") % {"unit": unit.name}


REST_LABELS = {"elsewhere": _("Units merged or closed since")}


def _rest_row(line, label) -> dict:
    return _participation_row(
        line.participation, label=str(label), people=line.people, completeness=line.completeness
    )


def ranking(figures: Figures, completeness=None, **_context) -> Table:
    """The units one level down that have members or activities; the others are named in
    the note (a commune without a team is news for its committee). The unit's own team and
    units merged since have their rows too, and a total closes it: the rows add up."""
    lines = figures.ranking(completeness)
    empty = [line.unit.name for line in lines if not line.participation.seats and not line.count]
    title = _("Villages") if figures.unit.level == Level.COMMUNE else _("Communes")
    rest = figures.ranking_rest(completeness) if lines else {}
    rows = [
        _participation_row(
            line.participation,
            label=line.unit.name,
            people=line.people,
            completeness=line.completeness,
            url=reverse("dashboard:unit", args=[line.unit.pk]),
        )
        for line in lines
        if line.participation.seats or line.count
    ]
    own, elsewhere = rest.get("own"), rest.get("elsewhere")
    if own is not None:
        rows.insert(0, _rest_row(own, own_team_label(figures.unit)))
    if elsewhere is not None:
        rows.append(_rest_row(elsewhere, REST_LABELS["elsewhere"]))
    if rows:
        done = completeness["total"] if completeness is not None else None
        rows.append(
            _participation_row(
                figures.participation(),
                label=str(_("Total")),
                people=figures.people_by_child_total(),
                completeness=done.rate if done is not None and done.expected else None,
                total=True,
            )
        )
    return Table(
        "ranking",
        title,
        [
            Column("label", _("Unit"), TEXT),
            *PARTICIPATION_COLUMNS,
            Column("people", _("People helped")),
            Column("completeness", _("Reports in"), SHARE),
        ],
        rows,
        chart="share",
        note=_("No member and no activity yet: %(units)s.") % {"units": ", ".join(empty)}
        if empty
        else "",
    )


def completeness_table(figures: Figures, completeness=None, **_context) -> Table:
    result = completeness or figures.completeness()
    rows = [
        (child.name, summary, reverse("dashboard:unit", args=[child.pk]))
        for child, summary in result["children"]
        if summary.expected  # units without members are named under the ranking
    ]
    # The unit's own team, and units merged since: the rows add up to the total.
    if result["own"].expected:
        rows.insert(0, (own_team_label(figures.unit), result["own"], None))
    if result["elsewhere"].expected:
        rows.append((str(REST_LABELS["elsewhere"]), result["elsewhere"], None))
    rows.append((figures.unit.name, result["total"], None))
    return Table(
        "completeness",
        _("Monthly reports of %(month)s") % {"month": figures.last.label},
        [
            Column("label", _("Unit"), TEXT),
            Column("expected", _("Expected")),
            Column("on_time", _("On time")),
            Column("late", _("Late")),
            Column("missing", _("Not yet / missing")),
            Column("rate", _("Reported"), SHARE),
        ],
        [
            {
                "label": label,
                "expected": s.expected,
                "on_time": s.counts["on_time"],
                "late": s.counts["late"],
                "missing": s.counts["pending"] + s.counts["missing"],
                "rate": s.rate if s.expected else None,
                "url": url,
                "total": s is result["total"],
            }
            for label, s, url in rows
        ],
        chart="rate",
    )


def coverage(figures: Figures, **_context) -> Table:
    total, children = figures.coverage()
    return Table(
        "coverage",
        _("Coverage of households"),
        [
            Column("label", _("Unit"), TEXT),
            Column("villages", _("Villages with figures")),
            Column("households", _("Households")),
            Column("reached", _("Household visits")),
            Column("share", _("Reached"), SHARE),
            Column("without_smartphone", _("Households without smartphone")),
            Column("met", _("Met without smartphone")),
        ],
        [
            {
                "label": c.unit.name,
                "villages": c.villages,
                "households": c.households,
                "reached": c.reached,
                "share": c.share,
                "without_smartphone": c.without_smartphone,
                "met": c.met_without_smartphone,
                "total": c is total,
            }
            for c in [*children, total]
            if c.villages
        ],
        chart="share",
        note=_(
            "Only villages whose households are recorded. Visits of the activity types that "
            "count households; a household visited twice counts twice."
        ),
    )


def where(unit, seen_from) -> str:
    """A team's unit as a reader of `seen_from` tells it apart: villages of other communes
    carry their commune's name (a province has several "Bản Háng Dín")."""
    if unit.level == Level.VILLAGE and seen_from.pk not in (unit.pk, unit.parent_id):
        return f"{unit.name} ({unit.parent.name})"
    return unit.name


@cache
def _member_url() -> str:
    """A member page's URL with a {} for the id: reverse() once, a province lists ten
    thousand members."""
    return reverse("dashboard:member", args=[4242424242]).replace("4242424242", "{}")


def _labels(lines: list[SeatLine]) -> dict:
    """Each seat's name as the list shows it: two people of the same name told apart by
    their role or birth year (officers' lists carry no phone numbers)."""
    return told_apart(
        Person(line.seat.key, line.seat.member.full_name, line.seat.role,
               line.seat.member.birth_year)
        for line in lines
    )  # fmt: skip


def _seat_row(line: SeatLine, query: str, seen_from, labels: dict | None = None) -> dict:
    seat = line.seat
    return {
        "label": (labels or {}).get(seat.key, seat.member.full_name),
        "team": where(seat.team.unit, seen_from),
        "activities": line.activities,
        "days_active": line.days_active,
        "last_date": line.last_date,
        "days_since": line.days_since,
        "url": _member_url().format(seat.member.pk) + query,
    }


def _seat_rows(lines: list[SeatLine], query: str, seen_from) -> list[dict]:
    labels = _labels(lines)
    return [_seat_row(line, query, seen_from, labels) for line in lines]


def _listing(figures: Figures, kind: str, page: bool) -> Listing:
    """A list of seats: on a page, only the rows it shows (a country has a hundred thousand
    inactive members); in a download, all of them."""
    return figures.listing(kind, PEOPLE_ROWS if page else None)


SEAT_COLUMNS = [Column("label", _("Member"), TEXT), Column("team", _("Team"), TEXT)]


def inactive(figures: Figures, query: str = "", page: bool = False, **_context) -> Table:
    listing = _listing(figures, "inactive", page)
    return Table(
        "inactive",
        _("Inactive in %(month)s") % {"month": figures.last.label},
        [
            *SEAT_COLUMNS,
            Column("last_date", _("Last activity"), DATE),
            Column("days_since", _("Days since")),
        ],
        _seat_rows(listing.lines, query, figures.unit),
        page_rows=PEOPLE_ROWS,
        total=listing.total,
        note=_("Members without activity in the month; never active: days since they joined."),
    )


def dropouts(figures: Figures, query: str = "", page: bool = False, **_context) -> Table:
    listing = _listing(figures, "dropouts", page)
    return Table(
        "dropouts",
        _("Stopped in %(month)s") % {"month": figures.last.label},
        [*SEAT_COLUMNS, Column("last_date", _("Last activity"), DATE)],
        _seat_rows(listing.lines, query, figures.unit),
        page_rows=PEOPLE_ROWS,
        total=listing.total,
        note=_("Active the month before, nothing this month."),
    )


def performing(figures: Figures, query: str = "", page: bool = False, **_context) -> Table:
    listing = _listing(figures, "performing", page)
    return Table(
        "performing",
        _("Performing members"),
        [
            *SEAT_COLUMNS,
            Column("activities", _("Activities")),
            Column("days_active", _("Days active")),
        ],
        _seat_rows(listing.lines, query, figures.unit),
        page_rows=PEOPLE_ROWS,
        total=listing.total,
    )


def members(figures: Figures, query: str = "", **_context) -> Table:
    """Every seat of a team page: who did what, who did nothing."""
    lines = sorted(figures.seat_lines, key=lambda line: (-line.activities, line.seat.key))
    labels = _labels(lines)
    return Table(
        "members",
        _("Members"),
        [
            Column("label", _("Member"), TEXT),
            Column("role", _("Role"), TEXT),
            Column("activities", _("Activities")),
            Column("count", _("Count")),
            Column("days_active", _("Days active")),
            Column("performing", _("Performing"), TEXT),
            Column("last_date", _("Last activity"), DATE),
        ],
        [
            {
                **_seat_row(line, query, figures.unit, labels),
                "role": line.seat.role,
                "count": line.count,
                "performing": _("yes") if line.performing else "",
            }
            for line in lines
        ],
        chart="activities",
    )


def not_inspected_table(figures: Figures, page: bool = False, **_context) -> Table:
    teams = not_inspected(figures.unit, figures.today)
    return Table(
        "not_inspected",
        _("Teams not inspected recently"),
        [
            Column("label", _("Team"), TEXT),
            Column("last_inspected", _("Last inspection"), DATE, empty=_("never inspected")),
        ],
        [
            {
                "label": where(team.unit, figures.unit),
                "last_inspected": team.last_inspected,
                "url": reverse("dashboard:team", args=[team.pk]),
            }
            for team in (teams[:PEOPLE_ROWS] if page else teams)
        ],
        page_rows=PEOPLE_ROWS,
        total=teams.count() if page else None,
    )


def follow_ups_table(figures: Figures, **_context) -> Table:
    return Table(
        "follow_ups",
        _("Overdue follow-up tasks"),
        [
            Column("label", _("Team"), TEXT),
            Column("task", _("Task"), TEXT),
            Column("due_date", _("Due date"), DATE),
        ],
        [
            {
                "label": where(f.inspection.team.unit, figures.unit),
                "task": f.task,
                "due_date": f.due_date,
                "url": reverse("dashboard:team", args=[f.inspection.team_id]),
            }
            for f in overdue_follow_ups(figures.unit, figures.today)
        ],
    )


MEMBER_ACTIVITIES = 200  # a member's page lists at most this many activities; files all


def member_months(member, teams, first, last, **_context) -> Table:
    """A member's months in each of the teams the viewer sees."""
    months = (
        MemberMonthFact.objects.filter(
            member=member, team__in=teams, period__gte=str(first), period__lte=str(last)
        )
        .select_related("team__unit")
        .order_by("-period", "team__unit__name_sort")
    )
    return Table(
        "months",
        _("Month by month"),
        [
            Column("label", _("Month"), TEXT),
            Column("team", _("Team"), TEXT),
            Column("activities", _("Activities")),
            Column("count", _("Count")),
            Column("days_active", _("Days active")),
            Column("last_date", _("Last activity"), DATE),
        ],
        [
            {
                "label": Period.parse(m.period).label,
                "team": m.team.unit.name,
                "activities": m.activities,
                "count": m.count,
                "days_active": m.days_active,
                "last_date": m.last_date,
            }
            for m in months
        ],
    )


def member_activities(member, teams, first, last, page: bool = False, **_context) -> Table:
    """A member's activities, newest first: on the page the latest MEMBER_ACTIVITIES."""
    found = (
        Activity.objects.filter(member=member, team__in=teams)
        .filter(date__gte=first.first_day, date__lte=last.last_day)
        .select_related("type", "village", "team__unit")
        .newest_first()
    )
    activities = list(found[: MEMBER_ACTIVITIES + 1] if page else found)
    return Table(
        "activities",
        _("Activities"),
        [
            Column("label", _("Date"), DATE),
            Column("type", _("Activity type"), TEXT),
            Column("count", _("Count")),
            Column("where", _("Where"), TEXT),
            Column("note", _("Note"), TEXT),
        ],
        [
            {
                "label": a.date,
                "type": a.type.display_name,
                "count": a.people_helped,
                "where": a.village.name,
                "note": a.note,
            }
            for a in activities
        ],
        page_rows=MEMBER_ACTIVITIES,
    )


MEMBER_TABLES: dict[str, Callable[..., Table]] = {
    "months": member_months,
    "activities": member_activities,
}
UNIT_TABLES: dict[str, Callable[..., Table]] = {
    "by_type": by_type,
    "trend": trend,
    "ranking": ranking,
    "completeness": completeness_table,
    "affiliation": by_affiliation,
    "age": by_age_band,
    "coverage": coverage,
    "inactive": inactive,
    "dropouts": dropouts,
    "performing": performing,
    "not_inspected": not_inspected_table,
    "follow_ups": follow_ups_table,
}
TEAM_TABLES: dict[str, Callable[..., Table]] = {
    "members": members,
    "by_type": by_type,
    "trend": trend,
    "affiliation": by_affiliation,
    "age": by_age_band,
    "inactive": inactive,
    "dropouts": dropouts,
}
