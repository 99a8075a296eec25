"""Public pages: the home page and the reader's display choices."""

from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .display import COOKIE, TEXT_SIZES


def home(request):
    return render(request, "portal/home.html")


@require_POST
def text_size(request):
    """Remember the text size for a year and go back to the page the reader was on."""
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = redirect(target)
    size = request.POST.get("size")
    if size in TEXT_SIZES:
        response.set_cookie(COOKIE, size, max_age=365 * 24 * 3600, samesite="Lax")
    return response
