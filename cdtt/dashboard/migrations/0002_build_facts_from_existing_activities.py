"""Build the facts of the activities recorded before the dashboard existed (reversible)."""

from django.db import migrations
from django.db.models import Count, Max, Sum
from django.db.models.functions import TruncMonth


def build(apps, schema_editor):
    Activity = apps.get_model("activities", "Activity")
    MonthlyFact = apps.get_model("dashboard", "MonthlyFact")
    MemberMonthFact = apps.get_model("dashboard", "MemberMonthFact")
    activities = Activity.objects.order_by().annotate(month=TruncMonth("date"))
    MonthlyFact.objects.bulk_create(
        (
            MonthlyFact(period=row.pop("month").strftime("%Y-%m"), **row)
            for row in activities.values("month", "team_id", "village_id", "type_id").annotate(
                activities=Count("id"),
                count=Sum("people_helped"),
                women=Sum("women"),
                ethnic_minority=Sum("ethnic_minority"),
                elderly=Sum("elderly"),
                households_without_smartphone=Sum("households_without_smartphone"),
            )
        ),
        batch_size=1000,
    )
    MemberMonthFact.objects.bulk_create(
        (
            MemberMonthFact(period=row.pop("month").strftime("%Y-%m"), **row)
            for row in activities.values("month", "member_id", "team_id").annotate(
                activities=Count("id"),
                count=Sum("people_helped"),
                days_active=Count("date", distinct=True),
                last_date=Max("date"),
            )
        ),
        batch_size=1000,
    )


def unbuild(apps, schema_editor):
    apps.get_model("dashboard", "MonthlyFact").objects.all().delete()
    apps.get_model("dashboard", "MemberMonthFact").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0001_facts_directives_inspections")]
    operations = [migrations.RunPython(build, unbuild)]
