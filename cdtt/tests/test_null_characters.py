"""A NUL character in a query is refused with 400 on every database, never a server error."""

import pytest

pytestmark = pytest.mark.django_db


def test_nul_in_a_query_is_a_bad_request(client, users):
    from cdtt.accounts.models import Role

    client.force_login(users[Role.COMMUNE])
    assert client.get("/api/v1/orgunits/", {"code": "\x00µ", "q": "t"}).status_code == 400
    assert client.get("/units/", {"q": "muong\x00"}).status_code == 400
    assert client.get("/api/v1/orgunits/", {"q": "muong"}).status_code == 200
