"""Officers' pages for the public site: write news, approve comments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cdtt.accounts.scoping import get_in_scope, scope

from ..actions.news import moderate_comment, publishing_units, save_article
from ..forms import ArticleForm
from ..models import Article, Comment


def _officer(request) -> None:
    if not request.user.is_officer:
        raise PermissionDenied


@login_required
def news_manage(request):
    _officer(request)
    articles = scope(request.user, Article.objects.select_related("unit")).order_by("-updated_at")[
        :100
    ]
    pending = scope(request.user, Comment.objects.pending()).count()
    return render(request, "portal/news_manage.html", {"articles": articles, "pending": pending})


@login_required
def article_form(request):
    """Write a new article, or edit one of the subtree (?id=)."""
    _officer(request)
    article = Article()
    if request.GET.get("id"):
        article = get_in_scope(request.user, Article.objects.all(), pk=request.GET["id"])
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        instance=article,
        units=publishing_units(request.user),
    )
    if request.method == "POST" and form.is_valid():
        saved = save_article(request.user, form.save(commit=False))
        messages.success(request, _("“%(title)s” was saved.") % {"title": saved.title})
        return redirect("portal:news_manage")
    context = {"form": form, "article": article}
    return render(request, "portal/article_form.html", context, status=400 if form.errors else 200)


@login_required
def moderation(request):
    _officer(request)
    comments = scope(request.user, Comment.objects.pending().select_related("article"))
    return render(request, "portal/moderation.html", {"comments": comments[:200]})


@login_required
@require_POST
def comment_moderate(request):
    _officer(request)
    comment = get_in_scope(
        request.user,
        Comment.objects.select_related("article__unit"),
        pk=request.POST.get("comment"),
    )
    approve = request.POST.get("decision") == "approve"
    moderate_comment(request.user, comment, approve)
    messages.success(request, _("Comment approved.") if approve else _("Comment rejected."))
    return redirect("portal:moderation")
