"""The public directory: province → commune → village, the team and its leader; no phones."""

import pytest
from django.test import Client
from django.urls import reverse

from cdtt.accounts.models import Role
from cdtt.teams.models import Member

pytestmark = pytest.mark.django_db


def test_choose_province_commune_village_and_see_the_team(tree, users, team):
    Member.objects.filter(user=users[Role.LEADER]).update(phone="0987000111")
    client = Client()
    page = client.get(reverse("portal:directory")).content.decode()
    assert "Tỉnh Điện Biên Thử" in page and "Tỉnh Lai Châu Thử" in page
    province = client.get(reverse("portal:directory_unit", args=[tree["province"].pk]))
    assert "Xã Mường Mùn Thử" in province.content.decode()
    commune = client.get(reverse("portal:directory_unit", args=[tree["commune"].pk]))
    assert "Bản Huổi Lóng" in commune.content.decode()
    village = client.get(reverse("portal:directory_unit", args=[tree["village"].pk]))
    html = village.content.decode()
    assert '<dd class="portal-leader">Quàng Văn Piếng</dd>' in html
    assert "<dd>3</dd>" in html  # members
    assert f"?unit={tree['village'].pk}" in html  # ask this team for help
    for phone in ("0987000111", "0912345678", "0987 000 111"):
        assert phone not in html


def test_a_select_without_script_and_a_search(client, tree):
    answer = client.get(reverse("portal:directory"), {"unit": tree["commune"].pk})
    assert answer["Location"] == reverse("portal:directory_unit", args=[tree["commune"].pk])
    found = client.get(reverse("portal:directory_unit", args=[tree["province"].pk]), {"q": "pu"})
    html = found.content.decode()
    assert "Xã Pú Nhung Thử" in html and "Xã Mường Mùn Thử" not in html


def test_a_village_without_a_team_says_so(client, tree):
    html = client.get(reverse("portal:directory_unit", args=[tree["village"].pk])).content
    assert b"portal-leader" not in html
    assert client.get(reverse("portal:directory_unit", args=[999999])).status_code == 404
