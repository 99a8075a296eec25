"""The seeded catalogue of guidable tasks (with their guides and checks), and members' former
"can guide" topics taken over as confirmed levels (the old list itself is kept)."""

from django.db import migrations

from cdtt.skills.catalogue import TASKS, adopt_legacy_skills, seed_catalogue


def forward(apps, schema_editor):
    seed_catalogue(apps)
    adopt_legacy_skills(apps)


def backward(apps, schema_editor):
    codes = [row["code"] for row in TASKS]
    apps.get_model("skills", "SkillLevel").objects.filter(source="legacy").delete()
    apps.get_model("skills", "Task").objects.filter(code__in=codes).delete()
    apps.get_model("portal", "Guide").objects.filter(slug__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("skills", "0001_tasks_levels_courses_trainings"),
        ("activities", "0002_seed_activity_catalog"),
    ]

    operations = [migrations.RunPython(forward, backward)]
