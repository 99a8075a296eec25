"""Many new people at once (`add_members`, the import's writer for its new people): the same
rows, rules and audit entries as `add_member` one by one, in a few statements."""

from datetime import date

import pytest
from django.utils import timezone

from cdtt.accounts.models import Deactivation, Role
from cdtt.audit.models import AuditEntry
from cdtt.factories import make_member, make_team, make_user
from cdtt.teams.actions import Joining, MemberError, add_member, add_members, snapshot
from cdtt.teams.member_accounts import follow_many
from cdtt.teams.models import Member, Membership, TeamRole

pytestmark = pytest.mark.django_db

DAY = date(2024, 3, 1)


def people(n: int, first_phone: int = 912_000_100) -> list[dict]:
    return [
        {"full_name": f"Lò Văn {name}", "phone": f"0{first_phone + i}", "birth_year": 1990 + i,
         "gender": "male", "ethnicity": "Thái", "affiliation_note": "Đoàn Thanh niên"}
        for i, name in enumerate(["An", "Bình", "Cường", "Dũng", "Em", "Giang"][:n])
    ]  # fmt: skip


def written() -> tuple[list, list]:
    """What is stored, without the ids: the members with their teams, and the audit log."""
    members = sorted(
        (sorted(snapshot(m).items(), key=str),
         sorted((ms.team.unit.name, ms.role, str(ms.start), ms.end)
                for ms in m.memberships.all()))
        for m in Member.objects.all()
    )  # fmt: skip
    entries = sorted(
        (e.actor_id, e.action, e.object_type, e.orgunit_path,
         sorted(((k, v) for k, v in (e.after or {}).items() if k not in ("team", "member")),
                key=str))
        for e in AuditEntry.objects.all()
    )  # fmt: skip
    return members, entries


def test_many_new_people_are_stored_as_one_by_one_with_one_audit_entry_per_change(
    tree, users, django_assert_max_num_queries
):
    officer = users[Role.COMMUNE]
    village, sibling = make_team(tree["village"]), make_team(tree["sibling_village"])
    joining = [Joining(village if i % 2 else sibling, person, TeamRole.MEMBER, DAY)
               for i, person in enumerate(people(6))]  # fmt: skip
    joining[0].role = TeamRole.LEADER
    with django_assert_max_num_queries(20):  # a few statements, whatever the number of people
        made = add_members(officer, joining)
    assert [(m.team, m.member.full_name, m.role) for m in made] == [
        (j.team, j.person["full_name"], j.role) for j in joining
    ]
    together = written()
    assert len(together[1]) == 12  # each member and each membership: one "create" entry

    Membership.objects.all().delete()
    Member.objects.all().delete()
    AuditEntry.objects.all().delete()
    for j in joining:
        add_member(officer, j.team, role=j.role, start=j.start, **j.person)
    assert written() == together


def test_a_bad_field_is_refused_with_its_place_and_nothing_is_written(tree, users):
    team = make_team(tree["village"])
    rows = people(3)
    rows[1]["birth_year"] = 1850
    with pytest.raises(MemberError) as refused:
        add_members(users[Role.COMMUNE], [Joining(team, p, start=DAY) for p in rows])
    assert refused.value.index == 1 and "birth_year" in refused.value.errors
    assert not Member.objects.exists() and not AuditEntry.objects.exists()


def test_one_leader_at_a_time_as_one_by_one(tree, users):
    team = make_team(tree["village"])
    make_member("Quàng Văn Ún", team, TeamRole.LEADER, phone="0912999888")
    with pytest.raises(MemberError) as refused:
        add_members(users[Role.COMMUNE], [
            Joining(team, people(1)[0], TeamRole.MEMBER, DAY),
            Joining(team, people(2)[1], TeamRole.LEADER, DAY),
        ])  # fmt: skip
    assert refused.value.index == 1
    assert refused.value.errors["role"] == [
        "Quàng Văn Ún is the leader of this team; end that membership first."
    ]
    other = make_team(tree["sibling_village"])
    two = [Joining(other, p, TeamRole.LEADER, DAY) for p in people(2)]
    with pytest.raises(MemberError) as refused:
        add_members(users[Role.COMMUNE], two)
    assert refused.value.index == 1
    assert refused.value.errors["role"] == [
        "Lò Văn An is the leader of this team; end that membership first."
    ]
    assert Member.objects.count() == 1


def test_a_stored_phone_joins_its_person_or_is_refused_as_one_by_one(tree, users):
    officer = users[Role.COMMUNE]
    village, sibling = make_team(tree["village"]), make_team(tree["sibling_village"])
    an = people(1)[0]
    stored = make_member(an["full_name"], village, phone=an["phone"])
    made = add_members(officer, [Joining(sibling, an, start=DAY), Joining(sibling, people(2)[1],
                                                                          start=DAY)])  # fmt: skip
    assert made[0].member == stored and Member.objects.count() == 2

    outside = make_team(tree["other_village"])
    make_member("Cà Thị Hoa", outside, phone="0912555666")
    hoa = {"full_name": "Cà Thị Hoa", "phone": "0912555666"}
    with pytest.raises(MemberError) as refused:
        add_members(officer, [Joining(village, people(3)[2], start=DAY),
                              Joining(village, hoa, start=DAY)])  # fmt: skip
    assert refused.value.index == 1
    assert refused.value.errors["phone"] == [
        "This phone number is already in use. Ask the province officer to add this person."
    ]


def test_accounts_follow_memberships_written_in_bulk(tree, users):
    """A bulk write sends no signal: `follow_many` is called by the writer itself."""
    team = make_team(tree["village"])
    back = make_member("Lò Thị Mai", team, end=date(2023, 12, 31), phone="0912000201",
                       user=make_user(Role.MEMBER, tree["village"], "mai"))  # fmt: skip
    gone = make_member("Vì Văn Inh", team, end=date(2023, 12, 31), phone="0912000202",
                       user=make_user(Role.MEMBER, tree["village"], "inh"))  # fmt: skip
    officer = make_member("Lường Văn Piếng", team, end=date(2023, 12, 31), phone="0912000203",
                          user=make_user(Role.COMMUNE, tree["commune"], "pieng"))  # fmt: skip
    for user in (back.user, gone.user):
        user.is_active, user.deactivated = False, Deactivation.MEMBERSHIP
        user.save()
    Membership.objects.bulk_create(
        [Membership(team=make_team(tree["sibling_village"]), member=back, start=DAY)]
    )
    assert follow_many([back, gone, officer], timezone.localdate()) == 1
    back.user.refresh_from_db(), gone.user.refresh_from_db(), officer.user.refresh_from_db()
    assert back.user.is_active and back.user.deactivated == ""
    assert not gone.user.is_active  # still on no team
    assert officer.user.is_active  # officers' accounts do not follow team lists
