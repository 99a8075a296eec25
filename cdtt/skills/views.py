"""Pages of the skills app: a member's levels, the guides with their check, who can guide a
task, a leader's confirmations, training sessions and their attendance."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cdtt.accounts.scoping import as_id, get_in_scope, scope
from cdtt.orgunits.models import Level as UnitLevel
from cdtt.orgunits.models import OrgUnit
from cdtt.teams.access import reads_member, shown_phone
from cdtt.teams.models import Member, Membership

from . import actions
from .forms import CourseForm, SessionForm
from .models import App, Level, Task, TrainingSession
from .selectors import access_task, confirmed_guides, levels_of, member_of


def _rows(member: Member) -> list[tuple[str, list[tuple[Task, object]]]]:
    """The catalogue by app, each task with the member's level row (None: "chưa biết")."""
    levels = levels_of(member) if member else {}
    tasks = Task.objects.active().select_related("guide")
    labels = dict(App.choices)
    order = {app: n for n, app in enumerate(App.values)}  # VNeID first, as the catalogue
    return [
        (labels.get(app, app), [(t, levels.get(t.pk)) for t in group])
        for app, group in groupby(
            sorted(tasks, key=lambda t: (order.get(t.app, 9), t.position)), lambda t: t.app
        )
    ]


@login_required
def mine(request):
    """The member's own levels, her courses, and (for leaders) the way to her teammates'."""
    if request.GET.get("who"):  # the "who can guide…" box of the homes
        return redirect("skills:who_can_guide", code=access_task(request.GET["who"]).code)
    member = member_of(request.user)
    led = []
    if member is not None:
        led = (
            Membership.objects.current()
            .filter(member=member, role__in=("leader", "deputy"))
            .select_related("team__unit")
        )
    context = {
        "member": member,
        "apps": _rows(member) if member else [],
        "levels": Level.choices,
        "courses": member.courses.all() if member else [],
        "course_form": CourseForm(),
        "led": led,
    }
    return render(request, "skills/mine.html", context)


@login_required
@require_POST
def set_level(request, code: str):
    member = member_of(request.user)
    if member is None:
        raise Http404
    task = access_task(code)
    try:
        actions.set_own_level(request.user, member, task, request.POST.get("level", ""))
    except actions.SkillError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved: %(task)s.") % {"task": task.title})
    return redirect("skills:mine")


@login_required
def learn(request, code: str):
    """The task's guide with its check at the end: kept on the phone by the service worker,
    so that it reads with no network once opened."""
    task = access_task(code)
    if task.guide is None:
        raise Http404
    member = member_of(request.user)
    level = levels_of(member).get(task.pk) if member else None
    context = {
        "task": task,
        "guide": task.guide,
        "steps": task.guide.steps.all(),
        "questions": task.questions.all(),
        "level": level,
        "member": member,
    }
    return render(request, "skills/learn.html", context)


@login_required
@require_POST
def check(request, code: str):
    task = access_task(code)
    member = member_of(request.user)
    if member is None:
        raise Http404
    answers = {}
    for question in task.questions.all():
        answers[question.pk] = as_id(request.POST.get(f"q{question.pk}"))
    try:
        result = actions.submit_check(request.user, member, task, answers)
    except actions.SkillError as error:
        messages.error(request, str(error))
        return redirect("skills:learn", code=code)
    context = {"task": task, "result": result, "questions": task.questions.all()}
    return render(request, "skills/check_result.html", context, status=200)


@login_required
def who_can_guide(request, code: str):
    """Who near the member can guide the task, their phone as the directory shows it."""
    task = access_task(code)
    member = member_of(request.user)
    found = confirmed_guides(task, member) if member else []
    people = [
        {"membership": m, "same_team": same, "phone": shown_phone(request.user, m.member)}
        for m, same in found
    ]
    return render(request, "skills/who_can_guide.html", {"task": task, "people": people})


def _readable_member(request, pk: int) -> Member:
    member = get_in_scope(request.user, Member.objects.all(), pk=pk)
    if not reads_member(request.user, member):
        raise PermissionDenied
    return member


@login_required
def member_page(request, pk: int):
    """A member's levels as her leader or an officer sees them, with the confirmations."""
    member = _readable_member(request, pk)
    context = {
        "member": member,
        "apps": _rows(member),
        "may_confirm": actions.may_confirm(request.user, member),
        "courses": member.courses.all(),
    }
    return render(request, "skills/member.html", context)


