"""A session's photos: at most two, stored once per client UUID, re-encoded by the server
(a JPEG within 1280 px, without EXIF), refused with a message when they cannot be taken, and
seen only inside the app by those who read the session."""

import uuid
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from cdtt.accounts.models import Role
from cdtt.audit.models import AuditEntry
from cdtt.factories import make_member, make_team, make_user
from cdtt.helpsessions import actions
from cdtt.helpsessions.actions import photos
from cdtt.helpsessions.models import Session, SessionPhoto
from cdtt.helpsessions.rules import SessionError, SessionForbidden

pytestmark = pytest.mark.django_db
MAKE = 0x010F  # EXIF tag: the camera's maker
GPS = 0x8825  # EXIF tag: where the photo was taken


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def held(crew, planned):
    """Today's session, Lan signed up on it (she may record its results; Minh may not)."""
    Session.objects.filter(pk=planned.pk).update(date=timezone.localdate())
    planned.refresh_from_db()
    actions.sign_up(crew["lan_user"], planned)
    return planned


def phone_photo(width: int = 4000, height: int = 3000, kind: str = "JPEG") -> bytes:
    """A large picture as a phone takes it, with EXIF naming the phone and the place."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    exif = Image.Exif()
    exif[MAKE] = "Cheap Phone"
    exif[GPS] = {1: "N", 2: (21.0, 23.0, 10.0)}
    out = BytesIO()
    image.save(out, kind, exif=exif.tobytes())
    return out.getvalue()


def upload(content: bytes | None = None, name: str = "IMG_0001.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, phone_photo() if content is None else content, "image/jpeg")


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def send(user, session, client_id=None, content=None):
    return api(user).post(
        f"/api/v1/sessions/{session.pk}/photos/",
        {"id": str(client_id or uuid.uuid4()), "image": upload(content)},
        format="multipart",
    )


def test_a_photo_sent_twice_under_one_id_is_stored_once(crew, held):
    client_id = uuid.uuid4()
    first = send(crew["lan_user"], held, client_id)
    assert first.status_code == 201, first.json()
    again = send(crew["lan_user"], held, client_id)
    assert again.status_code == 200
    assert again.json()["pk"] == first.json()["pk"]
    assert SessionPhoto.objects.count() == 1
    photo = SessionPhoto.objects.get()
    assert (photo.uploaded_by, photo.uuid) == (crew["lan_user"], client_id)
    assert AuditEntry.objects.filter(action="session_photo_added").count() == 1
    listed = api(crew["leader"]).get(f"/api/v1/sessions/{held.pk}/").json()
    assert [p["id"] for p in listed["photos"]] == [str(client_id)]


def test_the_third_photo_is_refused_with_a_message(crew, held):
    for _ in range(2):
        assert send(crew["lan_user"], held).status_code == 201
    third = send(crew["leader"], held)
    assert third.status_code == 400
    assert third.json() == {
        "image": [
            "Mỗi buổi hướng dẫn chỉ giữ tối đa 2 ảnh: "
            "hãy xóa bớt một ảnh trên trang của buổi trước."
        ]
    }
    assert SessionPhoto.objects.count() == 2


def test_a_file_that_is_not_a_picture_or_too_large_is_refused(crew, held, monkeypatch):
    text = send(crew["lan_user"], held, content=b"%PDF-1.4 not a picture")
    assert text.status_code == 400
    assert text.json() == {"image": ["Tệp này không phải ảnh đọc được."]}
    monkeypatch.setattr(photos, "MAX_PHOTO_BYTES", 1024 * 1024)
    big = send(crew["lan_user"], held, content=b"\xff\xd8" + bytes(1024 * 1024))
    assert big.status_code == 400
    assert big.json() == {"image": ["Ảnh này quá lớn: tối đa 1 MB."]}
    assert SessionPhoto.objects.count() == 0
    assert not list(held.photos.all())


def test_before_the_day_or_by_one_not_on_the_session_it_is_refused(crew, planned):
    actions.sign_up(crew["lan_user"], planned)
    with pytest.raises(SessionError) as early:
        photos.add_photo(crew["lan_user"], planned, upload(), uuid.uuid4())
    assert early.value.errors == {"date": ["Buổi hướng dẫn chưa diễn ra."]}
    with pytest.raises(SessionForbidden):
        photos.add_photo(crew["minh_user"], planned, upload(), uuid.uuid4())


def test_who_may_send_and_see_photos(crew, held, tree, client):
    # Minh is on the team but not on the session: he sees it, may not add to it (403).
    refused = send(crew["minh_user"], held)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Bạn không được thêm ảnh cho buổi hướng dẫn này."}
    photo = send(crew["lan_user"], held).json()
    address = f"/sessions/{held.pk}/photos/{photo['pk']}/"
    assert photo["url"] == address

    # A member of another village's team, and officers of another commune: 404 everywhere.
    cousin = make_team(tree["cousin_village"])
    outsider = make_user(Role.MEMBER, tree["cousin_village"], "outsider")
    make_member("Lò Thị Xa", cousin, user=outsider)
    neighbour = make_team(tree["sibling_village"])
    next_door = make_user(Role.MEMBER, tree["sibling_village"], "next-door")
    make_member("Cà Văn Bên", neighbour, user=next_door)
    stranger = make_user(Role.COMMUNE, tree["other_commune"], "stranger")
    for user in (outsider, next_door, stranger):
        assert send(user, held).status_code == 404
        client.force_login(user)
        assert client.get(address).status_code == 404
        assert client.get(f"/sessions/{held.pk}/").content.count(b"/photos/") == 0

    # The team and the officers over the session see it; nobody without an account.
    for user in (crew["minh_user"], crew["leader"], crew["officer"]):
        client.force_login(user)
        assert client.get(address).status_code == 200
        assert address.encode() in client.get(f"/sessions/{held.pk}/").content
    client.logout()
    assert client.get(address).status_code == 302  # to the login page
    public = client.get(f"/sessions/{held.pk}/").content
    assert b"/photos/" not in public
    assert client.get(f"/sessions/{held.pk}/poster/").content.count(b"/photos/") == 0
    stored = SessionPhoto.objects.get().image.name
    assert client.get(f"/media/{stored}").status_code == 404  # no public address


def test_the_stored_photo_is_a_small_jpeg_without_exif(crew, held, client):
    original = phone_photo(4000, 3000, "PNG")
    with Image.open(BytesIO(original)) as before:
        assert before.getexif()[MAKE] == "Cheap Phone"  # what must not be kept
    photo = send(crew["lan_user"], held, content=original).json()
    client.force_login(crew["leader"])
    served = client.get(photo["url"])
    assert served["Content-Type"] == "image/jpeg"
    assert "private" in served["Cache-Control"]
    body = b"".join(served.streaming_content)
    assert len(body) < len(original)
    with Image.open(BytesIO(body)) as image:
        assert image.format == "JPEG"
        assert max(image.size) <= 1280 and image.size == (1280, 960)
        assert not image.getexif() and "exif" not in image.info
    assert (photo["width"], photo["height"]) == (1280, 960)


def test_the_leader_or_the_sender_removes_a_photo_after_a_question(
    crew, held, client, media, django_capture_on_commit_callbacks
):
    actions.sign_up(crew["minh_user"], held)  # Minh may send photos, not remove Lan's
    pk = send(crew["lan_user"], held).json()["pk"]
    stored = media / SessionPhoto.objects.get().image.name
    assert stored.exists()
    ask = f"/sessions/{held.pk}/photos/{pk}/delete/"
    client.force_login(crew["minh_user"])
    assert client.get(ask).status_code == 403
    assert client.post(ask).status_code == 403
    detail = client.get(f"/sessions/{held.pk}/").content.decode()
    assert ask not in detail

    client.force_login(crew["leader"])
    assert ask in client.get(f"/sessions/{held.pk}/").content.decode()
    question = client.get(ask)
    assert "Xóa ảnh này? Xóa rồi thì không lấy lại được." in question.content.decode()
    assert SessionPhoto.objects.count() == 1  # asking removes nothing
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(ask)
    assert done.status_code == 302
    assert SessionPhoto.objects.count() == 0
    assert not stored.exists()
    assert AuditEntry.objects.filter(action="session_photo_removed").count() == 1

    mine = send(crew["lan_user"], held).json()["pk"]
    client.force_login(crew["lan_user"])
    assert client.post(f"/sessions/{held.pk}/photos/{mine}/delete/").status_code == 302
    assert SessionPhoto.objects.count() == 0


def test_the_results_form_without_script_takes_photos_too(crew, held, client):
    client.force_login(crew["lan_user"])
    page = client.get(f"/sessions/{held.pk}/results/").content.decode()
    assert 'accept="image/*"' in page and 'enctype="multipart/form-data"' in page
    assert "Ảnh (không bắt buộc, tối đa 2)" in page
    form = {
        "client_id": str(uuid.uuid4()),
        "vneid_level2-people_helped": "4",
        "vneid_level2-givers": [str(crew["lan"].pk)],
    }
    for _ in range(2):  # the form sent twice: its photo is stored once
        answer = client.post(f"/sessions/{held.pk}/results/", {**form, "photos": [upload()]})
        assert answer.status_code == 302
    assert SessionPhoto.objects.count() == 1
    assert SessionPhoto.objects.get().width == 1280
