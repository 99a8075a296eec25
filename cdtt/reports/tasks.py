"""Jobs of the monthly cycle, run by the Huey consumer: the morning reminders, and the
commune's actions on several teams at once."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .reminders import send_reminders


@db_periodic_task(crontab(hour="7", minute="0"))
def send_report_reminders():
    """Every morning at 07:00: reminders, overdue notices and digests (idempotent)."""
    return send_reminders()


@db_task()
def month_actions(job_id: int) -> None:
    """Confirm or approve several teams' months (cdtt.reports.batch), as a job."""
    from .batch import run_batch

    run_batch(job_id)
