"""Screens of the teams: team page, member profile, add/edit/end, import, composition.

Everything is read through `scope` (outside the subtree: 404) and written through the
functions of `members` and `imports`; `access` says who may change what (else 403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cdtt import safe_files
from cdtt.accounts.scoping import get_in_scope, root_unit, scope
from cdtt.jobs.models import Job
from cdtt.jobs.running import start
from cdtt.jobs.views import access_job
from cdtt.orgunits.models import Level, OrgUnit

from . import composition as comp
from . import tasks
from .access import (
    can_import,
    can_manage_member,
    can_manage_team,
    manages_a_team_of,
    reads_member,
    reads_team_work,
    shown_phone,
)
from .actions import (
    MemberError,
    add_member,
    add_training,
    change_role,
    delete_member,
    deletion_refusal,
    end_membership,
    ensure_team,
    update_member,
)
from .forms import EndForm, MemberForm, MemberImportForm, NewMemberForm, RoleForm, TrainingForm
from .imports import template_workbook
from .models import Member, Membership, Skill, Team, TeamRole, Training

ROLE_ORDER = {TeamRole.LEADER: 0, TeamRole.DEPUTY: 1, TeamRole.MEMBER: 2}


def _add_errors(form, error: MemberError) -> None:
    for name, texts in error.errors.items():
        form.add_error(name if name in form.fields else None, texts)


def _team(request, pk: int) -> Team:
    return get_in_scope(request.user, Team.objects.select_related("unit__parent"), pk=pk)


def _managed_team(request, pk: int) -> Team:
    team = _team(request, pk)
    if not can_manage_team(request.user, team):
        raise PermissionDenied
    return team


def _member(request, pk: int) -> Member:
    members = Member.objects.prefetch_related("memberships__team__unit")
    return get_in_scope(request.user, members, pk=pk)


def _managed_member(request, pk: int) -> Member:
    member = _member(request, pk)
    if not can_manage_member(request.user, member):
        raise PermissionDenied
    return member


@login_required
def index(request):
    """Officers go to the composition of their area; others to their own unit's team."""
    if request.user.is_officer:
        return redirect("teams:composition")
    unit = request.user.orgunit
    if unit is None or unit.level not in (Level.COMMUNE, Level.VILLAGE):
        raise PermissionDenied
    return redirect("teams:team", pk=ensure_team(unit).pk)


@login_required
def for_unit(request, pk: int):
    """The team of a commune or village (created the first time it is asked for)."""
    units = OrgUnit.objects.filter(level__in=(Level.COMMUNE, Level.VILLAGE))
    unit = get_in_scope(request.user, units, pk=pk)
    return redirect("teams:team", pk=ensure_team(unit).pk)


@login_required
def team(request, pk: int):
    team = _team(request, pk)
    trained = Exists(Training.objects.filter(member=OuterRef("member_id")))
    memberships = list(
        team.memberships.select_related("member").annotate(trained=trained).order_by("-start")
    )
    today = timezone.localdate()
    current = sorted(
        (m for m in memberships if m.start <= today and (m.end is None or m.end >= today)),
        key=lambda m: (ROLE_ORDER[m.role], m.member.name_sort),
    )
    upcoming = [m for m in memberships if m.start > today]
    former = [m for m in memberships if m.end is not None and m.end < today]
    leader = next((m.member for m in current if m.role == TeamRole.LEADER), None)
    for m in current:
        m.phone = shown_phone(request.user, m.member)
    context = {
        "team": team,
        "unit": team.unit,
        "current": current,
        "upcoming": upcoming,
        "former": former,
        "leader": leader,
        "leader_phone": shown_phone(request.user, leader) if leader else None,
        "untrained": sum(not m.trained for m in current),
        "can_manage": can_manage_team(request.user, team),
        # A member reads her teammates' names and roles, their phones only if public.
        "details": reads_team_work(request.user, team),
        "year": today.year,
    }
    return render(request, "teams/team.html", context)


