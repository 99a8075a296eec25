"""Each role's home: where login lands, and what its to-do lists, each item a count with a
link to the page where the work is done."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.factories import PASSWORD, make_member, make_team, make_user
from cdtt.notify.models import Notification
from cdtt.portal.actions.help_requests import assign, submit_help_request
from cdtt.reports.actions import request_unlock
from cdtt.reports.models import MonthlyReport, Status, Transition
from cdtt.steering.actions import record_inspection, send_directive

pytestmark = pytest.mark.django_db


@pytest.fixture
def crew(tree, users):
    """The home village's team: the leader, Mai (the member user) and two others."""
    team = make_team(tree["village"])
    leader = make_member("Quàng Văn Piếng", team, "leader", user=users[Role.LEADER])
    mai = make_member("Lường Thị Mai", team, user=users[Role.MEMBER])
    pao = make_member("Giàng A Páo", team, birth_year=1990,
                      user=make_user(Role.MEMBER, tree["village"], "pao"))  # fmt: skip
    pao2 = make_member("Giàng A Páo", team, birth_year=1975)  # the same name, no account
    return {"team": team, "leader": leader, "mai": mai, "pao": pao, "pao2": pao2}


@pytest.fixture
def due():
    from cdtt.home.todo import due_period

    return due_period()


def page(client, user, url=None) -> str:
    client.force_login(user)
    answer = client.get(url or reverse("home:todo"))
    assert answer.status_code == 200
    return answer.content.decode()


def link_of(html: str, text: str) -> str:
    """The address of the link whose text holds `text`."""
    for href, inside in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S):
        if text in re.sub(r"<[^>]+>", " ", inside):
            return href.replace("&amp;", "&")
    raise AssertionError(f"no link with {text!r}")


@pytest.mark.parametrize(
    ("username", "lands_on"),
    [("member", "/activities/"), ("leader", "/home/todo/"), ("commune", "/home/todo/"),
     ("province", "/home/todo/"), ("admin", "/dashboard/")],
)  # fmt: skip
def test_login_lands_each_role_on_its_work(client, users, username, lands_on):
    answer = client.post(
        reverse("accounts:login"), {"username": username, "password": PASSWORD}, follow=True
    )
    assert answer.redirect_chain[0][0] == reverse("home:landing")
    assert answer.redirect_chain[-1][0].startswith(lands_on)


def test_the_menu_links_every_todo_and_the_leaders_team_month(client, users, crew, due):
    for role in (Role.LEADER, Role.COMMUNE, Role.PROVINCE):
        assert link_of(page(client, users[role]), "Việc cần làm") == "/home/todo/"
    member_home = page(client, users[Role.MEMBER], "/activities/")
    assert 'href="/home/todo/"' not in member_home
    client.force_login(users[Role.LEADER])
    team_month = link_of(page(client, users[Role.LEADER]), "Tháng của Tổ")
    assert client.get(team_month)["Location"] == f"/reports/team/{crew['team'].pk}/{due}/"


def test_the_leaders_todo(client, tree, users, crew, due, django_capture_on_commit_callbacks):
    team = crew["team"]
    MonthlyReport.objects.create(team=team, member=crew["mai"], period=str(due),
                                 status=Status.SUBMITTED)  # fmt: skip
    MonthlyReport.objects.create(team=team, member=crew["leader"], period=str(due),
                                 status=Status.CONFIRMED)  # fmt: skip
    submit_help_request(village=tree["village"], name="Lò Thị Hoa", phone="0912345679",
                        topic="vneid", need="Cài VNeID")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):  # the queue links its teams
        send_directive(users[Role.COMMUNE], tree["commune"], title="Rà soát", text="Các tổ rà soát")
    today = timezone.localdate()
    record_inspection(users[Role.COMMUNE], team, day=today - timedelta(days=30), findings="Ổn",
                      assessment=3, follow_ups=[("Họp tổ", today - timedelta(days=1))])  # fmt: skip
    html = page(client, users[Role.LEADER])
    waiting = link_of(html, f"báo cáo tháng {due.label} chờ bạn xác nhận")
    assert waiting == f"/reports/team/{team.pk}/{due}/"
    assert re.search(r'todo-count">1<.*?chờ bạn xác nhận', html, re.S)
    assert link_of(html, "yêu cầu hỗ trợ chưa có người nhận") == "/help/queue/"
    assert link_of(html, "văn bản chỉ đạo chưa đọc") == "/dashboard/directives/"
    assert link_of(html, "việc khắc phục sắp đến hạn") == f"/dashboard/team/{team.pk}/#inspections"
    # Who has not reported: the two Páo told apart by birth year, one reminder button each
    # for those with an account.
    assert "Chưa gửi báo cáo: 2/4 người" in html
    assert "Giàng A Páo (sinh 1990)" in html and "Giàng A Páo (sinh 1975)" in html
    assert html.count('name="member" value=') == 1  # Páo of 1975 has no account
    client.post(
        reverse("reports:remind", args=[team.pk, str(due)]),
        {"member": crew["pao"].pk, "next": "/home/todo/"},
    )
    assert "Đã nhắc hôm nay" in page(client, users[Role.LEADER])


