"""Periodic jobs of the jobs app, run by the Huey consumer."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .running import purge


@db_periodic_task(crontab(hour="3", minute="10"))
def purge_old_jobs() -> int:
    """Every night: jobs finished more than JOBS_KEEP_DAYS ago are deleted."""
    return purge(settings.JOBS_KEEP_DAYS)
