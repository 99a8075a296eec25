"""Request hygiene for every route: inputs that no database can store are refused up front.

NUL (and, in JSON, lone surrogates) can be neither stored by PostgreSQL nor written to an
export; nobody types them. They are refused before any view runs, wherever they are: the
path, the query string, the fields of a form post (`RejectNullCharactersMiddleware`), any
string of a JSON body, keys included (`JSONParser`, the API's parser: the API speaks JSON
only). JSON nested deeper than any of our bodies is refused there too, before Python's
recursion limit is reached. Unknown API addresses are answered in JSON too (`not_found`).
The field-level text rules (`cdtt.text`) refuse NUL again where a form or a serializer reads
a field: this is the net under every route.
"""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import parsers
from rest_framework.exceptions import ParseError

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
JSON_DEPTH = 16  # our deepest body is a list of activities: 2 levels


def _nul_field(request) -> str | None:
    """The name of the first query or form field holding NUL ("" for the path), or None."""
    if "\x00" in request.path:
        return ""
    fields = [request.GET]
    if request.method in ("POST", "PUT", "PATCH") and request.content_type in FORM_TYPES:
        fields.append(request.POST)  # may raise: a body that cannot be read (see below)
    for data in fields:
        key = _nul_key(data)
        if key is not None:
            return key
    return None


def _nul_key(data) -> str | None:
    """The first key of a QueryDict whose name or a value holds NUL."""
    for key, values in data.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return key.replace("\x00", "")
    return None


class RejectNullCharactersMiddleware:
    """A NUL character in the path, a query or a form field is never meant: answer 400.

    PostgreSQL cannot hold NUL in text, so a search or a form carrying one would otherwise
    fail deep inside a query (a 500) or, on SQLite, be stored and break the exports.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            field = _nul_field(request)
        except (MultiPartParserError, SuspiciousOperation):
            if not request.path.startswith("/api/"):
                raise  # Django's own 400 page
            return JsonResponse({"detail": _("The body cannot be read.")}, status=400)
        if field is not None:
            if field:
                message = _("The field “%(field)s” holds a character that is not allowed.") % {
                    "field": field[:100]
                }
            else:
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


def _bad_text(value: str) -> bool:
    return "\x00" in value or any(0xD800 <= ord(c) <= 0xDFFF for c in value)


def check_json(data: object) -> None:
    """ParseError when a decoded JSON body nests deeper than JSON_DEPTH or holds, in any
    string (keys too), NUL or a lone surrogate. Walked without recursion."""
    pending = [(data, "", 1)]
    while pending:
        value, where, depth = pending.pop()
        if depth > JSON_DEPTH:
            raise ParseError(_("The JSON is nested too deeply."))
        if isinstance(value, str):
            if _bad_text(value):
                raise ParseError(
                    _("The field “%(field)s” holds a character that is not allowed.")
                    % {"field": where or "/"}
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                path = f"{where}.{key}" if where else str(key)
                if _bad_text(str(key)):
                    raise ParseError(_("The request holds a character that is not allowed."))
                pending.append((item, path, depth + 1))
        elif isinstance(value, list):
            pending.extend((item, f"{where}[{n}]", depth + 1) for n, item in enumerate(value))


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing what `check_json` refuses (400, never a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:  # nested beyond Python's own limit
            raise ParseError(_("The JSON is nested too deeply.")) from error
        check_json(data)
        return data


def not_found(request, exception):
    """handler404: API clients read JSON, as DRF answers them; pages get the usual page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception):
    """handler400: as `not_found`, for requests Django refuses before any view."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("The request cannot be read.")}, status=400)
    return defaults.bad_request(request, exception)
