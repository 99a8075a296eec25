"""Six months of activities for the demo members, with the story's pattern: Youth Union
members do most of the work, village heads and the others little; some teams almost nothing,
a few teams a lot (where someone follows up).

Deterministic from the seed: each (member, team, month) draws from its own random stream
and each activity's UUID is derived from what it is, so a second run adds nothing (and a run
later in the month adds only the days that have passed since). Rows are written with
bulk_create for speed, which skips the audit log: this is demo data, not anybody's work.
Members that do not exist yet are simply not given activities.
"""

import random
import uuid
from datetime import date, timedelta

from django.utils import timezone

from cdtt.activities.measures import OPTIONAL
from cdtt.activities.models import Activity, ActivityType, MonthLock, Source
from cdtt.activities.selectors import team_area
from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period
from cdtt.teams.models import Affiliation, Membership

from .places import PROVINCE_CODE

MONTHS = 6
NAMESPACE = uuid.UUID("6f1c2a4e-93b5-4d8e-a0c7-2f4b1d9e7c31")
# Active days in a month, by who the member is: (low, high) before the team's zeal applies.
DAYS = {Affiliation.YOUTH_UNION: (6, 14), Affiliation.POLICE: (1, 4), Affiliation.TEACHER: (1, 4)}
OTHER_DAYS = (0, 2)
# How much a team works: most teams are ordinary, some sleep, a few are keen.
ZEAL = [(0.25, 0.08), (0.80, 0.6), (1.0, 1.0)]  # (cumulative share of teams, factor)
# What members mostly do: VNeID first, then payments and social insurance.
WEIGHTS = {"vneid_level2": 10, "vneid_features": 6, "vssid": 5, "public_services": 4,
           "cashless": 5, "scam_awareness": 3, "ecommerce": 1, "digital_health": 2,
           "skills_class": 1, "communication": 2, "household_survey": 2}  # fmt: skip


def _zeal(seed: int, unit_code: str) -> float:
    roll = random.Random(f"{seed}:zeal:{unit_code}").random()
    return next(factor for share, factor in ZEAL if roll < share)


def _periods(today: date) -> list[Period]:
    last = Period.of(today)
    first = last
    for _ in range(MONTHS - 1):
        first = first.previous()
    return first.range(last)


def seed_activities(
    seed: int = 2024, root: OrgUnit | None = None, today: date | None = None
) -> int:
    """Add the demo activities under `root` (the demo province); return how many were added."""
    root = root or OrgUnit.objects.filter(code=PROVINCE_CODE).first()
    if root is None:
        return 0
    today = today or timezone.localdate()
    periods = _periods(today)
    memberships = list(
        Membership.objects.in_subtree(root)
        .overlapping(periods[0].first_day, today)
        .select_related("member", "team__unit")
        .order_by("pk")
    )
    types = {t.code: t for t in ActivityType.objects.active()}
    codes = [code for code in WEIGHTS if code in types]
    if not memberships or not codes:
        return 0
    weights = [WEIGHTS[code] for code in codes]
    locked = set(MonthLock.objects.values_list("team_id", "period"))
    areas: dict[int, list[OrgUnit]] = {}
    rows = []
    for membership in memberships:
        member, team = membership.member, membership.team
        area = areas.setdefault(team.pk, team_area(team))
        zeal = _zeal(seed, team.unit.code)
        low, high = DAYS.get(member.affiliation, OTHER_DAYS)
        for period in periods:
            if (team.pk, str(period)) in locked:
                continue
            rng = random.Random(f"{seed}:{member.pk}:{team.pk}:{period}")
            days_active = round(rng.randint(low, high) * zeal)
            days = sorted(rng.sample(range(1, period.days + 1), min(days_active, period.days)))
            for day_number in days:
                day = period.first_day + timedelta(days=day_number - 1)
                if (
                    day > today
                    or day < membership.start
                    or (membership.end and day > membership.end)
                ):
                    continue
                for n in range(rng.choice((1, 1, 1, 2, 2, 3))):
                    code = rng.choices(codes, weights)[0]
                    people = rng.randint(1, 4) if code != "communication" else rng.randint(8, 60)
                    rows.append(
                        Activity(
                            id=uuid.uuid5(NAMESPACE, f"{member.pk}:{team.pk}:{day}:{n}"),
                            member=member, team=team, village=rng.choice(area), date=day,
                            type=types[code], people_helped=people,
                            **{m.field: rng.randint(0, people if m.part_of_count
                                                    else max(1, people // 3))
                               for m in OPTIONAL if m.field is not None},
                            recorded_by_id=member.user_id,
                            source=Source.OFFLINE if rng.random() < 0.35 else Source.WEB,
                        )
                    )  # fmt: skip
    before = Activity.objects.count()
    Activity.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return Activity.objects.count() - before
