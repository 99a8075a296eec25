"""A small world for the activity tests: teams in the home and sibling branches, a member
linked to the `member` user, a team mate without an account, and a valid activity payload."""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.teams.models import Affiliation, Member, Membership, Team, TeamRole


@dataclass
class World:
    tree: dict
    users: dict
    teams: dict
    member: Member  # linked to users[Role.MEMBER], in the village team
    mate: Member  # same team, no account
    stranger: Member  # in the sibling village's team

    def payload(self, **changes) -> dict:
        """A valid activity in the wire format, recorded yesterday (or today on the 1st)."""
        today = timezone.localdate()
        day = today - timedelta(days=1) if today.day > 1 else today
        data = {
            "id": str(uuid.uuid4()),
            "member": self.member.pk,
            "team": self.teams["village"].pk,
            "village": self.tree["village"].pk,
            "date": day.isoformat(),
            "type": "vneid_level2",
            "people_helped": 3,
            "women": 1,
            "ethnic_minority": 2,
            "elderly": 0,
            "households_without_smartphone": 1,
            "note": "",
            "source": "offline",
        }
        data.update(changes)
        return data


@pytest.fixture
def world(tree, users) -> World:
    teams = {
        key: Team.objects.create(unit=tree[key])
        for key in ["commune", "village", "sibling_village", "sibling_commune", "cousin_village",
                    "other_village"]
    }  # fmt: skip
    start = date(2023, 1, 1)
    member = Member.objects.create(
        full_name="Lường Thị Mai", user=users[Role.MEMBER], affiliation=Affiliation.YOUTH_UNION
    )
    mate = Member.objects.create(full_name="Lò Văn Páo", affiliation=Affiliation.VILLAGE_HEAD)
    stranger = Member.objects.create(full_name="Quàng Thị Xuân")
    Membership.objects.create(team=teams["village"], member=member, start=start)
    Membership.objects.create(team=teams["village"], member=mate, start=start)
    Membership.objects.create(
        team=teams["sibling_village"], member=stranger, start=start, role=TeamRole.LEADER
    )
    return World(tree, users, teams, member, mate, stranger)


@pytest.fixture(autouse=True)
def english(settings, client):
    """Messages are asserted in English, whatever Vietnamese the catalog holds by then: the
    code runs in English and the test client has chosen English."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
