"""Reconstitution (kiện toàn): a new list for a team that has members is a reviewed change
from the decision's date, written whole or not at all, with one audit entry per change."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from openpyxl import Workbook

from cdtt.accounts.models import Role
from cdtt.audit.models import AuditEntry
from cdtt.factories import make_member, make_team
from cdtt.jobs.models import Job, State
from cdtt.teams.imports import ALREADY, LEAVE, NEW, ROLE, STAYS, STEP_DOWN, import_members
from cdtt.teams.models import Member, Membership, TeamRole

pytestmark = pytest.mark.django_db

L, D, M = TeamRole.LEADER, TeamRole.DEPUTY, TeamRole.MEMBER
HEADER = ["STT", "Họ và tên", "Năm sinh", "Số điện thoại", "Vai trò trong Tổ", "Thôn/bản"]
SINCE = date(2023, 1, 1)


@pytest.fixture
def team(tree):
    """Bản Huổi Lóng: Piếng leads, Mai is deputy, Ún and Dua are members, since 2023."""
    team = make_team(tree["village"])
    make_member("Quàng Văn Piếng", team, L, start=SINCE, phone="0912000001", birth_year=1958)
    make_member("Lường Thị Mai", team, D, start=SINCE, phone="0912000002", birth_year=1990)
    make_member("Cà Văn Ún", team, M, start=SINCE, phone="0912000003", birth_year=1985)
    make_member("Lò Thị Dua", team, M, start=SINCE, phone="0912000004", birth_year=1992)
    return team


@pytest.fixture
def day():
    return timezone.localdate() - timedelta(days=20)


def new_list(village: str) -> bytes:
    """Mai leads now, Piếng stays on as a member, Ún stays, Sềnh joins as deputy; no Dua."""
    book = Workbook()
    sheet = book.active
    sheet.append(["KIỆN TOÀN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"])
    sheet.append(HEADER)
    for number, (name, year, phone, role) in enumerate([
        ("Lường Thị Mai", 1990, "0912000002", "Tổ trưởng"),
        ("Quàng Văn Piếng", 1958, "0912 000 001", "Thành viên"),
        ("Cà Văn Ún", 1985, "0912000003", "Thành viên"),
        ("Tòng Văn Sềnh", 1999, "0912000005", "Tổ phó"),
    ], start=1):  # fmt: skip
        sheet.append([number, name, year, phone, role, village])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def composition(team, on) -> set[tuple]:
    return {
        (m.member.full_name, m.role)
        for m in Membership.objects.current(on=on).filter(team=team).select_related("member")
    }


def test_the_preview_shows_joins_leaves_and_role_changes_and_writes_nothing(team, day, tree):
    result = import_members(new_list(tree["village"].name), within=tree["commune"], day=day,
                            replace=True, dry_run=True)  # fmt: skip
    assert result.ok
    (plan,) = result.teams
    assert {(p.full_name, p.action) for p in plan.rows} == {
        ("Lường Thị Mai", ROLE), ("Quàng Văn Piếng", ROLE), ("Cà Văn Ún", ALREADY),
        ("Tòng Văn Sềnh", NEW),
    }  # fmt: skip
    assert [(s.membership.member.full_name, s.action) for s in plan.others] == [
        ("Lò Thị Dua", LEAVE)
    ]
    assert not AuditEntry.objects.exists() and Member.objects.count() == 4


def test_replacing_the_team_moves_roles_ends_the_others_and_audits_each_change(team, day, tree):
    result = import_members(new_list(tree["village"].name), within=tree["commune"], day=day,
                            replace=True)  # fmt: skip
    assert result.ok, [str(e) for e in result.errors]
    assert composition(team, day) == {
        ("Lường Thị Mai", L), ("Quàng Văn Piếng", M), ("Cà Văn Ún", M), ("Tòng Văn Sềnh", D),
    }  # fmt: skip
    dua = Membership.objects.get(member__full_name="Lò Thị Dua")
    assert dua.end == day - timedelta(days=1)  # her last day; history kept
    assert composition(team, day - timedelta(days=1)) >= {("Lò Thị Dua", M)}
    sềnh = Membership.objects.get(member__full_name="Tòng Văn Sềnh")
    assert sềnh.start == day
    entries = sorted(
        (e.action, e.object_type, tuple(sorted((e.after or {}).items()))[:1])
        for e in AuditEntry.objects.all()
    )
    assert [(a, t) for a, t, _x in entries] == sorted([
        ("update", "teams.membership"),  # Piếng: leader -> member
        ("update", "teams.membership"),  # Mai: deputy -> leader
        ("end", "teams.membership"),  # Dua leaves
        ("create", "teams.member"),  # Sềnh, a new person…
        ("create", "teams.membership"),  # …joins
    ])  # fmt: skip
    assert (result.roles_changed, result.memberships_ended, result.members_created) == (2, 1, 1)


def test_without_replacing_the_list_only_adds_and_the_old_leader_steps_down(team, day, tree):
    # A list naming only Mai, as leader: Piếng steps down; the others stay.
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([1, "Lường Thị Mai", 1990, "0912000002", "Tổ trưởng", tree["village"].name])
    buffer = BytesIO()
    book.save(buffer)
    preview = import_members(buffer.getvalue(), within=tree["commune"], day=day, dry_run=True)
    (plan,) = preview.teams
    assert {(s.membership.member.full_name, s.action) for s in plan.others} == {
        ("Quàng Văn Piếng", STEP_DOWN), ("Cà Văn Ún", STAYS), ("Lò Thị Dua", STAYS),
    }  # fmt: skip
    assert import_members(buffer.getvalue(), within=tree["commune"], day=day).ok
    assert composition(team, timezone.localdate()) == {
        ("Lường Thị Mai", L), ("Quàng Văn Piếng", M), ("Cà Văn Ún", M), ("Lò Thị Dua", M),
    }  # fmt: skip


def test_a_refusal_in_the_middle_leaves_everything_as_it_was(team, day, tree):
    # Dua joined after the decision's date: ending her the day before it is refused.
    Membership.objects.filter(member__full_name="Lò Thị Dua").update(start=day)
    result = import_members(new_list(tree["village"].name), within=tree["commune"], day=day,
                            replace=True)  # fmt: skip
    assert not result.ok and "Lò Thị Dua" in str(result.errors[0])
    assert composition(team, timezone.localdate()) == {
        ("Quàng Văn Piếng", L), ("Lường Thị Mai", D), ("Cà Văn Ún", M), ("Lò Thị Dua", M),
    }  # fmt: skip
    assert not Member.objects.filter(full_name="Tòng Văn Sềnh").exists()
    assert not AuditEntry.objects.exists()


def test_the_decision_date_cannot_be_in_the_future_or_before_the_teams(team, tree):
    content = new_list(tree["village"].name)
    future = import_members(content, within=tree["commune"], day=timezone.localdate()
                            + timedelta(days=1))  # fmt: skip
    assert str(future.errors[0]) == "The decision's date cannot be in the future."
    assert not import_members(content, within=tree["commune"], day=date(2021, 5, 1)).ok
    assert Membership.objects.filter(end__isnull=False).count() == 0


def test_the_upload_page_checks_in_a_job_then_writes_after_review(
    client, users, team, day, tree, django_capture_on_commit_callbacks
):
    client.force_login(users[Role.COMMUNE])
    upload = SimpleUploadedFile("kien-toan.xlsx", new_list(tree["village"].name))
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            "/teams/import/", {"file": upload, "day": day.isoformat(), "replace": "on"}
        )
    check = Job.objects.get()
    assert answer.status_code == 302 and answer.url == f"/jobs/{check.pk}/"
    assert check.state == State.DONE and Member.objects.count() == 4  # nothing written yet
    assert f'href="/teams/import/{check.pk}/"' in client.get(answer.url).content.decode()
    page = client.get(f"/teams/import/{check.pk}/").content.decode()
    assert "Tòng Văn Sềnh" in page and "joins (new member)" in page
    assert "role changes (was Deputy (tổ phó))" in page
    assert f"leaves from {day:%d/%m/%Y} (not on the list)" in page
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/teams/import/{check.pk}/", {"confirm": "1"})
    write = Job.objects.exclude(pk=check.pk).get()
    assert write.state == State.DONE, write.error
    written = client.get(f"/teams/import/{write.pk}/").content.decode()
    assert "The list was written" in written and "role changes (was Deputy (tổ phó))" in written
    assert composition(team, day) == {
        ("Lường Thị Mai", L), ("Quàng Văn Piếng", M), ("Cà Văn Ún", M), ("Tòng Văn Sềnh", D),
    }  # fmt: skip
    # Another officer cannot see the preview; the same confirmation again changes nothing.
    client.force_login(users[Role.PROVINCE])
    assert client.get(f"/teams/import/{check.pk}/").status_code == 404
    client.force_login(users[Role.COMMUNE])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/teams/import/{check.pk}/", {"confirm": "1"})
    again = Job.objects.order_by("-pk").first()
    assert again.state == State.FAILED and "changed since the list was checked" in again.error
    assert AuditEntry.objects.count() == 5


def test_the_command_takes_the_date_and_speaks_vietnamese(team, day, tree, tmp_path, capsys):
    path = tmp_path / "kien-toan.xlsx"
    path.write_bytes(new_list(tree["village"].name))
    with translation.override("vi"):
        call_command("import_members", str(path), "--dry-run", "--replace",
                     "--date", f"{day:%d/%m/%Y}", "--commune", tree["commune"].code)  # fmt: skip
    out = capsys.readouterr().out
    assert (
        "Chạy thử, chưa ghi gì: 1 thành viên mới, 0 người từ Tổ khác vào, 2 lượt đổi vai trò, "
        "1 người thôi tham gia, 1 người đã có trong Tổ." in out
    )
    call_command("import_members", str(path), "--replace", "--date", f"{day:%d/%m/%Y}",
                 "--commune", tree["commune"].code)  # fmt: skip
    assert (
        "Đã ghi: 1 thành viên mới, 1 lượt tham gia Tổ, 2 lượt đổi vai trò, 1 lượt thôi tham "
        "gia; 1 người đã có trong Tổ." in capsys.readouterr().out
    )
    with pytest.raises(CommandError, match="Ngày quyết định không được sau ngày hôm nay"):
        call_command("import_members", str(path), "--date", "01/01/2100")
