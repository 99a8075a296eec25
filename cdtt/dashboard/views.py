"""The dashboard's pages: a unit (province → commune → village), a team, a member and their
activities; downloads of every table. (Directives and inspections: `cdtt.steering`.)

Unit pages are the steering committees' (officers); team pages also their leaders'; a member
sees their own page and the directives sent to their team. Everything is read through
`scope`: outside the subtree, 404.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cdtt.accounts.models import Role
from cdtt.accounts.scoping import get_in_scope, root_unit, scope
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period
from cdtt.reports.progress import due_period
from cdtt.teams.access import reads_member, reads_team_work
from cdtt.teams.models import Member, Team

from .attention import counts, needs_action
from .exports import CONTENT_TYPES, as_csv, as_xlsx
from .feedback import resident_feedback
from .figures import Figures, threshold
from .months import MonthsError, months_from
from .shared import shared
from .tables import MEMBER_TABLES, TEAM_TABLES, UNIT_TABLES

# Bump when the figures part of the unit page changes shape, so no shared entry outlives it.
FIGURES_VERSION = 4


def _months(request) -> tuple[Period, Period]:
    try:
        return months_from(request.GET.get("from"), request.GET.get("to"))
    except MonthsError as error:
        messages.error(request, str(error))
        return months_from(None, None)


def _query(first: Period, last: Period) -> str:
    return f"?from={first}&to={last}"


def _quick_ranges() -> list[tuple[str, str]]:
    this = Period.of(timezone.localdate())
    last = this.previous()
    three, twelve = last, last
    for _step in range(2):
        three = three.previous()
    for _step in range(11):
        twelve = twelve.previous()
    return [
        (_("Last month"), _query(last, last)),
        (_("Last 3 months"), _query(three, last)),
        (_("Last 12 months"), _query(twelve, last)),
        (_("This month so far"), _query(this, this)),
    ]


def _crumbs(user, unit: OrgUnit) -> list[OrgUnit]:
    """The unit's ancestors the user may see, top first (one query)."""
    ids = unit.ancestor_ids
    top = root_unit(user)
    found = OrgUnit.objects.filter(pk__in=ids)
    if top is not None:
        found = found.in_subtree(top)
    return sorted(found, key=lambda u: len(u.path))


def _officer_unit(request, pk: int) -> OrgUnit:
    unit = get_in_scope(request.user, OrgUnit.objects.select_related("parent"), pk=pk)
    if not request.user.is_officer:
        raise PermissionDenied
    return unit


def _led_team(request, pk: int) -> Team:
    team = get_in_scope(request.user, Team.objects.select_related("unit__parent"), pk=pk)
    if not reads_team_work(request.user, team):  # the rule of teams.access: not a member's
        raise PermissionDenied
    return team


def _download(table, heading: str, filename: str, fmt: str) -> HttpResponse:
    content = as_csv(table) if fmt == "csv" else as_xlsx(table, heading)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@login_required
def index(request):
    """Officers land on their unit; leaders on their team; members on their directives."""
    user = request.user
    if not user.is_officer:
        team = Team.objects.filter(unit=user.orgunit).first() if user.orgunit_id else None
        if user.role == Role.LEADER and team is not None:
            return redirect("dashboard:team", pk=team.pk)
        return redirect("steering:directives")
    unit = root_unit(user)
    if unit is not None:
        return redirect("dashboard:unit", pk=unit.pk)
    provinces = OrgUnit.objects.filter(level=Level.PROVINCE).current().vietnamese_order()
    if len(provinces) == 1:
        return redirect("dashboard:unit", pk=provinces[0].pk)
    return render(request, "dashboard/choose.html", {"provinces": provinces})


@login_required
def unit_page(request, pk: int):
    """A unit's figures for a range of months, each chart with its table and downloads.

    The figures part is shared by every officer who opens the page for a short while
    (`shared`); the crumbs, the menu and the messages are the user's own."""
    unit = _officer_unit(request, pk)
    first, last = _months(request)
    figures = Figures(unit, first, last)
    query = _query(figures.first, figures.last)
    key = ":".join(
        str(part)
        for part in ("dashboard-unit", FIGURES_VERSION, unit.pk, figures.first, figures.last,
                     figures.reference_day, threshold(), get_language())
    )  # fmt: skip
    recompute = "recompute" in request.GET
    entry = shared(key, lambda: _unit_figures(figures, query), recompute=recompute)
    found = shared(  # what needs action: the unit's counts, shared like its figures
        f"dashboard-attention:{FIGURES_VERSION}:{unit.pk}:{due_period()}",
        lambda: json.dumps(counts(unit)),
        recompute=recompute,
    )
    if recompute and settings.DASHBOARD_CACHE_SECONDS > 0:
        # Back to the page's own address, which now finds the fresh figures: reloading it
        # later must not recompute again.
        return redirect(f"{request.path}{query}")
    return render(
        request,
        "dashboard/unit.html",
        {
            "unit": unit,
            "due": due_period(),
            "attention": needs_action(request.user, unit, json.loads(found.html)),
            "crumbs": _crumbs(request.user, unit),
            "figures": figures,
            "query": query,
            "quick_ranges": _quick_ranges(),
            "figures_html": mark_safe(entry.html),  # noqa: S308  # nosec B308 B703 - rendered by us
            "computed_at": entry.computed_at,
            "recompute_query": query + "&recompute=1",
        },
    )


