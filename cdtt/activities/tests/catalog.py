"""The activity catalog for transactional tests: it is seeded by data migrations, and an
earlier transactional test may have flushed it (serialized_rollback cannot restore it under
Playwright's event loop), so these tests put it back by running the same migration code."""

from importlib import import_module

from django.apps import apps

from cdtt.activities.catalog import changed


def seed_catalog() -> None:
    import_module("cdtt.activities.migrations.0002_seed_activity_catalog").seed(apps, None)
    import_module("cdtt.activities.migrations.0003_activity_type_descriptions").describe(apps, None)
    changed()  # the migration's models send no signals, and the notice comes a moment later
