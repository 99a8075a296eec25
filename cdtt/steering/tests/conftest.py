"""Helpers for the steering tests."""

import pytest

from cdtt.factories import make_team


@pytest.fixture
def village_team(tree):
    return make_team(tree["village"])
