"""Public news: the list, an article with its stars and approved comments, and the forms."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..actions.news import has_rated, post_comment, rate_article, rating_summary
from ..forms import CommentForm, RatingForm
from ..models import Article
from ..ratelimit import rate_limited
from ..visitors import remember_visitor, visitor_id
from ..visits import counts_visit


@counts_visit
def news_list(request):
    articles = Article.objects.published().select_related("unit").with_rating()
    page = Paginator(articles, 10).get_page(request.GET.get("page"))
    return render(request, "portal/news_list.html", {"page": page})


def _article(pk: int) -> Article:
    return get_object_or_404(Article.objects.published().select_related("unit"), pk=pk)


def _render_article(request, article, comment_form=None, rating_form=None, status=200):
    visitor, _new = visitor_id(request)
    context = {
        "article": article,
        "rating": rating_summary(article),
        "rated": has_rated(article, visitor),
        "rating_form": rating_form or RatingForm(),
        "comments": article.comments.approved(),
        "comment_form": comment_form or CommentForm(),
    }
    return render(request, "portal/article.html", context, status=status)


@counts_visit
def article(request, pk: int):
    return _render_article(request, _article(pk))


@require_POST
@rate_limited("rating")
def article_rate(request, pk: int):
    """One rating per reader per article; the reader is a random id in a signed cookie."""
    article = _article(pk)
    form = RatingForm(request.POST)
    if form.is_robot():
        return redirect(reverse("portal:article", args=[pk]) + "#rating")
    if not form.is_valid():
        return _render_article(request, article, rating_form=form, status=400)
    visitor, new = visitor_id(request)
    if rate_article(article, visitor, form.cleaned_data["stars"]):
        messages.success(request, _("Thank you for your rating."))
    else:
        messages.info(request, _("You have already rated this article."))
    response = redirect(reverse("portal:article", args=[pk]) + "#rating")
    if new:
        remember_visitor(response, visitor)
    return response


@require_POST
@rate_limited("comment")
def article_comment(request, pk: int):
    article = _article(pk)
    form = CommentForm(request.POST)
    if form.is_robot():
        return redirect(reverse("portal:article", args=[pk]) + "#comments")
    if not form.is_valid():
        return _render_article(request, article, comment_form=form, status=400)
    post_comment(article, form.cleaned_data["text"])
    messages.success(
        request, _("Thank you. Your comment will appear once a moderator approves it.")
    )
    return redirect(reverse("portal:article", args=[pk]) + "#comments")
