"""The five demo accounts, one per role, all in the demo district."""

from django.conf import settings

from cdtt.accounts.models import Role, User
from cdtt.orgunits.models import Kind, OrgUnit

from .places import DEMO_COMMUNE_CODE, PROVINCE_CODE

DEMO_ACCOUNTS = [
    # username, role, full name (last, first), phone
    ("demo-admin", Role.ADMIN, ("Nguyễn Văn", "Quản"), None),
    ("demo-province", Role.PROVINCE, ("Trần Thị", "Hương"), "0912000001"),
    ("demo-commune", Role.COMMUNE, ("Lò Văn", "Thanh"), "0912000002"),
    ("demo-leader", Role.LEADER, ("Quàng Văn", "Piếng"), "0912000003"),
    ("demo-member", Role.MEMBER, ("Lường Thị", "Mai"), "0912000004"),
]


def demo_units() -> dict[str, OrgUnit | None]:
    commune = OrgUnit.objects.get(code=DEMO_COMMUNE_CODE)
    village = commune.children.filter(kind=Kind.BAN).order_by("code").first()
    return {
        Role.ADMIN: None,
        Role.PROVINCE: OrgUnit.objects.get(code=PROVINCE_CODE),
        Role.COMMUNE: commune,
        Role.LEADER: village,
        Role.MEMBER: village,
    }


def seed_accounts() -> list[User]:
    """Create the demo accounts that are missing; existing ones are left as they are."""
    units = demo_units()
    users = []
    for username, role, (last, first), phone in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                role=role,
                orgunit=units[role],
                last_name=last,
                first_name=first,
                phone=phone,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        users.append(user)
    return users


def seed_member_accounts() -> int:
    """Activated accounts (the demo password) for the members of half of Xã Mường Mùn's
    village teams and of its commune team; the other villages, the demo leader's included,
    keep members without an account, so that issuing accounts can be tried. Idempotent.

    Returns how many accounts were created.
    """
    from django.contrib.auth.hashers import make_password

    from cdtt.accounts.lifecycle import split_name
    from cdtt.teams.member_accounts import ROLE_OF, in_force
    from cdtt.teams.models import Member, Membership
    from cdtt.vietnamese import fold

    units = demo_units()
    villages = [v for v in demo_villages() if v != units[Role.LEADER]]
    with_accounts = [units[Role.COMMUNE], *villages[: len(villages) // 2]]
    memberships = (
        Membership.objects.filter(in_force(), team__unit__in=with_accounts, member__user=None)
        .exclude(member__phone=None)
        .select_related("member", "team__unit")
        .order_by("team__unit__code", "member__name_sort")
    )
    taken = set(User.objects.exclude(phone=None).values_list("phone", flat=True))
    password = make_password(settings.DEMO_PASSWORD)  # one hash for all: a demo, not a secret
    made = {}
    for membership in memberships:
        member = membership.member
        if member.phone in taken or member.pk in made:
            continue
        taken.add(member.phone)
        last, first = split_name(member.full_name)
        made[member.pk] = User(
            username=member.phone, phone=member.phone, role=ROLE_OF[membership.role],
            orgunit=membership.team.unit, last_name=last, first_name=first, password=password,
            name_folded=fold(member.full_name), name_sort=member.name_sort,
        )  # fmt: skip
    User.objects.bulk_create(made.values())
    for member_id, user in made.items():
        Member.objects.filter(pk=member_id).update(user=user)
    return len(made)


def demo_villages() -> list[OrgUnit]:
    """Xã Mường Mùn's villages, by code."""
    return list(OrgUnit.objects.get(code=DEMO_COMMUNE_CODE).children.order_by("code"))
