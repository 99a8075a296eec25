"""The home page, the reader's display choices, and the keep-alive ping of the session."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.static import serve

from cdtt.accounts.sessions import renew

from ..display import COOKIE, TEXT_SIZES
from ..models import Article, Guide
from ..visits import counts_visit, visit_counts


@counts_visit
def home(request):
    context = {
        "articles": Article.objects.published().select_related("unit").with_rating()[:3],
        "guides": Guide.objects.filter(is_published=True),
        "visits": visit_counts(),
    }
    return render(request, "portal/home.html", context)


@require_POST
def text_size(request):
    """Remember the text size for a year and go back to the page the reader was on."""
    target = request.POST.get("next", "/")
    # Only a path of this site; never resolved as a view name ("a;b" is none: not a 500).
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    size = request.POST.get("size")
    if size in TEXT_SIZES:
        response.set_cookie(COOKIE, size, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@login_required
@require_GET
@never_cache
def keep_alive(request):
    """The "keep me logged in" ping: it always renews the session, and says so.

    It also hands back the CSRF token, which changes when the user logs in again in
    another tab, so that a form kept on the page can still be sent.
    """
    renew(request, force=True)
    return JsonResponse({"seconds": settings.SESSION_COOKIE_AGE, "csrf": get_token(request)})


@require_GET
def media(request, path: str):
    """Pictures of articles and guides. Every upload was re-encoded to JPEG by resize_image,
    so nothing served here can be a script; a reverse proxy may take this path over."""
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["Cache-Control"] = "public, max-age=604800"
    return response
