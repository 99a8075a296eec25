"""notify(): the one way the other apps send a message to a user.

A message is queued, never sent inside the request: `notify` (one person) and `notify_many`
(a directive to a whole province) hand it to a Huey task once the current transaction
commits, so a rolled-back action tells nobody and a slow mail server slows nobody's page.

Each message has a key that names its purpose ("reminder:2026-11:member:57"); a message
already sent under that key on a channel is not sent again, so a task can run twice, or
crash and rerun, without anyone getting a message twice. Failed sends are retried by the
task's retries and on the next run of a periodic job. Code that already runs in the queue
(the reminder job, the task itself) sends with `send_now`.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from cdtt import parts

from .models import Channel, Delivery, Notification
from .sms import SmsError, get_backend

log = logging.getLogger(__name__)


def channels_for(user) -> list[str]:
    """In the app always; e-mail and SMS where the user has an address and SMS is enabled."""
    channels: list[str] = [Channel.IN_APP]
    if user.email:
        channels.append(Channel.EMAIL)
    if getattr(user, "phone", None) and settings.SMS_ENABLED:
        channels.append(Channel.SMS)
    return channels


def notify(
    user, key: str, subject: str, body: str, url: str = "", channels: list[str] | None = None
) -> None:
    """Queue one message to a user, sent from the queue after the transaction commits."""
    notify_many([(user, key)], subject, body, url=url, channels=channels)


def notify_many(
    recipients: Iterable[tuple[Any, str]],  # (user, key)
    subject: str,
    body: str,
    url: str = "",
    channels: list[str] | None = None,
) -> int:
    """Queue one message to many users, each under their own key, as one task; returns how
    many recipients were queued. Text is made plain here (a lazy translation would be
    rendered in the worker's language, not the sender's)."""
    pairs = [(user.pk, str(key)) for user, key in recipients]
    if not pairs:
        return 0
    message = {"subject": str(subject), "body": str(body), "url": str(url), "channels": channels}

    def queue() -> None:
        from .tasks import send_messages

        send_messages(pairs, message)

    transaction.on_commit(queue, robust=True)
    return len(pairs)


def send_now(
    user, key: str, subject: str, body: str, url: str = "", channels: list[str] | None = None
) -> list[Delivery]:
    """Send one message to a user on each channel at once; returns the deliveries made now
    (none when everything was already sent under this key). For code that already runs in
    the queue; everything else calls `notify`."""
    made = []
    for channel in channels or channels_for(user):
        delivery = _claim(user, key, channel, subject, body)
        if delivery is None:
            continue
        try:
            _send(user, channel, subject, body, url)
        except (OSError, SmsError) as error:
            log.warning("could not send %s on %s: %s", key, channel, error)
            delivery.status, delivery.error = Delivery.Status.FAILED, str(error)[:2000]
        else:
            delivery.status, delivery.error = Delivery.Status.SENT, ""
            delivery.sent_at = timezone.now()
        delivery.save(update_fields=["status", "error", "sent_at"])
        made.append(delivery)
    return made


def _claim(user, key, channel, subject, body) -> Delivery | None:
    """Reserve (key, channel); None when it was already sent. A failed one is retried."""
    address = {Channel.EMAIL: user.email, Channel.SMS: getattr(user, "phone", "") or ""}.get(
        channel, ""
    )
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                key=key,
                channel=channel,
                user=user,
                address=address,
                subject=subject,
                body=body,
                status=Delivery.Status.FAILED,
                error="not sent yet",
            )
    except IntegrityError:
        pass
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(key=key, channel=channel)
        if delivery.status == Delivery.Status.SENT:
            return None
        delivery.attempts += 1
        delivery.save(update_fields=["attempts"])
        return delivery


def _send(user, channel, subject, body, url) -> None:
    if channel == Channel.IN_APP:
        with parts.writing(Notification, [user.pk]):  # the bell of this user only
            Notification.objects.create(user=user, title=subject, body=body, url=url)
    elif channel == Channel.EMAIL:
        link = f"\n\n{settings.SITE_URL}{url}" if url and settings.SITE_URL else ""
        send_mail(subject, body + link, None, [user.email])
    elif channel == Channel.SMS:
        get_backend().send(user.phone, f"{subject}. {body}"[:320])
