"""The rules for members: participation, performing (pro rata from the start date),
dropouts and inactivity, with members who joined or left during the period."""

from datetime import date
from fractions import Fraction

import pytest

from cdtt.dashboard.figures import Figures
from cdtt.dashboard.models import MemberMonthFact
from cdtt.factories import make_member
from cdtt.periods import Period

pytestmark = pytest.mark.django_db
MAY, JUNE = Period(2025, 5), Period(2025, 6)


@pytest.fixture
def history(people, village_team, act):
    """Mai works every month; Piếng worked in May only; Páo never; Mới joined on 16 June."""
    team = village_team
    act(people["mai"], team, date(2025, 5, 3), times=3)
    act(people["mai"], team, date(2025, 6, 2), times=5)
    act(people["pieng"], team, date(2025, 5, 10))
    act(people["pieng"], team, date(2025, 5, 20))
    act(people["new"], team, date(2025, 6, 20), times=2)
    return people


def keys(lines):
    return {line.seat.member.full_name for line in lines}


def test_performing_counts_members_who_joined_mid_month_pro_rata(history, tree):
    figures = Figures(tree["village"], JUNE, JUNE)
    # Mai: 5 ≥ 4. Mới: on the team 15 of 30 days, so 2 activities are her share of 4.
    assert keys(figures.listing("performing").lines) == {"Lường Thị Mai", "Lò Thị Mới"}
    lines = {line.seat.member.full_name: line for line in figures.seat_lines}
    assert lines["Lò Thị Mới"].expected == 2
    assert lines["Lường Thị Mai"].expected == 4


def test_one_activity_short_of_the_share_is_not_performing(people, village_team, act, tree):
    act(people["new"], village_team, date(2025, 6, 25))
    act(people["mai"], village_team, date(2025, 6, 25), times=3)
    assert keys(Figures(tree["village"], JUNE, JUNE).listing("performing").lines) == set()


def test_performing_over_a_range_is_the_threshold_per_month_in_force(history, tree):
    figures = Figures(tree["village"], MAY, JUNE)
    lines = {line.seat.member.full_name: line for line in figures.seat_lines}
    assert lines["Lường Thị Mai"].activities == 8 and lines["Lường Thị Mai"].expected == 8
    assert lines["Lò Thị Mới"].expected == 2  # May does not count: she was not on the team
    assert keys(figures.listing("performing").lines) == {"Lường Thị Mai", "Lò Thị Mới"}


def test_threshold_is_a_setting(history, tree, settings):
    settings.DASHBOARD_PERFORMING_THRESHOLD = 6
    assert keys(Figures(tree["village"], JUNE, JUNE).listing("performing").lines) == set()
    settings.DASHBOARD_PERFORMING_THRESHOLD = 1
    assert keys(Figures(tree["village"], JUNE, JUNE).listing("performing").lines) == {
        "Lường Thị Mai", "Lò Thị Mới"
    }  # fmt: skip


def test_participation_counts_every_seat_held_in_the_range(history, tree):
    p = Figures(tree["village"], JUNE, JUNE).participation()
    assert (p.seats, p.active, p.activities) == (4, 2, 7)
    assert p.share == 0.5
    # In May the newcomer was not yet on the team.
    p = Figures(tree["village"], MAY, MAY).participation()
    assert (p.seats, p.active, p.activities) == (3, 2, 5)


def test_dropout_is_active_last_month_and_not_this_one(history, tree):
    assert keys(Figures(tree["village"], JUNE, JUNE).listing("dropouts").lines) == {
        "Quàng Văn Piếng"
    }
    # The range's last month decides: ending the range in May, nobody dropped out.
    assert keys(Figures(tree["village"], MAY, MAY).listing("dropouts").lines) == set()


def test_member_who_left_is_neither_dropout_nor_inactive(history, village_team, act, tree):
    gone = make_member("Lò Văn Đi", village_team, start=date(2024, 1, 1), end=date(2025, 6, 10))
    act(gone, village_team, date(2025, 5, 5))
    figures = Figures(tree["village"], JUNE, JUNE)
    assert "Lò Văn Đi" not in keys(figures.listing("dropouts").lines) | keys(
        figures.listing("inactive").lines
    )
    # …but they held a seat in June until they left, without working: participation counts it.
    assert figures.participation().seats == 5


