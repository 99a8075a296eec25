"""Jobs of the steering committee's work, run by the Huey consumer: a directive's notices."""

from huey.contrib.djhuey import db_task


@db_task(retries=3, retry_delay=600)
def send_directive_notices(directive_id: int) -> int:
    """Tell a directive's recipients (queued after it was sent; a rerun sends nothing twice)."""
    from .actions import send_notices
    from .models import Directive

    directive = Directive.objects.filter(pk=directive_id).first()
    return send_notices(directive) if directive is not None else 0
