"""The dashboard's figures as rows: what each page shows beside its charts, what is
downloaded, and what the stats API answers.

One row builder per figure, built from `Figures`, and one shape (its columns): the page, the
CSV and the Excel file read the same Table, so what is downloaded is what was seen; the API
(`stats`) answers the same rows through a serializer made from the same shape.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cdtt.activities.measures import MEASURES
from cdtt.activities.models import Activity
from cdtt.orgunits.models import Level
from cdtt.periods import Period
from cdtt.steering.selectors import not_inspected, overdue_follow_ups
from cdtt.teams.names import Person, told_apart

from .figures import Figures
from .lines import ChildLine, Coverage, Listing, Participation, SeatLine
from .models import MemberMonthFact

TEXT, INT, SHARE, DATE = "text", "int", "share", "date"
PAGE_ROWS = 50  # long tables are cut on the page, never in the files
PEOPLE_ROWS = 20  # lists of people (inactive members of a province…) are cut sooner


@dataclass
class Column:
    """One field of a figure's rows: a column of its table (`shown`), a field of its API
    answer (`api`), or both. A figure's columns are its one output shape: the page, the
    CSV and Excel files show its shown columns, and the API's serializer is made from its
    api columns (`cdtt.dashboard.api.serializer_of`)."""

    key: str
    label: str = ""
    kind: str = INT
    empty: str = ""  # what an empty cell says ("never inspected"), on the page and in files
    shown: bool = True  # on the page and in the files
    api: bool = True  # in the API's answer
    null: bool | None = None  # the API may answer null (default: shares and dates may)
    help_text: str = ""  # in the API schema

    @property
    def nullable(self) -> bool:
        return self.kind in (SHARE, DATE) if self.null is None else self.null


def page_only(key: str, label: str, kind: str = TEXT, **more) -> Column:
    return Column(key, label, kind, api=False, **more)


def api_only(key: str, kind: str = INT, **more) -> Column:
    return Column(key, kind=kind, shown=False, **more)


def pick(shape: list[Column], *keys: str) -> list[Column]:
    """The columns of `shape` named, in the order named (a table showing part of a shape)."""
    found = {c.key: c for c in shape}
    return [found[key] for key in keys]


@dataclass
class Table:
    """Rows are dicts keyed by column; a row's "url" links its first cell, and a "total" row
    closes the table (it is left out of the chart). `shape`: the figure's columns, of which
    the table shows the `shown` ones."""

    name: str
    title: str
    shape: list[Column]
    rows: list[dict] = field(default_factory=list)
    chart: str | None = None  # the column drawn as bars, if any
    chart_kind: str = "bars"  # bars (one per row) or columns (a time series)
    note: str = ""
    page_rows: int = PAGE_ROWS
    total: int | None = None  # rows in all, when only the first were read (a page's list)

    @property
    def columns(self) -> list[Column]:
        return [c for c in self.shape if c.shown]

    @property
    def shown(self) -> list[dict]:
        return self.rows[: self.page_rows]

    @property
    def count(self) -> int:
        return len(self.rows) if self.total is None else self.total

    @property
    def cut(self) -> bool:
        return self.count > len(self.shown)


# Activities by type: every measure of `cdtt.activities.measures`, per type.

_HEADLINE = [Column(m.name, m.label, help_text=m.help_text) for m in MEASURES if m.headline]
BY_TYPE = [
    Column("name", _("Activity type"), TEXT),
    api_only("type", TEXT, help_text="the activity type's code"),
    *_HEADLINE,
    page_only("counts_label", _("Counts")),
    api_only("counts", TEXT, help_text="what `count` counts: people, applications…"),
    *[Column(m.name, m.label, help_text=m.help_text) for m in MEASURES if not m.headline],
]
TOTALS = [
    *[Column(m.name, m.label, help_text=m.help_text) for m in MEASURES],
    api_only("people", help_text="the count of the types that count people"),
]


def by_type_rows(figures: Figures) -> list[dict]:
    return [
        {
            "type": line.type.code,
            "name": line.type.display_name,
            "counts": line.type.counts,
            "counts_label": line.type.get_counts_display(),
            **line.values,
        }
        for line in figures.by_type()
    ]


def by_type(figures: Figures, **_context) -> Table:
    return Table(
        "by_type", _("Activities by type"), BY_TYPE, by_type_rows(figures), chart="activities"
    )


# Twelve months.


def trend_rows(figures: Figures) -> list[dict]:
    return [
        {
            "period": str(point.period),
            "label": point.period.label,
            "short": f"{point.period.month:02d}/{point.period.year % 100:02d}",
            "activities": point.activities,
            "people": point.people,
            "seats": point.seats,
            "active": point.active,
            "share": point.share,
        }
        for point in figures.trend()
    ]


def trend(figures: Figures, **_context) -> Table:
    return Table(
        "trend",
        _("Twelve months"),
        TREND,
        trend_rows(figures),
        chart="activities",
        chart_kind="columns",
    )


# Participation: overall, by affiliation, by age band; and the ranking's units.

PARTICIPATION_COLUMNS = [
    Column("seats", _("Members"), help_text="(member, team) pairs held during the range"),
    Column("active", _("Active"), help_text="seats with at least one activity"),
    Column("share", _("Participation"), SHARE, help_text="active / seats"),
    Column("performing", _("Performing")),
    Column("activities", _("Activities")),
]


TREND = [
    page_only("label", _("Month")),
    api_only("period", TEXT),
    Column("activities", _("Activities")),
    Column("people", _("People helped")),
    *pick(PARTICIPATION_COLUMNS, "seats", "active", "share"),
]


def participation_shape(label: str) -> list[Column]:
    """A participation figure's columns; `label` heads its first one (what its rows are)."""
    return [Column("label", label, TEXT), api_only("key", TEXT), *PARTICIPATION_COLUMNS]


