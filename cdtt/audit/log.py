"""The one function that writes the audit log."""

from typing import Literal

from django.db import models

from cdtt import parts

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
    with parts.writing(AuditEntry, [action]):  # pages that read the log read one action
        return AuditEntry.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            orgunit_path=orgunit_path,
            before=before,
            after=after,
        )


def record_many(
    actor,
    action: str,
    changes: list[tuple[models.Model, str, dict | None]],
    *,
    side: Literal["after", "before"] = "after",
) -> None:
    """Log one `action` by `actor` on many objects in one statement, as `record` would each:
    `changes` holds (object, its unit's path, state), the state being what the object is
    after the change (`side="after"`: made, changed) or was before it (`"before"`: deleted).
    For writes made in bulk."""
    with parts.writing(AuditEntry, [action]):
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    actor=actor if getattr(actor, "pk", None) else None,
                    action=action,
                    object_type=obj._meta.label_lower,
                    object_id=str(obj.pk),
                    orgunit_path=path,
                    before=state if side == "before" else None,
                    after=state if side == "after" else None,
                )
                for obj, path, state in changes
            ],
            batch_size=500,
        )
