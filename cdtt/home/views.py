"""Each role's home: where login lands, and the to-do pages of leaders and officers."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from cdtt import parts
from cdtt.accounts.models import Role

from . import todo


@login_required
def landing(request):
    """After login each person lands on their work: a member on the entry page (with what
    is due above it), leaders and officers on their to-do, an administrator on the
    dashboard."""
    role = request.user.role
    if role == Role.MEMBER:
        return redirect("activities:entry")
    if todo.has_todo(request.user):
        return redirect("home:todo")
    return redirect("dashboard:index")


@login_required
def todo_page(request):
    """The to-do of a leader, a commune officer or a province officer. The leader's and the
    commune's are kept between the changes of what they read (cdtt.parts), per user and
    hour: an item that turns overdue with the clock (a help request unanswered for days)
    shows within the hour."""
    user = request.user
    hour = (parts.viewer(user), timezone.localtime().strftime("%Y-%m-%d %H"))
    if user.role == Role.LEADER:

        def leader() -> tuple:  # kept rendered, its forms' token filled in at each request
            kept = todo.leader_todo(user)
            context = {"todo": kept, "csrf_token": parts.TOKEN_TO_FILL}
            return kept.own, render_to_string("home/_todo_leader.html", context)

        own, body = parts.remember(todo.LEADER, hour, leader, key=todo.leader_keys(user))
        body = parts.with_form_token(request, body)
        return render(request, "home/todo_leader.html", {"todo": {"own": own}, "body": body})
    if user.role == Role.COMMUNE:

        def commune() -> tuple:  # a commune's is long: kept rendered
            kept = todo.commune_todo(user)
            return kept.unit.name, render_to_string("home/_todo_commune.html", {"todo": kept})

        name, body = parts.remember(todo.COMMUNE, hour, commune, key=todo.commune_keys(user))
        return render(request, "home/todo_commune.html", {"unit_name": name, "body": body})
    if user.role == Role.PROVINCE:
        return render(request, "home/todo_province.html", {"todo": todo.province_todo(user)})
    return landing(request)


@login_required
def team_month(request):
    """The leader's menu link to the due month of the (first) team he leads."""
    teams = todo.led_teams(request.user)
    if not teams:
        return redirect("reports:index")
    return redirect("reports:team", pk=teams[0].pk, period=str(todo.due_period()))
