"""The number of SQL queries of a dashboard page is bounded and does not grow with the number
of units, teams and members it shows (3 villages or 30)."""

import uuid
from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cdtt.accounts.models import Role
from cdtt.activities.actions import record_activity
from cdtt.factories import make_member, make_team, make_unit, make_user
from cdtt.orgunits.models import Level
from cdtt.steering.actions import record_inspection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_apart(settings):
    """The bound is the page's own SQL. Where the shared cache lives is the set-up's choice
    (Redis in production, a table of the database in the embedded default, whose few
    statements per page do not grow either): kept out of the count, in memory."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


# Measured on SQLite: province 37, commune 38 (6 of them the summary of what needs action),
# team 22, member 8; and 4 more on a unit's page for the help sessions' figures.
BOUND = 44
RANGE = {"from": "2025-04", "to": "2025-06"}


def build(villages: int):
    """A province with two communes; the first has `villages` villages, each a team of three
    who worked, one inspection with an overdue task in every other village."""
    admin = make_user(Role.ADMIN, None)
    province = make_unit(f"Tỉnh {villages}", Level.PROVINCE)
    commune = make_unit(f"Xã {villages}", Level.COMMUNE, province)
    make_unit(f"Xã bên {villages}", Level.COMMUNE, province)
    make_team(commune)
    for n in range(villages):
        village = make_unit(f"Bản {n}", Level.VILLAGE, commune, households=50 + n,
                            households_without_smartphone=n)  # fmt: skip
        team = make_team(village)
        for k in range(3):
            member = make_member(f"Người {n}-{k}", team, birth_year=1960 + 10 * k,
                                 affiliation=["youth_union", "village_head", ""][k])  # fmt: skip
            for month in (5, 6)[: k + 1]:
                record_activity(admin, {
                    "id": str(uuid.uuid4()), "member": member.pk, "team": team.pk,
                    "village": village.pk, "date": f"2025-0{month}-1{k}",
                    "type": "household_survey" if k else "vneid_level2", "people_helped": 3,
                })  # fmt: skip
        if n % 2 or n == villages - 1:
            record_inspection(admin, team, day=date(2025, 1, 5), findings="Ổn", assessment=3,
                              follow_ups=[("Họp tổ", date(2025, 2, 1))])  # fmt: skip
    officer = make_user(Role.PROVINCE, province, f"officer{villages}")
    return officer, province, commune, team, member


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url, RANGE)
    assert answer.status_code == 200
    return len(queries)


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker):
    """The two provinces (3 villages and 30), built once for the four pages: in a transaction
    around the module's tests (each test's own is a savepoint inside it), rolled back after."""
    from conftest import seed_activity_catalog

    with django_db_blocker.unblock(), transaction.atomic():
        seed_activity_catalog()  # as after migrate, whatever a transactional test flushed
        yield {villages: build(villages) for villages in (3, 30)}
        transaction.set_rollback(True)


@pytest.mark.parametrize("page", ["province", "commune", "team", "member"])
def test_queries_do_not_grow_with_units(worlds, client, page, django_assert_max_num_queries):
    counts = []
    for villages in (3, 30):
        officer, province, commune, team, member = worlds[villages]
        client.force_login(officer)
        url = {
            "province": f"/dashboard/unit/{province.pk}/",
            "commune": f"/dashboard/unit/{commune.pk}/",
            "team": f"/dashboard/team/{team.pk}/",
            "member": f"/dashboard/member/{member.pk}/",
        }[page]
        with django_assert_max_num_queries(BOUND):
            client.get(url, RANGE)
        counts.append(count(client, url))
    assert counts[0] == counts[1], counts
