"""Fixtures of the tests that run on both backends: the database, and a real
Elasticsearch node when ELASTICSEARCH_URL is set (`bash .ci/elasticsearch`; in CI a
missing node is a failure, see tests.conftest.require)."""

import os
from uuid import uuid4

import pytest

from search.backends.elastic import ElasticsearchBackend
from tests.conftest import require

# Parametrise a fixture with these to run a test on each backend. The mark tells
# pytest-django, which sets up only the databases its items declare.
BACKENDS = [pytest.param("database", marks=pytest.mark.django_db), "elasticsearch"]


@pytest.fixture(scope="module")
def es_url():
    url = os.environ.get("ELASTICSEARCH_URL")
    require(url, "ELASTICSEARCH_URL not set")
    return url


@pytest.fixture(scope="module")
def make_backend(es_url):
    """make_backend() -> a backend on a fresh prefix; its indexes are deleted at the end."""
    backends = []

    def make():
        backend = ElasticsearchBackend(es_url, index_prefix=f"test-{uuid4().hex[:8]}")
        backends.append(backend)
        return backend

    yield make
    for backend in backends:
        names = backend.concrete_indexes()
        if names:
            backend.client.indices.delete(index=",".join(names), ignore_unavailable=True)
