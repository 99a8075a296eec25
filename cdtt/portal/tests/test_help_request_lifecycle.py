"""A help request from asking to rating: queue, assignment, done, the resident's code."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from cdtt.accounts.models import Role
from cdtt.factories import make_user
from cdtt.notify.models import Notification
from cdtt.portal.actions.help_requests import (
    CODE_ALPHABET,
    HelpRequestError,
    assign,
    find_by_code,
    mark_done,
    rate_help,
    submit_help_request,
)
from cdtt.portal.models import HelpRequest, HelpStatus
from cdtt.teams.models import Member, Membership, TeamRole

pytestmark = pytest.mark.django_db

NEED = "Tôi muốn kích hoạt VNeID mức 2 cho mẹ tôi."


def ask(village, **fields):
    data = {"name": " Lò  Thị Hoa ", "phone": "+84 912 345 679", "topic": "vneid", "need": NEED}
    return Client().post(reverse("portal:help_ask") + f"?unit={village.pk}", {**data, **fields})


def test_from_asking_to_rating(client, tree, users, team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the leader's message, queued
        answer = ask(tree["village"])
    help_request = HelpRequest.objects.get()
    assert answer["Location"] == reverse("portal:help_status", args=[help_request.code])
    assert help_request.name == "Lò Thị Hoa" and help_request.phone == "0912345679"
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{8}}", help_request.code)
    assert Notification.objects.filter(user=users[Role.LEADER]).count() == 1

    # The public status page shows the code and the state, none of the personal data.
    status = Client().get(answer["Location"]).content.decode()
    assert help_request.code_display in status and 'data-status="new"' in status
    assert "Thị Hoa" not in status and "0912345679" not in status and NEED not in status

    client.force_login(users[Role.LEADER])
    queue = client.get(reverse("portal:help_queue")).content.decode()
    assert "Lò Thị Hoa" in queue and NEED in queue
    helper = Member.objects.get(user=users[Role.MEMBER])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:help_assign"),
            {"request": help_request.pk, f"r{help_request.pk}-member": helper.pk},
        )
    help_request.refresh_from_db()
    assert help_request.status == HelpStatus.ASSIGNED and help_request.assigned_to == helper
    assert Notification.objects.filter(user=users[Role.MEMBER]).count() == 1

    client.force_login(users[Role.MEMBER])
    client.post(
        reverse("portal:help_done"),
        {"request": help_request.pk, f"d{help_request.pk}-note": "Đã kích hoạt xong."},
    )
    help_request.refresh_from_db()
    assert help_request.status == HelpStatus.DONE and help_request.done_by == users[Role.MEMBER]

    # The resident follows with the code as typed on a phone, and rates.
    resident = Client()
    typed = help_request.code.lower()[:4] + " - " + help_request.code.lower()[4:]
    answer = resident.get(reverse("portal:help_track"), {"code": typed})
    assert answer["Location"] == reverse("portal:help_status", args=[help_request.code])
    assert 'name="stars"' in resident.get(answer["Location"]).content.decode()
    rate_url = reverse("portal:help_rate", args=[help_request.code])
    resident.post(rate_url, {"stars": 5, "comment": "Em Mai hướng dẫn rất tận tình."})
    resident.post(rate_url, {"stars": 1, "comment": "again"})  # once only
    help_request.refresh_from_db()
    assert help_request.rating == 5 and help_request.rating_comment.startswith("Em Mai")

    client.force_login(users[Role.LEADER])
    queue = client.get(reverse("portal:help_queue")).content.decode()
    assert 'data-rating="5"' in queue and "Em Mai hướng dẫn rất tận tình." in queue


def test_a_member_who_is_not_the_helper_cannot_close_it(client, tree, users, team):
    help_request = submit_help_request(
        village=tree["village"], name="A", phone="0912345679", topic="vssid", need=NEED
    )
    other_user = make_user(Role.MEMBER, tree["village"], "member-2")
    other = Member.objects.create(full_name="Tòng Văn Dũng", user=other_user)
    Membership.objects.create(team=team, member=other, role=TeamRole.MEMBER, start="2024-01-01")
    assign(users[Role.LEADER], help_request, Member.objects.get(user=users[Role.MEMBER]))
    client.force_login(other_user)
    answer = client.post(reverse("portal:help_done"), {"request": help_request.pk})
    assert answer.status_code == 403
    with pytest.raises(PermissionDenied):
        assign(users[Role.MEMBER], help_request, other)  # members do not assign
    mark_done(users[Role.LEADER], help_request, "Tổ trưởng ghi thay.")  # on the member's behalf
    assert HelpRequest.objects.get().status == HelpStatus.DONE


def test_only_members_of_the_team_can_be_assigned(tree, users, team):
    help_request = submit_help_request(
        village=tree["village"], name="A", phone="0912345679", topic="other", need=NEED
    )
    stranger = Member.objects.create(full_name="Người ngoài")
    with pytest.raises(HelpRequestError):
        assign(users[Role.LEADER], help_request, stranger)


def test_help_can_be_rated_only_once_done(tree, users, team):
    help_request = submit_help_request(
        village=tree["village"], name="A", phone="0912345679", topic="scams", need=NEED
    )
    with pytest.raises(HelpRequestError):
        rate_help(help_request, 5, "")
    answer = Client().post(reverse("portal:help_rate", args=[help_request.code]), {"stars": 4})
    assert answer.status_code == 302
    assert HelpRequest.objects.get().rating is None


def test_requests_go_only_to_villages_and_codes_are_not_guessable(tree, users):
    assert ask(tree["commune"]).status_code == 200  # a commune: choose a village first
    assert not HelpRequest.objects.exists()
    with pytest.raises(HelpRequestError):
        submit_help_request(
            village=tree["commune"], name="A", phone="0912345679", topic="other", need=NEED
        )
    assert find_by_code("AAAAAAAA") is None and find_by_code("<script>") is None
    assert Client().get("/help/AAAAAAAA/").status_code == 404


def test_a_wrong_phone_number_is_explained(tree):
    answer = ask(tree["village"], phone="12345")
    assert answer.status_code == 400
    assert "12345" in answer.content.decode()  # the message quotes what was typed
    assert not HelpRequest.objects.exists()
