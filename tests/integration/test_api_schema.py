"""Schemathesis against the API's own OpenAPI document, on the real stack (embedded PostgreSQL and Redis):
for every operation, generated requests, valid and invalid, get no 5xx, and every answer, errors included,
matches what the document says for its status. Kept small: a few examples per operation and mode.

The cases are drawn with Hypothesis in the test itself: Schemathesis's pytest loader for a fixture's
schema does not run under pytest 9, and the schema needs the test's services.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bot.web.app import create_app
from flows import admin
from tests.support.dashboard import api_token, bearer
from tests.support.given import give_ahead

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
EXAMPLES = 6  # per operation and mode: 12 operations × 2 modes, under a minute here
WAITING = admin.NewKitchen("Selvi Mess", "+919800000300", 13.05, 80.25, 8, 45, "selvi@okhdfc")


def test_every_operation_answers_as_the_openapi_document_says(services, client, media, kitchen):
    with services.uow() as uow:
        admin.add_kitchen(uow, WAITING, services.clock())
    gifts = give_ahead(client, services, media)  # pages of pledges and campaigns with rows in them
    headers = bearer(api_token(services))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", create_app(services))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 12
    # Generated references name nothing: these are the ones that do, so a found item is checked too.
    known = {"/api/v1/pledges/{reference}": gifts.pledge, "/api/v1/campaigns/{reference}": gifts.campaign}
    assert {operation.path for operation in operations} >= set(known)
    for operation in operations:
        if operation.path in known:
            found = operation.Case(path_parameters={"reference": known[operation.path]})
            assert found.call_and_validate(headers=headers, checks=CHECKS).status_code == 200
        for mode in GenerationMode:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
            def answers_as_documented(case) -> None:
                case.call_and_validate(headers=headers, checks=CHECKS)

            answers_as_documented()