PARTICIPATION = participation_shape("")  # the API's: no title


def participation_row(p: Participation, **extra) -> dict:
    return {
        "key": p.key,
        "label": str(p.label),
        "seats": p.seats,
        "active": p.active,
        "share": p.share,
        "performing": p.performing,
        "activities": p.activities,
        **extra,
    }


def _groups(name: str, title: str, label: str, groups: list[Participation]) -> Table:
    """Participation by group (affiliation, age band): one row per group."""
    rows = [participation_row(p) for p in groups]
    return Table(name, title, participation_shape(label), rows, chart="share")


def by_affiliation(figures: Figures, **_context) -> Table:
    title = _("Participation by affiliation")
    return _groups("affiliation", title, _("Affiliation"), figures.by_affiliation())


def by_age_band(figures: Figures, **_context) -> Table:
    return _groups("age", _("Participation by age"), _("Age"), figures.by_age_band())


def own_team_label(unit) -> str:
    return _("%(unit)s's own team") % {"unit": unit.name}


REST_LABELS = {"elsewhere": _("Units merged or closed since")}
RANKING = [
    Column("name", _("Unit"), TEXT),
    api_only("orgunit"),
    *PARTICIPATION_COLUMNS,
    api_only("count", help_text="the sum of the types' counts"),
    Column("people", _("People helped")),
    Column("completeness", _("Reports in"), SHARE),
]


def ranking_row(line: ChildLine, name: str | None = None, **extra) -> dict:
    """A unit one level down (or, named, the unit's own team or units merged since)."""
    return participation_row(
        line.participation,
        orgunit=line.unit.pk,
        name=str(name or line.unit.name),
        count=line.count,
        people=line.people,
        completeness=line.completeness,
        **extra,
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
        ranking_row(line, url=reverse("dashboard:unit", args=[line.unit.pk]))
        for line in lines
        if line.participation.seats or line.count
    ]
    own, elsewhere = rest.get("own"), rest.get("elsewhere")
    if own is not None:
        rows.insert(0, ranking_row(own, own_team_label(figures.unit)))
    if elsewhere is not None:
        rows.append(ranking_row(elsewhere, REST_LABELS["elsewhere"]))
    if rows:
        done = completeness["total"] if completeness is not None else None
        rows.append(
            participation_row(
                figures.participation(),
                name=str(_("Total")),
                people=figures.people_by_child_total(),
                completeness=done.rate if done is not None and done.expected else None,
                total=True,
            )
        )
    return Table(
        "ranking",
        title,
        RANKING,
        rows,
        chart="share",
        note=_("No member and no activity yet: %(units)s.") % {"units": ", ".join(empty)}
        if empty
        else "",
    )


# Monthly reports in.

