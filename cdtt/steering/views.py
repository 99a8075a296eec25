"""The steering committee's pages: directives (the list, sending one, reading one and who has
read it, its attachment) and inspections (recording one, marking a follow-up task done).

Paths stay under /dashboard/ where committees have always found them; every object is read
through `scope`: outside the subtree, 404.
"""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cdtt.accounts.scoping import get_in_scope, root_unit, scope
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.teams.models import Team

from .actions import (
    DirectiveError,
    InspectionError,
    complete_follow_up,
    delivery_pending,
    mark_read,
    record_inspection,
    send_directive,
)
from .forms import DirectiveForm, InspectionForm
from .models import Directive, DirectiveRead, FollowUp
from .selectors import read_status


@login_required
def inspection_new(request, pk: int):
    team = get_in_scope(request.user, Team.objects.select_related("unit__parent"), pk=pk)
    if not request.user.is_officer:
        raise PermissionDenied
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_inspection(
                request.user,
                team,
                day=form.cleaned_data["date"],
                findings=form.cleaned_data["findings"],
                assessment=form.cleaned_data["assessment"],
                follow_ups=form.follow_ups(),
            )
        except InspectionError as error:
            for field, texts in error.errors.items():
                form.add_error(field if field in form.fields else None, texts)
        else:
            messages.success(request, _("The inspection is recorded."))
            return redirect("dashboard:team", pk=team.pk)
    status = 400 if form.errors else 200
    return render(
        request, "steering/inspection_form.html", {"team": team, "form": form}, status=status
    )


@require_POST
@login_required
def follow_up_done(request, pk: int):
    follow_up = get_in_scope(
        request.user, FollowUp.objects.select_related("inspection__team__unit"), pk=pk
    )
    if not request.user.is_officer:
        raise PermissionDenied
    complete_follow_up(request.user, follow_up)
    messages.success(request, _("The task is marked done."))
    return redirect("dashboard:team", pk=follow_up.inspection.team_id)


def _sendable_units(user):
    """Where an officer may send a directive: their unit and the units one level down."""
    top = root_unit(user)
    if top is None:
        return OrgUnit.objects.filter(level=Level.PROVINCE).current().vietnamese_order()
    return (
        OrgUnit.objects.in_subtree(top)
        .filter(path__regex=rf"^{top.path}(\d+/)?$")
        .current()
        .order_by("level", "name_sort")
    )


@login_required
def directive_list(request):
    """Directives sent to the teams the user can see, newest first; unread ones marked."""
    directives = list(
        scope(request.user, Directive.objects.select_related("unit", "sent_by"))[:100]
    )
    read = set(
        DirectiveRead.objects.filter(user=request.user, directive__in=directives).values_list(
            "directive_id", flat=True
        )
    )
    return render(
        request,
        "steering/directives.html",
        {"directives": directives, "read": read, "today": timezone.localdate()},
    )


@login_required
def directive_new(request):
    if not request.user.is_officer:
        raise PermissionDenied
    units = _sendable_units(request.user)
    form = DirectiveForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            directive = send_directive(
                request.user,
                data["unit"],
                title=data["title"],
                text=data["text"],
                due_date=data["due_date"],
                attachment=data["attachment"],
            )
        except DirectiveError as error:
            for field, texts in error.errors.items():
                form.add_error(field if field in form.fields else None, texts)
        else:
            messages.success(request, _("The directive is sent."))
            return redirect("steering:directive", pk=directive.pk)
    status = 400 if form.errors else 200
    return render(request, "steering/directive_form.html", {"form": form}, status=status)


@login_required
def directive_detail(request, pk: int):
    """Reading a directive marks it read; officers see who has read it."""
    directive = get_in_scope(
        request.user, Directive.objects.select_related("unit", "sent_by"), pk=pk
    )
    mark_read(request.user, directive)
    readers = read_status(request.user, directive) if request.user.is_officer else []
    accounts = {r.membership.member.user_id for r in readers if r.has_account}
    have_read = {r.membership.member.user_id for r in readers if r.read_at}
    return render(
        request,
        "steering/directive.html",
        {
            "directive": directive,
            "readers": readers,
            "read_count": len(have_read),
            "account_count": len(accounts),  # people, whatever the number of their teams
            "sending": request.user.is_officer and delivery_pending(directive),
            "attachment_name": os.path.basename(directive.attachment.name)
            if directive.attachment
            else "",
        },
    )


@login_required
def directive_attachment(request, pk: int):
    directive = get_in_scope(request.user, Directive.objects.all(), pk=pk)
    if not directive.attachment:
        raise Http404
    try:
        handle = directive.attachment.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle, as_attachment=True, filename=os.path.basename(directive.attachment.name)
    )
