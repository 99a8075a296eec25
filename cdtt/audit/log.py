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


def record_many(actor, action: str, changes: list[tuple[models.Model, str, dict | None]]) -> None:
    """Log one `action` by `actor` on many objects in one statement, as `record` would each:
    `changes` holds (object, its unit's path, after). For writes made in bulk."""
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=actor if getattr(actor, "pk", None) else None,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                orgunit_path=path,
                after=after,
            )
            for obj, path, after in changes
        ],
        batch_size=500,
    )
