"""Accounts for a team's members, as the demo commune officer and a member do it in Chromium:
issue from the team page, print the slips (each QR code decoded from the picture the
browser draws), then a member on a 360 px phone activates with a slip's code, chooses a
password, lands on the entry page and records an activity; the same code again is refused.
"""

import io

import pytest
import zxingcpp
from PIL import Image

from cdtt.accounts import codes
from cdtt.accounts.models import ActivationCode, User
from cdtt.activities.models import Activity
from cdtt.demo.accounts import demo_units, seed_accounts, seed_member_accounts
from cdtt.demo.members import seed_members
from cdtt.demo.places import COMMUNE_CODES, PROVINCE_CODE, seed_places
from cdtt.factories import make_unit
from cdtt.orgunits.models import Level
from cdtt.teams.member_accounts import count_accounts
from cdtt.teams.models import Team
from e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "ban-cua-toi-2026"


def demo_district() -> None:
    province = make_unit("Tỉnh Điện Biên", Level.PROVINCE, code=PROVINCE_CODE)
    for number, code in enumerate(COMMUNE_CODES):
        make_unit(f"Xã {number}", Level.COMMUNE, province, code=code)
    communes = seed_places(2024)
    seed_accounts()
    seed_members(2024, communes)
    seed_member_accounts()


def decode(element) -> str:
    """What a phone's camera reads from the QR code the browser drew."""
    picture = Image.open(io.BytesIO(element.screenshot()))
    found = zxingcpp.read_barcodes(picture)
    assert len(found) == 1, "one QR code per slip"
    return found[0].text


def test_a_commune_issues_a_team_its_accounts_and_a_member_activates_hers(
    browser, live_server, settings
):
    from cdtt.activities.tests.catalog import seed_catalog

    seed_catalog()
    demo_district()
    settings.SITE_URL = live_server.url  # the address printed on the slips
    village = demo_units()["leader"]
    team = Team.objects.get(unit=village)
    (before,) = count_accounts([team])
    assert before.to_issue > 0

    office = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = office.new_page()
    page.set_default_timeout(15_000)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Security Policy" in m.text else 0)
    log_in(page, "demo-commune", settings.DEMO_PASSWORD)
    page.click("nav a[href='/teams/']")
    page.click(f"a[href='/teams/unit/{village.pk}/'], a[href='/teams/{team.pk}/']")
    page.click(f"a[href^='/teams/accounts/{village.pk}/']")
    assert page.locator(f"input[name=team][value='{team.pk}']").is_checked()
    page.click("main form button[type=submit]:not([name=all])")
    page.wait_for_selector("a.button[href^='/accounts/slips/']")
    page.click("a.button[href^='/accounts/slips/']")
    page.wait_for_load_state()

    slips = page.locator("article.slip")
    batch = page.url.rstrip("/").split("/")[-1]
    assert slips.count() == before.to_issue == ActivationCode.objects.filter(batch=batch).count()
    printed = []
    for index in range(slips.count()):
        slip = slips.nth(index)
        phone = slip.locator(".slip-phone").inner_text().strip()
        code = codes.clean(slip.locator(".slip-code").inner_text())
        assert decode(slip.locator(".slip-qr svg")) == codes.address(code)
        match = codes.find(phone, code)
        assert match.refusal == "" and match.code.batch == batch
        printed.append((phone, code, slip.locator(".slip-name").inner_text()))
    assert not violations
    office.close()

    phone, code, name = printed[0]
    member = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
    mobile = member.new_page()
    mobile.set_default_timeout(15_000)
    mobile.goto(codes.address(code))  # as the phone's camera opens it
    assert mobile.input_value("input[name=code]") == code
    mobile.fill("input[name=phone]", f"{phone[:4]} {phone[4:7]} {phone[7:]}")
    mobile.click("main form button[type=submit]")
    mobile.wait_for_load_state()
    assert name in mobile.locator("main").inner_text()
    mobile.fill("input[name=password]", NEW_PASSWORD)
    mobile.fill("input[name=password_again]", NEW_PASSWORD)
    mobile.click("main form button[type=submit]")
    mobile.wait_for_url("**/activities/")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 360
    user = User.objects.get(phone=phone)
    assert user.check_password(NEW_PASSWORD)
    mobile.click("button[value=vneid_level2]")
    for _wait in range(100):
        if Activity.objects.filter(member__user=user).exists():
            break
        mobile.wait_for_timeout(100)
    assert Activity.objects.filter(member__user=user, type__code="vneid_level2").count() == 1

    # The same code again, on another phone: refused.
    other = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
    again = other.new_page()
    again.goto(codes.address(code))
    again.fill("input[name=phone]", phone)
    again.click("main form button[type=submit]")
    again.wait_for_load_state()
    assert "Mã này đã được dùng" in again.locator("main").inner_text()
    other.close()
    member.close()
