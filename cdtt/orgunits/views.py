"""Screens of the administrative tree: browse one's subtree, add and import villages."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cdtt.accounts.scoping import can_manage_villages, get_in_scope, root_unit, scope

from .actions import VillageError, create_village, import_villages
from .forms import VillageForm, VillageImportForm
from .models import Level, OrgUnit

SESSION_IMPORT_KEY = "village_import_file"


@login_required
def index(request):
    """The user's own unit; for an administrator, the list of provinces."""
    unit = root_unit(request.user)
    if unit is not None:
        return redirect("orgunits:detail", pk=unit.pk)
    return _render_units(request, None, OrgUnit.objects.filter(level=Level.PROVINCE))


@login_required
def detail(request, pk: int):
    unit = get_in_scope(request.user, OrgUnit.objects.select_related("parent"), pk=pk)
    return _render_units(request, unit, unit.children.all())


def _render_units(request, unit, children):
    query = request.GET.get("q", "")
    children = scope(request.user, children).current().search(query).vietnamese_order()
    context = {
        "unit": unit,
        "children": children,
        "query": query,
        "ancestors": _visible_ancestors(request.user, unit),
        "can_manage": unit is not None
        and unit.level == Level.COMMUNE
        and can_manage_villages(request.user, unit),
    }
    template = "orgunits/_children.html" if request.htmx else "orgunits/detail.html"
    return render(request, template, context)


def _visible_ancestors(user, unit) -> list[OrgUnit]:
    """The breadcrumb: the unit's ancestors that the user may open."""
    if unit is None:
        return []
    ids = unit.ancestor_ids
    found = {u.pk: u for u in scope(user, OrgUnit.objects.filter(pk__in=ids))}
    return [found[i] for i in ids if i in found]


def _managed_commune(request, pk: int) -> OrgUnit:
    commune = get_in_scope(request.user, OrgUnit.objects.filter(level=Level.COMMUNE), pk=pk)
    if not can_manage_villages(request.user, commune):
        raise PermissionDenied
    return commune


@login_required
def village_create(request, pk: int):
    commune = _managed_commune(request, pk)
    form = VillageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            village = create_village(request.user, commune, **form.cleaned_data)
        except VillageError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Village “%(name)s” was created.") % {"name": village})
            return redirect("orgunits:detail", pk=commune.pk)
    context = {"form": form, "commune": commune}
    return render(
        request, "orgunits/village_form.html", context, status=400 if form.errors else 200
    )


@login_required
def village_import(request):
    """Upload, check every row, show what would be created; create only on confirmation."""
    if not request.user.is_officer:
        raise PermissionDenied
    within = root_unit(request.user)
    form = VillageImportForm()
    result = None
    if request.method == "POST" and "confirm" in request.POST:
        content = base64.b64decode(request.session.pop(SESSION_IMPORT_KEY, "") or b"")
        result = import_villages(content, request.user, within=within)
        if result.ok:
            messages.success(
                request,
                ngettext(
                    "%(n)d village was created.", "%(n)d villages were created.", result.created
                )
                % {"n": result.created},
            )
            return redirect("orgunits:index")
    elif request.method == "POST":
        form = VillageImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            result = import_villages(
                content, request.user, within=within, dry_run=True, filename=upload.name
            )
            if result.ok:
                request.session[SESSION_IMPORT_KEY] = base64.b64encode(content).decode()
    return render(request, "orgunits/village_import.html", {"form": form, "result": result})
