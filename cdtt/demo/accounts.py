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
