"""The installable app: the web manifest and the service worker, served from the site root so
that the worker may control the entry page (a worker's scope is its own URL's folder)."""

import hashlib
import json

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# Files the entry page needs, cached by the worker when it installs.
ASSETS = [
    "cdtt/site.css",
    "cdtt/activity-entry.css",
    "cdtt/activity-entry.js",
    "cdtt/htmx-2.0.11.min.js",
    "cdtt/icon.svg",
    "cdtt/pwa-icon.svg",
    "cdtt/pwa-icon-192.png",
    "cdtt/session-results.js",  # a help session's results, recorded offline (helpsessions)
    "cdtt/helpsessions.css",
    "cdtt/skills-learn.js",
    "cdtt/skills-suggest.js",
]
WORKER = "cdtt/sw.js"
LEARN_PREFIX = "/skills/learn/"


@require_GET
def service_worker(request):
    """sw.js with the list of files to cache; its version changes whenever they do."""
    with open(finders.find(WORKER), encoding="utf-8") as worker:
        code = worker.read()
    urls = [static(name) for name in ASSETS]
    version = hashlib.sha256()
    for name in [WORKER, *ASSETS]:
        with open(finders.find(name), "rb") as asset:
            version.update(asset.read())
    config = {
        "version": version.hexdigest()[:12],
        "assets": urls,
        "pages": [reverse("activities:entry")],
        # Pages kept for offline reading by their path's start: the skills guides.
        "prefixes": [LEARN_PREFIX],
    }
    body = f"const CDTT = {json.dumps(config)};\n{code}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request):
    """The web app manifest: installing it opens the entry page."""
    body = {
        "name": _("Community Digital Technology Teams"),
        "short_name": _("Digital teams"),
        "description": _("Record the help you give, even without network."),
        "lang": getattr(request, "LANGUAGE_CODE", "vi"),
        "start_url": reverse("activities:entry"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#fafafa",
        "theme_color": "#b3261e",
        "icons": [
            {"src": static("cdtt/pwa-icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("cdtt/pwa-icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("cdtt/pwa-icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/manifest+json"
    )
