"""Vietnamese by default whatever the browser says; English when chosen; larger text."""

import pytest

pytestmark = pytest.mark.django_db


def test_vietnamese_by_default_even_for_an_english_browser(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi"' in page and "Đăng nhập" in page


def test_english_when_chosen_and_back(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en"' in page and "Log in" in page and "Đăng nhập" not in page
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Đăng nhập" in client.get("/").content.decode()


def test_text_size_is_remembered(client):
    answer = client.post("/text-size/", {"size": "huge", "next": "/accounts/login/"})
    assert answer["Location"] == "/accounts/login/"
    assert '<html lang="vi" class="text-huge">' in client.get("/").content.decode()
    client.post("/text-size/", {"size": "<script>", "next": "https://evil.example/"})
    assert 'class="text-huge"' in client.get("/").content.decode()
    assert client.post("/text-size/", {"next": "https://evil.example/"})["Location"] == "/"
