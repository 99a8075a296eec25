"""Periodic jobs of the monthly cycle, run by the Huey consumer."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .reminders import send_reminders


@db_periodic_task(crontab(hour="7", minute="0"))
def send_report_reminders():
    """Every morning at 07:00: reminders, overdue notices and digests (idempotent)."""
    return send_reminders()
