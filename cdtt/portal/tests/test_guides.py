"""The five guides come with the database; administrators edit them with pictures."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from cdtt.accounts.models import Role
from cdtt.portal.admin import GuideStepForm
from cdtt.portal.models import Guide

pytestmark = pytest.mark.django_db

SLUGS = [
    "kich-hoat-vneid-muc-2",
    "vssid-bao-hiem-xa-hoi-so",
    "dich-vu-cong-truc-tuyen",
    "thanh-toan-khong-dung-tien-mat",
    "nhan-biet-lua-dao",
]


def test_the_five_guides_are_there_step_by_step():
    residents = Guide.objects.filter(tasks__isnull=True)  # the members' guides: cdtt.skills
    assert list(residents.values_list("slug", flat=True)) == SLUGS
    assert all(guide.steps.count() >= 5 for guide in residents)
    page = Client().get(reverse("portal:guide", args=["kich-hoat-vneid-muc-2"])).content.decode()
    assert "Kích hoạt tài khoản định danh điện tử" in page
    assert page.count('<li class="card">') == 6
    assert "Không đọc mã này cho bất kỳ ai" in page


def test_unpublished_guides_are_hidden():
    Guide.objects.filter(slug="nhan-biet-lua-dao").update(is_published=False)
    assert Client().get(reverse("portal:guide", args=["nhan-biet-lua-dao"])).status_code == 404
    assert "nhan-biet-lua-dao" not in Client().get(reverse("portal:guides")).content.decode()


def test_a_step_picture_is_shrunk_when_an_administrator_uploads_it():
    buffer = BytesIO()
    Image.new("RGBA", (1080, 2400), (0, 90, 180, 255)).save(buffer, "PNG")
    upload = SimpleUploadedFile("man-hinh.png", buffer.getvalue(), "image/png")
    form = GuideStepForm(
        {"position": 7, "title": "Bước thêm", "text": "", "image_alt": "Màn hình"},
        {"image": upload},
    )
    assert form.is_valid(), form.errors
    step = form.save(commit=False)
    step.guide = Guide.objects.first()
    step.save()
    assert step.image.name.endswith(".jpg") and (step.image_width, step.image_height) == (576, 1280)


def test_administrators_edit_guides_in_the_admin(client, users):
    client.force_login(users[Role.ADMIN])
    guide = Guide.objects.first()
    answer = client.get(reverse("admin:portal_guide_change", args=[guide.pk]))
    assert answer.status_code == 200 and "Cài ứng dụng VNeID" in answer.content.decode()
