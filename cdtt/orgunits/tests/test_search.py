"""Finding units: accents and case ignored, codes typed with or without the leading zero."""

import pytest

from cdtt.accounts.models import Role
from cdtt.factories import make_unit, make_user
from cdtt.orgunits.loading import load_units
from cdtt.orgunits.models import Level, OrgUnit, normalize_code

pytestmark = pytest.mark.django_db


def test_normalize_code_accepts_commune_codes_with_or_without_leading_zero():
    assert normalize_code("3268") == normalize_code("03268") == normalize_code(3268) == "03268"
    assert normalize_code(3268.0) == "03268"
    assert normalize_code("11", Level.PROVINCE) == normalize_code("11", Level.PROVINCE) == "11"
    assert normalize_code(" 03268 ") == "03268"


def test_api_search_finds_muong_mun_without_accents(client):
    load_units()
    client.force_login(make_user(Role.ADMIN, None))
    for query in ["muong mun", "MƯỜNG MÙN", "Muong  Mun", "3268", "03268"]:
        names = [u["name"] for u in client.get("/api/v1/orgunits/", {"q": query}).json()["results"]]
        assert "Xã Mường Mùn" in names, query
    by_code = client.get("/api/v1/orgunits/", {"code": "3268"}).json()
    assert [u["name"] for u in by_code["results"]] == ["Xã Mường Mùn"]


def test_d_stroke_folds_to_d():
    load_units()
    assert OrgUnit.objects.search("dien bien").filter(name="Điện Biên").exists()


def test_api_filters_by_parent_and_level_in_vietnamese_order(client):
    province = make_unit("Tỉnh Thử", Level.PROVINCE)
    for name in ["Xã Đông", "Xã Dương", "Xã Ân", "Xã An", "Xã Ăn", "Xã Bản"]:
        make_unit(name, Level.COMMUNE, province)
    client.force_login(make_user(Role.PROVINCE, province))
    answer = client.get("/api/v1/orgunits/", {"parent": province.pk, "level": "commune"}).json()
    assert [u["name"] for u in answer["results"]] == [
        "Xã An", "Xã Ăn", "Xã Ân", "Xã Bản", "Xã Dương", "Xã Đông",
    ]  # fmt: skip
    assert answer["count"] == 6


def test_unit_page_lists_children_in_vietnamese_order_and_searches(client, tree, users):
    from cdtt.orgunits.models import Kind

    for name in ["Bản Ảng", "Bản Ăn Ca", "Thôn Đông", "Thôn Dương"]:
        make_unit(name, Level.VILLAGE, tree["commune"], kind=Kind.THON)
    client.force_login(users[Role.COMMUNE])
    page = client.get(f"/units/{tree['commune'].pk}/").content.decode()
    order = ["Bản Ảng", "Bản Ăn Ca", "Bản Huổi Lóng", "Bản Nà Sáy", "Thôn Dương", "Thôn Đông"]
    positions = [page.index(name) for name in order]
    assert positions == sorted(positions)
    found = client.get(f"/units/{tree['commune'].pk}/", {"q": "thon dong"}).content.decode()
    assert "Thôn Đông" in found and "Bản Nà Sáy" not in found
