"""The demo keeps its five accounts and gives half of Xã Mường Mùn's village teams (and its
commune team) activated accounts, leaving the rest without one to try issuing."""

import pytest
from django.conf import settings

from cdtt.accounts.models import User
from cdtt.demo.accounts import demo_units, demo_villages, seed_accounts, seed_member_accounts
from cdtt.demo.members import seed_members
from cdtt.demo.places import COMMUNE_CODES, PROVINCE_CODE, seed_places
from cdtt.factories import make_unit
from cdtt.orgunits.models import Level
from cdtt.teams.models import Member

pytestmark = pytest.mark.django_db


def test_some_members_of_muong_mun_have_accounts_and_some_do_not(client):
    province = make_unit("Tỉnh Điện Biên", Level.PROVINCE, code=PROVINCE_CODE)
    for number, code in enumerate(COMMUNE_CODES):
        make_unit(f"Xã Thử {number}", Level.COMMUNE, province, code=code)
    communes = seed_places(2024)
    seed_accounts()
    seed_members(2024, communes)
    made = seed_member_accounts()
    assert made > 10
    assert seed_member_accounts() == 0  # a second run adds nothing
    assert User.objects.filter(username__startswith="demo-").count() == 5
    demo_village = demo_units()["leader"]
    in_demo_village = Member.objects.filter(memberships__team__unit=demo_village).distinct()
    assert set(in_demo_village.exclude(user=None).values_list("user__username", flat=True)) == {
        "demo-leader", "demo-member"
    }  # fmt: skip
    villages = demo_villages()
    without = [v for v in villages if not Member.objects.filter(
        memberships__team__unit=v, user__isnull=False).exists()]  # fmt: skip
    assert len(without) >= 3  # whole villages to try issuing on
    someone = Member.objects.filter(user__username__startswith="0").first()
    assert client.login(username=someone.phone, password=settings.DEMO_PASSWORD)
