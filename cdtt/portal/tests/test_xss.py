"""Every public field, and an officer's article, rendered inert whatever HTML is sent.

Each payload is posted in every field a visitor (or an officer, for articles) can fill;
then every page that shows the field is read as a browser would read it: no event
handler, no script URL, no script, svg or iframe of the payload may survive as markup.
"""

import pytest
from django.test import Client
from django.urls import reverse

from cdtt.accounts.models import Role
from cdtt.portal.actions.help_requests import assign, mark_done
from cdtt.portal.models import Article, Comment, HelpRequest
from cdtt.portal.sanitize import clean_html
from cdtt.teams.models import Member

from .html import assert_inert

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    '"><img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">bấm vào đây</a>',
    '<a href=" jav&#x09;ascript:alert(1)">x</a>',
    "<iframe src=javascript:alert(1)></iframe>",
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "'\"><script src=//evil.example/x.js></script>",
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    "<details open ontoggle=alert(1)>",
    '<input autofocus onfocus="alert(1)">',
    "{{ 7|add:7 }}{% now 'Y' %}",
    "<scr<script>ipt>alert(1)</script>",
]
IDS = [f"payload{n}" for n in range(len(PAYLOADS))]


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Each payload is sent many times from one address here; the limiter is tested apart."""
    settings.PORTAL_RATE_LIMITS = {
        action: (1000, 60)
        for action in ("comment", "rating", "help_request", "help_lookup", "help_rating")
    }


def assert_page_inert(page: str, payload: str) -> None:
    assert_inert(page)
    if "<" in payload:
        assert payload not in page  # never echoed as markup


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_comment(client, article, users, payload):
    public = Client()
    public.post(reverse("portal:article_comment", args=[article.pk]), {"text": payload})
    client.force_login(users[Role.COMMUNE])
    assert_page_inert(client.get(reverse("portal:moderation")).content.decode(), payload)
    for comment in Comment.objects.all():
        client.post(
            reverse("portal:comment_moderate"), {"comment": comment.pk, "decision": "approve"}
        )
    page = public.get(reverse("portal:article", args=[article.pk])).content.decode()
    assert_page_inert(page, payload)
    # Too long or empty after stripping: the form comes back with the text in it.
    answer = public.post(
        reverse("portal:article_comment", args=[article.pk]), {"text": payload * 80}
    )
    assert_page_inert(answer.content.decode(), payload)


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_help_request_fields(client, tree, users, team, payload):
    resident = Client()
    url = reverse("portal:help_ask") + f"?unit={tree['village'].pk}"
    good = {"name": "Lò Thị Hoa", "phone": "0912345679", "topic": "vneid", "need": "Kích hoạt"}
    for field in ("name", "need", "phone", "topic", "website"):
        answer = resident.post(url, {**good, field: payload})
        assert_page_inert(answer.content.decode(), payload)
    assert_page_inert(
        resident.get(url.replace(str(tree["village"].pk), payload)).content.decode(), payload
    )
    resident.post(url, {**good, "name": payload, "need": payload})
    help_request = HelpRequest.objects.latest("id")
    status = resident.get(reverse("portal:help_status", args=[help_request.code]))
    assert_page_inert(status.content.decode(), payload)

    client.force_login(users[Role.LEADER])
    assert_page_inert(client.get(reverse("portal:help_queue")).content.decode(), payload)
    helper = Member.objects.get(user=users[Role.MEMBER])
    assign(users[Role.LEADER], help_request, helper)
    mark_done(users[Role.MEMBER], help_request, payload)
    rating_url = reverse("portal:help_rate", args=[help_request.code])
    answer = resident.post(rating_url, {"stars": "9", "comment": payload})
    assert_page_inert(answer.content.decode(), payload)
    resident.post(rating_url, {"stars": "5", "comment": payload})
    help_request.refresh_from_db()
    assert help_request.rating == 5
    assert_page_inert(client.get(reverse("portal:help_queue")).content.decode(), payload)
    assert_page_inert(
        resident.get(reverse("portal:help_status", args=[help_request.code])).content.decode(),
        payload,
    )


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_lookup_and_search_fields(client, tree, payload):
    answer = client.get(reverse("portal:help_track"), {"code": payload})
    assert_page_inert(answer.content.decode(), payload)
    answer = client.get(
        reverse("portal:directory_unit", args=[tree["province"].pk]), {"q": payload}
    )
    assert_page_inert(answer.content.decode(), payload)


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_article_written_by_an_officer(client, tree, users, payload):
    client.force_login(users[Role.COMMUNE])
    answer = client.post(
        reverse("portal:article_form"),
        {
            "unit": tree["commune"].pk,
            "kind": "news",
            "title": f"Tin {payload}",
            "summary": payload,
            "body": f"<p>Đoạn đầu</p>{payload}<p>Đoạn cuối <b>đậm</b></p>",
            "image_alt": payload,
            "is_published": "on",
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    article = Article.objects.get()
    assert article.body.startswith("<p>Đoạn đầu</p>")  # the safe subset stays
    if "<style>" not in payload:  # an unclosed <style> swallows the rest, as in a browser
        assert article.body.endswith("<p>Đoạn cuối <b>đậm</b></p>")
    public = Client()
    for url in (
        reverse("portal:article", args=[article.pk]),
        reverse("portal:news"),
        reverse("portal:home"),
    ):
        assert_page_inert(public.get(url).content.decode(), payload)
    assert_page_inert(client.get(reverse("portal:news_manage")).content.decode(), payload)
    edit = client.get(reverse("portal:article_form"), {"id": article.pk})
    assert_page_inert(edit.content.decode(), payload)


def test_the_body_keeps_the_safe_subset_and_drops_the_rest():
    html = clean_html(
        '<h2 onclick="x()">Lịch</h2><p>Xem <a href="https://dichvucong.gov.vn" '
        'target="_blank">Cổng</a> <a href="javascript:alert(1)">x</a></p><script>x()</script>'
    )
    assert html == (
        '<h2>Lịch</h2><p>Xem <a href="https://dichvucong.gov.vn" '
        'rel="noopener noreferrer nofollow">Cổng</a> '
        '<a rel="noopener noreferrer nofollow">x</a></p>'
    )
    # Text without tags is plain text: paragraphs from blank lines.
    assert clean_html("Dòng một\nDòng hai\n\nĐoạn 3 > 2 & 1") == (
        "<p>Dòng một<br>Dòng hai</p>\n\n<p>Đoạn 3 &gt; 2 &amp; 1</p>"
    )
