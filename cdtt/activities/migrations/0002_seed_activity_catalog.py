"""Seed the catalog of activity types with the official tasks (reversible).

Codes are the stable names used on the wire; administrators may rename, reorder or
deactivate types afterwards, so the reverse step removes only unused seeded types.
"""

from django.db import migrations

# code, Vietnamese name, English name, what it counts, frequent
CATALOG = [
    ("vneid_level2", "Kích hoạt VNeID mức 2", "VNeID level-2 activation", "people", True),
    ("vneid_features", "Tính năng VNeID", "VNeID features", "people", True),
    ("vssid", "VssID", "VssID", "people", True),
    ("public_services", "Nộp hồ sơ DVC trực tuyến", "Online public service application", "applications", True),
    ("cashless", "Thanh toán không tiền mặt", "Cashless payment", "people", True),
    ("scam_awareness", "Phòng chống lừa đảo", "Online scam awareness", "people", True),
    ("ecommerce", "Bán hàng trên sàn TMĐT", "Selling online (e-commerce)", "households", False),
    ("digital_health", "Y tế số", "Digital health", "people", False),
    ("skills_class", "Lớp Bình dân học vụ số", "Digital-skills class", "participants", False),
    ("communication", "Tuyên truyền", "Communication session", "participants", False),
    ("household_survey", "Khảo sát hộ gia đình", "Household survey visit", "households", False),
]  # fmt: skip


def seed(apps, schema_editor):
    ActivityType = apps.get_model("activities", "ActivityType")
    for order, (code, name, name_en, counts, frequent) in enumerate(CATALOG, start=1):
        ActivityType.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "counts": counts,
                      "frequent": frequent, "order": order * 10},
        )


def unseed(apps, schema_editor):
    ActivityType = apps.get_model("activities", "ActivityType")
    codes = [row[0] for row in CATALOG]
    ActivityType.objects.filter(code__in=codes, activities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_activity_types_activities_month_locks")]

    operations = [migrations.RunPython(seed, unseed)]
