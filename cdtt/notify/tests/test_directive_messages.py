"""A directive's messages reach the members' mailboxes through the task queue, after the
officer's request has returned: a real SMTP server (aiosmtpd) receives them."""

import pytest
from huey.contrib.djhuey import HUEY
from huey.signals import SIGNAL_COMPLETE

from cdtt.accounts.models import Role
from cdtt.factories import make_member, make_team, make_user
from cdtt.steering.models import Directive

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks_done():
    """The names of the queue's tasks that ran to completion during the test."""
    done = []

    def complete(signal, task, *args, **kwargs):
        done.append(task.name)

    HUEY.signal(SIGNAL_COMPLETE)(complete)
    yield done
    HUEY.disconnect_signal(complete, SIGNAL_COMPLETE)


def test_a_directive_s_messages_arrive_by_e_mail_through_the_queue(
    client, tree, users, smtp_server, tasks_done, django_capture_on_commit_callbacks
):
    village_team, cousin_team = make_team(tree["village"]), make_team(tree["cousin_village"])
    for name, username in [("Lường Thị Mai", "mai"), ("Quàng Văn Piếng", "pieng")]:
        account = make_user(Role.MEMBER, tree["village"], username, email=f"{username}@xa.vn")
        make_member(name, village_team, user=account)
    make_member("Giàng A Páo", village_team)  # no account: told by the leader, not by e-mail
    outsider = make_user(Role.MEMBER, tree["cousin_village"], "xa", email="xa@xa.vn")
    make_member("Lò Văn Xa", cousin_team, user=outsider)  # another commune's team

    client.force_login(users[Role.COMMUNE])
    with django_capture_on_commit_callbacks() as on_commit:
        answer = client.post(
            "/dashboard/directives/new/",
            {"unit": tree["commune"].pk, "title": "Rà soát VNeID mức 2", "text": "Các tổ rà soát…"},
        )
    assert answer.status_code == 302
    assert smtp_server == [] and tasks_done == []  # the request returned before any message

    for callback in on_commit:  # the commit: the task is queued and the queue runs it
        callback()
    directive = Directive.objects.get()
    assert sorted(m["To"] for m in smtp_server) == ["mai@xa.vn", "pieng@xa.vn"]
    assert {m["Subject"].strip() for m in smtp_server} == {
        "Văn bản chỉ đạo mới: Rà soát VNeID mức 2"
    }
    assert f"/dashboard/directives/{directive.pk}/" in smtp_server[0].get_content()
    assert "send_directive_notices" in " ".join(tasks_done)