COMPLETENESS = [
    page_only("label", _("Unit")),
    api_only("period", TEXT),
    Column("expected", _("Expected")),
    Column("on_time", _("On time")),
    Column("late", _("Late")),
    api_only("pending"),
    api_only("missing"),
    page_only("not_in", _("Not yet / missing"), INT),
    Column("rate", _("Reported"), SHARE, null=False),
]


def completeness_row(summary, period: Period, **extra) -> dict:
    """A unit's reports of a month; the rate of a unit that expects none is 0 in the API
    and empty in the table."""
    return {
        "period": str(period),
        "expected": summary.expected,
        "on_time": summary.counts["on_time"],
        "late": summary.counts["late"],
        "pending": summary.counts["pending"],
        "missing": summary.counts["missing"],
        "not_in": summary.counts["pending"] + summary.counts["missing"],
        "rate": summary.rate,
        **extra,
    }


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
    built = [
        completeness_row(s, figures.last, label=label, url=url, total=s is result["total"])
        for label, s, url in rows
    ]
    for row, (_label, s, _url) in zip(built, rows, strict=True):
        if not s.expected:
            row["rate"] = None
    return Table(
        "completeness",
        _("Monthly reports of %(month)s") % {"month": figures.last.label},
        COMPLETENESS,
        built,
        chart="rate",
    )


# Coverage of households.

COVERAGE = [
    Column("name", _("Unit"), TEXT),
    api_only("orgunit"),
    Column("villages", _("Villages with figures"), help_text="villages with a baseline"),
    Column("households", _("Households")),
    Column("households_reached", _("Household visits")),
    Column("share", _("Reached"), SHARE),
    Column("households_without_smartphone", _("Households without smartphone")),
    Column("met_without_smartphone", _("Met without smartphone")),
]


def coverage_row(cover: Coverage, **extra) -> dict:
    return {
        "orgunit": cover.unit.pk,
        "name": cover.unit.name,
        "villages": cover.villages,
        "households": cover.households,
        "households_reached": cover.reached,
        "share": cover.share,
        "households_without_smartphone": cover.without_smartphone,
        "met_without_smartphone": cover.met_without_smartphone,
        **extra,
    }


