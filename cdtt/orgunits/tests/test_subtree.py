"""`in_subtree(unit)`: every model that belongs to a unit reads a subtree the same way, and no
module writes a path filter by hand."""

import re
from pathlib import Path

import pytest
from django.apps import apps

from cdtt.accounts.models import Role
from cdtt.accounts.scoping import scope
from cdtt.factories import make_member, make_team, make_user
from cdtt.teams.models import Member, Membership, Team

pytestmark = pytest.mark.django_db
CDTT = Path(__file__).resolve().parents[2]


def _scoped_models():
    return [m for m in apps.get_models() if hasattr(m, "SCOPE_PATH")]


def test_every_scoped_model_reads_a_subtree(tree):
    models = _scoped_models()
    assert len(models) >= 20  # users, teams, activities, reports, facts, directives, news…
    for model in models:
        rows = model.objects.in_subtree(tree["commune"])
        assert str(rows.query)  # the lookup compiles: SCOPE_PATH names a real path


def test_in_subtree_keeps_the_units_rows_and_counts_each_once(tree):
    village_team, other_team = make_team(tree["village"]), make_team(tree["other_village"])
    commune_team = make_team(tree["commune"])
    # Mai sits on two teams of the commune: one row, not two (SCOPE_MANY).
    mai = make_member("Lường Thị Mai", village_team)
    Membership.objects.create(member=mai, team=commune_team, start=mai.memberships.get().start)
    make_member("Giàng A Páo", other_team)

    assert set(Team.objects.in_subtree(tree["commune"])) == {village_team, commune_team}
    assert list(Member.objects.in_subtree(tree["commune"])) == [mai]
    assert Team.objects.in_subtree(tree["village"]).get() == village_team
    # The user's scope is the subtree of the user's unit, read the same way.
    officer = make_user(Role.COMMUNE, tree["commune"], "subtree-officer")
    assert list(scope(officer, Member.objects.all())) == [mai]


def test_no_path_filter_written_by_hand():
    """Outside the subtree module (and tests, migrations), no `…path__startswith`."""
    allowed = {CDTT / "orgunits" / "subtree.py"}
    found = [
        f"{path.relative_to(CDTT)}:{n}"
        for path in CDTT.rglob("*.py")
        if path not in allowed and "tests" not in path.parts and "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"path__startswith", line)
    ]
    assert found == []
