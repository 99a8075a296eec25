"""load_units: all 34 provinces and 3,321 communes, idempotent, updates in place."""

import pytest
from django.core.management import call_command

from cdtt.orgunits.loading import load_units
from cdtt.orgunits.models import Level, OrgUnit

pytestmark = pytest.mark.django_db


def test_load_units_twice_gives_the_2025_units_once(client, django_user_model):
    first = load_units()
    second = load_units()
    assert (first.created, second.created, second.updated) == (3355, 0, 0)
    assert OrgUnit.objects.filter(level=Level.PROVINCE).count() == 34
    assert OrgUnit.objects.filter(level=Level.COMMUNE).count() == 3321
    assert OrgUnit.objects.values("code").distinct().count() == 3355
    muong_mun = OrgUnit.objects.get(code="03268")
    assert muong_mun.name == "Xã Mường Mùn"
    assert muong_mun.parent.name == "Điện Biên"
    assert muong_mun.path.startswith(muong_mun.parent.path)
    assert OrgUnit.objects.get(code="01").name == "Thành phố Hà Nội"


def test_a_newer_package_renames_and_adds_in_place():
    load_units()
    muong_mun = OrgUnit.objects.get(code="03268")
    village = OrgUnit.objects.create(
        code="03268-001", name="Bản Mường Mùn", level=Level.VILLAGE, kind="ban", parent=muong_mun
    )
    # As if the previous package had another name for it and did not have Mường Phăng yet.
    OrgUnit.objects.filter(pk=muong_mun.pk).update(name="Xã Mường Mùn Cũ")
    OrgUnit.objects.filter(code="03325").delete()
    result = load_units()
    assert (result.created, result.updated) == (1, 1)
    muong_mun.refresh_from_db()
    village.refresh_from_db()
    assert muong_mun.name == "Xã Mường Mùn"
    assert village.parent_id == muong_mun.pk
    assert OrgUnit.objects.get(code="03325").name == "Xã Mường Phăng"


def test_the_command_reports_what_it_changed(capsys):
    call_command("load_units")
    call_command("load_units")
    out = capsys.readouterr().out.splitlines()
    assert out == ["created 3355, updated 0, unchanged 0", "created 0, updated 0, unchanged 3355"]
