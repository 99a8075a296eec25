"""The reminders of the day before, run by the Huey consumer."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .reminders import send_reminders


@db_periodic_task(crontab(hour="17", minute="0"))
def send_session_reminders() -> int:
    """Every afternoon at 17:00: remind the members seated on tomorrow's sessions (once)."""
    return send_reminders()
