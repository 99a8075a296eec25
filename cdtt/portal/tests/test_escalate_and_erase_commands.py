"""escalate_help_requests and erase_help_requests: each does its job once, however often run."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.audit.models import AuditEntry
from cdtt.notify.models import Notification
from cdtt.portal.actions.help_requests import (
    assign,
    mark_done,
    members_who_can_help,
    rate_help,
    submit_help_request,
)
from cdtt.portal.figures import requests_per_village, share_rated_high
from cdtt.portal.models import HelpRequest, HelpStatus
from cdtt.teams.models import Member, TeamRole

from .conftest import make_team

pytestmark = pytest.mark.django_db


def asked(village, days_ago: float, name="Lò Thị Hoa"):
    return submit_help_request(
        village=village,
        name=name,
        phone="0912345679",
        topic="vneid",
        need="Cần giúp cài VNeID",
        now=timezone.now() - timedelta(days=days_ago),
    )


def test_escalation_after_n_days_is_idempotent(
    tree, users, team, django_capture_on_commit_callbacks
):
    old = asked(tree["village"], 4)
    recent = asked(tree["village"], 1)
    taken = asked(tree["village"], 5)
    assign(users[Role.LEADER], taken, Member.objects.get(user=users[Role.MEMBER]))
    officer = users[Role.COMMUNE]

    with django_capture_on_commit_callbacks(execute=True):  # the messages, from the queue
        call_command("escalate_help_requests")
    old.refresh_from_db()
    first_time = old.escalated_at
    assert first_time is not None
    assert HelpRequest.objects.filter(escalated_at__isnull=False).get() == old
    assert Notification.objects.filter(user=officer).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        call_command("escalate_help_requests")
        call_command("escalate_help_requests", days=3)
    old.refresh_from_db()
    assert old.escalated_at == first_time
    assert Notification.objects.filter(user=officer).count() == 1
    assert AuditEntry.objects.filter(action="portal.help.escalate").count() == 1
    assert (
        recent.escalated_at is None and HelpRequest.objects.get(pk=recent.pk).escalated_at is None
    )


def test_an_escalated_request_can_go_to_the_commune_team(tree, users, team):
    old = asked(tree["village"], 4)
    commune_team = make_team(tree["commune"], [("Điêu Chính Tuấn", TeamRole.MEMBER, None)])
    commune_member = commune_team.memberships.get().member
    assert commune_member not in members_who_can_help(old)
    call_command("escalate_help_requests")
    old.refresh_from_db()
    assert commune_member in members_who_can_help(old)
    assign(users[Role.COMMUNE], old, commune_member)
    assert HelpRequest.objects.get(pk=old.pk).status == HelpStatus.ASSIGNED


def test_erasure_keeps_counts_and_ratings_and_is_idempotent(tree, users, team):
    helper = Member.objects.get(user=users[Role.MEMBER])
    long_ago, lately, still_open = (asked(tree["village"], d) for d in (120, 20, 100))
    for request, done_days_ago in ((long_ago, 91), (lately, 10)):
        assign(users[Role.LEADER], request, helper)
        mark_done(
            users[Role.MEMBER],
            request,
            "Gọi số 0912345679 của chị Hoa",
            now=timezone.now() - timedelta(days=done_days_ago),
        )
        rate_help(request, 5, "Chị Hoa rất hài lòng")
    before = requests_per_village(tree["commune"])

    call_command("erase_help_requests")
    long_ago.refresh_from_db()
    assert (long_ago.name, long_ago.phone, long_ago.need) == ("", "", "")
    assert long_ago.done_note == "" and long_ago.rating_comment == ""
    assert long_ago.rating == 5 and long_ago.status == HelpStatus.DONE
    assert long_ago.erased_at is not None
    for kept in (lately, still_open):
        kept.refresh_from_db()
        assert kept.name == "Lò Thị Hoa" and kept.phone == "0912345679" and kept.erased_at is None

    erased_at = long_ago.erased_at
    call_command("erase_help_requests")
    call_command("erase_help_requests")
    long_ago.refresh_from_db()
    assert long_ago.erased_at == erased_at
    assert AuditEntry.objects.filter(action="portal.help.erase").count() == 1
    assert requests_per_village(tree["commune"]) == before
    assert share_rated_high(tree["commune"]) == 1.0


def test_erase_after_is_a_setting(settings, tree, users, team):
    settings.PORTAL_ERASE_AFTER_DAYS = 5
    request = asked(tree["village"], 8)
    assign(users[Role.LEADER], request, Member.objects.get(user=users[Role.MEMBER]))
    mark_done(users[Role.MEMBER], request, "", now=timezone.now() - timedelta(days=6))
    call_command("erase_help_requests")
    assert HelpRequest.objects.get().phone == ""
