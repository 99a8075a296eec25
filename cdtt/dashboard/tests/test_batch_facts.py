"""Facts kept in step by lists of activities (the API's batches): after any mix of batches,
edits and deletes, every fact row (area, member, commune, province) equals the aggregate of the
activities computed here in plain Python, and every stored activity has its creation entry
in the audit log."""

import importlib
import uuid
from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cdtt.accounts.models import Role
from cdtt.activities.actions import (
    ActivityError,
    delete_activity,
    record_activities,
    update_activity,
    wire,
)
from cdtt.activities.models import Activity
from cdtt.audit.models import AuditEntry
from cdtt.dashboard import facts
from cdtt.dashboard.models import (
    CommuneMonthFact,
    MemberMonthFact,
    MonthlyFact,
    ProvinceMonthFact,
)
from cdtt.factories import make_member, make_team, make_unit, make_user
from cdtt.orgunits.models import Level

FILL = importlib.import_module("cdtt.dashboard.migrations.0004_province_month_facts")
AREA = ("activities", "count", "women", "ethnic_minority", "elderly",
        "households_without_smartphone")  # fmt: skip
TYPES = ["vneid_level2", "public_services", "household_survey"]
FIRST = date(2025, 4, 20)  # batches span two months and their boundary
DAYS = 25


