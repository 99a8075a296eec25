"""Help-request figures for the dashboard: per village, time to help, share rated 4–5."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.portal.actions.help_requests import assign, mark_done, rate_help, submit_help_request
from cdtt.portal.figures import requests_per_village, share_rated_high, time_to_help
from cdtt.teams.models import Member

pytestmark = pytest.mark.django_db


def test_figures(tree, users, team):
    start = timezone.now() - timedelta(days=10)
    helper = Member.objects.get(user=users[Role.MEMBER])
    made = []
    for hours, stars in ((2, 5), (4, 4), (30, 2)):
        r = submit_help_request(
            village=tree["village"], name="A", phone="0912345679", topic="vneid", need="x",
            now=start,
        )  # fmt: skip
        assign(users[Role.LEADER], r, helper)
        mark_done(users[Role.MEMBER], r, "", now=start + timedelta(hours=hours))
        rate_help(r, stars, "")
        made.append(r)
    submit_help_request(
        village=tree["sibling_village"], name="B", phone="0912345679", topic="other", need="y"
    )

    rows = requests_per_village(tree["commune"])
    fields = ("village__name", "requests", "done", "rated", "rated_high")
    assert [tuple(row[f] for f in fields) for row in rows] == [
        ("Bản Huổi Lóng", 3, 3, 3, 2),
        ("Bản Nà Sáy", 1, 0, 0, 0),
    ]
    assert requests_per_village(tree["other_province"]) == []
    speed = time_to_help(tree["commune"])
    assert speed.helped == 3 and speed.median == timedelta(hours=4)
    assert speed.average == timedelta(hours=12)
    assert share_rated_high(tree["commune"]) == pytest.approx(2 / 3)
    assert share_rated_high(tree["other_province"]) is None
    assert time_to_help(tree["other_province"]).median is None
    today = timezone.localdate()
    assert len(requests_per_village(None, since=today, until=today)) == 1
