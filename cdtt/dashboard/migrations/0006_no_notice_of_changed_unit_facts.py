"""The workers no longer hold copies of the communes' and provinces' sums (no page showed a
difference, bench/RESULTS.md, 2026-12-07): the triggers of 0005 that announced each change
of their facts go, and with them the lock a notifying transaction takes while it commits."""

import importlib

from django.db import migrations

notices = importlib.import_module("cdtt.dashboard.migrations.0005_notice_of_changed_unit_facts")


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0005_notice_of_changed_unit_facts")]

    operations = [migrations.RunPython(notices.drop, notices.create)]
