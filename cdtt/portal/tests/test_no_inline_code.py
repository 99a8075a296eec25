"""Every portal page works under a CSP without 'unsafe-inline': no inline script or style."""

import pytest
from django.test import Client
from django.urls import reverse

from cdtt.accounts.models import Role
from cdtt.portal.actions.help_requests import submit_help_request
from cdtt.portal.models import Comment

from .html import assert_inert, assert_no_inline_code

pytestmark = pytest.mark.django_db


def test_public_and_work_pages(client, tree, users, team, article):
    request = submit_help_request(
        village=tree["village"], name="A", phone="0912345679", topic="vneid", need="x"
    )
    Comment.objects.create(article=article, text="Ý kiến")
    public = [
        "/", reverse("portal:news"), reverse("portal:article", args=[article.pk]),
        reverse("portal:directory"), reverse("portal:directory_unit", args=[tree["village"].pk]),
        reverse("portal:guides"), reverse("portal:guide", args=["nhan-biet-lua-dao"]),
        reverse("portal:help_ask"), reverse("portal:help_ask") + f"?unit={tree['village'].pk}",
        reverse("portal:help_track"), reverse("portal:help_status", args=[request.code]),
    ]  # fmt: skip
    for url in public:
        answer = Client().get(url)
        assert answer.status_code == 200, url
        assert_no_inline_code(answer.content.decode())
        assert_inert(answer.content.decode())
    client.force_login(users[Role.COMMUNE])
    for url in [
        "portal:help_queue",
        "portal:news_manage",
        "portal:article_form",
        "portal:moderation",
    ]:
        answer = client.get(reverse(url))
        assert answer.status_code == 200, url
        assert_no_inline_code(answer.content.decode())
