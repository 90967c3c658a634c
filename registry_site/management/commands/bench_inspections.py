"""manage.py bench_inspections: time the draw and the 附件2 summary table at scale.

1. The draw (抽查名单) as the pure function draw_rules.run_draw: a bundle of N
   institutions' USCCs (default 100,000) in two strata drawn at "0.5" and "0.1", a roster
   of 50 codes and some declared conflicts (回避). Target: at most 2 seconds.
2. The 附件2 table of a 2023MCH plan over N inspections (default 100,000), every one
   visited and with a result for every check item of the plan (26 items: 2.6 million
   item results at the default scale), about 1 % of them 不合格, and penalties linked to
   a few inspections: summary_data.plan_summary(plan, "45") and summary_xlsx.write_xlsx
   together, as the summary view runs them. Target: at most 5 seconds.

The data of 2. are written inside a transaction that is rolled back at the end (as
bench_list_edition does); only the drawn institutions are written to the register, the
population snapshot (PopulationEntry, 2N USCCs for a 50 % draw) names the others. The
item results are inserted by one INSERT … SELECT (the ORM's bulk_create of 2.6 million
objects would dominate the run). On PostgreSQL the new rows are then ANALYZEd, as
autovacuum keeps a live database's statistics; SQLite is left as Django leaves it, never
analysed. --reset first empties the register (scratch databases only).

Timings are taken as timeit takes them: garbage collection runs before the repetitions
and is off while they run; the best and the median are printed, and the median is held
against the target.
"""

import gc
import hashlib
import platform
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from disclosure.credit.models import Penalty
from disclosure.credit.periods import penalty_public_until
from disclosure.inspections import draw_rules, services, summary_data, summary_xlsx
from disclosure.inspections.draws import canonical_json
from disclosure.inspections.models import (
    Draw,
    DrawEntry,
    Inspection,
    InspectionPlan,
    ItemResult,
    PlanItem,
    PopulationEntry,
)
from disclosure.inspections.models.results import Outcome
from licensing.choices import Level, Service
from licensing.demo import demo_uscc
from licensing.models import GUANGXI, Authority, Institution, Region
from registry_site.benchmarks import wipe_register

DRAW_TARGET = 2.0
SUMMARY_TARGET = 5.0
TEMPLATE = "2023MCH"
TERRITORY = GUANGXI
# demo_uscc serials of this benchmark (seed_demo counts up from 1, bench_list_edition
# from 800,000): the draw's and the register's never meet either.
SERIAL_BASE = 3_000_000
ROSTER = [f"JC{n:08X}" for n in range(50)]
SECRET = hashlib.sha256(b"bench_inspections").hexdigest()
# Of every 1000 item results (a fixed, well-spread pattern): 10 不合格, 100 合理缺项.
FAIL_PER_MILLE, NA_PER_MILLE = 10, 100
# One penalty per PENALTY_EVERY inspections with a 不合格; every 10th revokes the licence,
# every 25th a person's certificate.
PENALTY_EVERY = 20


