"""Request hygiene for every route: inputs that no database can store are refused up front."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class RejectNullCharactersMiddleware:
    """A NUL character in a query string or a form field is never meant: answer 400.

    PostgreSQL cannot hold NUL in text, so a search or filter carrying one would otherwise
    fail deep inside a query (a 500) instead of telling the client its input is wrong.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = _("The request holds a character that is not allowed.")
            if request.path.startswith("/api/"):  # API clients read JSON, as DRF answers them
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind PROXY_COUNT trusted
    proxies (the entry the nearest trusted proxy added; anything before it may be forged)."""
    from django.conf import settings

    proxies = settings.PROXY_COUNT
    if proxies:
        chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [a for a in chain if a]
        if len(chain) >= proxies:
            return chain[-proxies]
    return request.META.get("REMOTE_ADDR", "")
