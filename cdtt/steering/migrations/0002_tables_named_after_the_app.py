"""The tables taken over from the dashboard get this app's names (`steering_directive`, its
`steering_directive_teams`, …), and what names the models by their app follows: the content
types (and so the permissions on them) and the audit entries' object types
(`dashboard.directive` → `steering.directive`), so the history of a directive stays found."""

from django.db import migrations

MODELS = ("directive", "directiveread", "inspection", "followup")


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
        AuditEntry.objects.filter(object_type=f"{old}.{model}").update(
            object_type=f"{new}.{model}"
        )


def forwards(apps, schema_editor):
    _relabel(apps, "dashboard", "steering")


def backwards(apps, schema_editor):
    _relabel(apps, "steering", "dashboard")


class Migration(migrations.Migration):
    dependencies = [
        ("steering", "0001_take_over_directives_and_inspections"),
        ("dashboard", "0007_directives_and_inspections_to_steering"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="directive", table=None),
        migrations.AlterModelTable(name="directiveread", table=None),
        migrations.AlterModelTable(name="inspection", table=None),
        migrations.AlterModelTable(name="followup", table=None),
        migrations.RunPython(forwards, backwards),
    ]