def _unit_figures(figures: Figures, query: str) -> str:
    """The unit page's figures, rendered (what `shared` keeps)."""
    unit = figures.unit
    completeness = figures.completeness()
    tables = {
        name: build(figures, completeness=completeness, query=query, page=True)
        for name, build in UNIT_TABLES.items()
    }
    return render_to_string(
        "dashboard/_unit_figures.html",
        {
            "unit": unit,
            "figures": figures,
            "totals": figures.totals(),
            "participation": figures.participation(),
            "completeness": completeness["total"],
            "tables": tables,
            "feedback": resident_feedback(unit, figures.first, figures.last),
            "team": Team.objects.filter(unit=unit).first(),
            "threshold": threshold(),
            "inspection_months": settings.DASHBOARD_INSPECTION_MONTHS,
            "query": query,
            "export_url": "dashboard:unit_table",
            "export_pk": unit.pk,
        },
    )


@login_required
def unit_table(request, pk: int, table: str, fmt: str):
    unit = _officer_unit(request, pk)
    if table not in UNIT_TABLES or fmt not in CONTENT_TYPES:
        raise Http404
    first, last = _months(request)
    figures = Figures(unit, first, last)
    completeness = figures.completeness() if table in ("ranking", "completeness") else None
    built = UNIT_TABLES[table](figures, completeness=completeness)
    heading = f"{unit.name} · {figures.first.label}–{figures.last.label}"
    return _download(built, heading, f"{table}-{unit.code}-{figures.first}-{figures.last}", fmt)


@login_required
def team_page(request, pk: int):
    """One team: each member's work, who did nothing, the inspections and their tasks."""
    team = _led_team(request, pk)
    first, last = _months(request)
    figures = Figures(team.unit, first, last, team=team)
    query = _query(figures.first, figures.last)
    tables = {name: build(figures, query=query, page=True) for name, build in TEAM_TABLES.items()}
    inspections = list(
        team.inspections.select_related("inspector").prefetch_related("follow_ups")[:10]
    )
    return render(
        request,
        "dashboard/team.html",
        {
            "team": team,
            "unit": team.unit,
            "crumbs": [*_crumbs(request.user, team.unit), team.unit],
            "figures": figures,
            "totals": figures.totals(),
            "participation": figures.participation(),
            "tables": tables,
            "inspections": inspections,
            "today": timezone.localdate(),
            "can_inspect": request.user.is_officer,
            "threshold": threshold(),
            "query": query,
            "quick_ranges": _quick_ranges(),
            "export_url": "dashboard:team_table",
            "export_pk": team.pk,
        },
    )


@login_required
def team_table(request, pk: int, table: str, fmt: str):
    team = _led_team(request, pk)
    if table not in TEAM_TABLES or fmt not in CONTENT_TYPES:
        raise Http404
    first, last = _months(request)
    figures = Figures(team.unit, first, last, team=team)
    heading = f"{team} · {figures.first.label}–{figures.last.label}"
    name = f"{table}-{team.unit.code}-{figures.first}-{figures.last}"
    return _download(TEAM_TABLES[table](figures), heading, name, fmt)


def _member_and_teams(request, pk: int):
    """The member (in the viewer's subtree) and those of their teams the viewer sees."""
    user = request.user
    member = get_in_scope(user, Member.objects.all(), pk=pk)
    if not reads_member(user, member):
        raise PermissionDenied
    teams = scope(user, Team.objects.filter(memberships__member=member)).distinct()
    return member, teams


@login_required
def member_page(request, pk: int):
    """A member's months in each of their teams the viewer may see, and their activities."""
    member, teams = _member_and_teams(request, pk)
    first, last = _months(request)
    query = _query(first, last)
    tables = {
        name: build(member, teams, first, last, page=True) for name, build in MEMBER_TABLES.items()
    }
    return render(
        request,
        "dashboard/member.html",
        {
            "member": member,
            "teams": list(teams.select_related("unit")),
            "tables": tables,
            "figures": {"first": first, "last": last},
            "query": query,
            "quick_ranges": _quick_ranges(),
            "export_url": "dashboard:member_table",
            "export_pk": member.pk,
        },
    )


@login_required
def member_table(request, pk: int, table: str, fmt: str):
    """One of a member's tables as CSV or Excel, all its rows."""
    member, teams = _member_and_teams(request, pk)
    if table not in MEMBER_TABLES or fmt not in CONTENT_TYPES:
        raise Http404
    first, last = _months(request)
    heading = f"{member.full_name} · {first.label}–{last.label}"
    name = f"{table}-{member.pk}-{first}-{last}"
    return _download(MEMBER_TABLES[table](member, teams, first, last), heading, name, fmt)
