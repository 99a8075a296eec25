"""Public side of "Nhờ hỗ trợ": ask, follow with the code, rate. No personal data shown."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cdtt.accounts.scoping import as_id
from cdtt.orgunits.models import Level, OrgUnit

from ..actions.help_requests import HelpRequestError, find_by_code, rate_help, submit_help_request
from ..directory import ancestors, units_under
from ..forms import CodeForm, HelpRatingForm, HelpRequestForm
from ..models import HelpStatus
from ..ratelimit import rate_limited
from ..visits import counts_visit


@counts_visit
@rate_limited("help_request")
def help_ask(request):
    """Choose the village (province → commune → village, by links), then the form."""
    unit = None
    if as_id(request.GET.get("unit")) is not None:  # ASCII digits only: "²" is no id
        unit = get_object_or_404(OrgUnit.objects.current(), pk=as_id(request.GET["unit"]))
    if unit is None or unit.level != Level.VILLAGE:
        trail = [*ancestors(unit), unit] if unit else []
        context = {"unit": unit, "units": units_under(unit), "ancestors": trail}
        return render(request, "portal/help_choose.html", context)
    form = HelpRequestForm(request.POST or None)
    if request.method == "POST" and form.is_robot():
        return redirect("portal:home")  # looks like success to a robot; nothing is stored
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = submit_help_request(
                village=unit, name=data["name"], phone=data["phone"], topic=data["topic"],
                need=data["need"],
            )  # fmt: skip
        except HelpRequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your request was sent to the team of %(village)s.") % {"village": unit.name},
            )
            return redirect("portal:help_status", code=created.code)
    context = {"village": unit, "ancestors": ancestors(unit), "form": form}
    return render(request, "portal/help_ask.html", context, status=400 if form.errors else 200)


@rate_limited("help_lookup", methods=("GET",))
def help_track(request):
    """Type the code to follow a request."""
    form = CodeForm(request.GET or None)
    status = 400 if form.is_bound and not form.is_valid() else 200  # a code that is no code
    if form.is_valid():
        found = find_by_code(form.cleaned_data["code"])
        if found is not None:
            return redirect("portal:help_status", code=found.code)
        form.add_error("code", _("No request has this code. Check the letters and try again."))
    return render(request, "portal/help_track.html", {"form": form}, status=status)


def _by_code(code: str):
    found = find_by_code(code)
    if found is None:
        raise Http404
    return found


@rate_limited("help_lookup", methods=("GET",))
def help_status(request, code: str, rating_form=None, status=200):
    found = _by_code(code)
    context = {
        "help_request": found,
        "can_rate": found.status == HelpStatus.DONE and found.rating is None,
        "form": rating_form or HelpRatingForm(),
    }
    return render(request, "portal/help_status.html", context, status=status)


@require_POST
@rate_limited("help_rating")
def help_rate(request, code: str):
    found = _by_code(code)
    form = HelpRatingForm(request.POST)
    if form.is_robot():
        return redirect("portal:help_status", code=found.code)
    if not form.is_valid():
        return help_status(request, code, rating_form=form, status=400)
    try:
        rated = rate_help(found, form.cleaned_data["stars"], form.cleaned_data["comment"])
    except HelpRequestError as error:
        messages.error(request, str(error))
    else:
        if rated:
            messages.success(request, _("Thank you! The team will see your rating."))
        else:
            messages.info(request, _("This help has already been rated."))
    return redirect("portal:help_status", code=found.code)
