"""Directives, inspections and follow-up tasks now belong to the steering app (its 0001 took
them over): they leave the dashboard's state, their tables stay (steering 0002 renames them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0006_no_notice_of_changed_unit_facts"),
        ("steering", "0001_take_over_directives_and_inspections"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="FollowUp"),
                migrations.DeleteModel(name="DirectiveRead"),
                migrations.DeleteModel(name="Inspection"),
                migrations.DeleteModel(name="Directive"),
            ]
        )
    ]
