"""Help sessions for the demo commune (Xã Mường Mùn): three months of Sundays in its villages,
with the story's attendance (Youth Union members come most, the others rarely), their results
shared among those who came, and the next two Sundays planned.

Deterministic from the seed: each session's UUID comes from its village and day, its seats
and results from a random stream of its own; a second run adds nothing. Results are written
through `record_results` (the activity log's writer), so locked months and facts stay right:
run before the demo reports lock the past months.
"""

import random
import uuid
from datetime import date, time, timedelta

from django.utils import timezone

from cdtt.accounts.models import Role, User
from cdtt.activities.models import ActivityType, Source
from cdtt.helpsessions.actions.results import record_results
from cdtt.helpsessions.models import DEFAULT_BRING, Seat, Session, Status
from cdtt.orgunits.models import OrgUnit
from cdtt.teams.models import Affiliation, Membership, Team

from .places import DEMO_COMMUNE_CODE

NAMESPACE = uuid.UUID("0b7e6c1d-52a8-4f3e-9d61-7a2c8e4b5f90")
WEEKS = 13
# How likely a member of the team is to come, by affiliation (the seed's "only the Youth
# Union comes").
COMES = {Affiliation.YOUTH_UNION: 0.85, Affiliation.POLICE: 0.35, Affiliation.TEACHER: 0.3}
OTHERS_COME = 0.12
TYPES = ["vneid_level2", "vneid_features", "vssid", "public_services", "cashless"]


def _sundays(today: date) -> list[date]:
    last = today - timedelta(days=(today.weekday() + 1) % 7)  # the last Sunday, or today
    return [last - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]


def seed_sessions(seed: int = 2024, today: date | None = None) -> int:
    """Add the demo commune's sessions; returns how many were added."""
    commune = OrgUnit.objects.filter(code=DEMO_COMMUNE_CODE).first()
    officer = User.objects.filter(role=Role.COMMUNE, orgunit=commune).order_by("pk").first()
    if commune is None or officer is None:
        return 0
    today = today or timezone.localdate()
    types = list(ActivityType.objects.filter(code__in=TYPES))
    added = 0
    for village in commune.children.order_by("code"):
        team = Team.objects.filter(unit=village).first()
        if team is None:
            continue
        rng = random.Random(f"{seed}:sessions:{village.code}")
        every = rng.choice((1, 2, 2, 3, 4))  # weeks between sessions; some villages rarely
        days = [d for n, d in enumerate(_sundays(today)) if n % every == 0]
        days += [days[-1] + timedelta(weeks=every * k) for k in (1, 2)]
        for day in days:
            added += _session(seed, officer, team, village, day, today, types)
    return added


def _session(seed, officer, team, village, day, today, types) -> int:
    key = uuid.uuid5(NAMESPACE, f"{village.code}:{day}")
    if Session.objects.filter(uuid=key).exists():
        return 0
    rng = random.Random(f"{seed}:session:{key}")
    past = day < today
    status = Status.PLANNED
    if past:
        status = Status.CANCELLED if rng.random() < 0.08 else Status.PLANNED
    session = Session.objects.create(
        uuid=key, unit=village, village=village, date=day, start=time(7, 30), end=time(11),
        place=f"Nhà văn hóa {village.name}", bring=DEFAULT_BRING,
        members_needed=rng.choice((3, 4, 5)), status=status, created_by=officer,
    )  # fmt: skip
    session.teams.set([team])
    offered = rng.sample(types, k=min(3, len(types)))
    session.activity_types.set(offered)
    memberships = Membership.objects.current(on=min(day, today)).filter(team=team)
    came = []
    for membership in memberships.select_related("member").order_by("member_id"):
        member = membership.member
        chance = COMES.get(member.affiliation, OTHERS_COME)
        if rng.random() < min(1.0, chance + 0.1):  # signed up
            present = rng.random() < chance / min(1.0, chance + 0.1) if past else None
            Seat.objects.create(
                session=session, member=member, team=team, how=Seat.How.SIGNED_UP,
                present=present,
            )  # fmt: skip
            if present:
                came.append(member.pk)
    if past and status == Status.PLANNED and came:
        results = []
        for kind in offered:
            people = rng.randint(4, 25)
            givers = rng.sample(came, k=rng.randint(1, len(came)))
            results.append(
                {
                    "type": kind.code, "people_helped": people,
                    "women": rng.randint(0, people), "ethnic_minority": rng.randint(0, people),
                    "elderly": rng.randint(0, people // 2),
                    "households_without_smartphone": rng.randint(0, people // 4),
                    "givers": sorted(givers),
                }
            )  # fmt: skip
        record_results(officer, session, results, uuid.uuid5(key, "results"), Source.OFFLINE)
    elif past and status == Status.PLANNED:  # nobody came: it did not take place
        Session.objects.filter(pk=session.pk).update(status=Status.CANCELLED)
    return 1
