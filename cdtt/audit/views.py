"""The audit log, read-only, for officers: every change in their subtree."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from cdtt.accounts.scoping import scope

from .models import AuditEntry


@login_required
def log(request):
    if not request.user.is_officer:
        raise PermissionDenied
    entries = scope(request.user, AuditEntry.objects.select_related("actor"))
    object_type = request.GET.get("type", "")
    if object_type:
        entries = entries.filter(object_type=object_type)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "object_type": object_type})
