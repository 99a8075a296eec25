"""Team composition for steering committees: who is on each team, how old, how trained.

What the story complains about, team by team: elderly leaders, members never trained,
teams where only Youth Union members work, skills nobody on the team can teach. Two
queries whatever the number of teams (the teams, then their current memberships with a
"has any training" flag); the figures are counted in Python.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from .models import Affiliation, Member, Membership, Skill, Team, TeamRole, Training
from .rules import ELDERLY_AGE


@dataclass
class TeamComposition:
    team: Team
    size: int = 0
    leader: Member | None = None
    leader_age: int | None = None
    elderly: int = 0
    known_ages: int = 0
    untrained: int = 0
    affiliations: Counter = field(default_factory=Counter)
    skills: set = field(default_factory=set)

    @property
    def leader_elderly(self) -> bool:
        return self.leader_age is not None and self.leader_age >= ELDERLY_AGE

    @property
    def elderly_share(self) -> float | None:
        """Share of members aged 60 or over, among those whose birth year is known."""
        return self.elderly / self.known_ages if self.known_ages else None

    @property
    def youth(self) -> int:
        return self.affiliations[Affiliation.YOUTH_UNION]

    @property
    def youth_share(self) -> float | None:
        return self.youth / self.size if self.size else None

    @property
    def affiliation_mix(self) -> list[tuple[str, int]]:
        """(label, count), largest first; members without one count as "Other"."""
        labels = dict(Affiliation.choices)
        return [
            (labels[code or Affiliation.OTHER], n)
            for code, n in sorted(self.affiliations.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    @property
    def skills_covered(self) -> int:
        return len(self.skills)

    @property
    def missing_skills(self) -> list[str]:
        return [label for code, label in Skill.choices if code not in self.skills]


def _none_last(value, descending: bool):
    missing = value is None
    return (missing, 0) if missing else (missing, -value if descending else value)


# Sort keys: each maps a row to a comparable value (None sorts last either way).
SORTS = {
    "team": lambda row: row.team.unit.name_sort,
    "size": lambda row: row.size,
    "leader_age": lambda row: row.leader_age,
    "elderly": lambda row: row.elderly_share,
    "youth": lambda row: row.youth_share,
    "skills": lambda row: row.skills_covered,
    "untrained": lambda row: row.untrained,
}


def compose(teams: QuerySet, year: int | None = None) -> list[TeamComposition]:
    """One row per team of `teams` (already scoped by the caller), in Vietnamese order."""
    year = year or timezone.localdate().year
    rows = {
        team.pk: TeamComposition(team)
        for team in teams.select_related("unit", "unit__parent").order_by(
            "unit__name_sort", "unit__name"
        )
    }
    memberships = (
        Membership.objects.current()
        .filter(team__in=teams.values("pk"))
        .select_related("member")
        .annotate(trained=Exists(Training.objects.filter(member=OuterRef("member_id"))))
        .only("team", "member", "role", "member__full_name", "member__phone", "member__birth_year",
              "member__affiliation", "member__skills")
    )  # fmt: skip
    for membership in memberships:
        row = rows.get(membership.team_id)
        if row is None:
            continue
        member = membership.member
        age = None if member.birth_year is None else year - member.birth_year
        row.size += 1
        if age is not None:
            row.known_ages += 1
            row.elderly += age >= ELDERLY_AGE
        row.untrained += not membership.trained
        row.affiliations[member.affiliation or Affiliation.OTHER] += 1
        row.skills.update(s for s in (member.skills or []) if s in Skill.values)
        if membership.role == TeamRole.LEADER:
            row.leader, row.leader_age = member, age
    return list(rows.values())


def sort_rows(rows: list[TeamComposition], key: str, descending: bool) -> list[TeamComposition]:
    if key not in SORTS:
        key, descending = "team", False
    if key == "team":
        return sorted(rows, key=SORTS[key], reverse=descending)
    return sorted(rows, key=lambda row: (_none_last(SORTS[key](row), descending),
                                         row.team.unit.name_sort))  # fmt: skip


def summary(rows: list[TeamComposition]) -> dict:
    """Totals over the rows shown: what a committee reads before the table."""
    members = sum(r.size for r in rows)
    return {
        "teams": len(rows),
        "members": members,
        "leader_elderly": sum(r.leader_elderly for r in rows),
        "without_leader": sum(r.leader is None for r in rows),
        "with_untrained": sum(r.untrained > 0 for r in rows),
        "untrained": sum(r.untrained for r in rows),
        "youth_share": sum(r.youth for r in rows) / members if members else None,
    }
