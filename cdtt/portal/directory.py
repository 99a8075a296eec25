"""The public team directory: province → commune → village, each with its team.

Phone numbers are not shown yet. The teams app will add to Member a consent field
("members agreed to publish their phone"); once it exists, `TeamCard.phones` is to list the
numbers of the current members who gave that consent, and directory.html shows them in the
column marked there. Until then no phone number of anyone leaves this module.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from cdtt.orgunits.models import Level, OrgUnit
from cdtt.teams.models import Membership, Team, TeamRole


@dataclass(frozen=True)
class TeamCard:
    team: Team | None
    leader_name: str
    deputy_names: list[str]
    member_count: int


def units_under(unit: OrgUnit | None) -> QuerySet:
    """The provinces, or the current units under one, in Vietnamese order."""
    units = OrgUnit.objects.current()
    units = units.filter(level=Level.PROVINCE) if unit is None else units.filter(parent=unit)
    return units.vietnamese_order()


def ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The breadcrumb above a unit, province first."""
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1]]
    found = OrgUnit.objects.in_bulk(ids)
    return [found[i] for i in ids if i in found]


def team_card(unit: OrgUnit) -> TeamCard:
    """The unit's team, its leader and deputies by name, and how many members it has."""
    team = Team.objects.filter(unit=unit).first()
    if team is None:
        return TeamCard(None, "", [], 0)
    current = Membership.objects.current().filter(team=team).select_related("member")
    leaders = [m.member.full_name for m in current if m.role == TeamRole.LEADER]
    deputies = [m.member.full_name for m in current if m.role == TeamRole.DEPUTY]
    return TeamCard(
        team=team,
        leader_name=leaders[0] if leaders else "",
        deputy_names=deputies,
        member_count=len(current),
    )
