"""News and announcements of a province or commune, their star ratings and reader comments."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdtt.orgunits.subtree import SubtreeQuerySet


class ArticleKind(models.TextChoices):
    NEWS = "news", _("News")
    ANNOUNCEMENT = "announcement", _("Announcement")


class ArticleQuerySet(SubtreeQuerySet):
    def published(self, now=None) -> "ArticleQuerySet":
        """What readers may see: published, and not dated in the future."""
        return self.filter(is_published=True, published_at__lte=now or timezone.now())

    def with_rating(self) -> "ArticleQuerySet":
        return self.annotate(
            rating_total=Sum("ratings__stars", default=0), rating_count=Count("ratings")
        ).order_by("-published_at", "-id")


class Article(models.Model):
    """A piece of news or an announcement; `body` holds HTML already sanitised on save."""

    SCOPE_PATH = "unit__path"

    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="portal_articles",
        verbose_name=_("published by (unit)"),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=ArticleKind.choices, default=ArticleKind.NEWS
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    image = models.ImageField(
        _("picture"),
        upload_to="portal/articles/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(_("what the picture shows"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ArticleRating(models.Model):
    """One reader's 1–5 stars; `visitor` is a keyed hash of the reader's random cookie id."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="ratings")
    visitor = models.CharField(max_length=64)
    stars = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "visitor"], name="portal_rating_one_per_visitor"
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1) & Q(stars__lte=5), name="portal_rating_stars_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.stars}"


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CommentQuerySet(SubtreeQuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status=CommentStatus.APPROVED)

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=CommentStatus.PENDING)


class Comment(models.Model):
    """A reader's comment: anonymous, shown only once an officer of the unit approved it."""

    SCOPE_PATH = "article__unit__path"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments", verbose_name=_("article")
    )
    text = models.TextField(_("comment"))
    status = models.CharField(
        _("status"), max_length=8, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
