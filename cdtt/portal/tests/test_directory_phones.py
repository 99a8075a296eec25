"""The public directory shows a phone number only for members who agreed to publish it."""

import pytest

from cdtt.factories import make_member, make_team

pytestmark = pytest.mark.django_db


def test_only_numbers_with_consent_are_public(client, tree):
    team = make_team(tree["village"])
    make_member("Quàng Văn Piếng", team, "leader", phone="0912345678", phone_public=True)
    make_member("Lò Thị Ơn", team, "deputy", phone="0987654321")  # did not agree
    page = client.get(f"/directory/{tree['village'].pk}/").content.decode()
    assert "0912345678" in page and 'href="tel:0912345678"' in page
    assert "0987654321" not in page
    assert "Lò Thị Ơn" in page  # the deputy's name is public, the number is not


def test_the_consent_is_set_on_the_member_form(client, tree, users):
    from cdtt.accounts.models import Role

    team = make_team(tree["village"])
    member = make_member("Lường Thị Mai", team, phone="0912000111")
    client.force_login(users[Role.COMMUNE])
    client.post(
        f"/teams/members/{member.pk}/edit/",
        {"full_name": "Lường Thị Mai", "phone": "0912000111", "phone_public": "on"},
    )
    member.refresh_from_db()
    assert member.phone_public
