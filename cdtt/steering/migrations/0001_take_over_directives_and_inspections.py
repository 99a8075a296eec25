"""The steering app takes over the dashboard's directives, inspections and follow-up tasks.

Nothing changes in the database here: the models are declared in this app's state over the
tables the dashboard created (`dashboard_directive`, …), and dashboard 0006 drops them from the
dashboard's state. 0002 then renames the tables to this app's names.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("dashboard", "0005_notice_of_changed_unit_facts"),
        ("orgunits", "0001_initial"),
        ("teams", "0002_one_open_leader_per_team"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Directive",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("text", models.TextField(max_length=10000, verbose_name="text")),
                ("attachment", models.FileField(blank=True, upload_to="directives/%Y/", verbose_name="attachment")),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="due date")),
                ("sent_at", models.DateTimeField(auto_now_add=True, verbose_name="sent at")),
                ("sent_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="sent by")),
                ("teams", models.ManyToManyField(blank=True, related_name="directives", to="teams.team")),
                ("unit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="directives", to="orgunits.orgunit", verbose_name="sent to the teams of")),
            ],
            options={
                "verbose_name": "directive",
                "verbose_name_plural": "directives",
                "ordering": ["-sent_at"],
                "db_table": "dashboard_directive",
            },
        ),
        migrations.CreateModel(
            name="Inspection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(verbose_name="date")),
                ("findings", models.TextField(max_length=10000, verbose_name="findings")),
                ("assessment", models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name="assessment (1–5)")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("inspector", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="recorded by")),
                ("team", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="inspections", to="teams.team", verbose_name="team")),
            ],
            options={
                "verbose_name": "inspection",
                "verbose_name_plural": "inspections",
                "ordering": ["-date", "-created_at"],
                "db_table": "dashboard_inspection",
                "constraints": [models.CheckConstraint(condition=models.Q(("assessment__gte", 1), ("assessment__lte", 5)), name="inspection_assessment_1_to_5")],
            },
        ),
        migrations.CreateModel(
            name="FollowUp",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("task", models.CharField(max_length=300, verbose_name="task")),
                ("due_date", models.DateField(verbose_name="due date")),
                ("done_on", models.DateField(blank=True, null=True, verbose_name="done on")),
                ("done_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("inspection", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="follow_ups", to="steering.inspection")),
            ],
            options={
                "verbose_name": "follow-up task",
                "verbose_name_plural": "follow-up tasks",
                "ordering": ["due_date", "pk"],
                "db_table": "dashboard_followup",
            },
        ),
        migrations.CreateModel(
            name="DirectiveRead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("read_at", models.DateTimeField(auto_now_add=True)),
                ("directive", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reads", to="steering.directive")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "db_table": "dashboard_directiveread",
                "constraints": [models.UniqueConstraint(fields=("directive", "user"), name="directiveread_once")],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
