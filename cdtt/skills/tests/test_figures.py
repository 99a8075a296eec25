"""The skills figures against the raw levels, scoped to the unit's subtree."""

import random
from datetime import date, timedelta

import pytest
from django.utils import timezone

from cdtt.factories import make_member, make_team, make_tree
from cdtt.skills import figures
from cdtt.skills.models import Attendance, Level, SkillLevel, Task, TrainingSession
from cdtt.teams.models import Affiliation

from .factories import make_task, set_level

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    Task.objects.update(is_active=False)  # the seeded catalogue aside: two tasks of our own
    tree = make_tree()
    tasks = [make_task("t-a", title="A"), make_task("t-b", app="vssid", title="B")]
    village, sibling = make_team(tree["village"]), make_team(tree["sibling_village"])
    other = make_team(tree["other_village"])
    return tree, tasks, village, sibling, other


def test_matrix_counts_each_level_and_no_row_as_unknown(place):
    tree, (a, b), village, sibling, other = place
    mai = make_member("Lò Thị Mai", village)
    lan = make_member("Quàng Văn Lan", village)
    make_member("Cà Thị Hoa", sibling)  # no level at all: "chưa biết" everywhere
    set_level(mai, a, Level.CAN_GUIDE, confirmed=True)
    set_level(lan, a, Level.CAN_GUIDE)  # a claim, not confirmed
    set_level(lan, b, Level.CAN_DO)
    outsider = make_member("Người Tỉnh Khác", other)
    set_level(outsider, a, Level.CAN_GUIDE, confirmed=True)

    rows = {r["task"]: r for r in figures.skill_matrix(tree["commune"])}
    assert rows["t-a"] == {
        **rows["t-a"], "members": 3, "unknown": 1, "can_do": 0, "claimed": 1, "can_guide": 1,
        "can_guide_pct": 33.3,
    }  # fmt: skip
    assert (rows["t-b"]["unknown"], rows["t-b"]["can_do"], rows["t-b"]["can_guide"]) == (2, 1, 0)
    # The other province's member is not counted; in its own subtree she is.
    mine = {r["task"]: r for r in figures.skill_matrix(tree["other_province"])}
    assert (mine["t-a"]["members"], mine["t-a"]["can_guide"]) == (1, 1)


def test_matrix_agrees_with_the_raw_levels_for_any_mix(place):
    tree, tasks, village, sibling, other = place
    rng = random.Random(24)
    members = [make_member(f"Thành viên {i}", rng.choice([village, sibling])) for i in range(12)]
    for member in members:
        for task in tasks:
            pick = rng.choice(["none", "unknown", "can_do", "claim", "guide"])
            if pick == "none":
                continue
            level = {"claim": Level.CAN_GUIDE, "guide": Level.CAN_GUIDE}.get(pick, pick)
            set_level(member, task, level, confirmed=pick == "guide")
    for row in figures.skill_matrix(tree["commune"]):
        raw = SkillLevel.objects.filter(task__code=row["task"], member__in=members)
        assert row["can_guide"] == raw.filter(level="can_guide", confirmed_at__isnull=False).count()
        assert row["claimed"] == raw.filter(level="can_guide", confirmed_at__isnull=True).count()
        assert row["can_do"] == raw.filter(level="can_do").count()
        assert row["unknown"] == len(members) - row["can_do"] - row["claimed"] - row["can_guide"]
        assert row["members"] == len(members)


def test_unguided_tasks_per_team_and_only_confirmed_guides_count(place):
    tree, (a, b), village, sibling, other = place
    mai = make_member("Lò Thị Mai", village)
    hoa = make_member("Cà Thị Hoa", sibling)
    set_level(mai, a, Level.CAN_GUIDE, confirmed=True)
    set_level(hoa, a, Level.CAN_GUIDE)  # claimed only
    ended = make_member("Đã Nghỉ", village, start=date(2020, 1, 1), end=date(2021, 1, 1))
    set_level(ended, b, Level.CAN_GUIDE, confirmed=True)  # no longer on the team

    rows = {r["unit"]: r["tasks"] for r in figures.unguided_tasks(tree["commune"])}
    assert rows == {"Bản Huổi Lóng": ["t-b"], "Bản Nà Sáy": ["t-a", "t-b"]}
    assert figures.unguided_tasks(tree["village"]) == [
        {"team": village.pk, "unit": "Bản Huổi Lóng", "count": 1, "tasks": ["t-b"], "titles": ["B"]}
    ]
    set_level(hoa, b, Level.CAN_GUIDE, confirmed=True)
    SkillLevel.objects.filter(member=hoa, task=a).update(confirmed_at=timezone.now())
    rows = {r["unit"]: r["tasks"] for r in figures.unguided_tasks(tree["commune"])}
    assert rows == {"Bản Huổi Lóng": ["t-b"]}


