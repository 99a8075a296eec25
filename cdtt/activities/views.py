"""Screens of the activity log: quick entry for members (works offline), their month so far,
edit and delete of an entry until the month is locked."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cdtt import parts
from cdtt.accounts.scoping import get_in_scope
from cdtt.periods import Period
from cdtt.teams.access import reads_member
from cdtt.teams.models import Member

from .actions import delete_activity, record_activity, update_activity
from .keepers import kept
from .measures import OPTIONAL, OPTIONAL_FIELDS
from .models import Activity, ActivityType, Source
from .rules import COUNTS, ActivityConflict, ActivityError, can_record_for, wire
from .selectors import kept_entry_choices, member_month, month_part, own_member, team_area

FORM_FIELDS = ("id", "member", "team", "village", "date", "type", *COUNTS, "note")


def _member(request) -> Member | None:
    """The member the page records for: ?member=<id> (a leader or officer entering for
    someone), else the user's own member record."""
    wanted = request.GET.get("member") or request.POST.get("member")
    if wanted:
        member = get_in_scope(request.user, Member.objects.all(), pk=wanted)
        if not reads_member(request.user, member):  # a teammate's month is not a member's
            raise PermissionDenied
        return member
    return own_member(request.user)


# The entry page lists the month's newest entries; the rest on request (?all=1). A phone on
# 3G should not fetch a leader's hundreds of entries to record one more.
LISTED = 20


def _month_html(request, member: Member) -> str:
    """The month section, rendered; kept between the changes of what it reads (cdtt.parts)."""
    everything = request.GET.get("all") == "1"
    today = Period.of(timezone.localdate())
    listed = None if everything else LISTED

    def rendered() -> str:
        month = member_month(request.user, member, today, listed=listed)
        separator = "&" if member.user_id != request.user.pk else "?"
        context = {
            "member": member,
            "month": month,
            "listed": [(activity, month.kept.get(activity.pk)) for activity in month.activities],
            "all_url": f"{_entry_url(member, request.user)}{separator}all=1#month",
        }
        return render_to_string("activities/_month.html", context)

    return parts.remember(
        month_part(), (parts.viewer(request.user), member.pk, str(today), listed), rendered,
        key=member.pk,
    )  # fmt: skip


def _entry_url(member: Member, user) -> str:
    url = reverse("activities:entry")
    return url if member.user_id == user.pk else f"{url}?member={member.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def entry(request):
    """Quick entry: one tap on a type saves it (more taps only to change the count)."""
    member = _member(request)
    if member is None:
        return render(request, "activities/no_member.html")
    choices = kept_entry_choices(request.user, member)
    errors = {}
    if request.method == "POST":
        data = {name: request.POST.get(name, "") for name in FORM_FIELDS}
        for name in OPTIONAL_FIELDS:
            data[name] = data[name] or 0
        try:
            activity, _created = record_activity(request.user, data, Source.WEB)
        except ActivityConflict:
            messages.info(request, _("This entry was already saved."))
            return redirect(_entry_url(member, request.user))
        except ActivityError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                _("Saved: %(type)s, %(count)s.")
                % {"type": activity.type.display_name, "count": activity.people_helped},
            )
            return redirect(_entry_url(member, request.user))
    context = {
        "member": member,
        "choices": choices,
        "type_names": {t.code: t.display_name for t in choices.frequent + choices.others},
        "measures": OPTIONAL,
        "measure_fields": list(OPTIONAL_FIELDS),
        "errors": errors,
        "form_id": uuid.uuid4(),
        "today": timezone.localdate(),
        "own": member.user_id == request.user.pk,
        "month_html": _month_html(request, member),
    }
    return render(request, "activities/entry.html", context, status=400 if errors else 200)


@login_required
def month(request):
    """The member's month so far (the part of the entry page refreshed after a sync)."""
    member = _member(request)
    if member is None:
        raise Http404
    return HttpResponse(_month_html(request, member))


def _editable(request, pk) -> Activity:
    activity = get_in_scope(
        request.user,
        Activity.objects.select_related("type", "member", "team__unit", "village"),
        pk=pk,
    )
    if not can_record_for(request.user, activity.member, activity.team):
        raise PermissionDenied
    return activity


def _kept_elsewhere(request, activity: Activity):
    """A help session's share is changed with the session's results: the user is sent
    there, told why; None for an activity of this page's own."""
    keeper = kept([activity.pk]).get(activity.pk)
    if keeper is None:
        return None
    messages.info(request, keeper.message)
    return redirect(keeper.url)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    activity = _editable(request, pk)
    if elsewhere := _kept_elsewhere(request, activity):
        return elsewhere
    errors, values = {}, wire(activity)
    if request.method == "POST":
        fields = ("village", "date", "type", *COUNTS, "note")
        values = {name: request.POST.get(name, "") for name in fields}
        for name in OPTIONAL_FIELDS:
            values[name] = values[name] or 0
        try:
            update_activity(request.user, activity, values)
        except ActivityError as error:
            errors = error.errors
        else:
            messages.success(request, _("The entry was changed."))
            return redirect(_entry_url(activity.member, request.user))
    context = {
        "activity": activity,
        "values": values,
        "measures": [(m, values.get(m.field)) for m in OPTIONAL],
        "errors": errors,
        "villages": team_area(activity.team),
        "types": ActivityType.objects.active(),
        "today": timezone.localdate(),
    }
    return render(request, "activities/edit.html", context, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk):
    activity = _editable(request, pk)
    if elsewhere := _kept_elsewhere(request, activity):
        return elsewhere
    errors = {}
    if request.method == "POST":
        member = activity.member
        try:
            delete_activity(request.user, activity)
        except ActivityError as error:
            errors = error.errors
        else:
            messages.success(request, _("The entry was deleted."))
            return redirect(_entry_url(member, request.user))
    return render(
        request,
        "activities/delete.html",
        {"activity": activity, "errors": errors},
        status=400 if errors else 200,
    )
