"""A village leader on a cheap phone adds a member to their team and sees them listed."""

import pytest

from cdtt.accounts.models import Role
from cdtt.factories import PASSWORD, make_member, make_team, make_tree, make_user
from cdtt.teams.models import Member, TeamRole
from e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_leader_adds_a_member_from_the_team_page(page):
    tree = make_tree()
    team = make_team(tree["village"])
    make_member("Quàng Văn Piếng", team, TeamRole.LEADER, phone="0912000003", birth_year=1958)
    make_user(Role.LEADER, tree["village"], "to-truong", phone="0912000003")
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Security Policy" in m.text else 0)
    log_in(page, "0912 000 003", PASSWORD)
    page.click("nav a[href='/teams/']")
    assert page.locator("h1").inner_text().endswith("Bản Huổi Lóng")
    assert page.locator("a[href='tel:0912000003']").first.is_visible()
    page.click(f"a[href='/teams/{team.pk}/members/new/']")
    page.fill("input[name=full_name]", "  Lường  Thị Mai ")
    page.fill("input[name=phone]", "+84 912.000.004")
    page.fill("input[name=birth_year]", "1999")
    page.select_option("select[name=affiliation]", "youth_union")
    page.check("input[name=skills][value=vneid]")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    people = page.locator("ul.people").first.inner_text()
    assert "Lường Thị Mai" in people and "0912 000 004" in people
    assert Member.objects.get(phone="0912000004").skills == ["vneid"]
    assert not violations


def test_the_team_screens_of_an_officer_break_no_security_policy(page):
    tree = make_tree()
    team = make_team(tree["village"])
    piếng = make_member("Quàng Văn Piếng", team, TeamRole.LEADER, birth_year=1958)
    make_user(Role.COMMUNE, tree["commune"], "can-bo-xa")
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Security Policy" in m.text else 0)
    log_in(page, "can-bo-xa", PASSWORD)
    expected = {
        "/teams/composition/?sort=leader_age": "Bản Huổi Lóng",
        f"/teams/{team.pk}/": "Quàng Văn Piếng",
        f"/teams/members/{piếng.pk}/": "Quàng Văn Piếng",
        f"/teams/members/{piếng.pk}/edit/": "Quàng Văn Piếng",
        f"/teams/memberships/{piếng.memberships.get().pk}/": "Quàng Văn Piếng",
        "/teams/import/": "Excel",
    }
    for path, text in expected.items():
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert text in page.locator("main").inner_text(), path
    assert not violations
