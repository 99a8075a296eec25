"""The pages of help sessions."""

from django.shortcuts import get_object_or_404, render

from .models import Session


def detail(request, pk: int):
    session = get_object_or_404(Session.objects.select_related("unit", "village"), pk=pk)
    return render(request, "helpsessions/detail.html", {"session": session})
