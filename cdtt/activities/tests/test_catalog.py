"""The catalog of activity types: seeded with the official tasks, edited in Django admin
where the wire code stays fixed; activities are shown there but never edited."""

import pytest

from cdtt.accounts.models import Role
from cdtt.activities.actions import record_activity
from cdtt.activities.models import ActivityType, Counts

pytestmark = pytest.mark.django_db

CODES = ["vneid_level2", "vneid_features", "vssid", "public_services", "cashless",
         "scam_awareness", "ecommerce", "digital_health", "skills_class", "communication",
         "household_survey"]  # fmt: skip


def test_the_catalog_is_seeded_in_order_with_what_each_counts():
    types = list(ActivityType.objects.all())
    assert [t.code for t in types] == CODES
    counts = {t.code: t.counts for t in types}
    assert counts["public_services"] == Counts.APPLICATIONS
    assert counts["household_survey"] == counts["ecommerce"] == Counts.HOUSEHOLDS
    assert counts["skills_class"] == Counts.PARTICIPANTS and counts["vssid"] == Counts.PEOPLE
    assert all(t.name and t.name_en and t.description for t in types)
    assert sum(t.frequent for t in types) == 6


def test_display_name_follows_the_language():
    from django.utils import translation

    vssid = ActivityType.objects.get(code="public_services")
    with translation.override("vi"):
        assert vssid.display_name == "Nộp hồ sơ DVC trực tuyến"
    with translation.override("en"):
        assert vssid.display_name == "Online public service application"


def test_admin_edits_a_type_but_not_its_code(world, client):
    client.force_login(world.users[Role.ADMIN])
    vssid = ActivityType.objects.get(code="vssid")
    url = f"/admin/activities/activitytype/{vssid.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="name"' in page and 'name="code"' not in page
    data = {"name": "VssID mới", "name_en": "VssID", "description": "", "counts": "people",
            "active": "on", "order": 5}  # fmt: skip
    assert client.post(url, data).status_code == 302
    vssid.refresh_from_db()
    assert (vssid.code, vssid.name, vssid.frequent, vssid.order) == ("vssid", "VssID mới", False, 5)


def test_admin_shows_activities_read_only(world, client):
    activity = record_activity(world.users[Role.MEMBER], world.payload(), "web")[0]
    client.force_login(world.users[Role.ADMIN])
    assert client.get("/admin/activities/activity/").status_code == 200
    page = client.get(f"/admin/activities/activity/{activity.pk}/change/").content.decode()
    assert 'type="submit"' not in page or 'name="_save"' not in page
    assert client.get("/admin/activities/activity/add/").status_code == 403


def test_the_shared_catalog_follows_every_change_at_once(django_capture_on_commit_callbacks):
    from cdtt.activities.catalog import catalog

    assert [t.code for t in catalog()] == CODES
    vssid = ActivityType.objects.get(code="vssid")
    with django_capture_on_commit_callbacks(execute=True):
        vssid.name = "Cài đặt VssID"
        vssid.save()
        ActivityType.objects.create(code="ai_safety", name="An toàn khi dùng AI", order=999)
    assert {t.code: t.name for t in catalog()}["vssid"] == "Cài đặt VssID"
    assert catalog()[-1].code == "ai_safety"
    with django_capture_on_commit_callbacks(execute=True):
        ActivityType.objects.get(code="ai_safety").delete()
    assert [t.code for t in catalog()] == CODES


def test_on_postgresql_a_worker_hears_of_a_catalog_change_made_anywhere(notices):
    """A change made outside the model (psql, a data migration) reaches the worker's copy
    through the database's notice, with no stamp in the cache to read."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cdtt.activities.catalog import CHANNEL, STAMP, catalog

    from .catalog import seed_catalog

    def rename():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE activities_activitytype SET name = %s WHERE code = %s",
                           ["Cài đặt VssID", "vssid"])  # fmt: skip

    notices.after(CHANNEL, seed_catalog)
    assert [t.code for t in catalog()] == CODES
    with CaptureQueriesContext(connection) as queries:
        assert [t.code for t in catalog()] == CODES
    assert queries.captured_queries == []
    assert cache.get(STAMP) is None  # the copy did not go by the stamp

    notices.after(CHANNEL, rename)
    assert {t.code: t.name for t in catalog()}["vssid"] == "Cài đặt VssID"
