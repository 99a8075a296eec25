"""The unit page: figures, charts beside their tables, drill-down links, range, downloads."""

import csv
from datetime import date
from io import BytesIO, StringIO

import pytest
from openpyxl import load_workbook

from cdtt.accounts.models import Role
from cdtt.dashboard.figures import Figures
from cdtt.periods import Period

pytestmark = pytest.mark.django_db
RANGE = {"from": "2025-05", "to": "2025-06"}


@pytest.fixture
def history(people, village_team, act):
    act(people["mai"], village_team, date(2025, 5, 3), times=4, women=1)
    act(people["pieng"], village_team, date(2025, 5, 8), type="public_services", people_helped=3)
    act(people["mai"], village_team, date(2025, 6, 3))


def test_commune_page_shows_figures_and_drills_down(client, users, tree, history, village_team):
    client.force_login(users[Role.COMMUNE])
    page = client.get(f"/dashboard/unit/{tree['commune'].pk}/", RANGE).content.decode()
    assert "Bản Huổi Lóng" in page  # the ranking of villages
    assert f'href="/dashboard/unit/{tree["village"].pk}/"' in page
    assert 'class="dashboard-bar"' in page and 'class="dashboard-columns"' in page
    assert "Quàng Văn Piếng" in page  # stopped in June
    assert f"/dashboard/unit/{tree['commune'].pk}/by_type.csv?from=2025-05&amp;to=2025-06" in page
    assert "style=" not in page and "<script>" not in page


def test_village_page_links_to_its_team_and_members(client, users, tree, history, village_team,
                                                      people):  # fmt: skip
    client.force_login(users[Role.COMMUNE])
    page = client.get(f"/dashboard/unit/{tree['village'].pk}/", RANGE).content.decode()
    assert f"/dashboard/team/{village_team.pk}/?from=2025-05" in page
    assert f"/dashboard/member/{people['pieng'].pk}/?from=2025-05&amp;to=2025-06" in page


def test_default_range_is_last_month_and_bad_months_fall_back(client, users, tree):
    client.force_login(users[Role.PROVINCE])
    answer = client.get(f"/dashboard/unit/{tree['province'].pk}/", {"from": "2025-13"})
    assert answer.status_code == 200
    assert answer.context["figures"].first == answer.context["figures"].last


def test_index_sends_each_role_where_it_works(client, users, tree, village_team):
    expected = {
        Role.PROVINCE: f"/dashboard/unit/{tree['province'].pk}/",
        Role.COMMUNE: f"/dashboard/unit/{tree['commune'].pk}/",
        Role.LEADER: f"/dashboard/team/{village_team.pk}/",
        Role.MEMBER: "/dashboard/directives/",
    }
    for role, url in expected.items():
        client.force_login(users[role])
        assert client.get("/dashboard/")["Location"] == url


def test_csv_download_is_what_the_page_shows(client, users, tree, history):
    client.force_login(users[Role.COMMUNE])
    answer = client.get(f"/dashboard/unit/{tree['commune'].pk}/by_type.csv", RANGE)
    assert answer["Content-Type"].startswith("text/csv")
    text = answer.content.decode("utf-8-sig")
    rows = list(csv.reader(StringIO(text)))
    assert len(rows[0]) == 8
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Kích hoạt VNeID mức 2"][1:3] == ["5", "10"]


def test_xlsx_download_keeps_numbers_and_shares(client, users, tree, history):
    client.force_login(users[Role.COMMUNE])
    answer = client.get(f"/dashboard/unit/{tree['commune'].pk}/ranking.xlsx", RANGE)
    sheet = load_workbook(BytesIO(answer.content)).active
    header = [c.value for c in sheet[3]]
    row = {h: c.value for h, c in zip(header, sheet[4], strict=True)}
    share = next(v for h, v in row.items() if sheet.cell(3, header.index(h) + 1).value == h
                 and isinstance(v, float))  # fmt: skip
    assert row[header[0]] == "Bản Huổi Lóng" and 0 < share <= 1
    assert sheet.cell(4, header.index(header[3]) + 1).number_format == "0.0%"


def test_names_typed_as_formulas_stay_text(client, users, tree, village_team, act):
    from cdtt.factories import make_member

    sly = make_member('=HYPERLINK("http://x")', village_team)
    act(sly, village_team, date(2025, 6, 3))
    client.force_login(users[Role.COMMUNE])
    text = client.get(f"/dashboard/unit/{tree['commune'].pk}/inactive.csv",
                      {"to": "2025-07"}).content.decode("utf-8-sig")  # fmt: skip
    assert "'=HYPERLINK" in text
    answer = client.get(f"/dashboard/unit/{tree['commune'].pk}/inactive.xlsx", {"to": "2025-07"})
    cell = load_workbook(BytesIO(answer.content)).active["A4"]
    assert cell.data_type == "s"


def test_unknown_table_or_format_is_404(client, users, tree):
    client.force_login(users[Role.COMMUNE])
    assert client.get(f"/dashboard/unit/{tree['commune'].pk}/secrets.csv").status_code == 404
    assert client.get(f"/dashboard/unit/{tree['commune'].pk}/by_type.pdf").status_code == 404


def test_a_long_list_shows_its_first_rows_and_the_download_holds_them_all(
    client, users, tree, village_team
):
    """25 members never active: the page lists the 20 silent longest and says how many there
    are; the Excel file lists all 25."""
    from cdtt.dashboard.tables import PEOPLE_ROWS
    from cdtt.factories import make_member

    for n in range(25):  # joined one day apart: the first to join has been silent longest
        make_member(f"Thành viên {n:02d}", village_team, start=date(2025, 1, 1 + n))
    client.force_login(users[Role.COMMUNE])
    url = f"/dashboard/unit/{tree['commune'].pk}/"
    page = client.get(url, {"from": "2025-06", "to": "2025-06"}).content.decode()
    assert "Đang hiện 20 trên 25 dòng" in page
    shown = [n for n in range(25) if f"Thành viên {n:02d}" in page]
    assert shown == list(range(PEOPLE_ROWS))  # the longest silence first
    answer = client.get(url + "inactive.xlsx", {"from": "2025-06", "to": "2025-06"})
    sheet = load_workbook(BytesIO(answer.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    assert sorted(names) == [f"Thành viên {n:02d}" for n in range(25)]


def test_a_village_without_a_team_shows_empty_figures(client, users, tree, history):
    """Activity in the commune's other village (its team exists) is not this village's."""
    client.force_login(users[Role.COMMUNE])
    page = client.get(f"/dashboard/unit/{tree['sibling_village'].pk}/?from=2025-05&to=2025-06")
    assert page.status_code == 200
    month = Period.parse("2025-05")
    figures = Figures(tree["sibling_village"], month, month.next())
    assert [line.activities for line in figures.by_type()] == [0] * len(figures.by_type())
    assert sum(point.activities for point in figures.trend()) == 0
    assert Figures(tree["village"], month, month.next()).totals()["activities"] > 0
