"""Schemathesis drives every operation of the OpenAPI document with generated requests: never a server error.

`make api-fuzz` runs it with many more examples (API_FUZZ_EXAMPLES); the suite runs a few per operation. The
requests go in-process to the WSGI application, as the server runs it.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from api.services import token_create

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "10"))


@pytest.fixture
def open_connection():
    """The connection stays open across requests (as in Django's test client): the test's transaction must
    outlive them."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_generated_request_gets_a_server_error(open_connection, filed, porteur, settings):
    settings.API_RATE_LIMIT = "1000000/m"
    headers = {"Authorization": f"Bearer {token_create(user=porteur, name='Essai', days=30)[1]}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error])

        run()
