"""A commune officer reconstitutes (kiện toàn) a demo team from a new list, in a real browser:
upload, review the joins, leaves and role changes, confirm, and the database holds the new
composition from the decision's date with its history."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook

from cdtt.audit.models import AuditEntry
from cdtt.demo.accounts import seed_accounts
from cdtt.demo.members import seed_members
from cdtt.demo.places import DEMO_COMMUNE_CODE, seed_places
from cdtt.orgunits.models import OrgUnit
from cdtt.teams.models import Member, Membership, TeamRole
from e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


WRITTEN = {TeamRole.LEADER: "Tổ trưởng", TeamRole.DEPUTY: "Tổ phó", TeamRole.MEMBER: "Thành viên"}


def demo_team():
    """The demo commune's units, accounts and members; the demo leader's team."""
    call_command("load_units", verbosity=0)
    seed_places(2024)
    seed_accounts()
    seed_members(2024, [OrgUnit.objects.get(code=DEMO_COMMUNE_CODE)])
    return Member.objects.get(user__username="demo-leader").memberships.get().team


def new_list(team, leaver, new_leader) -> bytes:
    """The team as the decision lists it: another leader, one member gone, one newcomer."""
    book = Workbook()
    sheet = book.active
    sheet.append([f"DANH SÁCH KIỆN TOÀN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG {team.unit.name.upper()}"])
    sheet.append(["(Kèm theo Quyết định số 31/QĐ-UBND của UBND xã Mường Mùn)"])
    sheet.append(["STT", "Họ và tên", "Năm sinh", "SĐT", "Chức vụ trong Tổ", "Thôn, bản"])
    rows = []
    current = Membership.objects.current().filter(team=team).select_related("member")
    for membership in current.order_by("member__name_sort"):
        member = membership.member
        if member == leaver:
            continue
        role = "Tổ trưởng" if member == new_leader else WRITTEN[membership.role]
        rows.append([member.full_name, member.birth_year, member.phone or "", role])
    rows.append(["Vừ A Dính", 2001, "0868 555 123", "Tổ phó"])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row, team.unit.name])
    sheet.append(["Tổng cộng", None, None, None, None, f"{len(rows)} người"])
    sheet.append([None, None, None, "TM. UBND XÃ", None, None])
    sheet.append([None, None, None, "CHỦ TỊCH", None, None])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_commune_officer_reconstitutes_a_demo_team(page, tmp_path):
    team = demo_team()
    old_leader = Membership.objects.current().get(team=team, role=TeamRole.LEADER)
    others = Membership.objects.current().filter(team=team).exclude(pk=old_leader.pk)
    new_leader = others.order_by("member__name_sort").first().member
    before = {m.pk: (m.member_id, m.role, m.start) for m in Membership.objects.filter(team=team)}
    day = timezone.localdate() - timedelta(days=10)
    path = tmp_path / "kien-toan.xlsx"
    path.write_bytes(new_list(team, old_leader.member, new_leader))

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "demo-commune", settings.DEMO_PASSWORD)
    page.goto("/teams/")
    page.click("a[href='/teams/import/']")
    page.set_input_files("input[name=file]", str(path))
    page.fill("input[name=day]", day.isoformat())
    page.check("input[name=replace]")
    page.click("main form button[type=submit]")
    page.click("a.button[href^='/teams/import/']")  # the checking job's "Tiếp tục"
    preview = page.locator("main").inner_text()
    assert "Vừ A Dính" in preview and "vào Tổ (thành viên mới)" in preview
    assert f"thôi tham gia từ ngày {day:%d/%m/%Y} (không có trong danh sách)" in preview
    assert "đổi vai trò (trước là " in preview
    assert Member.objects.filter(full_name="Vừ A Dính").count() == 0  # nothing written yet
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)

    page.click("button[name=confirm]")
    page.click("a.button[href^='/teams/import/']")
    assert "Đã ghi danh sách" in page.locator("h1").inner_text()

    on_the_day = Membership.objects.current(on=day).filter(team=team)
    assert on_the_day.get(role=TeamRole.LEADER).member == new_leader
    assert not on_the_day.filter(member=old_leader.member).exists()
    newcomer = on_the_day.get(member__full_name="Vừ A Dính")
    assert (newcomer.role, newcomer.start, newcomer.member.phone) == (
        TeamRole.DEPUTY, day, "0868555123",
    )  # fmt: skip
    old_leader.refresh_from_db()
    assert (old_leader.role, old_leader.start, old_leader.end) == (
        TeamRole.LEADER, before[old_leader.pk][2], day - timedelta(days=1),
    )  # fmt: skip
    # History intact: every membership there was is still there, with its start.
    for pk, (member, _role, start) in before.items():
        kept = Membership.objects.get(pk=pk)
        assert (kept.member_id, kept.start) == (member, start)
    # One audit entry per change: the leader leaves, one role moves, a newcomer and his place;
    # the old leader, now on no team, loses his login (accounts follow memberships).
    entries = sorted((e.action, e.object_type) for e in AuditEntry.objects.all())
    assert entries == [
        ("create", "teams.member"), ("create", "teams.membership"),
        ("deactivate", "accounts.user"), ("end", "teams.membership"),
        ("update", "teams.membership"),
    ]  # fmt: skip
    closed = AuditEntry.objects.get(action="deactivate")
    assert closed.object_id == str(old_leader.member.user_id)
    assert not old_leader.member.user.is_active
