"""The page where a commune officer (for the commune's teams) or a leader (for their team)
issues accounts to the members: choose teams, one tap, a background job, then the slips."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cdtt.accounts.scoping import as_id, get_in_scope
from cdtt.orgunits.models import Level, OrgUnit

from .actions import ensure_team
from .member_accounts import count_accounts, manageable_teams, start_issuing
from .models import Team


@login_required
@require_http_methods(["GET", "POST"])
def issue_accounts(request, pk: int):
    """For a commune: its own team and its villages' teams; for a village: its team."""
    units = OrgUnit.objects.filter(level__in=(Level.COMMUNE, Level.VILLAGE))
    unit = get_in_scope(request.user, units, pk=pk)
    teams = Team.objects.filter(pk=ensure_team(unit).pk)
    if unit.level == Level.COMMUNE:
        teams = Team.objects.in_subtree(unit)
    teams = manageable_teams(request.user, teams)
    if not teams:
        raise PermissionDenied
    if request.method == "POST":
        if "all" in request.POST:
            chosen = teams
        else:
            wanted = {as_id(v) for v in request.POST.getlist("team")}
            chosen = [t for t in teams if t.pk in wanted]
        if chosen:
            job = start_issuing(request.user, chosen)
            return redirect("jobs:job", job_id=job.pk)
    preselected = {as_id(v) for v in request.GET.getlist("team")}
    if len(teams) == 1:
        preselected = {teams[0].pk}
    rows = count_accounts(teams)
    context = {
        "unit": unit,
        "rows": rows,
        "preselected": preselected,
        "error": request.method == "POST",
        "to_issue": sum(r.to_issue for r in rows),
    }
    return render(request, "teams/issue_accounts.html", context)
