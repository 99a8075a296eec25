"""A help session from planning to results, in headless Chromium: the leader plans a Sunday
session every week; residents find it on the public home page and print its poster; two
members sign up from their homes and are reminded once; at the session one member records
the results for both with no network, with a photo shrunk on her phone, and they are stored
once when the network returns; the photo shows on the session's page to the team only."""

import gzip
import os
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from cdtt.accounts.models import Role
from cdtt.activities.models import Activity, ActivityType
from cdtt.activities.tests.catalog import seed_catalog
from cdtt.factories import PASSWORD, make_member, make_team, make_tree, make_user
from cdtt.helpsessions.actions.photos import MAX_PHOTO_BYTES
from cdtt.helpsessions.models import Seat, Session, SessionPhoto
from cdtt.helpsessions.reminders import send_reminders
from cdtt.notify.models import Notification
from cdtt.teams.models import Affiliation, TeamRole
from e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PAGE_BUDGET = 60 * 1024  # bytes on the wire for the public session page
A4 = {"width": 794, "height": 1123}  # CSS pixels of an A4 sheet at 96 dpi


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def camera_photo() -> bytes:
    """A 12-megapixel JPEG as a phone's camera writes it: larger than the server takes, so
    only the copy shrunk on the phone can be stored."""
    light = Image.linear_gradient("L").resize((4000, 3000))
    grain = Image.effect_noise((4000, 3000), 40)
    picture = Image.merge("RGB", (light, grain, light.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    out = BytesIO()
    picture.save(out, "JPEG", quality=92)
    assert out.tell() > MAX_PHOTO_BYTES
    return out.getvalue()


def shots() -> Path:
    folder = Path(os.environ.get("CDTT_SCREENSHOTS", "/tmp/cdtt-e2e-shots"))  # noqa: S108
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def a_team():
    seed_catalog()
    tree = make_tree()
    team = make_team(tree["village"])
    leader = make_user(Role.LEADER, tree["village"], "to-truong", last_name="Lò Văn",
                       first_name="Thanh")  # fmt: skip
    make_member("Lò Văn Thanh", team, role=TeamRole.LEADER, user=leader)
    users = {}
    for username, name in (("lan", "Quàng Thị Lan"), ("minh", "Lường Văn Minh")):
        users[username] = make_user(Role.MEMBER, tree["village"], username)
        make_member(name, team, user=users[username], affiliation=Affiliation.YOUTH_UNION)
    return tree, users


def sign_up_from_home(browser, live_server, username: str, place: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
    page = context.new_page()
    log_in(page, username, PASSWORD)
    assert page.url.endswith("/activities/")  # a member's home: the entry page
    card = page.locator(".open-sessions")
    expect(card).to_contain_text(place)
    card.locator("button", has_text="Đăng ký").first.click()
    expect(page.locator(".open-sessions")).to_contain_text("Đã đăng ký")
    context.close()


def session_page_weight(browser, live_server, pk: int) -> int:
    """Bytes on the wire of a first visit to the session's page (a resident scanning the
    poster: empty cache). The test server does not compress; in production the proxy gzips
    the page and whitenoise serves the static files gzipped, so each body is counted as gzip
    makes it, plus its response headers."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
    page = context.new_page()
    page.goto(f"/sessions/{pk}/")
    page.wait_for_load_state("networkidle")
    names = page.evaluate(
        """() => performance.getEntriesByType('navigation')
                   .concat(performance.getEntriesByType('resource')).map(e => e.name)"""
    )
    total, plain = 0, 0
    for name in names:
        answer = page.request.get(name)
        body = answer.body()
        headers = sum(len(k) + len(v) + 4 for k, v in answer.headers.items())
        plain += len(body) + headers
        total += len(gzip.compress(body)) + headers
    context.close()
    print(f"\nSession page, first visit: {total} bytes gzipped ({plain} uncompressed), "
          f"{len(names)} downloads")  # fmt: skip
    return total


def test_a_sunday_session_from_plan_to_results(page, browser, live_server):
    tree, users = a_team()
    place = "Nhà văn hóa bản Huổi Lóng"

    # The leader plans it from his to-do: every Sunday morning, four weeks.
    log_in(page, "to-truong", PASSWORD)
    page.click("text=Lập kế hoạch buổi hướng dẫn")
    page.fill("input[name=place]", place)
    page.fill("input[name=address]", "Bản Huổi Lóng, xã Mường Mùn")
    vneid = ActivityType.objects.get(code="vneid_level2")
    page.check(f"input[name=types][value='{vneid.pk}']")
    page.fill("input[name=weeks]", "4")
    page.click("form.plan-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text(place)
    sessions = list(Session.objects.order_by("date"))
    assert len(sessions) == 4 and all(s.date.weekday() == 6 for s in sessions)
    first = sessions[0]

    # Residents, no account: the public home page, the session's page, the poster.
    visitor = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
    public = visitor.new_page()
    public.goto("/")
    public.locator(".upcoming-sessions a").first.click()
    expect(public.locator("h1")).to_contain_text(place)
    expect(public.locator(".loudspeaker")).to_contain_text("Thông báo:")
    public.wait_for_load_state("networkidle")
    assert session_page_weight(browser, live_server, first.pk) < PAGE_BUDGET
    public.screenshot(path=str(shots() / "session-360.png"), full_page=True)
    public.click("text=Thông báo để in (A4)")
    expect(public.locator("svg.qr")).to_be_visible()
    public.screenshot(path=str(shots() / "poster-360.png"), full_page=True)
    public.set_viewport_size(A4)
    public.emulate_media(media="print")
    public.screenshot(path=str(shots() / "poster-a4.png"), full_page=True)
    visitor.close()

    # Two members sign up from their homes; the day before, each is reminded once.
    for username in ("lan", "minh"):
        sign_up_from_home(browser, live_server, username, place)
    assert Seat.objects.filter(session=first).count() == 2
    page.goto(f"/sessions/{first.pk}/")
    expect(page.locator("#staff-title")).to_contain_text("2/3")
    for _ in range(2):  # the periodic task may run twice
        send_reminders(first.date - timedelta(days=1))
    for user in users.values():
        assert Notification.objects.filter(user=user).count() == 1

    # The Sunday comes. Lan records the results for both, with no network.
    Session.objects.filter(pk=first.pk).update(date=timezone.localdate())
    lan = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
    phone = lan.new_page()
    log_in(phone, "lan", PASSWORD)
    phone.locator(".open-sessions a", has_text=place).first.click()
    phone.click("text=Ghi kết quả")
    expect(phone.locator("h1")).to_contain_text("Kết quả buổi hướng dẫn")
    uploads: list[int] = []  # bytes of each photo sent over the network
    phone.on(
        "request",
        lambda r: uploads.append(len(r.post_data_buffer or b"")) if "/photos/" in r.url else None,
    )
    lan.set_offline(True)
    phone.fill(f"input[name='{vneid.code}-people_helped']", "23")
    phone.fill(f"input[name='{vneid.code}-women']", "12")
    original = camera_photo()
    phone.set_input_files(
        "#session-photos", files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg",
                                   "buffer": original}]
    )  # fmt: skip
    phone.click("form.session-results button[type=submit]")
    expect(phone.locator("#results-status")).to_contain_text("Không có mạng")
    expect(phone.locator("#photos-status")).to_contain_text("Không có mạng: ảnh được lưu")
    assert Activity.objects.count() == 0 and SessionPhoto.objects.count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(shots() / "results-offline-360.png"), full_page=True)
    lan.set_offline(False)  # the 'online' event sends the queue
    expect(phone.locator("#results-status")).to_contain_text("Đã ghi kết quả", timeout=30_000)
    expect(phone.locator("#photos-status")).to_contain_text("Đã gửi ảnh", timeout=30_000)
    phone.evaluate("window.dispatchEvent(new Event('online'))")  # a second sync: nothing more
    phone.wait_for_load_state("networkidle")
    (photo,) = SessionPhoto.objects.all()  # stored once
    assert uploads and max(uploads) < len(original) // 4  # shrunk on the phone
    stored = Path(photo.image.path)
    assert stored.stat().st_size < len(original) // 4
    with Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (1280, 960)
    shares = sorted(
        Activity.objects.values_list("member__full_name", "people_helped", "women", "source")
    )
    assert shares == [
        ("Lường Văn Minh", 11, 6, "offline"),
        ("Quàng Thị Lan", 12, 6, "offline"),
    ]  # 23 residents counted once, shared 12 + 11 between the two who gave the help
    assert Session.objects.get(pk=first.pk).status == "held"

    # The photo is on the session's page for the team; residents never see it.
    phone.goto(f"/sessions/{first.pk}/")
    shown = phone.locator(".session-photos img")
    expect(shown).to_have_count(1)
    shown.scroll_into_view_if_needed()
    phone.wait_for_function("document.querySelector('.session-photos img').naturalWidth === 1280")
    phone.screenshot(path=str(shots() / "session-photos-360.png"), full_page=True)
    lan.close()
    resident = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
    public = resident.new_page()
    public.goto(f"/sessions/{first.pk}/")
    expect(public.locator("h1")).to_contain_text(place)
    expect(public.locator(".session-photos")).to_have_count(0)
    answer = public.request.get(f"/sessions/{first.pk}/photos/{photo.pk}/", max_redirects=0)
    assert answer.status == 302  # to the login page: no address serves it to residents
    resident.close()
