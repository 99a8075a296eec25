"""Screens of the monthly cycle: my month, the team's month, the commune's and province's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cdtt import safe_files
from cdtt.accounts.models import Role
from cdtt.accounts.scoping import get_in_scope, root_unit, scope
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period
from cdtt.teams.access import reads_area_work, reads_team_work
from cdtt.teams.models import Member, Membership, Team
from cdtt.teams.names import member_person, told_apart

from . import actions
from .batch import ACTIONS, chosen_teams, plan, start_batch
from .completeness import Timeliness, expected_members, rollup
from .exports.document import build
from .exports.docx import write_docx
from .exports.xlsx import write_xlsx
from .figures import change_since_sent, line_snapshot, member_figures, team_figures
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


def _try(request, function, *args, success: str) -> actions.ReportError | None:
    """Run a workflow step and say how it went; the refusal, if any, is returned."""
    try:
        function(*args)
    except actions.ReportError as error:
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
        report = actions.read_report(team, member, month)
        locked = actions.read_team_month(team, month).approved
        figures = member_figures(member, team, month)
        now = {
            "activities": figures.total.values["activities"],
            "count": figures.total.values["count"],
            "days_active": figures.total.days_active,
        }
        blocks.append(
            {
                "team": team,
                "report": report,
                "locked": locked,
                "editable": not locked and report.status in (Status.DRAFT, Status.RETURNED),
                "figures": figures,
                "change": change_since_sent(report, now) if report.pk else None,
                "returned_why": next(
                    (
                        t.comment
                        for t in reversed(report.transitions.all())
                        if t.to_status == Status.RETURNED
                    ),
                    "",
                )
                if report.status == Status.RETURNED
                else "",
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
                actions.submit_report,
                request.user,
                report,
                form.cleaned_data["difficulties"],
                form.cleaned_data["proposals"],
                success=_("Your report was sent to the team leader."),
            )
        else:
            refusal = _try(
                request,
                actions.save_words,
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
    """The team's month, one card per member: state, counts, the member's words, what
    changed since the report was sent; confirm, return or remind; then approve or unlock."""
    team = get_in_scope(request.user, Team.objects.select_related("unit__parent"), pk=pk)
    if not reads_team_work(request.user, team):  # teammates' figures and words: not a member's
        raise PermissionDenied
    month = _period(period)
    if request.method == "POST":
        return _team_action(request, team, month)
    return _team_page(request, team, month)


def _team_page(request, team: Team, month: Period, status: int = 200):
    user = request.user
    state = actions.read_team_month(team, month)
    can_review = actions.may_review(user, team)
    return render(
        request,
        "reports/team_month.html",
        {
            "team": team,
            "period": month,
            "cards": _member_cards(team, month, can_review and not state.approved),
            "figures": team_figures(team, month),
            "state": state,
            "events": state.events.select_related("actor") if state.pk else [],
            "can_review": can_review,
            "can_approve": user.role in (Role.ADMIN, Role.PROVINCE, Role.COMMUNE),
            "can_unlock": user.role in (Role.ADMIN, Role.PROVINCE),
            "unlock_request": actions.open_unlock_request(team, month) if state.approved else None,
            "Status": Status,
        },
        status=status,
    )


TEXT_FORMS = {"confirm": CommentForm, "return": CommentForm, "assessment": AssessmentForm,
              "unlock": ReasonForm, "request_unlock": ReasonForm}  # fmt: skip


def _member_cards(team: Team, month: Period, reviewing: bool) -> list[dict]:
    """Every member expected in the month, and anyone else who reported, with their report,
    their figures now and what changed since the report was sent."""
    reports = {
        r.member_id: r
        for r in MonthlyReport.objects.filter(team=team, period=str(month))
        .select_related("member")
        .prefetch_related("transitions__actor")
    }
    lines = dict(team_figures(team, month).by_group)
    rows = [
        (row.membership.member, row.membership.get_role_display(), row.status, True)
        for row in expected_members(team.unit, month, team=team)
    ]
    seen = {member.pk for member, *_rest in rows}
    rows += [(r.member, "", None, False) for r in reports.values() if r.member_id not in seen]
    labels = told_apart(
        (member_person(member, role=role) for member, role, _status, _expected in rows),
        phones=True,
    )
    cards = []
    for member, role, status, expected in rows:
        report = reports.get(member.pk)
        now = line_snapshot(lines.get(member.pk))
        cards.append(
            {
                "member": member,
                "label": labels[member.pk],
                "role": role,
                "expected": expected,
                "missing": status == Timeliness.MISSING,
                "report": report,
                "now": now,
                "change": change_since_sent(report, now) if report else None,
                "can_remind": reviewing
                and member.user_id is not None
                and (report is None or report.status in (Status.DRAFT, Status.RETURNED)),
            }
        )
    return cards


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
    if action in ("confirm", "return"):
        report = get_in_scope(
            user,
            MonthlyReport.objects.filter(team=team, period=str(month)),
            pk=post.get("report", "0"),
        )
        if action == "confirm":
            refusal = _try(
                request,
                actions.confirm_report,
                user,
                report,
                post.get("comment", ""),
                success=_("Report of %(name)s confirmed.") % {"name": report.member.full_name},
            )
        else:
            refusal = _try(
                request,
                actions.return_report,
                user,
                report,
                post.get("comment", ""),
                success=_("Report of %(name)s returned with your reason.")
                % {"name": report.member.full_name},
            )
        if getattr(refusal, "field", ""):
            return _team_page(request, team, month, status=400)
        page = reverse("reports:team", args=[team.pk, str(month)])
        return redirect(f"{page}#m{report.member_id}")
    if action == "assessment":
        refusal = _try(
            request,
            actions.save_assessment,
            user,
            team,
            month,
            post.get("assessment", ""),
            success=_("Assessment saved."),
        )
    elif action == "approve":
        _try(
            request,
            actions.approve_month,
            user,
            team,
            month,
            success=_("The month is approved and locked."),
        )
    elif action == "unlock":
        refusal = _try(
            request,
            actions.unlock_team_month,
            user,
            team,
            month,
            post.get("reason", ""),
            success=_("The month is unlocked."),
        )
    elif action == "request_unlock":
        refusal = _try(
            request,
            actions.request_unlock,
            user,
            team,
            month,
            post.get("reason", ""),
            success=_("The province is asked to unlock the month."),
        )
    if getattr(refusal, "field", ""):
        return _team_page(request, team, month, status=400)
    return redirect("reports:team", pk=team.pk, period=str(month))


def _back(request, fallback: str) -> str:
    """Where a form came from (our own site only), else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def remind(request, pk: int, period: str):
    """The leader's one-tap reminder to a member who has not reported (one a day)."""
    team = get_in_scope(request.user, Team.objects.select_related("unit"), pk=pk)
    month = _period(period)
    member = get_in_scope(
        request.user, Member.objects.filter(memberships__team=team).distinct(),
        pk=request.POST.get("member", "0"),
    )  # fmt: skip
    try:
        told = actions.remind(request.user, team, member, month)
    except actions.ReportError as error:
        messages.error(request, str(error))
    else:
        if told:
            messages.success(request, _("%(name)s is reminded.") % {"name": member.full_name})
        else:
            messages.info(
                request,
                _("%(name)s has no account: call them.") % {"name": member.full_name},
            )
    return redirect(_back(request, reverse("reports:team", args=[team.pk, str(month)])))


