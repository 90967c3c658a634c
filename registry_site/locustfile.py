"""The load test of `manage.py bench_http` (locust, headless, on loopback): citizens
using the site as a phone user does — the home page, directory searches with
2-character fragments and filters, detail pages, list downloads and API lists — with a
pause of one to three seconds between pages. The paths come from LOAD_SAMPLE (a JSON
file bench_http writes from the seeded register), so every request names real records.
Locust's own process: imports nothing from Django."""

import json
import os
import random
from urllib.parse import urlencode

from locust import FastHttpUser, between, task

with open(os.environ["LOAD_SAMPLE"], encoding="utf-8") as sample_file:
    SAMPLE = json.load(sample_file)

FRAGMENTS = ["妇幼", "生殖", "人民", "保健", "南宁", "卫生", "桂林", "专科", "医院", "中心"]
CITIES = ["4501", "4502", "4503", "4504", "4505", "4506", "4507", "4508", "4509", "4510"]
SERVICES = ["art", "prenatal_screening", "premarital_exam", "prenatal_diagnosis", "mch_special"]


class Citizen(FastHttpUser):
    wait_time = between(1, 3)

    def page(self, path, name):
        self.client.get(path, name=name, headers={"Accept-Encoding": "gzip"})

    @task(3)
    def home(self):
        self.page("/", "首页")

    @task(6)
    def directory_search(self):
        params = {"q": random.choice(FRAGMENTS)}
        if random.random() < 0.5:
            params["city"] = random.choice(CITIES)
        if random.random() < 0.3:
            params["service"] = random.choice(SERVICES)
        self.page(f"/institutions/?{urlencode(params)}", "机构名录检索")

    @task(2)
    def search_with_facets(self):
        self.page(f"/search/?{urlencode({'q': random.choice(FRAGMENTS)})}", "检索页（含分面）")

    @task(5)
    def institution(self):
        self.page(f"/institutions/{random.choice(SAMPLE['institutions'])}/", "机构详情")

    @task(2)
    def lists(self):
        self.page(random.choice(["/lists/", "/applications/", "/licensing-decisions/",
                                 "/credit/", "/inspections/"]), "公示列表")

    @task(2)
    def record(self):
        if SAMPLE["records"]:
            self.page(random.choice(SAMPLE["records"]), "名单、处罚、检查结果详情")

    @task(1)
    def download(self):
        if SAMPLE["downloads"]:
            self.page(random.choice(SAMPLE["downloads"]), "名单下载")

    @task(2)
    def api(self):
        path = random.choice([
            f"/api/v1/institutions/?{urlencode({'q': random.choice(FRAGMENTS)})}",
            f"/api/v1/licences/?status=valid&service={random.choice(SERVICES)}",
            "/api/v1/penalties/", "/api/v1/inspection-results/", "/api/v1/list-editions/",
        ])
        self.page(path, "接口列表")
