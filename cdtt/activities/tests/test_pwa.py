"""The installable app: a root-scoped service worker that caches files which exist, and a
manifest whose icons are served."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_service_worker_is_served_from_the_root_with_its_file_list(client):
    answer = client.get("/sw.js")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/javascript")
    assert answer["Service-Worker-Allowed"] == "/" and answer["Cache-Control"] == "no-cache"
    config = json.loads(re.match(r"const CDTT = (.*);\n", answer.content.decode())[1])
    assert config["pages"] == ["/activities/"] and len(config["version"]) == 12
    for url in config["assets"]:
        assert finders.find(url.removeprefix("/static/")), url
    assert "/static/cdtt/activity-entry.js" in config["assets"]


def test_manifest_opens_the_entry_page_and_its_icons_exist(client):
    answer = client.get("/manifest.webmanifest")
    assert answer["Content-Type"] == "application/manifest+json"
    manifest = json.loads(answer.content)
    assert manifest["start_url"] == "/activities/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path
        if icon["type"] == "image/png":
            with open(path, "rb") as image:
                header = image.read(24)
            width = int.from_bytes(header[16:20], "big")
            assert header[:8] == b"\x89PNG\r\n\x1a\n" and f"{width}x{width}" == icon["sizes"]