def coverage(figures: Figures, **_context) -> Table:
    total, children = figures.coverage()
    return Table(
        "coverage",
        _("Coverage of households"),
        COVERAGE,
        [coverage_row(c, total=c is total) for c in [*children, total] if c.villages],
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
def _url_of(name: str) -> str:
    """A page's URL with a {} for the id: reverse() once, a province lists ten thousand
    members and thousands of teams."""
    return reverse(name, args=[4242424242]).replace("4242424242", "{}")


def _labels(lines: list[SeatLine]) -> dict:
    """Each seat's name as the list shows it: two people of the same name told apart by
    their role or birth year (officers' lists carry no phone numbers)."""
    return told_apart(
        Person(line.seat.key, line.seat.member.full_name, line.seat.role,
               line.seat.member.birth_year)
        for line in lines
    )  # fmt: skip


# The lists of seats: who worked, who stopped, who did nothing.

SEAT = [
    page_only("label", _("Member")),
    api_only("member"),
    api_only("name", TEXT),
    page_only("where", _("Team")),
    api_only("team"),
    api_only("unit", TEXT),
    Column("activities", _("Activities")),
    page_only("days_active", _("Days active"), INT),
    Column("last_date", _("Last activity"), DATE),
    Column("days_since", _("Days since"), null=True),
]


def seat_row(line: SeatLine, query: str, seen_from, labels: dict | None = None) -> dict:
    seat = line.seat
    return {
        "label": (labels or {}).get(seat.key, seat.member.full_name),
        "member": seat.member.pk,
        "name": seat.member.full_name,
        "where": where(seat.team.unit, seen_from),
        "team": seat.team.pk,
        "unit": seat.team.unit.name,
        "activities": line.activities,
        "days_active": line.days_active,
        "last_date": line.last_date,
        "days_since": line.days_since,
        "url": _url_of("dashboard:member").format(seat.member.pk) + query,
    }


def seat_rows(lines: list[SeatLine], query: str, seen_from) -> list[dict]:
    labels = _labels(lines)
    return [seat_row(line, query, seen_from, labels) for line in lines]


def _listing(figures: Figures, kind: str, page: bool) -> Listing:
    """A list of seats: on a page, only the rows it shows (a country has a hundred thousand
    inactive members); in a download, all of them."""
    return figures.listing(kind, PEOPLE_ROWS if page else None)


def _seat_table(figures, kind, title, keys, query, page, note="") -> Table:
    listing = _listing(figures, kind, page)
    return Table(
        kind,
        title,
        pick(SEAT, "label", "where", *keys),
        seat_rows(listing.lines, query, figures.unit),
        page_rows=PEOPLE_ROWS,
        total=listing.total,
        note=note,
    )


def inactive(figures: Figures, query: str = "", page: bool = False, **_context) -> Table:
    return _seat_table(
        figures,
        "inactive",
        _("Inactive in %(month)s") % {"month": figures.last.label},
        ("last_date", "days_since"),
        query,
        page,
        _("Members without activity in the month; never active: days since they joined."),
    )


def dropouts(figures: Figures, query: str = "", page: bool = False, **_context) -> Table:
    return _seat_table(
        figures,
        "dropouts",
        _("Stopped in %(month)s") % {"month": figures.last.label},
        ("last_date",),
        query,
        page,
        _("Active the month before, nothing this month."),
    )


def performing(figures: Figures, query: str = "", page: bool = False, **_context) -> Table:
    return _seat_table(
        figures, "performing", _("Performing members"), ("activities", "days_active"), query, page
    )


# A seat's work: on a team page, each member's; on a member's page, each month's.

WORK = [
    Column("team", _("Team"), TEXT),
    Column("role", _("Role"), TEXT),
    Column("activities", _("Activities")),
    Column("count", _("Count")),
    Column("days_active", _("Days active")),
    Column("performing", _("Performing"), TEXT),
    Column("last_date", _("Last activity"), DATE),
]


def members(figures: Figures, query: str = "", **_context) -> Table:
    """Every seat of a team page: who did what, who did nothing."""
    lines = sorted(figures.seat_lines, key=lambda line: (-line.activities, line.seat.key))
    labels = _labels(lines)
    return Table(
        "members",
        _("Members"),
        [
            Column("label", _("Member"), TEXT),
            *pick(WORK, "role", "activities", "count", "days_active", "performing", "last_date"),
        ],
        [
            {
                **seat_row(line, query, figures.unit, labels),
                "role": line.seat.role,
                "count": line.count,
                "performing": _("yes") if line.performing else "",
            }
            for line in lines
        ],
        chart="activities",
    )


# The committee's own work: teams not inspected, follow-up tasks overdue.

NOT_INSPECTED = [
    page_only("label", _("Team")),
    api_only("team"),
    api_only("unit", TEXT),
    Column("last_inspected", _("Last inspection"), DATE, empty=_("never inspected")),
]


def not_inspected_row(team, seen_from) -> dict:
    return {
        "label": where(team.unit, seen_from),
        "team": team.pk,
        "unit": team.unit.name,
        "last_inspected": team.last_inspected,
        "url": _url_of("dashboard:team").format(team.pk),
    }


def not_inspected_table(figures: Figures, page: bool = False, **_context) -> Table:
    teams = not_inspected(figures.unit, figures.today)
    return Table(
        "not_inspected",
        _("Teams not inspected recently"),
        NOT_INSPECTED,
        [
            not_inspected_row(team, figures.unit)
            for team in (teams[:PEOPLE_ROWS] if page else teams)
        ],
        page_rows=PEOPLE_ROWS,
        total=teams.count() if page else None,
    )


FOLLOW_UPS = [
    page_only("label", _("Team")),
    api_only("id"),
    api_only("team"),
    api_only("unit", TEXT),
    Column("task", _("Task"), TEXT),
    Column("due_date", _("Due date"), DATE, null=False),
]


def follow_up_row(task, seen_from) -> dict:
    team = task.inspection.team
    return {
        "label": where(team.unit, seen_from),
        "id": task.pk,
        "team": team.pk,
        "unit": team.unit.name,
        "task": task.task,
        "due_date": task.due_date,
        "url": _url_of("dashboard:team").format(team.pk),
    }


def follow_ups_table(figures: Figures, **_context) -> Table:
    return Table(
        "follow_ups",
        _("Overdue follow-up tasks"),
        FOLLOW_UPS,
        [follow_up_row(f, figures.unit) for f in overdue_follow_ups(figures.unit, figures.today)],
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
            *pick(WORK, "team", "activities", "count", "days_active", "last_date"),
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
