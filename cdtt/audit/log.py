"""The one function that writes the audit log."""

from django.db import models

from .models import AuditEntry


def record(
    actor,
    action: str,
    obj: models.Model,
    *,
    orgunit_path: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """Log that `actor` (a user, or None for the system) did `action` to `obj`."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        orgunit_path=orgunit_path,
        before=before,
        after=after,
    )
