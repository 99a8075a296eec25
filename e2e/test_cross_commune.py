"""A person already on a team of another commune, as a real browser sees it (issue 18).

The leader of a village of commune B types the name and phone of Mai, a member in commune A
(her phone is public in the directory): he is told the number is in use and who can add her,
nothing more. The province officer, whose subtree holds both communes, adds her from the same
page. The leader then finds her on his team by name and role; her own details are kept by the
officers over all her teams, which her page says, and he changes only his team's row.
"""

import pytest

from cdtt.accounts.models import Role
from cdtt.factories import PASSWORD, make_member, make_team, make_tree, make_user
from cdtt.teams.models import Member, TeamRole
from e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TAKEN = "Số điện thoại này đã được dùng. Hãy nhờ cán bộ xã thêm người này."
KEPT_ABOVE = "Người này còn ở một tổ ngoài phạm vi của bạn"


def add(page, team_pk: int, name: str, phone: str) -> None:
    page.click(f"a[href='/teams/{team_pk}/members/new/']")
    page.fill("input[name=full_name]", name)
    page.fill("input[name=phone]", phone)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_a_member_of_another_commune_is_added_by_the_officer_over_both(page, browser,
                                                                     live_server):  # fmt: skip
    tree = make_tree()
    mai = make_member("Lò Thị Mai", make_team(tree["village"]), phone="0912111222",
                      phone_public=True, birth_year=1990, ethnicity="Thái")  # fmt: skip
    team_b = make_team(tree["cousin_village"])
    leader = make_user(Role.LEADER, tree["cousin_village"], "to-truong-b", phone="0912333444")
    make_member("Cà Văn Ơn", team_b, TeamRole.LEADER, phone="0912333444", user=leader)
    make_user(Role.PROVINCE, tree["province"], "can-bo-tinh")

    # The leader of commune B: refused, told whom to ask, shown nothing of her.
    log_in(page, "0912 333 444", PASSWORD)
    page.click("nav a[href='/teams/']")
    add(page, team_b.pk, "Lò Thị Mai", "0912 111 222")
    main = page.locator("main").inner_text()
    assert TAKEN in main
    assert "Thái" not in main and "1990" not in main
    assert list(mai.memberships.values_list("team__unit", flat=True)) == [tree["village"].pk]

    # The province officer, over both communes, adds her from the same page.
    officer = browser.new_context(viewport={"width": 1280, "height": 900},
                                  base_url=live_server.url).new_page()  # fmt: skip
    log_in(officer, "can-bo-tinh", PASSWORD)
    officer.goto(f"/teams/{team_b.pk}/")
    add(officer, team_b.pk, "Lò Thị Mai", "0912 111 222")
    assert officer.url.endswith(f"/teams/{team_b.pk}/")
    assert "Lò Thị Mai" in officer.locator("ul.people").first.inner_text()
    officer.context.close()
    assert Member.objects.filter(phone="0912111222").count() == 1
    assert set(mai.memberships.values_list("team__unit", flat=True)) == {
        tree["village"].pk, tree["cousin_village"].pk,
    }  # fmt: skip

    # Back to the leader: she is on his team; her details are kept above him.
    page.goto(f"/teams/{team_b.pk}/")
    people = page.locator("ul.people").first.inner_text()
    assert "Lò Thị Mai" in people and "0912 111 222" in people  # her phone is public
    page.click(f"a.person-name[href='/teams/members/{mai.pk}/']")
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert KEPT_ABOVE in main
    assert page.locator(f"a[href='/teams/members/{mai.pk}/edit/']").count() == 0
    assert page.locator("a[href^='/teams/memberships/']").count() == 1  # his team's row
