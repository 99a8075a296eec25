"""Property: for any history of activity writes (records, edits, deletes through the one set
of writers), every dashboard figure read from the facts equals the same figure computed from
the activities; and rebuilding the facts, twice, changes nothing."""

import uuid
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cdtt.accounts.models import Role
from cdtt.activities.actions import (
    ActivityError,
    delete_activity,
    record_activity,
    update_activity,
)
from cdtt.activities.models import Activity
from cdtt.activities.selectors import team_area
from cdtt.dashboard.facts import periods_with_activities, rebuild
from cdtt.dashboard.figures import Figures
from cdtt.dashboard.models import MemberMonthFact, MonthlyFact
from cdtt.factories import make_team, make_unit, make_user
from cdtt.orgunits.models import Level
from cdtt.periods import Period
from cdtt.teams.models import Member, Membership

from .raw import AREA, Raw

START, END = date(2025, 1, 1), date(2025, 6, 30)
SPAN = (END - START).days
TYPES = ["vneid_level2", "public_services", "household_survey", "communication"]
TODAY = date(2025, 6, 20)  # the last month is still running in some of the ranges
RANGES = [("2025-01", "2025-06"), ("2025-03", "2025-03"), ("2025-05", "2025-06"),
          ("2025-06", "2025-06"), ("2025-02", "2025-04")]  # fmt: skip
AFFILIATIONS = ["youth_union", "village_head", "women_union", ""]

memberships = st.lists(
    st.tuples(
        st.integers(0, 3),  # team
        st.integers(-60, SPAN),  # start, in days from START
        st.one_of(st.none(), st.integers(0, SPAN)),  # length, or still on the team
        st.sampled_from(AFFILIATIONS),
        st.one_of(st.none(), st.integers(1950, 2005)),
    ),
    min_size=1,
    max_size=7,
)
content = st.tuples(
    st.floats(0, 1),  # when, within the seat's span
    st.integers(0, 5),  # village, within the team's area
    st.sampled_from(TYPES),
    st.integers(1, 12),  # count
    st.tuples(*[st.floats(0, 1)] * 3),  # breakdown shares
    st.integers(0, 4),  # households without a smartphone
)
# Mostly records, some edits, a few deletes: histories that grow, and change.
operations = st.lists(
    st.tuples(st.sampled_from(["record"] * 6 + ["update"] * 3 + ["delete"]), st.integers(0, 40),
              content),
    min_size=5,
    max_size=40,
)  # fmt: skip


