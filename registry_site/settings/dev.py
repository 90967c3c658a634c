"""Local development: DEBUG on, a throw-away key, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-5x!k2m"  # never used outside a developer's machine
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
