"""Team composition for steering committees: the figures, sorting, filters, bounded queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.factories import make_member, make_team, make_unit
from cdtt.orgunits.models import Level
from cdtt.teams.actions import add_training
from cdtt.teams.composition import compose
from cdtt.teams.models import Team, TeamRole

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def teams(tree):
    """Huổi Lóng: an elderly leader, a youth member never trained. Nà Sáy: young, trained."""
    huoi_long, na_say = make_team(tree["village"]), make_team(tree["sibling_village"])
    old = make_member("Quàng Văn Piếng", huoi_long, TeamRole.LEADER, birth_year=YEAR - 68,
                      affiliation="village_head", skills=["vneid"])  # fmt: skip
    add_training(None, old, day=date(2024, 5, 1), topic="Kỹ năng số")
    make_member("Lường Thị Mai", huoi_long, birth_year=YEAR - 24, affiliation="youth_union",
                skills=["vneid", "vssid", "scams"])  # fmt: skip
    make_member("Lò Văn Cũ", huoi_long, birth_year=YEAR - 70, start=date(2022, 1, 1),
                end=date(2023, 1, 1))  # former: not counted  # fmt: skip
    make_member("Cà Văn Ơn", huoi_long, birth_year=None)
    young = make_member("Tòng Văn Ún", na_say, TeamRole.LEADER, birth_year=YEAR - 35,
                        affiliation="youth_union", skills=list(_all_skills()))  # fmt: skip
    add_training(None, young, day=date(2025, 3, 1), topic="VNeID")
    make_team(tree["commune"])  # an empty team is listed too
    return huoi_long, na_say


def _all_skills():
    from cdtt.teams.models import Skill

    return Skill.values


def test_figures_per_team(teams, tree):
    rows = {r.team.unit.name: r for r in compose(Team.objects.all())}
    huoi = rows["Bản Huổi Lóng"]
    assert (huoi.size, huoi.leader.full_name, huoi.leader_age) == (3, "Quàng Văn Piếng", 68)
    assert huoi.leader_elderly and huoi.elderly == 1 and huoi.known_ages == 2
    assert huoi.elderly_share == 0.5
    assert huoi.untrained == 2  # Mai and Ơn
    assert huoi.youth == 1 and huoi.youth_share == pytest.approx(1 / 3)
    assert dict(huoi.affiliation_mix) == {"Youth Union": 1, "Village head": 1, "Other": 1}
    assert huoi.skills_covered == 3 and "E-commerce" in huoi.missing_skills
    na_say = rows["Bản Nà Sáy"]
    assert (na_say.leader_elderly, na_say.untrained, na_say.skills_covered) == (False, 0, 7)
    empty = rows[tree["commune"].name]
    assert (empty.size, empty.leader, empty.elderly_share, empty.youth_share) == (
        0,
        None,
        None,
        None,
    )


def test_the_page_filters_and_sorts(client, users, teams):
    client.force_login(users[Role.COMMUNE])
    page = client.get("/teams/composition/").content.decode()
    assert "Bản Huổi Lóng" in page and "Bản Nà Sáy" in page
    page = client.get("/teams/composition/", {"leader_elderly": "1"}).content.decode()
    assert "Bản Huổi Lóng" in page and "Bản Nà Sáy" not in page
    page = client.get("/teams/composition/", {"untrained": "1"}).content.decode()
    assert "Bản Huổi Lóng" in page and "Bản Nà Sáy" not in page
    page = client.get(
        "/teams/composition/", {"sort": "leader_age", "order": "desc"}
    ).content.decode()
    assert page.index("Bản Huổi Lóng") < page.index("Bản Nà Sáy")
    assert 'aria-sort="descending"' in page
    page = client.get(
        "/teams/composition/", {"sort": "leader_age", "order": "asc"}
    ).content.decode()
    assert page.index("Bản Nà Sáy") < page.index("Bản Huổi Lóng")
    page = client.get("/teams/composition/", {"sort": "nonsense"}).content.decode()
    assert "Bản Huổi Lóng" in page


def test_a_province_officer_sees_every_commune_and_may_narrow_to_one(client, users, tree, teams):
    make_team(tree["cousin_village"])
    client.force_login(users[Role.PROVINCE])
    page = client.get("/teams/composition/").content.decode()
    assert "Bản Co Muông" in page and "Bản Huổi Lóng" in page
    page = client.get("/teams/composition/", {"area": tree["sibling_commune"].pk}).content.decode()
    assert "Bản Co Muông" in page and "Bản Huổi Lóng" not in page


def test_an_administrator_chooses_a_province_first(client, users, tree, teams):
    client.force_login(users[Role.ADMIN])
    page = client.get("/teams/composition/").content.decode()
    assert "Choose a province" in page and "Bản Huổi Lóng" not in page
    page = client.get("/teams/composition/", {"area": tree["province"].pk}).content.decode()
    assert "Bản Huổi Lóng" in page


def test_scoped_to_the_officers_subtree(client, users, tree, teams):
    make_team(tree["cousin_village"])
    client.force_login(users[Role.COMMUNE])
    page = client.get("/teams/composition/").content.decode()
    assert "Bản Co Muông" not in page
    assert (
        client.get("/teams/composition/", {"area": tree["sibling_commune"].pk}).status_code == 404
    )
    assert client.get("/teams/composition/", {"area": tree["province"].pk}).status_code == 404
    for role in (Role.LEADER, Role.MEMBER):
        client.force_login(users[role])
        assert client.get("/teams/composition/").status_code == 403


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_teams(client, users, tree, teams):
    client.force_login(users[Role.PROVINCE])
    _queries(client, "/teams/composition/")  # the menu's kept parts (cdtt.parts) built once
    few = _queries(client, "/teams/composition/")
    for number in range(12):
        village = make_unit(f"Bản Thêm {number}", Level.VILLAGE, tree["sibling_commune"])
        team = make_team(village)
        make_member(f"Lò Văn Thêm {number}", team, TeamRole.LEADER, birth_year=1960)
        make_member(f"Lò Thị Thêm {number}", team, birth_year=2000)
    many = _queries(client, "/teams/composition/")
    assert many == few