class Command(BaseCommand):
    help = "计时：N 家机构的抽取（纯函数）与 N 次检查的附件2汇总表（数据在事务内生成，结束后回滚）"

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=100_000,
                            help="抽取的单位数，也是汇总表的检查次数（默认 100000）")
        parser.add_argument("--repeat", type=int, default=5, help="抽取的重复次数")
        parser.add_argument("--summary-repeat", type=int, default=3, help="汇总表的重复次数")
        parser.add_argument("--reset", action="store_true",
                            help="先清空登记数据（仅用于临时数据库）")

    def handle(self, *args, **options):
        scale = options["scale"]
        if scale < 10 or 2 * scale + SERIAL_BASE >= 10_000_000:
            raise CommandError("--scale 须在 10 与 3500000 之间。")
        self.stdout.write(
            f"机器：{platform.python_implementation()} {platform.python_version()}，"
            f"{connection.vendor} 数据库")
        self.bench_draw(scale, options["repeat"])
        if options["reset"]:
            wipe_register()
        self.bench_summary(scale, options["summary_repeat"])

    # --- 1. the draw ------------------------------------------------------------------

    def bench_draw(self, scale, repeat):
        bundle = draw_bundle(scale)
        result = draw_rules.run_draw(bundle)  # warm, and the sizes to print
        timings = timed(lambda: draw_rules.run_draw(bundle), repeat)
        drawn = sum(s["sample_size"] for s in result["strata"])
        self.verdict(f"抽取（draw_rules.run_draw）：{scale} 家、2 个类别（0.5、0.1）、"
                     f"名录库 {len(ROSTER)} 人、回避 {len(bundle['conflicts'])} 家，"
                     f"抽中 {drawn} 家并各选派 2 人", timings, DRAW_TARGET)

    # --- 2. the 附件2 table -------------------------------------------------------------

    def bench_summary(self, scale, repeat):
        with transaction.atomic():
            started = time.perf_counter()
            plan, counts = make_inspections(scale)
            self.stdout.write(
                f"附件2数据：{counts['inspections']} 次检查、{counts['results']} 条检查内容"
                f"结果（{counts['failed']} 次检查有不合格）、{counts['penalties']} 件处罚、"
                f"辖区内单位 {counts['population']} 家；生成用时 "
                f"{time.perf_counter() - started:.1f} 秒")
            parts = {"plan_summary": [], "write_xlsx": []}

            def run():
                fresh = InspectionPlan.objects.get(pk=plan.pk)  # as the view reads it
                t0 = time.perf_counter()
                layout, rows = summary_data.plan_summary(fresh, TERRITORY)
                t1 = time.perf_counter()
                body = summary_xlsx.write_xlsx(layout, rows)
                parts["plan_summary"].append(t1 - t0)
                parts["write_xlsx"].append(time.perf_counter() - t1)
                return rows, body

            rows, body = run()  # warm, and the table to check
            total = rows[-1]
            if total["inspected"] != counts["inspections"] or (
                    total["population"] != counts["population"]):
                raise CommandError(f"汇总表与生成的数据不符：{total.as_dict()}")
            for values in parts.values():
                values.clear()
            timings = timed(run, repeat)
            transaction.set_rollback(True)
        self.verdict(f"附件2汇总表（plan_summary + write_xlsx）：{counts['inspections']} 次检查",
                     timings, SUMMARY_TARGET)
        self.stdout.write(
            "  其中 " + "，".join(f"{name} 中位数 {statistics.median(values):.3f}"
                                 for name, values in parts.items())
            + f"；合计行检查单位数 {total['inspected']}，XLSX {len(body)} 字节")

    def verdict(self, label, timings, target):
        median = statistics.median(timings)
        mark = "PASS" if median <= target else "OVER（超出目标）"
        self.stdout.write(
            f"{label}\n  重复 {len(timings)} 次（秒）：最快 {min(timings):.3f}  中位数 "
            f"{median:.3f}  最慢 {max(timings):.3f}；目标 ≤ {target:g} 秒：{mark}")


def timed(function, repeat):
    """Seconds per call, `repeat` calls, collected before and with collection off."""
    timings = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            function()
            timings.append(time.perf_counter() - started)
    finally:
        gc.enable()
    return timings


def draw_bundle(scale):
    """A bundle of `scale` unique well-formed USCCs over the counties of Guangxi, a fifth
    of them 妇幼保健机构 drawn at 50 %, the rest at 10 %; a roster of 50 codes; every 100th
    unit in conflict with 3 of them."""
    counties = [f"45{n:04d}" for n in range(101, 1300, 12)]
    usccs = [demo_uscc(SERIAL_BASE + n, counties[n % len(counties)]) for n in range(scale)]
    mch = scale // 5
    return {
        "algorithm": draw_rules.ALGORITHM_VERSION,
        "commitment": draw_rules.commitment(SECRET),
        "secret": SECRET,
        "public_value": "418",
        "strata": [
            {"name": "妇幼保健机构", "ratio": "0.5", "population": usccs[:mch]},
            {"name": "其他医疗、保健机构", "ratio": "0.1", "population": usccs[mch:]},
        ],
        "roster": ROSTER,
        "conflicts": {uscc: ROSTER[n % 47: n % 47 + 3]
                      for n, uscc in enumerate(usccs) if n % 100 == 0},
        "per_inspection": 2,
    }


