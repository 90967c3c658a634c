"""What `manage.py bench_http` needs: the site served as in production (gunicorn with
production settings and WhiteNoise) on a free loopback port, the pages to ask for, and
one client's latency per page over HTTP."""

import contextlib
import http.client
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

from licensing.choices import Service

ROOT = Path(settings.BASE_DIR)
# Every simulated citizen comes from 127.0.0.1, so the API's per-address throttle
# would refuse them as one client; in production they come from many addresses.
LOAD_API_RATE = "1000000/min"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served(workers=None):
    """gunicorn as `make serve` runs it, on this process's database and search backend;
    yields the base URL and stops the server on leaving."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-static-") as static_root:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "registry_site.settings.production",
               "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
               "HTTPS": "false", "STATIC_ROOT": static_root, "BIND": f"127.0.0.1:{port}",
               "API_RATE": LOAD_API_RATE}
        if workers:
            env["WEB_CONCURRENCY"] = str(workers)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run(manage + ["collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT,
                       check=True, timeout=600)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        process = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py", "registry_site.wsgi"], env=env, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(port)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=60)


def wait_for(port, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if Client(port).get("/healthz")[0] == 200:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn 未能启动")


class Client:
    """One keep-alive connection, as one citizen's browser holds it."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path):
        self.connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = self.connection.getresponse()
        return response.status, response.read()


@dataclass
class Page:
    label: str
    path: str
    target_ms: float | None
    cold: bool = False  # asked right after a change to the register (kept answers dropped)


def q(text):
    return quote(text)


def first_link(client, path, pattern):
    status, body = client.get(path)
    found = re.search(pattern, body.decode("utf-8", "replace")) if status == 200 else None
    return found.group(0) if found else None


def pages(port, institution_id, static_path):
    """The pages of the latency table: each with its target (ms, p95), detail pages
    reached as a citizen reaches them (the first link of their list)."""
    client = Client(port)
    rows = [
        Page("首页", "/", 10),
        Page("检索页（含分面）：妇幼", f"/search/?q={q('妇幼')}", 100),
        Page("检索页（含分面）：生殖", f"/search/?q={q('生殖')}", 100),
        # 示例 is in every demo name: the word that matches all 100,000 institutions.
        Page("检索页（含分面）：示例", f"/search/?q={q('示例')}", 100),
        Page("检索页（含分面）：示例，变更后首次", f"/search/?q={q('示例')}", None, cold=True),
        Page("检索页（含分面）：妇幼，变更后首次", f"/search/?q={q('妇幼')}", None, cold=True),
        Page("机构名录：2字片段", f"/institutions/?q={q('保健')}", 50),
        Page("机构名录：2字片段+市+项目",
             f"/institutions/?q={q('人民')}&city=4503&service={Service.ART}", 50),
        Page("机构名录：仅筛选（县）", "/institutions/?county=450103", 50),
        Page("机构详情", f"/institutions/{institution_id}/", 50),
        Page("许可决定", "/licensing-decisions/", 50),
        Page("已公布名单", "/lists/", 50),
        Page("设置申请公示", "/applications/", 50),
        Page("行政处罚与信用", "/credit/", 50),
        Page("监督抽查", "/inspections/", 50),
        Page("开放数据", "/data/", 50),
        Page("接口：机构检索", f"/api/v1/institutions/?q={q('妇幼')}", 50),
        Page("接口：有效许可", "/api/v1/licences/?status=valid", 50),
        Page("接口：行政处罚", "/api/v1/penalties/", 50),
        Page("静态文件", static_path, 50),
    ]
    for label, listing, pattern in (
        ("名单详情", "/lists/", r"/lists/\d+/"),
        ("名单下载（CSV）", "名单详情", r"/lists/\d+/download\.csv"),
        ("处罚详情", "/credit/", r"/credit/penalties/\d+/"),
        ("检查结果详情", "/inspections/", r"/inspections/results/\d+/"),
    ):
        # A download is reached from its edition's page: `listing` names that row.
        listing = next((row.path for row in rows if row.label == listing), listing)
        if listing.startswith("/") and (link := first_link(client, listing, pattern)):
            rows.append(Page(label, link, 50))
    return rows


@dataclass
class Timing:
    page: Page
    p50: float
    p95: float
    maximum: float


def latency(port, page, repeat, warm=3, index_changed=None):
    """One client, one keep-alive connection: `warm` unmeasured requests, then `repeat`
    measured ones (each after a change to the register for a cold page)."""
    client = Client(port)
    for _ in range(0 if page.cold else warm):
        client.get(page.path)
    samples = []
    for _ in range(repeat):
        if page.cold:
            index_changed()
        started = time.perf_counter()
        status, _ = client.get(page.path)
        samples.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"{page.path} 返回 {status}")
    samples.sort()
    p95 = samples[max(0, round(len(samples) * 0.95) - 1)]
    return Timing(page, statistics.median(samples), p95, samples[-1])
