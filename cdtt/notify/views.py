"""A user's own notifications: the list, and marking them read."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .models import Notification


def inbox(user):
    """A user's notifications: personal, so scoped to the user rather than a subtree."""
    return Notification.objects.filter(user=user)


@login_required
def notification_list(request):
    return render(request, "notify/list.html", {"notifications": inbox(request.user)[:100]})


@login_required
@require_POST
def mark_read(request):
    inbox(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notify:list")


def unread_count(request) -> dict:
    """Context processor: the number on the bell in the menu."""
    if not request.user.is_authenticated:
        return {}
    return {"unread_notifications": inbox(request.user).filter(read_at__isnull=True).count()}