def test_stalled_members_are_those_without_progress_in_n_months(place):
    tree, (a, b), village, sibling, other = place
    today = date(2026, 12, 7)
    old = timezone.now() - timedelta(days=200)
    stuck = make_member("Lò Văn Cũ", village)
    set_level(stuck, a, Level.CAN_DO, at=old)
    moving = make_member("Lò Thị Mới", village)
    set_level(moving, a, Level.CAN_DO, at=old)
    set_level(moving, b, Level.CAN_DO)  # raised now
    never = make_member("Cà Văn Chưa", sibling)
    make_member("Mới Vào", village, start=today - timedelta(days=20))  # too new to judge
    rows = figures.stalled_members(tree["commune"], months=3, today=today)
    assert [r["name"] for r in rows] == ["Cà Văn Chưa", "Lò Văn Cũ"]
    assert rows[0]["last_progress"] is None and rows[1]["last_progress"] == timezone.localdate(old)
    assert [r["member"] for r in figures.stalled_members(tree["sibling_village"], today=today)] == [
        never.pk
    ]


def test_months_before_keeps_the_day_or_the_month_end():
    assert figures.months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert figures.months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)


def test_trainings_held_and_attended_by_affiliation(place):
    tree, tasks, village, sibling, other = place
    youth = make_member("Lò Văn Trẻ", village, affiliation=Affiliation.YOUTH_UNION)
    make_member("Quàng Thị Hội", village, affiliation=Affiliation.WOMEN_UNION)
    elder = make_member("Cà Văn Già", sibling, affiliation=Affiliation.VILLAGE_HEAD)
    far = make_member("Người Xa", other, affiliation=Affiliation.YOUTH_UNION)
    day = timezone.localdate() - timedelta(days=3)
    here = TrainingSession.objects.create(
        unit=tree["commune"], title="VNeID", date=day, place="UBND"
    )
    province = TrainingSession.objects.create(unit=tree["province"], title="VssID", date=day,
                                              place="Tỉnh")  # fmt: skip
    away = TrainingSession.objects.create(
        unit=tree["other_province"], title="X", date=day, place="-"
    )
    for session, member in [(here, youth), (here, elder), (province, youth), (away, far)]:
        Attendance.objects.create(session=session, member=member)

    held = figures.trainings_held(tree["commune"])
    assert [(r["title"], r["present"]) for r in held] == [("VNeID", 2)]
    assert [r["title"] for r in figures.trainings_held(tree["province"])] == ["VssID", "VNeID"]
    rows = {r["affiliation"]: r for r in figures.trainings_by_affiliation(tree["commune"])}
    assert (rows["youth_union"]["members"], rows["youth_union"]["attended"],
            rows["youth_union"]["attendances"]) == (1, 1, 2)  # fmt: skip
    assert (rows["women_union"]["attended"], rows["village_head"]["attended"]) == (0, 1)
    assert (rows["total"]["members"], rows["total"]["attended"]) == (3, 2)


def test_the_dashboard_panel_is_scoped_like_every_figure(client, place):
    from cdtt.accounts.models import Role
    from cdtt.factories import make_user

    tree, (a, b), village, sibling, other = place
    make_member("Lò Thị Mai", village)
    client.force_login(make_user(Role.COMMUNE, tree["commune"], "xa"))
    panel = client.get(f"/skills/units/{tree['commune'].pk}/figures/").content.decode()
    assert "Bản Huổi Lóng" in panel and "Việc chưa ai trong tổ hướng dẫn được" in panel
    assert client.get(f"/skills/units/{tree['other_commune'].pk}/figures/").status_code == 404
    client.force_login(make_user(Role.LEADER, tree["village"], "truong"))
    assert client.get(f"/skills/units/{tree['village'].pk}/figures/").status_code == 403
