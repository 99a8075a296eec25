"""Figures that add up: where villages' rows are summed (the commune dashboard's units and
reports, the unit month), the commune's own team has its row, so the rows sum to the total
shown. A unit where nobody is expected shows "—", never 0 %."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.factories import make_member, make_team
from cdtt.periods import Period
from cdtt.reports.models import MonthlyReport, Status

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """Each <table> of a page as rows of cell texts, with whether the row is a total."""

    def __init__(self):
        super().__init__()
        self.tables, self.row, self.cell, self.total = [], None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row, self.total = [], "total" in (dict(attrs).get("class") or "")
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append((self.row, self.total))
            self.row = None


def tables_of(html: str) -> list[list[tuple[list[str], bool]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def number(text: str) -> int:
    return int(text.replace(".", "")) if re.fullmatch(r"[\d.]+", text) else 0


def assert_adds_up(table, columns: list[int]) -> list[str]:
    """The body rows (not the header, not the total) sum to the total row in `columns`;
    returns the body rows' labels."""
    body = [cells for cells, total in table[1:] if not total]
    (total,) = [cells for cells, is_total in table if is_total]
    for index in columns:
        assert sum(number(row[index]) for row in body) == number(total[index]), (index, table)
    return [row[0] for row in body]


@pytest.fixture
def commune_month(tree, village_team, people, act):
    """The commune's own team (two members, one reported) beside the village's team (four,
    two reported), a village with a team and nobody in it, activities in both teams."""
    month = Period.of(timezone.localdate()).previous()
    commune_team = make_team(tree["commune"])
    make_team(tree["sibling_village"])  # no member: nothing expected
    own = [make_member(f"Cán bộ xã {n}", commune_team) for n in (1, 2)]
    for member, team in ((own[0], commune_team), (people["mai"], village_team),
                         (people["pao"], village_team)):  # fmt: skip
        MonthlyReport.objects.create(
            team=team, member=member, period=str(month), status=Status.SUBMITTED,
            submitted_at=timezone.now(),
        )  # fmt: skip
    act(own[1], commune_team, month.first_day, times=2)
    act(people["mai"], village_team, month.first_day.replace(day=3), times=3)
    return month


def test_commune_dashboard_rows_sum_to_the_totals(client, users, tree, commune_month):
    client.force_login(users[Role.COMMUNE])
    month = str(commune_month)
    html = client.get(f"/dashboard/unit/{tree['commune'].pk}/", {"from": month, "to": month})
    found = {tuple(t[0][0][:2]): t for t in tables_of(html.content.decode()) if t}
    units = found["Đơn vị", "Thành viên"]  # the ranking
    labels = assert_adds_up(units, [1, 2, 4, 5, 6])  # members, active, performing, acts, people
    assert labels == ["Tổ của chính Xã Mường Mùn Thử", "Bản Huổi Lóng"]
    assert [cells[1:7] for cells, total in units if total] == [["6", "2", "33%", "0", "5", "10"]]
    reports = found["Đơn vị", "Phải báo cáo"]
    labels = assert_adds_up(reports, [1, 2, 3, 4])  # expected, on time, late, not yet
    assert labels == ["Tổ của chính Xã Mường Mùn Thử", "Bản Huổi Lóng"]
    total = [cells for cells, is_total in reports if is_total][0]
    assert total[1] == "6" and number(total[2]) + number(total[3]) == 3 and total[4] == "3"


def test_unit_month_rows_sum_to_the_total_and_nothing_expected_is_a_dash(
    client, users, tree, commune_month
):
    client.force_login(users[Role.COMMUNE])
    html = client.get(f"/reports/unit/{tree['commune'].pk}/{commune_month}/").content.decode()
    table = tables_of(html)[0]
    labels = assert_adds_up(table, [1, 2, 3, 4])
    assert labels == ["Tổ của chính Xã Mường Mùn Thử", "Bản Huổi Lóng", "Bản Nà Sáy"]
    empty = next(cells for cells, _total in table if cells[0] == "Bản Nà Sáy")
    assert empty[1] == "0" and empty[5] == "—"
    village = client.get(f"/reports/unit/{tree['sibling_village'].pk}/{commune_month}/")
    assert re.search(r"<dt>Đã nộp</dt><dd>—</dd>", village.content.decode())


def test_a_unit_with_members_but_none_expected_is_a_dash_on_the_dashboard(
    client, users, tree, village_team
):
    make_member("Mới vào", village_team, start=date(2099, 1, 1))
    client.force_login(users[Role.COMMUNE])
    html = client.get(f"/dashboard/unit/{tree['village'].pk}/").content.decode()
    assert re.search(r"Đã nộp báo cáo tháng [\d/]+</dt><dd>—</dd>", html)
