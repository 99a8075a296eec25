"""A NUL character in a query is refused with 400 on every database, never a server error."""

import pytest

pytestmark = pytest.mark.django_db


def test_nul_in_a_query_is_a_bad_request(client, users):
    from cdtt.accounts.models import Role

    client.force_login(users[Role.COMMUNE])
    assert client.get("/api/v1/orgunits/", {"code": "\x00µ", "q": "t"}).status_code == 400
    assert client.get("/units/", {"q": "muong\x00"}).status_code == 400
    assert client.get("/api/v1/orgunits/", {"q": "muong"}).status_code == 200


def test_the_api_refuses_a_nul_in_json(client, users):
    """API clients (and the schema) expect JSON, even for this early refusal."""
    from cdtt.accounts.models import Role

    client.force_login(users[Role.COMMUNE])
    response = client.get("/api/v1/activities/", {"type": "\x00<b>"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "không được phép" in response.json()["detail"]
