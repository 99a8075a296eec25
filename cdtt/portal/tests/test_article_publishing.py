"""Officers publish news for their unit: sanitised, pictures shrunk, scoped to their subtree."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from cdtt.accounts.models import Role
from cdtt.factories import make_user
from cdtt.portal.models import Article

pytestmark = pytest.mark.django_db


def picture(width=3000, height=2000, kind="PNG") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (200, 40, 30)).save(buffer, kind)
    return SimpleUploadedFile(f"anh.{kind.lower()}", buffer.getvalue(), f"image/{kind.lower()}")


def write(client, unit, **fields):
    data = {"unit": unit.pk, "kind": "news", "title": "Ngày hội chuyển đổi số",
            "body": "Sáng nay, tổ đã hỗ trợ 120 người.\n\nXin cảm ơn bà con.",
            "is_published": "on", **fields}  # fmt: skip
    return client.post(reverse("portal:article_form"), data)


def test_a_commune_officer_publishes_with_a_shrunk_picture(client, tree, users):
    client.force_login(users[Role.COMMUNE])
    answer = write(client, tree["commune"], image=picture(), image_alt="Bà con xếp hàng")
    assert answer.status_code == 302
    article = Article.objects.get()
    assert article.author == users[Role.COMMUNE] and article.published_at is not None
    assert article.body == "<p>Sáng nay, tổ đã hỗ trợ 120 người.</p>\n\n<p>Xin cảm ơn bà con.</p>"
    assert article.image.name.endswith(".jpg")
    assert (article.image_width, article.image_height) == (1280, 853)
    with Image.open(article.image.path) as stored:
        assert stored.format == "JPEG" and max(stored.size) == 1280
    page = Client().get(reverse("portal:article", args=[article.pk])).content.decode()
    assert "Ngày hội chuyển đổi số" in page and 'width="1280"' in page


def test_a_file_that_is_not_a_picture_is_refused(client, tree, users):
    client.force_login(users[Role.COMMUNE])
    fake = SimpleUploadedFile("anh.png", b"<script>alert(1)</script>", "image/png")
    assert write(client, tree["commune"], image=fake).status_code == 400
    assert not Article.objects.exists()


def test_officers_publish_only_for_units_of_their_subtree(client, tree, users):
    client.force_login(users[Role.COMMUNE])
    assert write(client, tree["province"]).status_code == 400  # not a choice for a commune
    assert write(client, tree["sibling_commune"]).status_code == 400
    assert not Article.objects.exists()
    client.force_login(users[Role.PROVINCE])
    assert write(client, tree["sibling_commune"]).status_code == 302


def test_another_communes_article_cannot_be_edited(client, tree, users):
    client.force_login(users[Role.COMMUNE])
    write(client, tree["commune"])
    article = Article.objects.get()
    client.force_login(make_user(Role.COMMUNE, tree["sibling_commune"], "pu-nhung"))
    assert client.get(reverse("portal:article_form"), {"id": article.pk}).status_code == 404
    answer = client.post(
        reverse("portal:article_form") + f"?id={article.pk}",
        {"unit": tree["sibling_commune"].pk, "kind": "news", "title": "Sửa", "body": "x"},
    )
    assert answer.status_code == 404
    assert Article.objects.get().title == "Ngày hội chuyển đổi số"
    client.force_login(users[Role.LEADER])
    assert client.get(reverse("portal:article_form"), {"id": article.pk}).status_code == 403


def test_drafts_are_not_public(client, tree, users):
    client.force_login(users[Role.COMMUNE])
    write(client, tree["commune"], is_published="")
    article = Article.objects.get()
    assert article.published_at is None
    assert Client().get(reverse("portal:article", args=[article.pk])).status_code == 404
    assert "Ngày hội" not in Client().get(reverse("portal:news")).content.decode()


def test_pictures_are_served_and_nothing_else(client, tree, users):
    client.force_login(users[Role.COMMUNE])
    write(client, tree["commune"], image=picture(800, 600))
    url = Article.objects.get().image.url
    assert url.startswith("/media/portal/articles/")
    answer = Client().get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
    assert Client().get("/media/portal/../../cdtt.sqlite3.jpg").status_code == 404
    assert Client().get("/media/other/x.jpg").status_code == 404
