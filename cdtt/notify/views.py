"""A user's own notifications: the list, and marking them read."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cdtt import parts

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
    with parts.writing(Notification, [request.user.pk]):
        inbox(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notify:list")


# The bell, on every page: kept between the changes of the user's notifications (cdtt.parts).
BELL = parts.Part.of("unread-notifications", reads=[], keyed=[Notification])


def unread_count(request) -> dict:
    """Context processor: the number on the bell in the menu."""
    user = request.user
    if not user.is_authenticated:
        return {}
    unread = parts.remember(
        BELL,
        (user.pk,),
        lambda: inbox(user).filter(read_at__isnull=True).count(),
        key=user.pk,
    )
    return {"unread_notifications": unread}
