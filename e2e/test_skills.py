"""Members who can guide, in headless Chromium at 360 px: a member reads a guide with no
network (after one visit), passes its check and her level changes; a leader confirms
"hướng dẫn được" for another member; the commune dashboard's "tasks no one in the team can
guide" changes accordingly. Also what a guide page costs to download."""

import gzip
import os
from datetime import date

import pytest
from playwright.sync_api import expect

from cdtt.accounts.models import Role
from cdtt.activities.tests.catalog import seed_catalog
from cdtt.factories import PASSWORD, make_member, make_team, make_tree, make_user
from cdtt.skills.catalogue import seed_catalogue
from cdtt.skills.models import Level, SkillLevel, Task
from e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BUDGET = 100 * 1024  # bytes, the aim for a guide page with its pictures
LEARNED, CONFIRMED = "vneid-muc-2", "vssid-the-bhyt"


def a_team() -> dict:
    seed_catalog()
    seed_catalogue()
    # Two tasks in use, so that the dashboard's list says plainly what changed.
    Task.objects.exclude(code__in=[LEARNED, CONFIRMED]).update(is_active=False)
    tree = make_tree()
    team = make_team(tree["village"])
    mai = make_member(
        "Lò Thị Mai", team, user=make_user(Role.MEMBER, tree["village"], "mai"),
        start=date(2024, 1, 1),
    )  # fmt: skip
    lan = make_member("Quàng Văn Lan", team, start=date(2024, 1, 1))
    make_member(
        "Lường Văn Trưởng", team, role="leader", start=date(2024, 1, 1),
        user=make_user(Role.LEADER, tree["village"], "truong"),
    )  # fmt: skip
    make_user(Role.COMMUNE, tree["commune"], "xa")
    return {"tree": tree, "team": team, "mai": mai, "lan": lan}


def log_out(page) -> None:
    with page.expect_navigation():
        page.click("[data-logout] button")
    page.wait_for_load_state()


def unguided(page) -> str:
    return page.locator("#skills-unguided").inner_text()


def test_learn_offline_pass_the_check_confirm_and_the_dashboard_follows(page, tmp_path):
    found = a_team()
    # The commune officer's dashboard first: nobody in the team can guide either task.
    log_in(page, "xa", PASSWORD)
    page.click("nav >> text=Theo dõi, đánh giá")
    page.click("#skills summary")  # the matrix opens
    assert "Bản Huổi Lóng" in unguided(page) and "2 việc" in unguided(page)
    log_out(page)

    # The member: from her home to the guide, once with network.
    log_in(page, "mai", PASSWORD)
    page.click("nav >> text=Kỹ năng")
    page.click(f"#task-{LEARNED} >> text=Học")
    page.wait_for_function(
        "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)"
    )
    page.wait_for_selector("html[data-offline-ready]", state="attached")
    expect(page.locator("#skills-level")).to_contain_text("Chưa biết")

    page.context.set_offline(True)
    page.reload()  # no network: the service worker serves the guide kept on the phone
    expect(page.locator("h1")).to_have_text("Kích hoạt tài khoản định danh điện tử mức 2")
    expect(page.locator(".portal-steps li")).to_have_count(5)
    expect(page.locator("[data-offline-note]")).to_be_visible()
    task = Task.objects.get(code=LEARNED)
    for question in task.questions.all():  # answered while offline, sent once back online
        page.check(f"input[name=q{question.pk}][value='{question.answer}']")
    shots = os.environ.get("CDTT_SCREENSHOT_DIR") or str(tmp_path)
    page.screenshot(path=os.path.join(shots, "guide-offline-360.png"), full_page=True)
    page.context.set_offline(False)
    page.click("#check button[type=submit]")
    expect(page.locator("#skills-level")).to_contain_text("Tự làm được")
    assert SkillLevel.objects.get(member=found["mai"], task=task).level == Level.CAN_DO
    page.click("text=Về trang kỹ năng của tôi")
    expect(page.locator(f"#task-{LEARNED} .skills-level")).to_contain_text("Tự làm được")
    log_out(page)

    # The leader confirms that Lan can guide the VssID health-insurance card.
    log_in(page, "truong", PASSWORD)
    page.click("nav >> text=Kỹ năng")
    page.click("text=Kỹ năng của tổ Bản Huổi Lóng")
    page.click("text=Quàng Văn Lan")
    page.click(f"#task-{CONFIRMED} >> text=Xác nhận: hướng dẫn được")
    expect(page.locator(f"#task-{CONFIRMED} .skills-level")).to_contain_text("✓")
    level = SkillLevel.objects.get(member=found["lan"], task__code=CONFIRMED)
    assert level.confirmed_by.username == "truong"
    log_out(page)

    # The commune's dashboard: one task left that nobody in the team can guide.
    log_in(page, "xa", PASSWORD)
    page.click("nav >> text=Theo dõi, đánh giá")
    text = unguided(page)
    assert "1 việc" in text and "2 việc" not in text
    page.click("#skills-unguided summary")
    expect(page.locator("#skills-unguided")).to_contain_text("Kích hoạt tài khoản định danh")
    expect(page.locator("#skills-unguided")).not_to_contain_text("Thẻ bảo hiểm y tế điện tử")
    page.locator("#skills").screenshot(path=os.path.join(shots, "dashboard-skills-360.png"))


def test_a_guide_page_is_light_on_the_wire(page):
    """Every body a guide page downloads on a first visit (Resource Timing), with the picture
    of its first step (as the demo illustrates the skills guides). The test server does not
    compress; production does (whitenoise's .gz files, nginx's gzip), so the wire is counted
    as the bodies compressed with gzip, pictures as they are."""
    from cdtt.demo.portal import _picture, _upload
    from cdtt.portal.models import GuideStep

    a_team()
    step = GuideStep.objects.get(guide__slug=LEARNED, position=1)
    step.image = _upload(_picture(1, step.title, (179, 38, 30)), "buoc.png")
    step.save()
    log_in(page, "mai", PASSWORD)
    page.evaluate("() => performance.clearResourceTimings()")
    bodies = {}
    page.on("response", lambda r: bodies.__setitem__(r.url, r))
    page.goto(f"/skills/learn/{LEARNED}/")
    page.wait_for_load_state("networkidle")
    entries = page.evaluate(
        """() => performance.getEntriesByType('navigation')
                   .concat(performance.getEntriesByType('resource'))
                   .map(e => e.name)"""
    )
    total = wire = 0
    print(f"\nGuide page, first visit: {len(entries)} downloads")
    for url in entries:
        body = bodies[url].body()
        packed = len(body) if url.endswith((".jpg", ".png")) else len(gzip.compress(body))
        total, wire = total + len(body), wire + packed
        print(f"  {len(body):>7} {packed:>7}  {url.split('//', 1)[-1].split('/', 1)[-1]}")
    print(f"  {total:>7} {wire:>7}  in all (bodies, on the wire)")
    assert any(url.endswith(".jpg") for url in entries)  # the picture was downloaded
    assert wire < BUDGET
