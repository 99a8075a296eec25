"""Reader comments are held until an officer of the article's subtree approves them."""

import pytest
from django.test import Client
from django.urls import reverse

from cdtt.accounts.models import Role
from cdtt.factories import make_user
from cdtt.portal.models import Comment, CommentStatus

pytestmark = pytest.mark.django_db

TEXT = "Cảm ơn tổ đã đến tận bản hướng dẫn."


def article_page(article) -> str:
    return Client().get(reverse("portal:article", args=[article.pk])).content.decode()


def post_comment(article, text=TEXT):
    return Client().post(reverse("portal:article_comment", args=[article.pk]), {"text": text})


def decide(client, comment, decision):
    return client.post(
        reverse("portal:comment_moderate"), {"comment": comment.pk, "decision": decision}
    )


def test_a_comment_appears_only_after_approval(client, article, users):
    assert post_comment(article).status_code == 302
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert TEXT not in article_page(article)

    client.force_login(users[Role.COMMUNE])
    assert TEXT in client.get(reverse("portal:moderation")).content.decode()
    assert decide(client, comment, "approve").status_code == 302
    assert TEXT in article_page(article)
    assert TEXT not in client.get(reverse("portal:moderation")).content.decode()


def test_a_rejected_comment_never_appears(client, article, users):
    post_comment(article)
    client.force_login(users[Role.PROVINCE])  # an officer above the commune moderates too
    decide(client, Comment.objects.get(), "reject")
    assert Comment.objects.get().status == CommentStatus.REJECTED
    assert TEXT not in article_page(article)


def test_officers_of_another_subtree_cannot_see_or_approve(client, tree, article, users):
    post_comment(article)
    comment = Comment.objects.get()
    client.force_login(make_user(Role.COMMUNE, tree["sibling_commune"], "sibling-officer"))
    assert TEXT not in client.get(reverse("portal:moderation")).content.decode()
    assert decide(client, comment, "approve").status_code == 404
    assert Comment.objects.get().status == CommentStatus.PENDING


def test_team_members_cannot_moderate(client, article, users):
    post_comment(article)
    client.force_login(users[Role.LEADER])
    assert decide(client, Comment.objects.get(), "approve").status_code == 403
    assert TEXT not in article_page(article)


def test_empty_and_overlong_comments_are_refused(article):
    assert post_comment(article, "   ").status_code == 400
    assert post_comment(article, "x" * 1001).status_code == 400
    assert not Comment.objects.exists()
