"""Abuse: so many posts per address, a honeypot for robots, length limits on every field."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from cdtt.portal.models import ArticleRating, Comment, HelpRequest

pytestmark = pytest.mark.django_db

HOME = "203.0.113.9"


def ask(tree, address=HOME, **fields):
    data = {"name": "Lò Thị Hoa", "phone": "0912 345 679", "topic": "vneid", "need": "Kích hoạt"}
    url = reverse("portal:help_ask") + f"?unit={tree['village'].pk}"
    return Client(REMOTE_ADDR=address).post(url, {**data, **fields})


def test_help_requests_are_limited_per_address(tree):
    assert [ask(tree).status_code for _ in range(4)] == [302, 302, 302, 429]
    assert HelpRequest.objects.count() == 3
    assert ask(tree, address="198.51.100.1").status_code == 302  # another address is not
    assert HelpRequest.objects.count() == 4


def test_comments_are_limited_per_address(article):
    client = Client(REMOTE_ADDR=HOME)
    url = reverse("portal:article_comment", args=[article.pk])
    answers = [client.post(url, {"text": f"Ý kiến {n}"}).status_code for n in range(6)]
    assert answers == [302] * 5 + [429]
    assert Comment.objects.count() == 5


def test_code_lookups_are_limited_so_codes_cannot_be_guessed(client):
    answers = [
        client.get(reverse("portal:help_track"), {"code": f"AAAA{n:04d}"}).status_code
        for n in range(21)
    ]
    assert answers[:20] == [200] * 20 and answers[20] == 429


def stored_keys() -> str:
    """Every key the configured cache holds, read from the cache's own storage."""
    if hasattr(cache, "_table"):  # the database cache
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(cache._table)  # our settings' name, not input
            cursor.execute(f"SELECT cache_key FROM {table}")  # noqa: S608
            return " ".join(row[0] for row in cursor.fetchall())
    client = cache._cache.get_client()  # Redis
    return " ".join(key.decode() for key in client.keys("*"))


def test_the_limiter_keeps_no_address(tree):
    ask(tree)
    keys = stored_keys()
    assert "portal:rl:help_request:" in keys and HOME not in keys


def test_the_honeypot_stores_nothing_and_says_nothing(tree, article):
    answer = ask(tree, website="http://spam.example")
    assert answer.status_code == 302  # looks like success to a robot
    assert not HelpRequest.objects.exists()
    trap = {"website": "x"}
    Client().post(reverse("portal:article_comment", args=[article.pk]), {"text": "spam", **trap})
    Client().post(reverse("portal:article_rate", args=[article.pk]), {"stars": 5, **trap})
    assert not Comment.objects.exists() and not ArticleRating.objects.exists()


def test_the_honeypot_is_hidden_by_css_not_inline_style(tree):
    page = Client().get(reverse("portal:help_ask") + f"?unit={tree['village'].pk}")
    html = page.content.decode()
    assert 'class="portal-hp" aria-hidden="true"' in html and 'tabindex="-1"' in html


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "N" * 81), ("need", "x" * 1001), ("phone", "0912345679" * 3), ("need", "")],
)
def test_length_limits_on_the_help_form(tree, field, value):
    assert ask(tree, **{field: value}).status_code == 400
    assert not HelpRequest.objects.exists()
