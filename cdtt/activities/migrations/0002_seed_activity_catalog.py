"""Seed the catalog of activity types with the official tasks (reversible).

Codes are the stable names used on the wire; administrators may rename, reorder or
deactivate types afterwards, so the reverse step removes only unused seeded types.
"""

from django.db import migrations

# code, Vietnamese name, English name, what it counts, frequent
CATALOG = [
    ("vneid_level2", "Cài đặt, kích hoạt VNeID mức 2", "VNeID installation and level-2 activation", "people", True),
    ("vneid_features", "Hướng dẫn tính năng VNeID (sổ sức khỏe, giấy phép lái xe, thông báo lưu trú…)", "VNeID features (health record, driving licence, residence declaration…)", "people", True),
    ("vssid", "Cài đặt, hướng dẫn VssID (bảo hiểm xã hội số)", "VssID (digital social insurance)", "people", True),
    ("public_services", "Nộp hồ sơ dịch vụ công trực tuyến", "Online public service application submitted", "applications", True),
    ("cashless", "Thanh toán không dùng tiền mặt (ngân hàng số, ví điện tử, Mobile Money)", "Cashless payment (bank app, e-wallet, Mobile Money)", "people", True),
    ("scam_awareness", "Phòng chống lừa đảo trực tuyến", "Online scam awareness", "people", True),
    ("ecommerce", "Hỗ trợ hộ bán hàng trên sàn thương mại điện tử", "E-commerce: helping a household sell online", "households", False),
    ("digital_health", "Y tế số (đặt lịch khám, hồ sơ sức khỏe điện tử)", "Digital health (appointments, electronic health record)", "people", False),
    ("skills_class", "Lớp kỹ năng số cho người dân (Bình dân học vụ số)", "Digital-skills class for residents (Bình dân học vụ số)", "participants", False),
    ("communication", "Tuyên truyền (họp thôn, loa truyền thanh, nhóm Zalo)", "Communication session (village meeting, loudspeaker, Zalo group post)", "participants", False),
    ("household_survey", "Khảo sát, thăm hộ gia đình", "Household survey visit", "households", False),
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