def test_the_members_banner(client, tree, users, crew, due):
    home = page(client, users[Role.MEMBER], "/activities/")
    banner = home.split('<ul class="due"')[1].split("</ul>")[0]
    # Before the deadline "send it before …", after it "it is late": the link either way.
    assert link_of(banner, f"tháng {due.label}") == f"/reports/my/{due}/"
    report = MonthlyReport.objects.create(
        team=crew["team"], member=crew["mai"], period=str(due), status=Status.RETURNED
    )
    Transition.objects.create(
        report=report, from_status=Status.SUBMITTED, to_status=Status.RETURNED,
        comment="Bổ sung số hộ ngày 15",
    )  # fmt: skip
    request = submit_help_request(village=tree["village"], name="Lò Thị Hoa",
                                  phone="0912345679", topic="vneid", need="Cài VNeID")  # fmt: skip
    assign(users[Role.LEADER], request, crew["mai"])
    home = page(client, users[Role.MEMBER], "/activities/")
    assert "Bổ sung số hộ ngày 15" in home
    assert link_of(home, "bị trả lại") == f"/reports/my/{due}/"
    assert link_of(home, "người dân đang chờ bạn hỗ trợ") == "/help/queue/"
    assert len(re.findall(r'class="due-line', home)) == 2  # returned (not "not sent"), helping


def test_the_communes_todo(client, tree, users, crew, due):
    team = crew["team"]
    other = make_team(tree["sibling_village"])
    ready = make_member("Lò Văn Thắng", other)
    MonthlyReport.objects.create(team=other, member=ready, period=str(due),
                                 status=Status.CONFIRMED)  # fmt: skip
    MonthlyReport.objects.create(team=team, member=crew["mai"], period=str(due),
                                 status=Status.SUBMITTED)  # fmt: skip
    html = page(client, users[Role.COMMUNE])
    approve = html.split('id="approve"')[1].split("</section>")[0]
    assert "Bản Nà Sáy" in approve and "Bản Huổi Lóng" not in approve
    confirm = html.split('id="confirm"')[1].split("</section>")[0]
    assert "Bản Huổi Lóng" in confirm and "1 báo cáo chờ" in confirm
    missing = html.split('id="missing"')[1].split("</section>")[0]
    assert link_of(missing, "Bản Huổi Lóng") == f"/reports/team/{team.pk}/{due}/"
    assert "3/4 người chưa gửi" in missing
    everything = link_of(html, "Tất cả 1 tổ")
    assert everything == f"/reports/batch/{due}/?action=approve&team={other.pk}"


def test_the_provinces_todo(client, tree, users, crew, due):
    from cdtt.reports.actions import approve_month

    approve_month(users[Role.COMMUNE], crew["team"], due)
    with_reason = "Sót 3 buổi hướng dẫn"
    request_unlock(users[Role.COMMUNE], crew["team"], due, with_reason)
    html = page(client, users[Role.PROVINCE])
    assert link_of(html, with_reason) == f"/reports/team/{crew['team'].pk}/{due}/#unlock"
    behind = html.split('id="behind"')[1]
    assert "Xã Mường Mùn Thử" in behind and "0/4" in behind
    assert not Notification.objects.filter(user=users[Role.LEADER], title__contains="mở khóa")
