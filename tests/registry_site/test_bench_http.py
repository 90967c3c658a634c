"""`make bench`'s HTTP benchmark, run small on the demo register: it serves the site
through gunicorn, prints the latency of every kind of public page and a locust load
test with no failed request (the full run, 200 citizens for 60 s at 100,000
institutions, is `make bench`; its figures are in the notes, not asserted here)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_http_serves_measures_and_loads_the_demo_register(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "registry_site.settings.dev",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}", "ELASTICSEARCH_URL": ""}
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True, timeout=600,
                       capture_output=True)
    run = subprocess.run(
        manage + ["bench_http", "--repeat", "2", "--users", "10", "--seconds", "4"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    table = {line.split()[0]: line.split()[1:] for line in lines if line.strip()}
    for page in ("首页", "检索页（含分面）：示例", "机构详情", "名单下载（CSV）", "接口：机构检索"):
        assert page in table, run.stdout  # each kind of page was asked and answered 200
    total = table["合计"]  # requests, failures, per second, p50, p95, p99, max
    assert int(total[0]) > 0 and int(total[1]) == 0, run.stdout
