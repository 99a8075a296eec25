"""The demo's members: about 1,000 on the 196 teams, deterministic, idempotent, linked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cdtt.accounts.models import Role
from cdtt.demo.accounts import seed_accounts
from cdtt.demo.members import WRITTEN, seed_members
from cdtt.demo.places import COMMUNE_CODES, PROVINCE_CODE, seed_places
from cdtt.factories import make_unit
from cdtt.orgunits.models import Level
from cdtt.teams.composition import compose, summary
from cdtt.teams.models import Affiliation, Member, Membership, Team, TeamRole, Training
from cdtt.teams.rules import affiliation_from_text, parse_phone

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    province = make_unit("Tỉnh Điện Biên", Level.PROVINCE, code=PROVINCE_CODE)
    for number, code in enumerate(COMMUNE_CODES):
        make_unit(f"Xã Thử {number}", Level.COMMUNE, province, code=code)
    communes = seed_places(2024)
    seed_accounts()
    return communes


def fingerprint():
    return list(
        Member.objects.order_by("full_name", "phone", "birth_year").values_list(
            "full_name", "phone", "birth_year", "affiliation", "skills"
        )
    )


def test_about_a_thousand_members_one_leader_per_team(district):
    created = seed_members(2024, district)
    assert 900 <= created <= 1200 and Member.objects.count() == created
    teams = Team.objects.all()
    assert teams.count() == 196
    current = Membership.objects.current()
    assert all(current.filter(team=t, role=TeamRole.LEADER).count() == 1 for t in teams)
    assert all(parse_phone(p) == p for p in Member.objects.exclude(phone=None).values_list(
        "phone", flat=True))  # fmt: skip
    rows = compose(teams)
    figures = summary(rows)
    assert 0.2 < figures["leader_elderly"] / 196 < 0.6  # many elderly leaders
    assert figures["youth_share"] > 0.25  # Youth Union prominent
    assert 0 < figures["with_untrained"] < 196  # some teams are fully trained
    assert Membership.objects.filter(end__isnull=False).exists()  # some history
    assert Training.objects.exists()
    two_teams = [m for m in Member.objects.all() if m.memberships.count() > 1]
    assert two_teams  # a few people on both a village team and the commune's


def test_the_demo_accounts_are_members_of_their_village_team(district):
    seed_members(2024, district)
    leader = Member.objects.get(user__username="demo-leader")
    member = Member.objects.get(user__username="demo-member")
    assert (leader.full_name, leader.phone) == ("Quàng Văn Piếng", "0912000003")
    team_of = {m.role: m.team.unit for m in [leader.memberships.get(), member.memberships.get()]}
    assert team_of[TeamRole.LEADER] == leader.user.orgunit == member.user.orgunit
    assert team_of[TeamRole.MEMBER] == member.user.orgunit
    assert leader.user.role == Role.LEADER


def test_deterministic_and_a_second_run_adds_nothing_in_a_few_queries(district):
    seed_members(2024, district)
    first = fingerprint()
    with CaptureQueriesContext(connection) as queries:
        assert seed_members(2024, district) == 0
    assert len(queries) < 20
    assert fingerprint() == first
    Training.objects.all().delete()
    Membership.objects.all().delete()
    Member.objects.all().delete()
    seed_members(2024, district)
    assert fingerprint() == first


def test_affiliations_as_written_map_back_to_their_affiliation():
    for affiliation, texts in WRITTEN.items():
        for text in texts:
            assert affiliation_from_text(text) == affiliation, text
    assert affiliation_from_text("Trưởng bản") == Affiliation.VILLAGE_HEAD
