"""Nhờ hỗ trợ end to end: a resident asks, the leader assigns, the member resolves, the
resident rates with the code; the rating shows on the team's help-request page. And a
member's half-typed note survives the end of the session (the browser's clock is driven)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from cdtt.accounts.models import Role
from cdtt.factories import PASSWORD, make_tree, make_user
from cdtt.portal.actions.help_requests import assign, submit_help_request
from cdtt.portal.models import HelpRequest, HelpStatus
from cdtt.teams.models import Member, Membership, Team, TeamRole
from e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_page(browser, live_server):
    """Each person on their own phone: a fresh browser context per call."""
    contexts, violations = [], []

    def open_one():
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, base_url=live_server.url
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
        )
        return page

    yield open_one
    for context in contexts:
        context.close()
    assert violations == []


def make_village_team():
    tree = make_tree()
    leader_user = make_user(Role.LEADER, tree["village"], "to-truong", phone="0912345678")
    member_user = make_user(Role.MEMBER, tree["village"], "thanh-vien")
    team = Team.objects.create(unit=tree["village"])
    for name, role, user in [
        ("Quàng Văn Piếng", TeamRole.LEADER, leader_user),
        ("Lường Thị Mai", TeamRole.MEMBER, member_user),
    ]:
        member = Member.objects.create(full_name=name, user=user)
        Membership.objects.create(team=team, member=member, role=role, start=date(2024, 1, 1))
    return tree, leader_user, member_user


def test_ask_assign_resolve_rate(open_page):
    make_village_team()

    # The resident finds the village by plain links and asks.
    resident = open_page()
    resident.goto("/")
    resident.click("a[href='/help/']")
    resident.get_by_role("link", name="Tỉnh Điện Biên Thử").click()
    resident.get_by_role("link", name="Xã Mường Mùn Thử").click()
    resident.get_by_role("link", name="Bản Huổi Lóng").click()
    resident.fill("#id_name", "Lò Thị Hoa")
    resident.fill("#id_phone", "0912 345 679")
    resident.select_option("#id_topic", "vneid")
    resident.fill("#id_need", "Nhờ kích hoạt VNeID mức 2 cho mẹ tôi.")
    resident.click(".portal-help-form button[type=submit]")
    code = resident.locator(".portal-code").get_attribute("data-code")
    assert code and len(code) == 8
    expect(resident.locator(".portal-state")).to_have_attribute("data-status", "new")

    # The leader assigns a member.
    leader = open_page()
    log_in(leader, "to-truong", PASSWORD)
    leader.goto("/help/queue/")
    card = leader.locator(f".portal-help-card[data-code='{code}']")
    expect(card).to_contain_text("Lò Thị Hoa")
    card.locator("select").select_option(label="Lường Thị Mai")
    card.locator("form[action='/help/queue/assign/'] button").click()
    expect(leader.locator(f".portal-help-card[data-code='{code}']")).to_contain_text(
        "Lường Thị Mai"
    )

    # The member marks it done.
    member = open_page()
    log_in(member, "thanh-vien", PASSWORD)
    member.goto("/help/queue/")
    card = member.locator(f".portal-help-card[data-code='{code}']")
    card.locator("textarea").fill("Đã kích hoạt tại nhà, hướng dẫn cả cách đăng nhập.")
    card.locator("form[action='/help/queue/done/'] button").click()
    expect(member.locator(f".portal-done-item[data-code='{code}']")).to_be_visible()

    # The resident follows with the code, typed the way people type it, and rates.
    resident.goto("/help/track/")
    resident.fill("#id_code", f"{code[:4].lower()} {code[4:].lower()}")
    resident.click("main form button[type=submit]")
    expect(resident.locator(".portal-state")).to_have_attribute("data-status", "done")
    resident.click("label[for=id_stars_0]")  # the fifth star
    resident.fill("#id_comment", "Em Mai hướng dẫn rất tận tình.")
    resident.click("main form[action$='/rate/'] button[type=submit]")
    expect(resident.locator(".portal-status")).to_contain_text("5/5")

    # The team's help-request page shows the rating.
    leader.goto("/help/queue/")
    done = leader.locator(f".portal-done-item[data-code='{code}']")
    expect(done.locator(".portal-help-rating")).to_have_attribute("data-rating", "5")
    expect(done).to_contain_text("Em Mai hướng dẫn rất tận tình.")


def test_a_half_typed_note_survives_the_end_of_the_session(open_page):
    from django.contrib.sessions.models import Session

    tree, leader_user, member_user = make_village_team()
    request = submit_help_request(
        village=tree["village"], name="Lò Thị Hoa", phone="0912345679", topic="vssid",
        need="Cài VssID",
    )  # fmt: skip
    assign(leader_user, request, Member.objects.get(user=member_user))
    note = "Đã cài VssID, đăng nhập bằng VNeID, xem được thẻ BHYT"

    page = open_page()
    log_in(page, "thanh-vien", PASSWORD)
    page.clock.install()
    page.goto("/help/queue/")
    card = page.locator(f".portal-help-card[data-code='{request.code}']")
    card.locator("textarea").fill(note)
    notice = page.locator("#session-notice")
    expect(notice).to_be_hidden()

    page.clock.fast_forward("29:05")  # a minute before the 30 idle minutes end
    expect(notice.locator("[data-part=warning]")).to_be_visible()
    page.click("[data-action=keep]")  # pings the keep-alive URL
    expect(notice).to_be_hidden()

    Session.objects.all().delete()  # the server ends the session meanwhile
    page.clock.fast_forward("30:05")
    expect(notice.locator("[data-part=expired]")).to_be_visible()
    card.locator("form[action='/help/queue/done/'] button").click()  # held: nothing is lost
    assert page.url.endswith("/help/queue/") and card.locator("textarea").input_value() == note
    page.click("[data-action=resume]")
    expect(notice.locator("[data-part=expired]")).to_be_visible()  # not logged in yet

    # Reloading lands on the login page; back on the queue, the note is put back.
    page.reload()
    assert "/accounts/login/" in page.url
    log_in(page, "thanh-vien", PASSWORD)
    page.goto("/help/queue/")
    textarea = page.locator(f".portal-help-card[data-code='{request.code}'] textarea")
    expect(textarea).to_have_value(note)

    # Or: log in again in another tab, come back and send.
    Session.objects.all().delete()
    page.clock.fast_forward("31:00")
    expect(notice.locator("[data-part=expired]")).to_be_visible()
    other_tab = page.context.new_page()
    log_in(other_tab, "thanh-vien", PASSWORD)
    other_tab.close()
    page.click("[data-action=resume]")
    expect(notice).to_be_hidden()
    page.locator(
        f".portal-help-card[data-code='{request.code}'] form[action='/help/queue/done/'] button"
    ).click()
    expect(page.locator(f".portal-done-item[data-code='{request.code}']")).to_be_visible()
    request.refresh_from_db()
    assert request.status == HelpStatus.DONE and request.done_note == note
    assert HelpRequest.objects.count() == 1
