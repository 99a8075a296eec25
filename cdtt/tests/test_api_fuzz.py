"""Fuzzing the API from its own OpenAPI schema (schemathesis) with an authenticated client,
with every check schemathesis has (`--checks all`): no 5xx, every answer fits the status,
content type, headers and body it documents, data the schema calls invalid is refused, data
it calls valid is accepted unless a rule of ours refuses it (400, as documented)."""

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig

from cdtt.accounts.models import Role
from cdtt.factories import make_tree, make_user

# A schema says what a request must look like; our rules say more than a schema can (an id
# must exist in the caller's subtree, a day cannot be in the future, a report moves only
# from certain states), and refuse with 400 naming the field: a schema-valid request may be
# refused so. Every other expectation of every check is schemathesis' own.
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": [
        "2xx", "3xx", "400", "401", "403", "404", "409", "429",
    ]}}}
)  # fmt: skip
schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True), config=CONFIG
)
load_all_checks()
ALL_CHECKS = CHECKS.get_all()


@pytest.fixture
def token(live_server, transactional_db):
    from cdtt.accounts.tokens import create_token

    tree = make_tree()
    user = make_user(Role.COMMUNE, tree["commune"], "fuzz-officer")
    return create_token(user)


@schema.exclude(path="/api/v1/auth/token/").parametrize()
@settings(settings.get_profile("database"))  # fewer examples on SQLite (conftest.py)
def test_api_survives_generated_requests(case, live_server, token):
    case.call_and_validate(
        base_url=live_server.url, headers={"Authorization": f"Token {token}"}, checks=ALL_CHECKS
    )


@schema.include(path="/api/v1/auth/token/").parametrize()
@settings(settings.get_profile("database"))  # fewer examples on SQLite (conftest.py)
def test_token_endpoint_survives_generated_requests(case, live_server, transactional_db):
    case.call_and_validate(base_url=live_server.url, checks=ALL_CHECKS)
