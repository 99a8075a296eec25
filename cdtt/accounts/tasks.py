"""Periodic jobs of the accounts app, run by the Huey consumer."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import lockout, tokens


@db_periodic_task(crontab(hour="3", minute="20"))
def forget_old_failures_and_tokens():
    """Every night: failed logins past the lockout's window, ended locks, and API tokens
    left unused for API_TOKEN_IDLE_DAYS are deleted."""
    return lockout.purge() + tokens.purge()
