"""Jobs of the dashboard, run by the Huey consumer: the nightly facts, directives' notices."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cdtt.periods import Period

from .facts import rebuild


@db_periodic_task(crontab(hour="2", minute="30"))
def rebuild_last_month_facts():
    """Every night: rebuild last month's facts (a safety net; writes keep them in step)."""
    return rebuild(Period.of(timezone.localdate()).previous())


@db_task(retries=3, retry_delay=600)
def send_directive_notices(directive_id: int) -> int:
    """Tell a directive's recipients (queued after it was sent; a rerun sends nothing twice)."""
    from .directives import send_notices
    from .models import Directive

    directive = Directive.objects.filter(pk=directive_id).first()
    return send_notices(directive) if directive is not None else 0
