"""Schemathesis against /api/v1/openapi.json on a seeded register: for requests generated
from the schema (valid and invalid filters, cursors, page sizes, ids), no server error,
and every answer as the schema describes it (status code, content type, body)."""

from io import StringIO

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """A demo register (penalties, blacklist, inspections, notices…) for the whole module,
    rolled back at its end. The WSGI handler closes the database connection after each
    request, as a server should; here that connection holds the test's transaction, so
    (as Django's test client does) it stays open."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("seed_demo", "--institutions", "60", stdout=StringIO())
            yield
            transaction.set_rollback(True)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# The document is read through the site itself (drf-spectacular builds it without the
# database); the cases then run against the same WSGI application, on the test database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_its_schema_says(case, seeded, db):
    case.call_and_validate(checks=CHECKS)
