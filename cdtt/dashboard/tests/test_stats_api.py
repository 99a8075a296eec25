"""GET /api/v1/stats/: the dashboard's figures for a unit and a range, scoped."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from cdtt.accounts.models import Role
from cdtt.dashboard.figures import Figures
from cdtt.periods import Period

pytestmark = pytest.mark.django_db
URL = "/api/v1/stats/"


@pytest.fixture
def history(people, village_team, act):
    act(people["mai"], village_team, date(2025, 5, 3), times=4, women=1)
    act(people["pieng"], village_team, date(2025, 5, 8), type="public_services", people_helped=3)
    act(people["mai"], village_team, date(2025, 6, 3))


def test_figures_of_a_commune_for_a_range(client, users, tree, history):
    client.force_login(users[Role.COMMUNE])
    answer = client.get(URL, {"orgunit": tree["commune"].pk, "from": "2025-05", "to": "2025-06"})
    assert answer.status_code == 200
    stats = answer.json()
    assert (stats["from"], stats["to"], stats["reference_day"]) == ("2025-05", "2025-06",
                                                                     "2025-06-30")  # fmt: skip
    assert stats["totals"]["activities"] == 6 and stats["totals"]["people"] == 10
    assert stats["totals"]["count"] == 13 and stats["totals"]["women"] == 4
    by_type = {t["type"]: t for t in stats["by_type"]}
    assert by_type["public_services"]["count"] == 3
    assert by_type["public_services"]["counts"] == "applications"
    assert stats["participation"]["seats"] == 4 and stats["participation"]["active"] == 2
    assert [r["name"] for r in stats["ranking"]][0] == tree["village"].name
    assert {p["period"] for p in stats["trend"]} >= {"2025-05", "2025-06"}
    assert len(stats["trend"]) == 12
    assert [d["name"] for d in stats["dropouts"]] == ["Quàng Văn Piếng"]
    assert (stats["dropouts_count"], stats["dropouts_next"]) == (1, None)
    assert stats["completeness"]["period"] == "2025-06"
    assert stats["not_inspected"][0]["unit"] == tree["village"].name


def test_default_is_the_callers_unit_and_last_month(client, users, tree):
    client.force_login(users[Role.PROVINCE])
    stats = client.get(URL).json()
    assert stats["orgunit"]["id"] == tree["province"].pk
    assert stats["from"] == stats["to"]


def test_outside_the_subtree_is_not_found(client, users, tree):
    client.force_login(users[Role.COMMUNE])
    assert client.get(URL, {"orgunit": tree["sibling_commune"].pk}).status_code == 404
    assert client.get(URL, {"orgunit": 10**9}).status_code == 404


def test_team_members_and_leaders_are_refused(client, users, tree):
    for role in (Role.LEADER, Role.MEMBER):
        client.force_login(users[role])
        assert client.get(URL, {"orgunit": tree["village"].pk}).status_code == 403


@pytest.mark.parametrize(
    ("query", "field"),
    [({"from": "2025-13"}, "from"), ({"to": "May"}, "to"), ({"orgunit": "x"}, "orgunit"),
     ({"from": "2015-01", "to": "2025-01"}, "from")],
)  # fmt: skip
def test_bad_parameters_are_400(client, users, query, field):
    client.force_login(users[Role.COMMUNE])
    answer = client.get(URL, query)
    assert answer.status_code == 400 and field in answer.json()


def test_token_authentication(client, users, tree):
    from cdtt.accounts.tokens import create_token

    token = create_token(users[Role.COMMUNE])
    answer = client.get(URL, {"orgunit": tree["village"].pk}, HTTP_AUTHORIZATION=f"Token {token}")
    assert answer.status_code == 200


def address(url: str) -> tuple[str, dict]:
    parts = urlsplit(url)
    assert parts.netloc == "testserver"
    return parts.path, parse_qs(parts.query)


def test_lists_of_seats_come_a_page_at_a_time(client, users, tree, history, settings):
    """A province's lists run to thousands of members: the figures carry each list's first
    page and its size, and the list's own address gives the rest in the same order, for the
    unit and months the first answer resolved to."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 2}
    client.force_login(users[Role.COMMUNE])
    query = {"orgunit": tree["commune"].pk, "from": "2025-06", "to": "2025-06"}
    stats = client.get(URL, query).json()
    june = Period.parse("2025-06")
    inactive = Figures(tree["commune"], june, june).listing("inactive").lines
    expected = [line.seat.member.full_name for line in inactive]
    assert expected == ["Giàng A Páo", "Quàng Văn Piếng", "Lò Thị Mới"]  # longest silence first
    assert [s["name"] for s in stats["inactive"]] == expected[:2]
    assert stats["inactive_count"] == 3
    resolved = {"orgunit": [str(tree["commune"].pk)], "from": ["2025-06"], "to": ["2025-06"]}
    assert address(stats["inactive_next"]) == (f"{URL}inactive/", {**resolved, "page": ["2"]})
    second = client.get(stats["inactive_next"]).json()
    assert [s["name"] for s in second["results"]] == expected[2:]
    assert (second["count"], second["next"]) == (3, None)
    assert address(second["previous"]) == (f"{URL}inactive/", resolved)
    assert client.get(second["previous"]).json()["results"] == stats["inactive"]
    assert client.get(f"{URL}inactive/", {**query, "page": 3}).status_code == 404
    for page in ("0", "²", "x"):
        answer = client.get(f"{URL}inactive/", {**query, "page": page})
        assert answer.status_code == 400 and "page" in answer.json()
    assert client.get(f"{URL}everyone/", query).status_code == 404


def test_an_empty_list_has_one_empty_page(client, users, tree, history):
    client.force_login(users[Role.COMMUNE])
    query = {"orgunit": tree["commune"].pk, "from": "2025-06", "to": "2025-06"}
    assert client.get(URL, query).json()["performing_count"] == 0
    answer = client.get(f"{URL}performing/", query)
    assert answer.status_code == 200
    assert answer.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_a_list_of_seats_is_scoped_like_the_figures(client, users, tree):
    client.force_login(users[Role.COMMUNE])
    answer = client.get(f"{URL}inactive/", {"orgunit": tree["sibling_commune"].pk})
    assert answer.status_code == 404
    client.force_login(users[Role.MEMBER])
    assert client.get(f"{URL}inactive/", {"orgunit": tree["village"].pk}).status_code == 403
