"""Fuzzing the API from its own OpenAPI schema (schemathesis) with an authenticated client:
no 5xx, and every answer fits the schema it documents."""

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from cdtt.accounts.models import Role
from cdtt.factories import make_tree, make_user

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def token(live_server, transactional_db):
    from cdtt.accounts.tokens import create_token

    tree = make_tree()
    user = make_user(Role.COMMUNE, tree["commune"], "fuzz-officer")
    return create_token(user)


@schema.exclude(path="/api/v1/auth/token/").parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_survives_generated_requests(case, live_server, token):
    case.call_and_validate(
        base_url=live_server.url, headers={"Authorization": f"Token {token}"}, checks=CHECKS
    )


@schema.include(path="/api/v1/auth/token/").parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_token_endpoint_survives_generated_requests(case, live_server, transactional_db):
    case.call_and_validate(base_url=live_server.url, checks=[not_a_server_error])
