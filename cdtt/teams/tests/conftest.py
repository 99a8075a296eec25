"""Team tests read messages in English, the language of the message ids, so that they hold
whatever the state of the Vietnamese catalogue."""

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
