"""Screens of the monthly cycle: my month, the team's month, the commune's and province's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cdtt import safe_files
from cdtt.accounts.models import Role
from cdtt.accounts.scoping import get_in_scope, root_unit, scope
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period
from cdtt.teams.access import reads_area_work, reads_team_work
from cdtt.teams.models import Membership, Team

from . import workflow
from .completeness import Timeliness, rollup
from .exports.document import build
from .exports.docx import write_docx
from .exports.xlsx import write_xlsx
from .figures import member_figures, team_figures
from .forms import WORDS_LENGTH, AssessmentForm, CommentForm, ReasonForm, WordsForm, first_error
from .models import MonthlyReport, Status

CONTENT_TYPES = {
    "xlsx": safe_files.XLSX_TYPE,
    "docx": safe_files.DOCX_TYPE,
}


def _period(text: str | None) -> Period:
    if text is None:
        return Period.of(timezone.localdate()).previous()
    try:
        return Period.parse(text)
    except ValueError as error:
        raise Http404 from error


def _try(request, function, *args, success: str) -> workflow.ReportError | None:
    """Run a workflow step and say how it went; the refusal, if any, is returned."""
    try:
        function(*args)
    except workflow.ReportError as error:
        messages.error(request, str(error))
        return error
    messages.success(request, success)
    return None


def _typed(request, name: str) -> str:
    """What was typed in a refused field, shown back in it (no more than a long field holds:
    a refused megabyte is not sent back)."""
    return request.POST.get(name, "")[: 2 * WORDS_LENGTH]


@login_required
def index(request):
    """Members and leaders land on their own month; officers on their unit's."""
    period = Period.of(timezone.localdate()).previous()
    if request.user.is_officer:
        unit = (
            root_unit(request.user)
            or OrgUnit.objects.filter(level=Level.PROVINCE).order_by("name_sort").first()
        )
        return redirect("reports:unit", pk=unit.pk, period=str(period))
    return redirect("reports:my", period=str(Period.of(timezone.localdate())))


@login_required
def my_month(request, period: str):
    """The member's month: figures from their activities, their words, submit."""
    month = _period(period)
    member = getattr(request.user, "member", None)
    if member is None:
        return render(request, "reports/my_month.html", {"period": month, "blocks": []})
    memberships = (
        Membership.objects.overlapping(month.first_day, month.last_day)
        .filter(member=member)
        .select_related("team__unit")
    )
    blocks = []
    for team in {m.team for m in memberships}:
        report = workflow.read_report(team, member, month)
        locked = workflow.read_team_month(team, month).approved
        blocks.append(
            {
                "team": team,
                "report": report,
                "locked": locked,
                "editable": not locked and report.status in (Status.DRAFT, Status.RETURNED),
                "figures": member_figures(member, team, month),
                "transitions": report.transitions.select_related("actor") if report.pk else [],
            }
        )
    context = {"period": month, "blocks": blocks, "today": timezone.localdate()}
    if request.method == "POST":
        chosen = request.POST.get("team")
        report = next((b["report"] for b in blocks if str(b["team"].pk) == chosen), None)
        if report is None:
            raise Http404
        form = WordsForm(request.POST)
        refusal = None
        if not form.is_valid():
            messages.error(request, first_error(form))
        elif "submit" in request.POST:
            refusal = _try(
                request,
                workflow.submit_report,
                request.user,
                report,
                form.cleaned_data["difficulties"],
                form.cleaned_data["proposals"],
                success=_("Your report was sent to the team leader."),
            )
        else:
            refusal = _try(
                request,
                workflow.save_words,
                request.user,
                report,
                form.cleaned_data["difficulties"],
                form.cleaned_data["proposals"],
                success=_("Saved. Remember to send the report."),
            )
        if form.is_valid() and not getattr(refusal, "field", ""):
            return redirect("reports:my", period=str(month))
        # The words were refused: the page again, with what was typed, to correct it.
        report.difficulties = _typed(request, "difficulties")
        report.proposals = _typed(request, "proposals")
        return render(request, "reports/my_month.html", context, status=400)
    return render(request, "reports/my_month.html", context)


@login_required
def team_month(request, pk: int, period: str):
    """The leader's view of the team's month: who reported, confirm or return, approve."""
    team = get_in_scope(request.user, Team.objects.select_related("unit__parent"), pk=pk)
    if not reads_team_work(request.user, team):  # teammates' figures and words: not a member's
        raise PermissionDenied
    month = _period(period)
    if request.method == "POST":
        return _team_action(request, team, month)
    return _team_page(request, team, month)