@login_required
def batch(request, period: str):
    """Several teams at once: the summary of what will be done (GET), then the job (POST)."""
    if not request.user.is_officer:
        raise PermissionDenied
    month = _period(period)
    action = request.POST.get("action") or request.GET.get("action")
    if action not in ACTIONS:
        raise Http404
    ids = request.POST.getlist("team") if request.method == "POST" else request.GET.getlist("team")
    teams = chosen_teams(request.user, ids)
    back = reverse("home:todo")
    if not teams:
        messages.error(request, _("Choose at least one team."))
        return redirect(back)
    if request.method == "POST":
        job = start_batch(request.user, action, teams, month, back)
        return redirect("jobs:job", job_id=job.pk)
    planned = plan(teams, month)
    return render(
        request,
        "reports/batch.html",
        {
            "action": action,
            "title": ACTIONS[action],
            "period": month,
            "planned": planned,
            "ready": [p for p in planned if not p.blocked] if action == "approve" else planned,
            "locked_activities": sum(p.activities for p in planned if not p.blocked),
        },
    )


@login_required
def unit_month(request, pk: int, period: str):
    """A commune's or province's month: completeness by unit, teams to approve, exports."""
    unit = get_in_scope(request.user, OrgUnit.objects.all(), pk=pk)
    if not reads_area_work(request.user):
        raise PermissionDenied
    month = _period(period)
    result = rollup(unit, month, rows=False)
    teams = scope(request.user, Team.objects.in_subtree(unit).select_related("unit"))
    states = {
        s.team_id: s for s in actions.TeamMonth.objects.filter(team__in=teams, period=str(month))
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
