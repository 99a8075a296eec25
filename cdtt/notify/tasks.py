"""The queue's side of notify(): the task that sends what was queued after a commit."""

from huey.contrib.djhuey import db_task

from .actions import send_now
from .models import Delivery

RETRIES, RETRY_DELAY = 3, 600  # a mail server or SMS gateway away for half an hour


class NotAllSent(RuntimeError):
    """Some deliveries failed: Huey runs the task again later (sent ones are skipped)."""


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY)
def send_messages(pairs: list[tuple[int, str]], message: dict) -> int:
    """Send `message` to each (user id, key) not sent yet; users gone or deactivated since
    are skipped. Returns the number of deliveries made."""
    from cdtt.accounts.models import User

    users = User.objects.in_bulk([pk for pk, _key in pairs])
    made = failed = 0
    for pk, key in pairs:
        user = users.get(pk)
        if user is None or not user.is_active:
            continue
        for delivery in send_now(user, key, **message):
            made += 1
            failed += delivery.status == Delivery.Status.FAILED
    if failed:
        raise NotAllSent(f"{failed} of {made} deliveries failed; retried later")
    return made
