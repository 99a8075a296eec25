"""Star ratings: one per visitor per article; the total sentence under the article."""

import pytest
from django.core import serializers
from django.test import Client
from django.urls import reverse

from cdtt.portal.models import ArticleRating
from cdtt.portal.visitors import VISITOR_COOKIE

pytestmark = pytest.mark.django_db


def rate(client, article, stars):
    return client.post(reverse("portal:article_rate", args=[article.pk]), {"stars": stars})


def test_one_rating_per_visitor_per_article(client, article):
    assert rate(client, article, 4).status_code == 302
    assert VISITOR_COOKIE in client.cookies
    assert rate(client, article, 1).status_code == 302  # the same reader again: ignored
    assert list(ArticleRating.objects.values_list("stars", flat=True)) == [4]
    assert rate(Client(), article, 5).status_code == 302  # another reader counts
    page = client.get(reverse("portal:article", args=[article.pk])).content.decode()
    assert 'data-total="9" data-count="2"' in page
    assert 'name="stars"' not in page  # who has rated sees no form any more


def test_the_total_sentence_is_in_vietnamese(client, article):
    """Needs the merged Vietnamese translations (locale/vi)."""
    for stars in (5, 4, 5):
        rate(Client(), article, stars)
    page = client.get(reverse("portal:article", args=[article.pk])).content.decode()
    assert "Tổng số điểm của bài viết là: 14 trong 3 đánh giá" in page


def test_only_a_hash_of_the_visitor_id_is_stored(client, article):
    rate(client, article, 3)
    visitor_id = client.cookies[VISITOR_COOKIE].value.split(":")[0]
    stored = serializers.serialize("json", ArticleRating.objects.all())
    assert visitor_id and visitor_id not in stored


def test_a_forged_cookie_is_not_trusted(client, article):
    rate(client, article, 3)
    client.cookies[VISITOR_COOKIE] = "someone-else"
    rate(client, article, 5)  # unsigned: treated as a new reader, never as "someone-else"
    assert ArticleRating.objects.count() == 2
    assert "someone-else" not in serializers.serialize("json", ArticleRating.objects.all())


@pytest.mark.parametrize("stars", ["0", "6", "", "x"])
def test_stars_outside_1_to_5_are_refused(client, article, stars):
    assert rate(client, article, stars).status_code == 400
    assert not ArticleRating.objects.exists()


def test_unpublished_articles_cannot_be_rated(client, article):
    article.is_published = False
    article.save()
    assert rate(client, article, 5).status_code == 404
