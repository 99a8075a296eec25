"""The public team directory and the guides: plain links, no script needed."""

from django.shortcuts import get_object_or_404, redirect, render

from cdtt.accounts.scoping import as_id
from cdtt.orgunits.models import Level, OrgUnit

from ..directory import ancestors, team_card, units_under
from ..models import Guide
from ..visits import counts_visit


@counts_visit
def directory(request):
    """The provinces; ?unit= (from the select of a script-less form) opens that unit."""
    unit = as_id(request.GET.get("unit"))  # ASCII digits only: "²" is no id
    if unit is not None:
        return redirect("portal:directory_unit", pk=unit)
    return render(request, "portal/directory.html", {"unit": None, "units": units_under(None)})


@counts_visit
def directory_unit(request, pk: int):
    unit = get_object_or_404(OrgUnit.objects.current(), pk=pk)
    query = request.GET.get("q", "")
    context = {
        "unit": unit,
        "ancestors": ancestors(unit),
        "units": units_under(unit).search(query) if unit.level != Level.VILLAGE else [],
        "query": query,
        "card": team_card(unit) if unit.level != Level.PROVINCE else None,
    }
    return render(request, "portal/directory.html", context)


@counts_visit
def guides(request):
    return render(
        request, "portal/guides.html", {"guides": Guide.objects.filter(is_published=True)}
    )


@counts_visit
def guide(request, slug: str):
    found = get_object_or_404(Guide.objects.filter(is_published=True), slug=slug)
    return render(request, "portal/guide.html", {"guide": found, "steps": found.steps.all()})