@login_required
def member(request, pk: int):
    member = _member(request, pk)
    memberships = scope(
        request.user, member.memberships.select_related("team__unit").order_by("-start")
    )
    details = reads_member(request.user, member)
    keeps = can_manage_member(request.user, member)
    manageable = {m.pk for m in memberships if can_manage_team(request.user, m.team)}
    context = {
        "member": member,
        "memberships": memberships,
        "trainings": member.trainings.all() if details else [],
        "skills": [label for code, label in Skill.choices if code in (member.skills or [])],
        # What a teammate reads: name, teams and roles, the phone only if shown publicly.
        "details": details,
        "phone": shown_phone(request.user, member),
        "can_manage": keeps,
        "sees_ethnicity": manages_a_team_of(request.user, member),
        # Manages one of her teams but not all: her own record is kept by an officer above.
        "kept_above": not keeps and bool(manageable),
        "deletable": not deletion_refusal(member),
        "manageable": manageable,
        "year": timezone.localdate().year,
    }
    return render(request, "teams/member.html", context)


@login_required
def member_add(request, pk: int):
    team = _managed_team(request, pk)
    form = NewMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = add_member(request.user, team, **form.cleaned_data)
        except MemberError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was added to the team.") % {"name": membership.member.full_name},
            )
            return redirect("teams:team", pk=team.pk)
    status = 400 if form.errors else 200
    return render(request, "teams/member_form.html", {"form": form, "team": team}, status=status)


@login_required
def member_edit(request, pk: int):
    member = _managed_member(request, pk)
    initial = {name: getattr(member, name) for name in MemberForm.base_fields}
    form = MemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_member(request.user, member, **form.cleaned_data)
        except MemberError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The details were saved."))
            return redirect("teams:member", pk=member.pk)
    context = {"form": form, "member": member}
    return render(request, "teams/member_form.html", context, status=400 if form.errors else 200)


@login_required
def membership(request, pk: int):
    """Change the role in a team, or end the membership (it is kept, with its end)."""
    memberships = Membership.objects.select_related("member", "team__unit")
    membership = get_in_scope(request.user, memberships, pk=pk)
    if not can_manage_team(request.user, membership.team):
        raise PermissionDenied
    role_form = RoleForm(initial={"role": membership.role})
    end_form = EndForm()
    if request.method == "POST":
        action = request.POST.get("action")
        form = RoleForm(request.POST) if action == "role" else EndForm(request.POST)
        if action == "role":
            role_form = form
        else:
            end_form = form
        if form.is_valid():
            try:
                if action == "role":
                    change_role(request.user, membership, form.cleaned_data["role"])
                    messages.success(request, _("The role was changed."))
                else:
                    end_membership(request.user, membership, form.cleaned_data["end"])
                    messages.success(
                        request,
                        _("%(name)s has left the team; the history is kept.")
                        % {"name": membership.member.full_name},
                    )
            except MemberError as error:
                _add_errors(form, error)
            else:
                return redirect("teams:team", pk=membership.team_id)
    context = {"membership": membership, "role_form": role_form, "end_form": end_form}
    return render(request, "teams/membership.html", context)


