"""The team's help-request queue: the leader assigns, the member marks done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cdtt.accounts.scoping import get_in_scope, scope
from cdtt.activities.models import Activity

from ..actions.help_requests import (
    HelpRequestError,
    activities_for,
    assign,
    can_assign,
    can_mark_done,
    mark_done,
    members_who_can_help,
)
from ..forms import AssignForm, DoneForm
from ..models import HelpRequest, HelpStatus

DONE_SHOWN = 30


@login_required
def help_queue(request):
    """Waiting, being helped, and the latest done (with the residents' ratings)."""
    requests = scope(request.user, HelpRequest.objects.select_related("village", "assigned_to"))
    waiting = requests.filter(status=HelpStatus.NEW).order_by("-escalated_at", "created_at")
    helping = requests.filter(status=HelpStatus.ASSIGNED).order_by("assigned_at")
    done = requests.filter(status=HelpStatus.DONE).order_by("-done_at")[:DONE_SHOWN]
    context = {
        "waiting": [_card(request.user, r) for r in waiting[:100]],
        "helping": [_card(request.user, r) for r in helping[:100]],
        "done": done,
    }
    return render(request, "portal/help_queue.html", context)


def _card(user, help_request):
    """A request with the forms this user may use on it."""
    return {
        "request": help_request,
        "assign_form": AssignForm(
            members=members_who_can_help(help_request), prefix=f"r{help_request.pk}"
        )
        if can_assign(user, help_request)
        else None,
        "can_mark_done": can_mark_done(user, help_request),
        "done_form": DoneForm(
            prefix=f"d{help_request.pk}", activities=activities_for(help_request)
        ),
    }


def _queued(request) -> HelpRequest:
    return get_in_scope(
        request.user, HelpRequest.objects.select_related("village", "assigned_to"),
        pk=request.POST.get("request"),
    )  # fmt: skip


@login_required
@require_POST
def help_assign(request):
    help_request = _queued(request)
    if not can_assign(request.user, help_request):
        raise PermissionDenied
    form = AssignForm(
        request.POST, members=members_who_can_help(help_request), prefix=f"r{help_request.pk}"
    )
    if form.is_valid():
        try:
            assign(request.user, help_request, form.cleaned_data["member"])
        except HelpRequestError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(code)s is now with %(member)s.")
                % {"code": help_request.code_display, "member": form.cleaned_data["member"]},
            )
    else:
        messages.error(request, _("Choose a member of the team."))
    return redirect("portal:help_queue")


@login_required
@require_POST
def help_done(request):
    help_request = _queued(request)
    if not can_mark_done(request.user, help_request):
        raise PermissionDenied
    form = DoneForm(
        request.POST, prefix=f"d{help_request.pk}", activities=activities_for(help_request)
    )
    if not form.is_valid():  # the note breaks a rule: say so, close nothing
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {errors[0]}" if label else errors[0])
        response = help_queue(request)
        response.status_code = 400
        return response
    note = form.cleaned_data["note"]
    chosen = form.cleaned_data.get("activity")
    activity = get_in_scope(request.user, Activity.objects.all(), pk=chosen) if chosen else None
    try:
        mark_done(request.user, help_request, note, activity=activity)
    except HelpRequestError as error:
        messages.error(request, str(error))
        return redirect("portal:help_queue")
    messages.success(
        request, _("%(code)s is done. Thank you!") % {"code": help_request.code_display}
    )
    return redirect("portal:help_queue")
