"""Jobs of the steering committee's work, run by the Huey consumer: a directive's notices."""

from huey.contrib.djhuey import db_task


@db_task(retries=3, retry_delay=600)
def send_directive_notices(directive_id: int) -> int:
    """Link a directive's teams and tell their members (queued after it was sent; a rerun
    links and sends nothing twice)."""
    from .actions import link_teams, send_notices
    from .models import Directive

    directive = Directive.objects.select_related("unit").filter(pk=directive_id).first()
    if directive is None:
        return 0
    link_teams(directive)
    return send_notices(directive)