@login_required
def training_add(request, pk: int):
    member = _managed_member(request, pk)
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_training(request.user, member, **form.cleaned_data)
        except MemberError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The training was recorded."))
            return redirect("teams:member", pk=member.pk)
    context = {"form": form, "member": member}
    return render(request, "teams/training_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def member_delete(request, pk: int):
    """Only for a member entered by mistake; anyone who served is kept (end instead)."""
    member = _managed_member(request, pk)
    refusal = deletion_refusal(member)
    if request.method == "POST" and not refusal:
        team_id = next((m.team_id for m in member.memberships.all()), None)
        try:
            delete_member(request.user, member)
        except MemberError as error:
            refusal = str(error)
        else:
            messages.success(request, _("The member was deleted."))
            if team_id:
                return redirect("teams:team", pk=team_id)
            return redirect("teams:index")
    return render(request, "teams/member_delete.html", {"member": member, "refusal": refusal})


@login_required
def import_view(request):
    """Upload a list: it is checked in a background job whose page shows the preview."""
    if not can_import(request.user):
        raise PermissionDenied
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        within = root_unit(request.user)
        job = start(
            request.user,
            tasks.CHECK,
            _("Checking the member list “%(file)s”") % {"file": upload.name[:100]},
            tasks.check_member_import,
            payload=upload.read(),
            params={
                "within": within.pk if within else None,
                "filename": upload.name[:200],
                "day": form.cleaned_data["day"].isoformat(),
                "replace": form.cleaned_data["replace"],
            },
        )
        return redirect("jobs:job", job_id=job.pk)
    return render(request, "teams/import.html", {"form": form})


@login_required
def import_job(request, job_id):
    """The preview of a checked list (confirm to write it), or what a write did."""
    if not can_import(request.user):
        raise PermissionDenied
    job = access_job(request.user, job_id)
    if job.kind not in (tasks.CHECK, tasks.WRITE):
        raise Http404
    if not job.finished:
        return redirect("jobs:job", job_id=job.pk)
    preview = job.result or {}
    if request.method == "POST":
        if job.kind != tasks.CHECK or not preview.get("ok"):
            raise PermissionDenied
        payload = Job.objects.values_list("payload", flat=True).get(pk=job.pk)
        write = start(
            request.user,
            tasks.WRITE,
            _("Writing the member list “%(file)s”") % {"file": job.params.get("filename", "")},
            tasks.write_member_import,
            payload=bytes(payload or b""),
            params={**job.params, "digest": preview["digest"]},
        )
        return redirect("jobs:job", job_id=write.pk)
    context = {"job": job, "preview": preview, "written": job.kind == tasks.WRITE}
    return render(request, "teams/import_preview.html", context)


@login_required
def import_template(request):
    if not can_import(request.user):
        raise PermissionDenied
    response = HttpResponse(
        template_workbook(root_unit(request.user)),
        content_type=safe_files.XLSX_TYPE,
    )
    response["Content-Disposition"] = 'attachment; filename="danh-sach-thanh-vien-to-cnscd.xlsx"'
    return response


COLUMNS = [
    ("team", False),
    ("size", True),
    ("leader_age", True),
    ("elderly", True),
    ("youth", True),
    ("skills", False),
    ("untrained", True),
]


@login_required
def composition(request):
    """Per team: size, leader's age, share aged 60+, affiliations, skills, untrained."""
    if not request.user.is_officer:
        raise PermissionDenied
    root = root_unit(request.user)
    areas = scope(request.user, OrgUnit.objects.filter(level__in=(Level.PROVINCE, Level.COMMUNE)))
    area_id = request.GET.get("area", "")
    area = get_in_scope(request.user, areas, pk=area_id) if area_id else root
    choices = []
    if area is None:
        choices = list(areas.filter(level=Level.PROVINCE).vietnamese_order())
    elif area.level == Level.PROVINCE:
        choices = list(areas.filter(parent=area).current().vietnamese_order())
    elif area.parent_id and area != root:
        choices = list(areas.filter(parent_id=area.parent_id).current().vietnamese_order())
    rows = []
    if area is not None:
        teams = scope(request.user, Team.objects.in_subtree(area))
        rows = comp.compose(teams)
    filters = {
        "leader_elderly": request.GET.get("leader_elderly") == "1",
        "untrained": request.GET.get("untrained") == "1",
    }
    if filters["leader_elderly"]:
        rows = [r for r in rows if r.leader_elderly]
    if filters["untrained"]:
        rows = [r for r in rows if r.untrained]
    sort = request.GET.get("sort", "team")
    first_descending = dict(COLUMNS).get(sort, False)
    descending = request.GET.get("order", "desc" if first_descending else "asc") == "desc"
    rows = comp.sort_rows(rows, sort, descending)
    context = {
        "area": area,
        "areas": choices,
        "rows": rows,
        "summary": comp.summary(rows),
        "filters": filters,
        "headers": _sort_headers(request, sort, descending),
        "sort": sort,
        "elderly_age": comp.ELDERLY_AGE,
        "skills_total": len(comp.Skill.choices),
    }
    return render(request, "teams/composition.html", context)


def _sort_headers(request, sort: str, descending: bool) -> dict:
    """For each sortable column: its link (toggling order) and its current direction."""
    headers = {}
    for key, first_descending in COLUMNS:
        params = request.GET.copy()
        params["sort"] = key
        now = sort == key
        next_descending = (not descending) if now else first_descending
        params["order"] = "desc" if next_descending else "asc"
        headers[key] = {
            "url": f"{reverse('teams:composition')}?{urlencode(params, doseq=True)}",
            "state": ("descending" if descending else "ascending") if now else "none",
        }
    return headers
