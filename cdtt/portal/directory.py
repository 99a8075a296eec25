"""The public team directory: province → commune → village, each with its team.

A phone number is shown only for a current member who agreed to publish it
(`Member.phone_public`); nobody else's number leaves this module.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from cdtt.orgunits.models import Level, OrgUnit
from cdtt.teams.models import Membership, Team, TeamRole
from cdtt.teams.names import Person, told_apart


@dataclass(frozen=True)
class TeamCard:
    team: Team | None
    leader_name: str
    deputy_names: list[str]
    member_count: int
    phones: Sequence[tuple[str, str]] = ()  # (name, phone) of members who agreed to publish


def units_under(unit: OrgUnit | None) -> QuerySet:
    """The provinces, or the current units under one, in Vietnamese order."""
    units = OrgUnit.objects.current()
    units = units.filter(level=Level.PROVINCE) if unit is None else units.filter(parent=unit)
    return units.vietnamese_order()


def ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The breadcrumb above a unit, province first."""
    ids = unit.ancestor_ids
    found = OrgUnit.objects.in_bulk(ids)
    return [found[i] for i in ids if i in found]


def team_card(unit: OrgUnit) -> TeamCard:
    """The unit's team, its leader and deputies by name, and how many members it has."""
    team = Team.objects.filter(unit=unit).first()
    if team is None:
        return TeamCard(None, "", [], 0)
    current = list(Membership.objects.current().filter(team=team).select_related("member"))
    # Two people of the same name are told apart by their role (nothing more is public).
    names = told_apart(Person(m.pk, m.member.full_name, m.get_role_display()) for m in current)
    leaders = [names[m.pk] for m in current if m.role == TeamRole.LEADER]
    deputies = [names[m.pk] for m in current if m.role == TeamRole.DEPUTY]
    return TeamCard(
        team=team,
        leader_name=leaders[0] if leaders else "",
        deputy_names=deputies,
        member_count=len(current),
        phones=[
            (names[m.pk], m.member.phone)
            for m in current
            if m.member.phone_public and m.member.phone
        ],
    )