def world():
    provinces = [make_unit(name, Level.PROVINCE) for name in ("Tỉnh Lô", "Tỉnh Đà")]
    communes = [make_unit(f"Xã {n}", Level.COMMUNE, provinces[n]) for n in range(2)]
    villages = [make_unit(f"Bản {n}", Level.VILLAGE, communes[n // 2]) for n in range(3)]
    teams = [make_team(communes[0]), *(make_team(v) for v in villages)]
    members = [make_member(f"Thành viên {n}", teams[n % 4]) for n in range(6)]
    areas = {teams[0].pk: [communes[0], villages[0], villages[1]]}
    areas.update({t.pk: [t.unit] for t in teams[1:]})
    return make_user(Role.ADMIN, None), members, areas


def expected() -> tuple[dict, dict, dict, dict]:
    """The four fact tables as the activities say they should be."""
    area, member, communes, province = (
        defaultdict(lambda: [0] * 6),
        defaultdict(list),
        defaultdict(lambda: [0] * 6),
        defaultdict(lambda: [0] * 6),
    )
    for a in Activity.objects.select_related("team__unit__parent"):
        period = f"{a.date:%Y-%m}"
        values = [1, a.people_helped, a.women, a.ethnic_minority, a.elderly,
                  a.households_without_smartphone]  # fmt: skip
        unit = a.team.unit
        commune = unit if unit.level == Level.COMMUNE else unit.parent
        for table, key in [(area, (a.team_id, a.village_id, period, a.type_id)),
                           (communes, (commune.pk, period, a.type_id)),
                           (province, (commune.parent_id, period, a.type_id))]:  # fmt: skip
            table[key] = [x + y for x, y in zip(table[key], values, strict=True)]
        member[(a.member_id, a.team_id, period)].append((a.date, a.people_helped))
    members = {
        key: (len(rows), sum(n for _d, n in rows), len({d for d, _n in rows}), max(rows)[0])
        for key, rows in member.items()
    }
    return (
        {k: tuple(v) for k, v in area.items()},
        members,
        {k: tuple(v) for k, v in communes.items()},
        {k: tuple(v) for k, v in province.items()},
    )


def stored() -> tuple[dict, dict, dict, dict]:
    return (
        {
            (f.team_id, f.village_id, f.period, f.type_id): tuple(getattr(f, n) for n in AREA)
            for f in MonthlyFact.objects.all()
        },
        {
            (f.member_id, f.team_id, f.period): (f.activities, f.count, f.days_active, f.last_date)
            for f in MemberMonthFact.objects.all()
        },
        {
            (f.commune_id, f.period, f.type_id): tuple(getattr(f, n) for n in AREA)
            for f in CommuneMonthFact.objects.all()
        },
        {
            (f.province_id, f.period, f.type_id): tuple(getattr(f, n) for n in AREA)
            for f in ProvinceMonthFact.objects.all()
        },
    )


item = st.tuples(
    st.integers(0, 5),  # member
    st.integers(0, 2),  # village within the team's area
    st.integers(0, DAYS),  # day
    st.sampled_from(TYPES),
    st.integers(1, 9),  # count
    st.integers(0, 9),  # women (too many: refused)
    st.booleans(),  # the id of an earlier item again
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("batch"), st.lists(item, min_size=1, max_size=12)),
        st.tuples(st.sampled_from(["update", "delete"]), st.integers(0, 50), item),
    ),
    min_size=1,
    max_size=8,
)


class BatchesKeepTheFacts(TestCase):
    def item(self, members, areas, values, ids) -> dict:
        who, village, day, code, count, women, again = values
        member = members[who]
        team = member.memberships.get().team
        area = areas[team.pk]
        return {
            "id": ids[-1] if again and ids else str(uuid.uuid4()),
            "member": member.pk, "team": team.pk, "village": area[village % len(area)].pk,
            "date": (FIRST + timedelta(days=day)).isoformat(), "type": code,
            "people_helped": count, "women": women, "households_without_smartphone": count // 3,
        }  # fmt: skip

    @settings(settings.get_profile("database"))  # fewer examples on SQLite (conftest.py)
    @given(steps=steps)
    def test_facts_equal_the_activities_after_any_batches(self, steps):
        admin, members, areas = world()
        ids: list[str] = []
        for kind, *rest in steps:
            if kind == "batch":
                items = []
                for values in rest[0]:
                    items.append(self.item(members, areas, values, ids))
                    ids.append(items[-1]["id"])
                record_activities(admin, items, "api")
                continue
            activities = list(Activity.objects.order_by("created_at", "id"))
            if not activities:
                continue
            activity = activities[rest[0] % len(activities)]
            try:
                if kind == "delete":
                    delete_activity(admin, activity)
                else:
                    area = areas[activity.team_id]
                    changes = self.item(members, areas, rest[1], [])
                    changes.update(member=activity.member_id, team=activity.team_id,
                                   village=area[rest[1][1] % len(area)].pk)  # fmt: skip
                    update_activity(admin, activity, changes)
            except ActivityError:
                pass  # refused (too many women): nothing written
        assert stored() == expected()
        created = set(
            AuditEntry.objects.filter(action="activity_created").values_list("object_id", flat=True)
        )
        assert {str(pk) for pk in Activity.objects.values_list("pk", flat=True)} <= created


@pytest.mark.django_db
def test_one_call_refreshes_every_key_a_list_touches_and_drops_emptied_rows():
    admin, members, areas = world()
    team = members[0].memberships.get().team
    village = areas[team.pk][1]
    base = {"member": members[0].pk, "team": team.pk, "village": village.pk,
            "type": "vneid_level2", "people_helped": 2}  # fmt: skip
    items = [{**base, "id": str(uuid.uuid4()), "date": day} for day in
             ("2025-04-29", "2025-04-30", "2025-05-02")]  # fmt: skip
    results = record_activities(admin, items, "api")
    assert all(created for _a, created in results)
    assert stored() == expected()
    april = [wire(a) for a, _created in results[:2]]
    Activity.objects.filter(pk__in=[a["id"] for a in april]).delete()
    facts.activities_changed([(before, None) for before in april])
    assert stored() == expected()
    assert not MonthlyFact.objects.filter(period="2025-04").exists()
    assert not CommuneMonthFact.objects.filter(period="2025-04").exists()
    assert not ProvinceMonthFact.objects.filter(period="2025-04").exists()
    assert MemberMonthFact.objects.get(period="2025-05").activities == 1


@pytest.mark.django_db
def test_the_migration_fills_the_province_rows_the_writers_keep():
    """Province rows missing (a database from before them): the migration's fill writes
    them from the commune rows, equal to what the writers keep."""
    admin, members, areas = world()
    items = []
    for n, member in enumerate(members):
        team = member.memberships.get().team
        items.append({"id": str(uuid.uuid4()), "member": member.pk, "team": team.pk,
                      "village": areas[team.pk][-1].pk, "date": f"2025-0{4 + n % 2}-1{n}",
                      "type": TYPES[n % 3], "people_helped": n + 1})  # fmt: skip
    record_activities(admin, items, "api")
    kept = stored()
    assert len(kept[3]) >= 4  # two provinces, two months
    ProvinceMonthFact.objects.all().delete()
    FILL.fill(django_apps, connection.schema_editor())
    assert stored() == kept == expected()