def _team_page(request, team: Team, month: Period, status: int = 200):
    reports = {
        r.member_id: r
        for r in MonthlyReport.objects.filter(team=team, period=str(month)).prefetch_related(
            "transitions__actor"
        )
    }
    result = rollup(team.unit, month)
    rows = [
        {
            "member": row.membership.member,
            "role": row.membership.get_role_display(),
            "status": row.status,
            "report": reports.get(row.membership.member_id),
        }
        for row in result["rows"]
        if row.membership.team_id == team.pk
    ]
    figures = team_figures(team, month)
    days = {member_id: line for member_id, line in figures.by_group}
    for row in rows:
        row["line"] = days.get(row["member"].pk)
    state = workflow.read_team_month(team, month)
    user = request.user
    return render(
        request,
        "reports/team_month.html",
        {
            "team": team,
            "period": month,
            "rows": rows,
            "figures": figures,
            "state": state,
            "events": state.events.select_related("actor") if state.pk else [],
            "can_review": workflow.leads(user, team) or user.is_officer,
            "can_approve": user.role in (Role.ADMIN, Role.PROVINCE, Role.COMMUNE),
            "can_unlock": user.role in (Role.ADMIN, Role.PROVINCE),
            "Status": Status,
            "Timeliness": Timeliness,
        },
        status=status,
    )


TEXT_FORMS = {"confirm": CommentForm, "return": CommentForm, "assessment": AssessmentForm,
              "unlock": ReasonForm}  # fmt: skip


def _team_action(request, team: Team, month: Period):
    user, post = request.user, request.POST
    action = post.get("action")
    refusal = None
    if action in TEXT_FORMS:
        form = TEXT_FORMS[action](post)
        if not form.is_valid():  # the typed words break a rule: say which, change nothing
            messages.error(request, first_error(form))
            return _team_page(request, team, month, status=400)
        post = {**post.dict(), **form.cleaned_data}
    if action in ("confirm", "return", "submit_for"):
        report = get_in_scope(
            user,
            MonthlyReport.objects.filter(team=team, period=str(month)),
            pk=post.get("report", "0"),
        )
        if action == "confirm":
            refusal = _try(
                request,
                workflow.confirm_report,
                user,
                report,
                post.get("comment", ""),
                success=_("Report confirmed."),
            )
        elif action == "return":
            refusal = _try(
                request,
                workflow.return_report,
                user,
                report,
                post.get("comment", ""),
                success=_("Report returned to the member."),
            )
    elif action == "assessment":
        refusal = _try(
            request,
            workflow.save_assessment,
            user,
            team,
            month,
            post.get("assessment", ""),
            success=_("Assessment saved."),
        )
    elif action == "approve":
        _try(
            request,
            workflow.approve_month,
            user,
            team,
            month,
            success=_("The month is approved and locked."),
        )
    elif action == "unlock":
        refusal = _try(
            request,
            workflow.unlock_team_month,
            user,
            team,
            month,
            post.get("reason", ""),
            success=_("The month is unlocked."),
        )
    if getattr(refusal, "field", ""):
        return _team_page(request, team, month, status=400)
    return redirect("reports:team", pk=team.pk, period=str(month))


@login_required
def unit_month(request, pk: int, period: str):
    """A commune's or province's month: completeness by unit, teams to approve, exports."""
    unit = get_in_scope(request.user, OrgUnit.objects.all(), pk=pk)
    if not reads_area_work(request.user):
        raise PermissionDenied
    month = _period(period)
    result = rollup(unit, month, rows=False)
    teams = scope(
        request.user, Team.objects.filter(unit__path__startswith=unit.path).select_related("unit")
    )
    states = {
        s.team_id: s for s in workflow.TeamMonth.objects.filter(team__in=teams, period=str(month))
    }
    team_rows = sorted(
        (
            {"team": t, "approved": states.get(t.pk) is not None and states[t.pk].approved}
            for t in teams
            if t.unit.level != Level.VILLAGE or unit.level != Level.PROVINCE
        ),
        key=lambda r: (r["team"].unit.level != Level.COMMUNE, r["team"].unit.name_sort),
    )
    words = (
        MonthlyReport.objects.filter(team__in=teams, period=str(month))
        .exclude(difficulties="", proposals="")
        .select_related("member", "team__unit")
        .order_by("team__unit__name_sort")
    )
    return render(
        request,
        "reports/unit_month.html",
        {
            "unit": unit,
            "period": month,
            "result": result,
            "team_rows": team_rows,
            "words": words,
            "Timeliness": Timeliness,
        },
    )


@login_required
def unit_export(request, pk: int, period: str, fmt: str):
    unit = get_in_scope(request.user, OrgUnit.objects.all(), pk=pk)
    if not reads_area_work(request.user):
        raise PermissionDenied
    if fmt not in CONTENT_TYPES:
        raise Http404
    month = _period(period)
    document = build(unit, month)
    content = write_xlsx(document) if fmt == "xlsx" else write_docx(document)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{unit.code}-{month}.{fmt}"'
    return response
