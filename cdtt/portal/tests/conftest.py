"""Fixtures of the portal's tests: a village team with a leader and a member, an article."""

from datetime import date

import pytest
from django.core.cache import cache
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.portal.models import Article
from cdtt.teams.models import Member, Membership, Team, TeamRole


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make_team(unit, people: list[tuple[str, str, object]]) -> Team:
    """A team for `unit`; people are (full name, team role, user or None)."""
    team = Team.objects.create(unit=unit)
    for name, role, user in people:
        member = Member.objects.create(full_name=name, user=user)
        Membership.objects.create(team=team, member=member, role=role, start=date(2024, 1, 1))
    return team


@pytest.fixture
def team(tree, users):
    """The home village's team: the leader and the member are the `users` of those roles."""
    return make_team(
        tree["village"],
        [
            ("Quàng Văn Piếng", TeamRole.LEADER, users[Role.LEADER]),
            ("Lường Thị Mai", TeamRole.MEMBER, users[Role.MEMBER]),
            ("Lò Văn Sơn", TeamRole.MEMBER, None),
        ],
    )


@pytest.fixture
def article(tree, users):
    return Article.objects.create(
        unit=tree["commune"],
        title="Ra quân hỗ trợ kích hoạt VNeID",
        body="<p>Tổ công nghệ số cộng đồng hỗ trợ bà con.</p>",
        is_published=True,
        published_at=timezone.now(),
        author=users[Role.COMMUNE],
    )
