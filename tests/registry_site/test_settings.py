"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    environment.update(DJANGO_SETTINGS_MODULE="registry_site.settings.production", **env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", ALLOWED_HOSTS="registry.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    SECRET_KEY="k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
                    ALLOWED_HOSTS="registry.example.org")
    assert result.returncode == 0, result.stderr + result.stdout


def test_tests_run_on_the_database_that_database_url_names():
    url = os.environ.get("DATABASE_URL", "sqlite")
    expected = "postgresql" if url.startswith(("postgres", "pgsql")) else "sqlite"
    assert connection.vendor == expected