def test_inactive_members_with_last_activity_and_days_since(history, tree):
    inactive = Figures(tree["village"], JUNE, JUNE).listing("inactive").lines
    found = {line.seat.member.full_name: (line.last_date, line.days_since) for line in inactive}
    assert found == {
        "Quàng Văn Piếng": (date(2025, 5, 20), 41),  # to 30/06/2025
        # never active: counted from the day they joined (01/01/2020)
        "Giàng A Páo": (None, (date(2025, 6, 30) - date(2020, 1, 1)).days),
    }
    assert [line.seat.member.full_name for line in inactive] == ["Giàng A Páo", "Quàng Văn Piếng"]


def test_newcomer_without_activity_is_counted_from_the_start_date(people, tree):
    inactive = Figures(tree["village"], JUNE, JUNE).listing("inactive").lines
    newcomer = next(line for line in inactive if line.seat.member.pk == people["new"].pk)
    assert newcomer.never_active and newcomer.days_since == 14  # 16/06 to 30/06


def test_a_running_month_counts_to_today(history, tree):
    figures = Figures(tree["village"], JUNE, JUNE, today=date(2025, 6, 20))
    assert figures.reference_day == date(2025, 6, 20)
    found = {
        line.seat.member.full_name: line.days_since for line in figures.listing("inactive").lines
    }
    assert found["Quàng Văn Piếng"] == 31


def test_seats_on_two_teams_count_separately(people, village_team, act, tree):
    from cdtt.factories import make_team
    from cdtt.teams.models import Membership

    commune_team = make_team(tree["commune"])
    Membership.objects.create(team=commune_team, member=people["mai"], start=date(2020, 1, 1))
    act(people["mai"], village_team, date(2025, 6, 2))
    figures = Figures(tree["commune"], JUNE, JUNE)
    lines = {
        (line.seat.member.full_name, line.seat.team.pk)
        for line in figures.listing("inactive").lines
    }
    assert ("Lường Thị Mai", commune_team.pk) in lines
    assert ("Lường Thị Mai", village_team.pk) not in lines


def test_age_bands_and_affiliations(history, tree):
    figures = Figures(tree["village"], JUNE, JUNE)
    bands = {p.key: (p.seats, p.active) for p in figures.by_age_band()}
    # In 2025: Mai 25, Mới 26, Páo 40, Piếng 67.
    assert bands == {"under_30": (2, 2), "30_44": (1, 0), "60_plus": (1, 0)}
    groups = {p.key: (p.seats, p.active) for p in figures.by_affiliation()}
    assert groups == {"youth_union": (1, 1), "village_head": (1, 0), "": (2, 1)}


def test_work_of_a_commune_merged_away_stays_in_its_province(tree, act):
    """A commune merged into another keeps its past facts under the province: the province's
    figures for those months still count them, though the commune is no longer listed."""
    from cdtt.factories import make_team, make_unit
    from cdtt.orgunits.models import Level

    old = make_unit("Xã Cũ", Level.COMMUNE, tree["province"])
    team = make_team(old)
    member = make_member("Lò Văn Cũ", team)
    act(member, team, date(2025, 5, 6), times=3)
    old.valid_until, old.successor = date(2025, 7, 1), tree["commune"]
    old.save()
    figures = Figures(tree["province"], MAY, MAY)
    assert figures.totals()["activities"] == 3
    assert old not in figures.children


