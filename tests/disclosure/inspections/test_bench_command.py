"""`make bench` runs bench_inspections at 100,000: at a tiny scale here, so the benchmark
cannot rot unnoticed."""

import io

import pytest
from django.core.management import call_command

from disclosure.inspections.models import Draw, Inspection, ItemResult
from licensing.models import Institution

pytestmark = pytest.mark.django_db


def test_bench_inspections_prints_both_measurements_and_leaves_nothing_behind():
    out = io.StringIO()
    call_command("bench_inspections", "--scale", "200", "--repeat", "1",
                 "--summary-repeat", "1", stdout=out)
    text = out.getvalue()
    assert "抽取（draw_rules.run_draw）：200 家" in text
    assert "抽中 36 家" in text  # 40 × 0.5 + 160 × 0.1
    assert "附件2数据：200 次检查、5200 条检查内容结果" in text
    assert "附件2汇总表（plan_summary + write_xlsx）：200 次检查" in text
    assert "合计行检查单位数 200" in text
    assert text.count("目标 ≤") == 2
    # the data were rolled back
    assert not Draw.objects.exists() and not Inspection.objects.exists()
    assert not ItemResult.objects.exists()
    assert not Institution.objects.filter(name__startswith="示例基准").exists()