def make_inspections(count):
    """A 2023MCH plan of the region with a draw of `count` units out of 2 × `count` (50 %
    in both categories), every one visited, and its results. Returns (plan, counts)."""
    user = get_user_model().objects.create_superuser(username="bench_inspections")
    authority = Authority.objects.get(region__code=TERRITORY)
    plan = services.plan_from_template(user, TEMPLATE, authority)
    categories = list(plan.categories.order_by("sort_order").values_list("name", flat=True))
    marker = canonical_json({"note": "bench_inspections：基准数据，未经抽取"})
    draw = Draw.objects.create(
        plan=plan, public_value="基准", seed="0" * 64, drawn_on=plan.starts_on, drawn_by=user,
        bundle=marker, result=marker,
        bundle_sha256=hashlib.sha256(marker.encode("utf-8")).hexdigest())
    counties = list(Region.objects.filter(level=Level.COUNTY, code__startswith=TERRITORY)
                    .values_list("pk", "code"))
    # Population 2 × count: a fifth 妇幼保健机构; the first half of each category is drawn.
    mch_drawn = max(1, count // 5)
    drawn_per = {categories[0]: mch_drawn, categories[1]: count - mch_drawn}
    population, drawn = [], []
    serial = SERIAL_BASE
    for category, n_drawn in drawn_per.items():
        for n in range(2 * n_drawn):
            region_id, code = counties[serial % len(counties)]
            uscc = demo_uscc(serial, code)
            serial += 1
            population.append(PopulationEntry(draw=draw, category=category, uscc=uscc,
                                              region_code=code))
            if n < n_drawn:
                drawn.append((category, n + 1, uscc, region_id))
    PopulationEntry.objects.bulk_create(population, batch_size=5000)
    institutions = Institution.objects.bulk_create(
        (Institution(name=f"示例基准{'妇幼保健院' if category == categories[0] else '医院'}"
                     f"{rank}", uscc=uscc, region_id=region_id,
                     category="mch" if category == categories[0] else "general")
         for category, rank, uscc, region_id in drawn), batch_size=5000)
    span = (plan.ends_on - plan.starts_on).days
    inspections = Inspection.objects.bulk_create(
        (Inspection(authority=authority, institution=institution,
                    window_start=plan.starts_on, window_end=plan.ends_on,
                    visited_on=plan.starts_on + timedelta(days=n % (span + 1)),
                    outcome=Outcome.NO_PROBLEM, status=Inspection.Status.PUBLISHED,
                    published_on=plan.ends_on)
         for n, institution in enumerate(institutions)), batch_size=5000)
    Inspection.plans.through.objects.bulk_create(
        (Inspection.plans.through(inspection_id=i.pk, inspectionplan_id=plan.pk)
         for i in inspections), batch_size=5000)
    DrawEntry.objects.bulk_create(
        (DrawEntry(draw=draw, category=category, stratum=category, rank=rank,
                   institution=institution, uscc=uscc, inspection=inspection)
         for (category, rank, uscc, _), institution, inspection
         in zip(drawn, institutions, inspections, strict=True)), batch_size=5000)
    results = insert_item_results(plan, draw)
    failing = Inspection.objects.filter(
        pk__in=ItemResult.objects.filter(item__plan=plan, result=ItemResult.Result.FAIL)
        .values("inspection_id"))
    failed = failing.update(outcome=Outcome.CORRECTED)
    penalties = make_penalties(authority, list(failing.order_by("pk").select_related(
        "institution")[::PENALTY_EVERY]))
    if connection.vendor == "postgresql":
        # Autovacuum keeps a live database's statistics; it cannot see the rows of this
        # open transaction, and without statistics the planner guesses (2× slower here).
        tables = (PopulationEntry, Institution, Inspection, Inspection.plans.through,
                  DrawEntry, ItemResult, Penalty, Inspection.penalties.through)
        with connection.cursor() as cursor:
            for model in tables:
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return plan, {"inspections": len(inspections), "results": results, "failed": failed,
                  "penalties": penalties, "population": len(population)}


def insert_item_results(plan, draw):
    """A result for every item of the plan at every inspection of the draw, in one
    INSERT … SELECT, in the order staff enter them (inspection by inspection)."""
    results = ItemResult._meta.db_table
    columns = ", ".join(ItemResult._meta.get_field(name).column
                        for name in ("inspection", "item", "result", "finding"))
    entry = {name: DrawEntry._meta.get_field(name).column
             for name in ("draw", "inspection", "rank")}
    # A fixed pattern per (序号, item), spread over 0–999: the same data on every run and
    # every database (the ids are not), and no overflow of PostgreSQL's integers.
    spread = f"(((e.{entry['rank']} %% 1009) * 7919 + p.sort_order * 104729) %% 1000)"
    sql = (
        f"INSERT INTO {results} ({columns}) "
        f"SELECT e.{entry['inspection']}, p.id, "
        f"CASE WHEN {spread} < %s THEN %s WHEN {spread} >= %s THEN %s ELSE %s END, "
        f"CASE WHEN {spread} < %s THEN %s ELSE '' END "
        f"FROM {DrawEntry._meta.db_table} e CROSS JOIN {PlanItem._meta.db_table} p "
        f"WHERE e.{entry['draw']} = %s AND p.plan_id = %s "
        f"ORDER BY e.{entry['inspection']}, p.sort_order"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [
            FAIL_PER_MILLE, ItemResult.Result.FAIL, 1000 - NA_PER_MILLE,
            ItemResult.Result.NOT_APPLICABLE, ItemResult.Result.PASS,
            FAIL_PER_MILLE, "示例基准：发现的问题", draw.pk, plan.pk,
        ])
        return cursor.rowcount


def make_penalties(authority, inspections):
    """One penalty per given inspection, linked to it: fines, and every 10th a revoked
    licence, every 25th a person's revoked certificate."""
    decided_on = date(2023, 11, 1)
    penalties = []
    for n, inspection in enumerate(inspections):
        person = n % 25 == 24
        kinds = ["吊销许可证件"] if n % 10 == 9 or person else ["警告", "罚款"]
        penalties.append(Penalty(
            institution=inspection.institution, service=Service.PREMARITAL_EXAM,
            subject_name="示例基准执业人员" if person else inspection.institution.name,
            subject_kind=Penalty.SubjectKind.PERSON if person else
            Penalty.SubjectKind.ORGANISATION,
            uscc="" if person else inspection.institution.uscc,
            decision_no=f"示例基准卫医罚〔2023〕{n}号", violation_type="示例基准违法行为",
            facts="示例基准违法事实", basis="示例基准处罚依据", kinds=kinds,
            content="示例基准处罚内容",
            fine=Decimal("0.2") if "罚款" in kinds else None,
            confiscated=Decimal("0.05") if n % 3 == 0 else None,
            decided_on=decided_on, authority=authority,
            public_until=penalty_public_until(decided_on, kinds)))
    penalties = Penalty.objects.bulk_create(penalties, batch_size=1000)
    Inspection.penalties.through.objects.bulk_create(
        Inspection.penalties.through(inspection_id=inspection.pk, penalty_id=penalty.pk)
        for inspection, penalty in zip(inspections, penalties, strict=True))
    return len(penalties)
