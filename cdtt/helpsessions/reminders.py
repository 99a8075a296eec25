"""Reminders the day before a session to the members seated on it, once each (the
Delivery key of `notify` makes a second run send nothing)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cdtt.notify.actions import notify_many

from .models import Seat, Status


def send_reminders(today: date | None = None) -> int:
    """Queue a reminder to every member with an account seated on a session tomorrow;
    returns how many were queued."""
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    seats = (
        Seat.objects.filter(
            session__date=tomorrow, session__status=Status.PLANNED, member__user__isnull=False
        )
        .exclude(present=False)
        .select_related("session", "member__user")
        .order_by("session_id", "member_id")
    )
    sent = 0
    by_session: dict[int, list[Seat]] = {}
    for seat in seats:
        by_session.setdefault(seat.session_id, []).append(seat)
    for group in by_session.values():
        session = group[0].session
        subject = _("Help session tomorrow: %(place)s") % {"place": session.place}
        body = _("%(day)s from %(start)s to %(end)s at %(place)s. Thank you for coming.") % {
            "day": session.date.strftime("%d/%m/%Y"),
            "start": session.start.strftime("%H:%M"),
            "end": session.end.strftime("%H:%M"),
            "place": session.place,
        }
        sent += notify_many(
            [
                (seat.member.user, f"session:{session.pk}:reminder:{seat.member_id}")
                for seat in group
            ],
            subject,
            body,
            url=reverse("helpsessions:detail", args=[session.pk]),
        )
    return sent