@pytest.mark.parametrize(
    ("spans", "done", "expected", "performing"),
    [
        # Left on the 10th, back on the 11th: on the team the whole month, one seat.
        ([(date(2025, 6, 1), date(2025, 6, 10)), (date(2025, 6, 11), None)], 4, 4, True),
        # Away from the 11th to the 20th: on the team 20 of 30 days, a share of 8/3.
        ([(date(2025, 6, 1), date(2025, 6, 10)), (date(2025, 6, 21), None)], 3, Fraction(8, 3),
         True),
        # Two short stays: 5 + 5 of 30 days, a share of 4/3.
        ([(date(2025, 6, 3), date(2025, 6, 7)), (date(2025, 6, 20), date(2025, 6, 24))], 1,
         Fraction(4, 3), False),
    ],
)  # fmt: skip
def test_a_member_back_on_the_same_team_holds_one_seat(
    village_team, act, tree, spans, done, expected, performing
):
    from cdtt.teams.models import Member, Membership

    member = Member.objects.create(full_name="Hà Văn Lại")
    for start, end in spans:
        Membership.objects.create(team=village_team, member=member, start=start, end=end)
    act(member, village_team, spans[-1][0], times=done)
    figures = Figures(tree["village"], JUNE, JUNE)
    [line] = figures.seat_lines
    assert (line.activities, line.expected) == (done, expected)
    assert keys(figures.listing("performing").lines) == ({"Hà Văn Lại"} if performing else set())
    assert figures.participation().performing == int(performing)
    assert [point.seats for point in figures.trend()][-2:] == [0, 1]


def test_work_before_a_break_says_who_stopped(village_team, act, tree):
    """Active in May on a membership that ended in May, back in June and silent: one seat,
    held part of June, inactive, and among those who stopped."""
    from cdtt.teams.models import Member, Membership

    member = Member.objects.create(full_name="Hà Văn Lại")
    for start, end in ((date(2025, 4, 1), date(2025, 5, 20)), (date(2025, 6, 5), None)):
        Membership.objects.create(team=village_team, member=member, start=start, end=end)
    act(member, village_team, date(2025, 5, 10), times=2)
    figures = Figures(tree["village"], JUNE, JUNE)
    [line] = figures.seat_lines
    assert (line.activities, line.expected) == (0, Fraction(4 * 26, 30))
    assert (
        keys(figures.listing("dropouts").lines)
        == keys(figures.listing("inactive").lines)
        == {"Hà Văn Lại"}
    )
    p = figures.participation()
    assert (p.seats, p.active, p.performing) == (1, 0, 0)


def test_a_page_of_a_list_is_its_head_and_counts_the_rest(history, village_team, tree):
    """What a page shows of each list (read together, cut in the database) is the start of
    the whole list (what the downloads hold), and says how long the whole list is."""
    for n in range(3):
        make_member(f"Thành viên {n}", village_team, start=date(2025, 1, 1 + n))
    for kind in ("inactive", "dropouts", "performing"):
        whole = Figures(tree["commune"], JUNE, JUNE).listing(kind)
        page = Figures(tree["commune"], JUNE, JUNE).listing(kind, 2)
        assert page.total == whole.total == len(whole.lines)
        assert [line.seat.key for line in page.lines] == [line.seat.key for line in whole.lines[:2]]
        assert [(line.activities, line.last_date, line.days_since) for line in page.lines] == [
            (line.activities, line.last_date, line.days_since) for line in whole.lines[:2]
        ]
    inactive = Figures(tree["commune"], JUNE, JUNE).listing("inactive", 2)
    assert inactive.total == 5 and len(inactive.lines) == 2


def test_a_seat_with_thousands_of_activities_in_a_month_is_counted(tree, people, village_team):
    """A team's import recorded under its leader: 6,000 activities in one month. Times the
    statement's weight of a month, that passes 2**31; PostgreSQL refused it in 32 bits and
    the province page failed."""
    MemberMonthFact.objects.create(member=people["pieng"], team=village_team, period="2025-05",
                                   activities=6000, count=6000, days_active=31,
                                   last_date=date(2025, 5, 31))  # fmt: skip
    may = Period.parse("2025-05")
    figures = Figures(tree["province"], may, may, today=date(2025, 6, 15))
    participation = figures.participation()
    assert (participation.active, participation.performing) == (1, 1)
    assert participation.activities == 6000
    assert [line.seat.member.pk for line in figures.listing("performing").lines] == [
        people["pieng"].pk
    ]
