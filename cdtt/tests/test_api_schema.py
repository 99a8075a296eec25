"""The OpenAPI schema is valid and its docs page needs nothing from the internet."""

import re

import pytest
from django.core.management import call_command


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert "/api/v1/orgunits/" in text and "/api/v1/auth/token/" in text


@pytest.mark.django_db
def test_docs_page_loads_only_local_assets(client):
    page = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets)
