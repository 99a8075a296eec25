"""The reader's display choices (language, text size), kept in cookies without an account.

Screens are Vietnamese unless the reader picked English: the browser's Accept-Language is
not used, since many Vietnamese phones and office PCs are set to English.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

TEXT_SIZES = ("normal", "large", "huge")
COOKIE = "text_size"


def text_size(request) -> dict:
    """Context processor: the chosen text size for the page's root class."""
    size = request.COOKIES.get(COOKIE, "normal")
    return {"text_size": size if size in TEXT_SIZES else "normal"}


class LanguageMiddleware:
    """Activate the language chosen with Django's set_language view, else Vietnamese."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
