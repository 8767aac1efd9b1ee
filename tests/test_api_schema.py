"""schemathesis against /api/schema/: every operation, generated requests, no 5xx,
no response that breaks the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from casetracker.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI application directly would close the database connection
    at the end of each request, and with it the test's transaction; Django's test
    client avoids that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    # Fixed examples keep CI repeatable; run with --hypothesis-seed=random (and
    # derandomize off) to explore further.
    derandomize=True,
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_api_conforms_to_its_schema(case, demo_data, keep_test_connection):
    # Two checks are left out. The schema cannot say every rule of a search query
    # (at most 12 words, a letter or digit somewhere, no invisible characters), so
    # a schema-valid `q` may get its documented 400. And an empty parameter
    # (`court=`, as an HTML form sends it) means "no filter", which the schema's
    # formats call invalid. Every other check runs, "no 5xx" and "the response
    # matches the schema" among them.
    case.call_and_validate(
        excluded_checks=[positive_data_acceptance, negative_data_rejection]
    )
