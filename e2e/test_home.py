"""The first thing a commune officer sees: a Vietnamese home page, the login one click away."""

import pytest

from cdtt.accounts.models import Role
from cdtt.factories import PASSWORD, make_tree, make_user
from e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_is_vietnamese_and_login_is_one_click_away(page):
    tree = make_tree()
    make_user(Role.COMMUNE, tree["commune"], "can-bo-xa", phone="0987654321")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "Tổ công nghệ số cộng đồng"
    page.get_by_role("link", name="Đăng nhập").first.click()
    assert page.locator("h1").inner_text() == "Đăng nhập"
    log_in(page, "0987 654 321", PASSWORD)
    page.get_by_role("link", name="Đơn vị").first.click()
    assert page.locator("h1").inner_text() == "Xã Mường Mùn Thử"
    assert "Bản Huổi Lóng" in page.locator("#children").inner_text()
