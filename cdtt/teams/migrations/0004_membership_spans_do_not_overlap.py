"""A member's memberships of one team never overlap.

Stored overlaps (a member added again while an earlier membership still ran) are merged
first: the earliest start, the latest end (open if either is open), the role of the
membership that ends last (the open one, if any). Their days were already counted once by
the figures, so no figure changes; each merge is written to the audit log (by the system).

On PostgreSQL an exclusion constraint then refuses an overlap written by any path; on SQLite
(development and tests) `add_membership` is the guard.
"""

from django.db import migrations

CONSTRAINT = "membership_spans_do_not_overlap"


def merge_overlaps(apps, schema_editor):
    Membership = apps.get_model("teams", "Membership")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    rows = Membership.objects.order_by("team_id", "member_id", "start", "id").values_list(
        "id", "team_id", "member_id", "start", "end", "role", "team__unit__path"
    )
    kept = None  # [id, team, member, start, end, role, path] of the span being extended
    for row in rows:
        pk, team, member, start, end, role, path = row
        if kept is None or kept[1:3] != [team, member] or _before(kept[4], start):
            kept = list(row)
            continue
        before = {"start": str(kept[3]), "end": _text(kept[4]), "role": kept[5]}
        if kept[4] is not None and (end is None or end >= kept[4]):
            kept[4], kept[5] = end, role  # this one ends last: its end and role
        Membership.objects.filter(pk=pk).delete()  # first: two open ones cannot coexist
        Membership.objects.filter(pk=kept[0]).update(end=kept[4], role=kept[5])
        for action, object_id, old, new in (
            ("delete", pk, {"start": str(start), "end": _text(end), "role": role}, None),
            ("update", kept[0], before, {"end": _text(kept[4]), "role": kept[5]}),
        ):
            AuditEntry.objects.create(
                action=action,
                object_type="teams.membership",
                object_id=str(object_id),
                orgunit_path=path,
                before=old,
                after=new,
            )


def _before(end, start) -> bool:
    """Whether a span ending on `end` (None: open) is over before `start`."""
    return end is not None and end < start


def _text(day) -> str | None:
    return None if day is None else str(day)


def _table(apps) -> str:
    return apps.get_model("teams", "Membership")._meta.db_table


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE {_table(apps)} ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(team_id WITH =, member_id WITH =, daterange(start, \"end\", '[]') WITH &&)"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {_table(apps)} DROP CONSTRAINT {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0003_member_phone_public_consent"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(merge_overlaps, migrations.RunPython.noop),
        migrations.RunPython(add_constraint, drop_constraint),
    ]