class FactsMatchActivities(TestCase):
    def world(self):
        province = make_unit("Tỉnh Thử", Level.PROVINCE)
        second = make_unit("Tỉnh Hai", Level.PROVINCE)  # its figures are read from its own rows
        commune = make_unit("Xã Một", Level.COMMUNE, province)
        other = make_unit("Xã Hai", Level.COMMUNE, second)
        villages = [
            make_unit("Bản A", Level.VILLAGE, commune, households=120,
                      households_without_smartphone=30),
            make_unit("Bản B", Level.VILLAGE, commune),
            make_unit("Bản C", Level.VILLAGE, other, households=80,
                      households_without_smartphone=5),
        ]  # fmt: skip
        teams = [make_team(commune), make_team(villages[0]), make_team(villages[1]),
                 make_team(villages[2])]  # fmt: skip
        admin = make_user(Role.ADMIN, None)
        units = [province, second, commune, other, villages[0]]
        return admin, teams, units

    def add_memberships(self, teams, plans):
        seats = []
        for number, (team_index, start, length, affiliation, born) in enumerate(plans):
            member = Member.objects.create(
                full_name=f"Thành viên {number}", affiliation=affiliation, birth_year=born
            )
            first = START + timedelta(days=start)
            last = None if length is None else min(first + timedelta(days=length), END)
            team = teams[team_index]
            Membership.objects.create(team=team, member=member, start=first, end=last)
            seats.append((member, team, max(first, START), last or END))
            if number == 1 and last is not None and last < END:
                # Back on the same team after a while: one seat, two spans.
                again = last + timedelta(days=1 + length % 20)
                Membership.objects.create(
                    team=team, member=member, start=again, end=again + timedelta(days=30)
                )
            if number == 0:  # one person on two teams: two seats
                other = teams[(team_index + 1) % len(teams)]
                Membership.objects.create(team=other, member=member, start=START)
                seats.append((member, other, START, END))
        return seats

    def wire(self, seat, values) -> dict:
        member, team, first, last = seat
        when, village, code, count, shares, without = values
        day = first + timedelta(days=round(when * (last - first).days))
        area = team_area(team)
        women, minority, elderly = (int(share * count) for share in shares)
        return {
            "member": member.pk, "team": team.pk, "village": area[village % len(area)].pk,
            "date": day.isoformat(), "type": code, "people_helped": count, "women": women,
            "ethnic_minority": minority, "elderly": elderly,
            "households_without_smartphone": without,
        }  # fmt: skip

    def replay(self, admin, seats, ops):
        for op in ops:
            try:
                if op[0] == "record":
                    data = self.wire(seats[op[1] % len(seats)], op[2])
                    record_activity(admin, {"id": str(uuid.uuid4()), **data})
                    continue
                stored = list(Activity.objects.order_by("created_at", "id"))
                if not stored:
                    continue
                activity = stored[op[1] % len(stored)]
                if op[0] == "delete":
                    delete_activity(admin, activity)
                else:
                    seat = next(s for s in seats if s[:2] == (activity.member, activity.team))
                    changes = self.wire(seat, op[2])
                    update_activity(admin, activity, changes)
            except ActivityError:
                pass  # a day the member was not on the team: refused, nothing written

    def check(self, unit, first, last):
        figures, raw = Figures(unit, first, last, TODAY), Raw(unit, first, last, TODAY)
        assert {
            line.type.code: tuple(getattr(line, k) for k in AREA) for line in figures.by_type()
        } == raw.by_type()
        assert figures.totals()["people"] == raw.people()
        p = figures.participation()
        assert (p.seats, p.active, p.performing, p.activities) == raw.participation()
        assert {
            g.key: (g.seats, g.active, g.performing, g.activities) for g in figures.by_affiliation()
        } == raw.by_affiliation()
        assert {
            g.key: (g.seats, g.active, g.performing, g.activities) for g in figures.by_age_band()
        } == raw.by_age_band()
        assert {
            line.seat.key: (line.last_date, line.days_since)
            for line in figures.listing("inactive").lines
        } == raw.inactive()
        assert {line.seat.key for line in figures.listing("dropouts").lines} == raw.dropouts()
        assert {line.seat.key for line in figures.listing("performing").lines} == raw.performing()
        assert [
            (str(t.period), t.activities, t.people, t.seats, t.active) for t in figures.trend()
        ] == raw.trend()
        total, children = figures.coverage()
        found = {
            (None if c is total else c.unit.pk): (
                c.villages, c.households, c.reached, c.without_smartphone,
                c.met_without_smartphone,
            )
            for c in [total, *children]
            if c.villages
        }  # fmt: skip
        assert found == raw.coverage()
        assert {
            c.unit.pk: (
                c.participation.seats, c.participation.active, c.participation.performing,
                c.participation.activities, c.count, c.people,
            )
            for c in figures.ranking()
        } == raw.ranking()  # fmt: skip

    @staticmethod
    def facts() -> tuple[list, list]:
        area = sorted(
            MonthlyFact.objects.values_list("team_id", "village_id", "period", "type_id", *AREA)
        )
        members = sorted(
            MemberMonthFact.objects.values_list(
                "member_id", "team_id", "period", "activities", "count", "days_active",
                "last_date",
            )
        )  # fmt: skip
        return area, members

    @settings(settings.get_profile("database"))  # fewer examples on SQLite (conftest.py)
    @given(plans=memberships, ops=operations)
    def test_every_figure_from_facts_equals_the_activities(self, plans, ops):
        admin, teams, units = self.world()
        seats = self.add_memberships(teams, plans)
        self.replay(admin, seats, ops)
        for unit in units:
            for first, last in RANGES:
                self.check(unit, Period.parse(first), Period.parse(last))

        kept = self.facts()
        for period in periods_with_activities():
            rebuild(period)
        assert self.facts() == kept
        for period in Period(2025, 1).range(Period(2025, 6)):
            rebuild(period)
        assert self.facts() == kept
