"""People with the same name are told apart wherever they are listed or chosen: by role,
birth year or the last digits of the phone, only where the viewer may see it."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from cdtt.accounts.models import Role
from cdtt.factories import make_member, make_team
from cdtt.portal.actions.help_requests import submit_help_request
from cdtt.teams.names import Person, told_apart

pytestmark = pytest.mark.django_db


def test_only_names_borne_twice_get_more():
    labels = told_apart([
        Person(1, "Lò Văn Thanh", "Tổ trưởng", 1968, "0912000111"),
        Person(2, "Lò Văn Thành", "Thành viên", 1990, "0912000222"),  # looks alike
        Person(3, "Lường Thị Mai", "Thành viên", 2000),
    ])  # fmt: skip
    assert labels == {1: "Lò Văn Thanh (Tổ trưởng)", 2: "Lò Văn Thành (Thành viên)",
                      3: "Lường Thị Mai"}  # fmt: skip


@translation.override("vi")
def test_the_fewest_features_that_tell_them_apart():
    same_role = [Person(1, "Giàng A Páo", "Thành viên", 1990, "0912000111"),
                 Person(2, "Giàng A Páo", "Thành viên", 1975, "0912000222")]  # fmt: skip
    assert told_apart(same_role) == {1: "Giàng A Páo (sinh 1990)", 2: "Giàng A Páo (sinh 1975)"}
    twins = [Person(1, "Giàng A Páo", "Thành viên", 1990, "0912000111"),
             Person(2, "Giàng A Páo", "Thành viên", 1990, "0912000222")]  # fmt: skip
    assert told_apart(twins, phones=True) == {1: "Giàng A Páo (…111)", 2: "Giàng A Páo (…222)"}
    # Without the right to see phones, nothing the viewer may not see is shown.
    assert "…" not in " ".join(told_apart(twins).values())


def test_a_leader_choosing_a_helper_tells_the_two_paos_apart(client, tree, users):
    team = make_team(tree["village"])
    make_member("Giàng A Páo", team, birth_year=1990)
    make_member("Giàng A Páo", team, birth_year=1975)
    submit_help_request(village=tree["village"], name="Lò Thị Hoa", phone="0912345679",
                        topic="vneid", need="Cài VNeID")  # fmt: skip
    client.force_login(users[Role.LEADER])
    queue = client.get(reverse("portal:help_queue")).content.decode()
    assert ">Giàng A Páo (sinh 1990)</option>" in queue
    assert ">Giàng A Páo (sinh 1975)</option>" in queue


def test_dashboard_lists_tell_them_apart(client, tree, users):
    team = make_team(tree["village"])
    make_member("Giàng A Páo", team, birth_year=1990)
    make_member("Giàng A Páo", team, "leader", birth_year=1990)
    client.force_login(users[Role.COMMUNE])
    page = client.get(f"/dashboard/team/{team.pk}/").content.decode()
    assert "Giàng A Páo (Tổ trưởng)" in page and "Giàng A Páo (Thành viên)" in page


def test_the_public_directory_tells_them_apart_by_role_only(client, tree):
    team = make_team(tree["village"])
    make_member("Giàng A Páo", team, "leader", birth_year=1960, phone="0912000333",
                phone_public=True)  # fmt: skip
    make_member("Giàng A Páo", team, "deputy", birth_year=1990, start=date(2021, 1, 1))
    page = client.get(reverse("portal:directory_unit", args=[tree["village"].pk])).content
    page = page.decode()
    assert "Giàng A Páo (Tổ trưởng)" in page and "Giàng A Páo (Tổ phó)" in page
    assert "1960" not in page and "1990" not in page
