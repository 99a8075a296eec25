"""Writing news, rating it and commenting on it: the rules, whoever calls them."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from cdtt.accounts.scoping import scope
from cdtt.audit.log import record
from cdtt.orgunits.models import Level, OrgUnit

from ..models import Article, ArticleRating, Comment, CommentStatus
from ..sanitize import clean_html
from ..visitors import keyed_hash

PUBLISHING_LEVELS = (Level.PROVINCE, Level.COMMUNE)


@dataclass(frozen=True)
class RatingSummary:
    total: int  # the sum of the stars, as the sentence under the article says
    count: int

    @property
    def average(self) -> float:
        return self.total / self.count if self.count else 0.0


def publishing_units(user):
    """Provinces and communes the user may publish for: officers, within their subtree."""
    if not user.is_authenticated or not user.is_officer:
        return OrgUnit.objects.none()
    return scope(user, OrgUnit.objects.filter(level__in=PUBLISHING_LEVELS).current())


def can_moderate(user, article: Article) -> bool:
    """Officers of the article's unit or of a unit above it."""
    return scope(user, Article.objects.filter(pk=article.pk)).exists() and user.is_officer


@transaction.atomic
def save_article(user, article: Article, *, image=None) -> Article:
    """Create or update an article of a unit the user may publish for; body is sanitised."""
    if not publishing_units(user).filter(pk=article.unit_id).exists():
        raise PermissionDenied
    created = article.pk is None
    article.body = clean_html(article.body)
    if created:
        article.author = user
    if article.is_published and article.published_at is None:
        article.published_at = timezone.now()
    if image is not None:
        article.image = image
    article.save()
    record(
        user,
        "portal.article.create" if created else "portal.article.update",
        article,
        orgunit_path=article.unit.path,
        after={"title": article.title, "published": article.is_published},
    )
    return article


def rating_summary(article: Article) -> RatingSummary:
    figures = article.ratings.aggregate(total=Sum("stars", default=0), count=Count("id"))
    return RatingSummary(total=figures["total"], count=figures["count"])


def rate_article(article: Article, visitor_id: str, stars: int) -> bool:
    """Record a visitor's stars once; False when this visitor had already rated."""
    if not 1 <= stars <= 5:
        raise ValueError(stars)
    try:
        with transaction.atomic():
            ArticleRating.objects.create(
                article=article, visitor=keyed_hash("rating", visitor_id), stars=stars
            )
    except IntegrityError:
        return False
    return True


def has_rated(article: Article, visitor_id: str) -> bool:
    return article.ratings.filter(visitor=keyed_hash("rating", visitor_id)).exists()


def post_comment(article: Article, text: str, now=None) -> Comment:
    """A reader's comment, held until a moderator approves it."""
    return Comment.objects.create(
        article=article, text=text.strip(), created_at=now or timezone.now()
    )


@transaction.atomic
def moderate_comment(user, comment: Comment, approve: bool) -> Comment:
    """Approve or reject a comment; only an officer of the article's subtree may."""
    if not can_moderate(user, comment.article):
        raise PermissionDenied
    comment.status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
    comment.moderated_by = user
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    record(
        user,
        f"portal.comment.{comment.status}",
        comment,
        orgunit_path=comment.article.unit.path,
    )
    return comment
