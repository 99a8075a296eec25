"""Jobs of the dashboard, run by the Huey consumer: the nightly facts."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from cdtt.periods import Period

from .facts import rebuild


@db_periodic_task(crontab(hour="2", minute="30"))
def rebuild_last_month_facts():
    """Every night: rebuild last month's facts (a safety net; writes keep them in step)."""
    return rebuild(Period.of(timezone.localdate()).previous())
