"""Directives: a committee sends one to the teams of its subtree, members with an account are
notified and read it in the app, the committee sees who has read it; files are scoped."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.audit.models import AuditEntry
from cdtt.factories import make_member, make_team, make_user
from cdtt.notify.models import Notification
from cdtt.steering.actions import DirectiveError, send_directive
from cdtt.steering.models import Directive, DirectiveRead

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def crews(tree, users):
    """The commune's team and its village's team; Mai (user 'member') sits on both."""
    commune_team, village_team = make_team(tree["commune"]), make_team(tree["village"])
    mai = make_member("Lường Thị Mai", village_team, user=users[Role.MEMBER])
    mai.memberships.create(team=commune_team, start=timezone.localdate() - timedelta(days=90))
    make_member("Quàng Văn Piếng", village_team, "leader", user=users[Role.LEADER])
    make_member("Giàng A Páo", village_team)  # no account
    sibling = make_team(tree["cousin_village"])
    make_member("Lò Văn Xa", sibling, user=make_user(Role.MEMBER, tree["cousin_village"], "xa"))
    return commune_team, village_team, sibling


def send(client, users, tree, **extra):
    client.force_login(users[Role.COMMUNE])
    data = {"unit": tree["commune"].pk, "title": "Rà soát VNeID mức 2", "text": "Các tổ rà soát…",
            **extra}  # fmt: skip
    answer = client.post("/dashboard/directives/new/", data)
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    return Directive.objects.latest("sent_at")


def test_sent_to_every_team_of_the_subtree_and_members_notified_once(
    client, users, tree, crews, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        directive = send(client, users, tree)
    commune_team, village_team, sibling = crews
    notified = Notification.objects.filter(url=f"/dashboard/directives/{directive.pk}/")
    assert not notified.exists()  # nobody is told inside the request
    assert not directive.teams.exists()  # nor a province's thousands of teams linked there
    client.force_login(users[Role.COMMUNE])  # the sender reads it at once, delivery pending
    page = client.get(f"/dashboard/directives/{directive.pk}/").content.decode()
    assert "Đang gửi tới các Tổ" in page
    assert len(queued) == 1  # one task for every recipient
    queued[0]()
    queued[0]()  # the task run again links and tells nobody twice
    assert set(directive.teams.all()) == {commune_team, village_team}
    assert directive.teams.count() == 2
    assert sorted(n.user.username for n in notified) == ["leader", "member"]
    assert AuditEntry.objects.filter(action="directive_sent", object_id=str(directive.pk)).exists()


def test_members_read_it_and_the_committee_sees_who(
    client, users, tree, crews, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the queue delivers it
        directive = send(client, users, tree)
    client.force_login(users[Role.MEMBER])
    listing = client.get("/dashboard/directives/").content.decode()
    assert "Rà soát VNeID mức 2" in listing and 'class="unread"' in listing
    assert client.get(f"/dashboard/directives/{directive.pk}/").status_code == 200
    assert client.get(f"/dashboard/directives/{directive.pk}/").status_code == 200  # again
    assert DirectiveRead.objects.filter(directive=directive).count() == 1
    assert 'class="unread"' not in client.get("/dashboard/directives/").content.decode()

    client.force_login(users[Role.COMMUNE])
    answer = client.get(f"/dashboard/directives/{directive.pk}/")
    assert (answer.context["read_count"], answer.context["account_count"]) == (1, 2)
    readers = {(r.membership.member.full_name, r.membership.team_id): r.read_at is not None
               for r in answer.context["readers"]}  # fmt: skip
    _commune_team, village_team, _sibling = crews
    assert readers[("Lường Thị Mai", village_team.pk)] is True
    assert readers[("Quàng Văn Piếng", village_team.pk)] is False
    assert readers[("Giàng A Páo", village_team.pk)] is False


def test_outside_the_subtree_a_directive_does_not_exist(
    client, users, tree, crews, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        directive = send(client, users, tree)
    xa = crews[2].memberships.get().member.user
    client.force_login(xa)
    assert client.get(f"/dashboard/directives/{directive.pk}/").status_code == 404
    assert "Rà soát" not in client.get("/dashboard/directives/").content.decode()


def test_province_directive_reaches_communes_and_is_seen_by_their_committee(
    client, users, tree, crews, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        directive = send_directive(users[Role.PROVINCE], tree["province"], title="Chỉ đạo tỉnh",
                                   text="Toàn tỉnh")  # fmt: skip
    assert directive.teams.count() == 3
    client.force_login(users[Role.COMMUNE])
    answer = client.get(f"/dashboard/directives/{directive.pk}/")
    # the commune committee sees the reads of its own subtree only
    assert {r.membership.team.unit.name for r in answer.context["readers"]} == {
        tree["commune"].name, tree["village"].name
    }  # fmt: skip


def test_attachment_is_served_only_inside_the_subtree(
    client, users, tree, crews, media, django_capture_on_commit_callbacks
):
    pdf = SimpleUploadedFile("huong-dan.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        directive = send(client, users, tree, attachment=pdf)
    client.force_login(users[Role.MEMBER])
    answer = client.get(f"/dashboard/directives/{directive.pk}/attachment/")
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == b"%PDF-1.4 test"
    assert "attachment" in answer["Content-Disposition"]
    client.force_login(crews[2].memberships.get().member.user)
    assert client.get(f"/dashboard/directives/{directive.pk}/attachment/").status_code == 404


def test_wrong_files_and_past_due_dates_are_refused(client, users, tree, crews, media):
    client.force_login(users[Role.COMMUNE])
    script = SimpleUploadedFile("x.html", b"<script>", content_type="text/html")
    data = {"unit": tree["commune"].pk, "title": "T", "text": "x", "attachment": script}
    answer = client.post("/dashboard/directives/new/", data)
    assert answer.status_code == 400 and not Directive.objects.exists()
    with pytest.raises(DirectiveError):
        send_directive(users[Role.COMMUNE], tree["commune"], title="T", text="x",
                       due_date=timezone.localdate() - timedelta(days=1))  # fmt: skip


def test_only_officers_send_and_only_inside_their_unit(client, users, tree, crews):
    client.force_login(users[Role.LEADER])
    assert client.get("/dashboard/directives/new/").status_code == 403
    client.force_login(users[Role.COMMUNE])
    answer = client.post("/dashboard/directives/new/", {"unit": tree["sibling_commune"].pk,
                                                        "title": "T", "text": "x"})  # fmt: skip
    assert answer.status_code == 400 and "unit" in answer.context["form"].errors


def test_a_unit_without_teams_has_nothing_being_delivered(client, users, tree):
    """Sent to a village with no team yet: nothing to link, so nothing said to be pending."""
    from cdtt.factories import make_unit
    from cdtt.orgunits.models import Level

    empty = make_unit("Bản Mới", Level.VILLAGE, tree["commune"])
    directive = send_directive(users[Role.COMMUNE], empty, title="Chuẩn bị", text="Lập Tổ")
    client.force_login(users[Role.COMMUNE])
    page = client.get(f"/dashboard/directives/{directive.pk}/").content.decode()
    assert "Chuẩn bị" in page and "Đang gửi tới các Tổ" not in page