@login_required
@require_POST
def confirm(request, pk: int, code: str):
    member = _readable_member(request, pk)
    task = access_task(code)
    try:
        actions.confirm_guide(request.user, member, task)
    except actions.SkillError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Confirmed: %(name)s can guide %(task)s.")
            % {"name": member.full_name, "task": task.title},
        )
    return redirect("skills:member", pk=member.pk)


@login_required
def team_members(request, pk: int):
    """The members of a team, to open their levels (leaders and officers)."""
    from cdtt.teams.access import reads_team_work
    from cdtt.teams.models import Team

    team = get_in_scope(request.user, Team.objects.select_related("unit"), pk=pk)
    if not reads_team_work(request.user, team):
        raise PermissionDenied
    memberships = (
        Membership.objects.current()
        .filter(team=team)
        .select_related("member")
        .order_by("member__name_sort")
    )
    return render(request, "skills/team.html", {"team": team, "memberships": memberships})


@login_required
@require_POST
def course_add(request):
    member = member_of(request.user)
    if member is None:
        raise Http404
    form = CourseForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_course(
                request.user,
                member,
                course_title=data["course_title"],
                certificate_number=data["certificate_number"],
                completed_on=data["completed_on"],
                task=data.get("task"),
                photo=data.get("photo"),
            )
        except actions.SkillError as error:
            for field, errors in error.errors.items():
                for message in errors:
                    form.add_error(None if field not in form.fields else field, message)
        else:
            messages.success(request, _("The course is recorded."))
            return redirect("skills:mine")
    context = {
        "member": member,
        "apps": _rows(member),
        "levels": Level.choices,
        "courses": member.courses.all(),
        "course_form": form,
        "led": [],
    }
    return render(request, "skills/mine.html", context, status=400)


# Training sessions (tập huấn)


@login_required
def sessions(request):
    if not request.user.is_officer:
        raise PermissionDenied
    found = scope(request.user, TrainingSession.objects.select_related("unit")).prefetch_related(
        "tasks"
    )
    return render(request, "skills/sessions.html", {"sessions": found[:100]})


def _organisable_units(user):
    units = scope(user, OrgUnit.objects.filter(level__in=(UnitLevel.PROVINCE, UnitLevel.COMMUNE)))
    return units.order_by("level", "name_sort")


@login_required
def session_new(request):
    if not request.user.is_officer:
        raise PermissionDenied
    form = SessionForm(request.POST or None, units=_organisable_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = actions.create_session(
                request.user,
                data["unit"],
                title=data["title"],
                day=data["date"],
                place=data["place"],
                tasks=list(data["tasks"]),
            )
        except actions.SkillError as error:
            for field, errors in error.errors.items():
                for message in errors:
                    form.add_error(None if field not in form.fields else field, message)
        else:
            return redirect("skills:session", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "skills/session_form.html", {"form": form}, status=status)


@login_required
def session_page(request, pk: int):
    session = get_in_scope(request.user, TrainingSession.objects.select_related("unit"), pk=pk)
    if not request.user.is_officer:
        raise PermissionDenied
    area = Member.objects.in_subtree(session.unit).order_by("name_sort", "full_name")
    if request.method == "POST":
        ids = {as_id(value) for value in request.POST.getlist("member")} - {None}
        chosen = list(area.filter(pk__in=ids))
        try:
            added = actions.record_attendance(request.user, session, chosen)
        except actions.SkillError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Attendance recorded: %(n)s added.") % {"n": added})
            return redirect("skills:session", pk=session.pk)
    present = set(session.attendance.values_list("member_id", flat=True))
    context = {"session": session, "area": area[:500], "present": present}
    return render(request, "skills/session.html", context)


@login_required
def unit_figures(request, pk: int):
    """The skills figures of a unit for its dashboard page (officers, their subtree)."""
    from . import figures

    unit = get_in_scope(request.user, OrgUnit.objects.all(), pk=pk)
    if not request.user.is_officer:
        raise PermissionDenied
    context = {
        "unit": unit,
        "matrix": figures.skill_matrix(unit),
        "unguided": figures.unguided_tasks(unit),
        "stalled": figures.stalled_members(unit),
        "trainings": figures.trainings_by_affiliation(unit),
        "held": figures.trainings_held(unit),
        "months": figures.STALLED_MONTHS,
    }
    return render(request, "skills/_figures.html", context)
