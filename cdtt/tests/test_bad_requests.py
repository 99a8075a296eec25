"""Requests that used to end in a server error: each is a 400 (or a safe answer) now
(issue 18, finding 3): absurdly nested JSON, NUL and lone surrogates in JSON, a "next" that
is no path, an id written with a superscript digit."""

import json

import pytest
from rest_framework.test import APIClient

from cdtt.accounts.models import Role

pytestmark = pytest.mark.django_db


def test_json_nested_beyond_reason_is_a_bad_request(users):
    api = APIClient()
    api.force_authenticate(users[Role.MEMBER])
    for depth in (100_000, 40):
        body = "[" * depth + "]" * depth
        answer = api.generic("POST", "/api/v1/activities/", body, "application/json")
        assert answer.status_code == 400, depth
        assert "nested too deeply" in answer.json()["detail"] or "lồng" in answer.json()["detail"]


@pytest.mark.parametrize("text", ["a\x00b", "\ud800"])
def test_nul_or_a_lone_surrogate_anywhere_in_json_is_a_bad_request(users, text):
    api = APIClient()
    api.force_authenticate(users[Role.MEMBER])
    body = json.dumps([{"id": "x", "note": text}])  # escaped: \u0000, \ud800
    answer = api.generic("POST", "/api/v1/activities/", body, "application/json")
    assert answer.status_code == 400 and "[0].note" in answer.json()["detail"]


def test_text_size_with_a_next_that_is_no_path_goes_home(client):
    for target in ("a;b", "javascript:alert(1)", "//evil.example/", "/news/"):
        answer = client.post("/text-size/", {"size": "large", "next": target})
        assert answer.status_code == 302
        assert answer["Location"] == ("/news/" if target == "/news/" else "/")


@pytest.mark.parametrize("path", ["/directory/", "/help/"])
@pytest.mark.parametrize("unit", ["²", "١٢", "-1", "1e3", "9" * 40])
def test_a_unit_that_is_no_id_is_ignored(client, tree, path, unit):
    assert client.get(path, {"unit": unit}).status_code == 200
