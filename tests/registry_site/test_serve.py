"""The production server: gunicorn with production settings and WhiteNoise, started as
`make serve` starts it (on a scratch SQLite file and a free port), answers a page, a
compressed static file with far-future caching, and /healthz."""

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from registry_site.http_bench import free_port

ROOT = Path(__file__).resolve().parents[2]


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "registry_site.settings.production",
           "SECRET_KEY": "serve-test-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1",
           "HTTPS": "false", "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
           "STATIC_ROOT": str(scratch / "static"), "ELASTICSEARCH_URL": "",
           "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True, timeout=600)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen([str(gunicorn), "-c", "gunicorn.conf.py", "registry_site.wsgi"],
                               env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # waiting for the workers to listen
        try:
            get(base + "/healthz")
            break
        except OSError:
            time.sleep(0.2)
    yield base, scratch / "static"
    process.terminate()
    process.wait(timeout=30)


def test_gunicorn_serves_pages_health_and_compressed_static_files(server):
    base, static_root = server
    status, headers, body = get(base + "/who-approves/")
    assert status == 200 and "谁审批什么" in body.decode()
    status, _, body = get(base + "/healthz")
    assert status == 200 and json.loads(body) == {
        "database": "ok", "search": "database", "status": "ok"}
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["wagtailadmin/css/core.css"]
    status, headers, body = get(f"{base}/static/{hashed}", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert "max-age=315360000" in headers["Cache-Control"]  # a hashed name never changes
    status, _, body = get(base + "/api/v1/no-such-list/")
    assert status == 404 and json.loads(body)["detail"]


def test_a_worker_freezes_its_warm_caches_once_after_its_first_requests():
    import gc
    import runpy
    from types import SimpleNamespace

    conf = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    worker = SimpleNamespace(nr=conf["WARM_AFTER"] - 1)
    frozen = gc.get_freeze_count()
    try:
        conf["post_request"](worker, None, {}, None)
        assert gc.get_freeze_count() == frozen  # still warming up
        worker.nr += 1
        conf["post_request"](worker, None, {}, None)
        assert gc.get_freeze_count() > frozen  # the caches filled so far
        frozen = gc.get_freeze_count()
        worker.nr += 1
        conf["post_request"](worker, None, {}, None)
        assert gc.get_freeze_count() == frozen  # once only
    finally:
        gc.unfreeze()
