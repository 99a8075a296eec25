"""Property: a session's results, shared among the members who gave them, are counted once.

For random sessions with 1–5 members and random results (recorded once or recorded again),
the unit totals read from the dashboard's facts equal the session's results (each resident
once), the members' shares add up exactly to each result, and the facts equal the raw
activity records.
"""

import uuid
from collections import Counter
from datetime import time

from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cdtt.accounts.models import Role
from cdtt.activities.models import Activity, ActivityType
from cdtt.activities.rules import COUNTS
from cdtt.dashboard.models import MemberMonthFact, MonthlyFact
from cdtt.factories import make_member, make_team, make_unit, make_user
from cdtt.helpsessions.actions import assign, plan_session
from cdtt.helpsessions.actions.results import record_results
from cdtt.helpsessions.models import SessionResult
from cdtt.orgunits.models import Level

TYPES = ["vneid_level2", "public_services", "vssid", "cashless"]

result = st.fixed_dictionaries(
    {
        "type": st.sampled_from(TYPES),
        "people_helped": st.integers(1, 60),
        "shares": st.tuples(*[st.floats(0, 1)] * 3),
        "households_without_smartphone": st.integers(0, 9),
        "givers": st.lists(st.integers(0, 4), min_size=1, max_size=5),
    }
)
session = st.fixed_dictionaries(
    {
        "commune_level": st.booleans(),
        "members": st.integers(1, 5),
        "results": st.lists(result, min_size=1, max_size=4, unique_by=lambda r: r["type"]),
        "again": st.one_of(
            st.none(), st.lists(result, min_size=1, max_size=4, unique_by=lambda r: r["type"])
        ),
    }
)


class ResultsCountedOnce(TestCase):
    def world(self):
        province = make_unit("Tỉnh Thử", Level.PROVINCE)
        commune = make_unit("Xã Một", Level.COMMUNE, province)
        villages = [make_unit(f"Bản {n}", Level.VILLAGE, commune) for n in "AB"]
        teams = [make_team(villages[0]), make_team(villages[1]), make_team(commune)]
        officer = make_user(Role.COMMUNE, commune)
        people = [
            make_member(f"Thành viên {n}", teams[n % 3], affiliation="youth_union")
            for n in range(5)
        ]
        return commune, villages, teams, officer, people

    @staticmethod
    def items(results, seated) -> list[dict]:
        items = []
        for r in results:
            count = r["people_helped"]
            women, minority, elderly = (int(share * count) for share in r["shares"])
            givers = sorted({seated[g % len(seated)].pk for g in r["givers"]})
            items.append(
                {
                    "type": r["type"],
                    "people_helped": count,
                    "women": women,
                    "ethnic_minority": minority,
                    "elderly": elderly,
                    "households_without_smartphone": r["households_without_smartphone"],
                    "givers": givers,
                }
            )
        return items

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(sessions=st.lists(session, min_size=1, max_size=3))
    def test_results_are_counted_once(self, sessions):
        commune, villages, teams, officer, people = self.world()
        today = timezone.localdate()
        for number, plan in enumerate(sessions):
            if plan["commune_level"]:
                unit, staffing, village = commune, teams, villages[number % 2]
                seated = people[: plan["members"]]
            else:
                unit, staffing, village = villages[0], [teams[0]], villages[0]
                seated = [p for p in people if p.memberships.get().team == teams[0]]
            (made,) = plan_session(
                officer,
                unit=unit,
                teams=staffing,
                village=village,
                day=today,
                start=time(8),
                end=time(11),
                place="Nhà văn hóa",
                types=ActivityType.objects.filter(code__in=TYPES),
            )
            for member in seated:
                assign(officer, made, member)
            client_id = uuid.uuid4()
            items = self.items(plan["results"], seated)
            record_results(officer, made, items, client_id)
            record_results(officer, made, items, client_id)  # the same sent twice: no change
            if plan["again"] is not None:  # corrected: the shares are replaced
                record_results(officer, made, self.items(plan["again"], seated), uuid.uuid4())

        # The members' shares add up exactly to each result, measure by measure.
        for stored in SessionResult.objects.prefetch_related("shares__activity", "givers"):
            for name in COUNTS:
                shares = sum(getattr(s.activity, name) for s in stored.shares.all())
                assert shares == getattr(stored, name), (name, stored)
            assert {s.activity.member_id for s in stored.shares.all()} <= {
                g.pk for g in stored.givers.all()
            }
            for share in stored.shares.all():
                assert share.activity.women <= share.activity.people_helped

        # Unit totals, read from the facts, count each resident once.
        expected = SessionResult.objects.aggregate(**{n: Sum(n) for n in COUNTS})
        facts = MonthlyFact.objects.filter(team__unit__path__startswith=commune.path).aggregate(
            count=Sum("count"), **{n: Sum(n) for n in COUNTS[1:]}
        )
        assert facts["count"] == expected["people_helped"]
        for name in COUNTS[1:]:
            assert facts[name] == expected[name]
        assert Activity.objects.count() == sum(
            s.shares.count() for s in SessionResult.objects.all()
        )

        # The facts equal the raw records.
        raw = Counter()
        raw_members = Counter()
        for a in Activity.objects.all():
            key = (a.team_id, a.village_id, str(a.period), a.type_id)
            raw[key + ("activities",)] += 1
            raw[key + ("count",)] += a.people_helped
            for name in COUNTS[1:]:
                raw[key + (name,)] += getattr(a, name)
            raw_members[(a.member_id, a.team_id, str(a.period), "count")] += a.people_helped
            raw_members[(a.member_id, a.team_id, str(a.period), "activities")] += 1
        found = Counter()
        for f in MonthlyFact.objects.all():
            key = (f.team_id, f.village_id, f.period, f.type_id)
            for name in ("activities", "count", *COUNTS[1:]):
                if getattr(f, name):
                    found[key + (name,)] += getattr(f, name)
        assert found == +raw
        found_members = Counter()
        for f in MemberMonthFact.objects.all():
            for name in ("activities", "count"):
                if getattr(f, name):
                    found_members[(f.member_id, f.team_id, f.period, name)] += getattr(f, name)
        assert found_members == +raw_members
