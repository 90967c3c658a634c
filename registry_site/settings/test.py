"""Test runs: fast password hashing, no debug. DATABASE_URL may point at PostgreSQL (CI does)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
# The site searches its database in tests; tests of Elasticsearch point it at the node
# named by ELASTICSEARCH_URL themselves (tests/search/), with their own index prefix.
ELASTICSEARCH_URL = ""
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests share one process and one cache: the throttle's own test lowers the rate.
API_RATE = "100000/min"
# Files the tests write (evidence uploads, open-data dumps) go to a scratch folder.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="registry-test-media-"))
# Logins are not throttled in tests, except in the lockout's own test.
AXES_ENABLED = False
