"""Committing to a draw, snapshotting its population and making it (抽查名单), with the
merging of visits (综合查一次). The arithmetic is draw_rules'; this module reads and writes
the database around it."""

import hashlib
import json
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log

from licensing.choices import Level, Status
from licensing.licence_status import status_q
from licensing.models import Institution, Licence, Region
from licensing.territory import NotPermitted, check

from . import draw_rules
from .models import Conflict, Draw, DrawEntry, Inspection, Inspector, PopulationEntry
from .rules_access import draw_refusal


def canonical_json(value):
    """The one text of a bundle or result: sorted keys, no spaces, UTF-8 characters."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@transaction.atomic
def commit(user, plan, public_value_source, day=None):
    """发布承诺值: a new secret, kept on the server, and its SHA-256 published with the
    source of the public value that will be combined with it."""
    given, plan = plan, type(plan).objects.select_for_update().get(pk=plan.pk)  # one only
    check(draw_refusal(user, plan, "commit"))
    if not public_value_source.strip():
        raise NotPermitted("请填写公开随机数的来源（如某日福利彩票开奖号码），与承诺值一并公布。")
    if not plan.categories.exists():
        raise NotPermitted("计划尚无抽查对象类别，不能公布承诺值。")
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise NotPermitted("承诺值公布日期不能晚于今天。")
    secret = draw_rules.new_secret()
    plan.secret, plan.commitment = secret, draw_rules.commitment(secret)
    plan.public_value_source = public_value_source.strip()
    plan.committed_on = day
    plan.save(update_fields=["secret", "commitment", "public_value_source", "committed_on",
                             "updated_at"])
    log(plan, "inspections.commit", user=user, data={"commitment": plan.commitment})
    for field in ("secret", "commitment", "public_value_source", "committed_on"):
        setattr(given, field, getattr(plan, field))
    return plan


def _in_scope(category, day):
    """Institutions a category covers on `day` (机构类别, and any of its services licensed)."""
    query = Q()
    if category.category_list:
        query &= Q(category__in=category.category_list)
    if category.service_list:
        holders = Licence.objects.filter(
            status_q(Status.VALID, day) | status_q(Status.SUSPENDED, day),
            service__in=category.service_list)
        query &= Q(pk__in=holders.values("institution_id"))
    return query


def population(plan, day):
    """The strata of the draw: [(stratum, category name, ratio, minimum, {uscc: (id, code)})]
    over the authority's territory on `day`, each USCC in the first category covering it."""
    territory = plan.authority.region.code
    taken, strata = set(), []
    for category in plan.categories.order_by("sort_order", "pk"):
        rows = Institution.objects.filter(
            _in_scope(category, day), region__code__startswith=territory,
        ).values_list("uscc", "pk", "region__code")
        members = {uscc: (pk, code) for uscc, pk, code in rows if uscc not in taken}
        taken |= members.keys()
        groups = {category.name: members}
        if category.by_county:
            counties = dict(Region.objects.filter(
                level=Level.COUNTY, code__startswith=territory).values_list("code", "name"))
            groups = defaultdict(dict)
            for uscc, (pk, code) in members.items():
                groups[f"{category.name}·{counties.get(code, code)}"][uscc] = (pk, code)
            groups = dict(sorted(groups.items()))
        ratio = format(category.ratio.normalize(), "f")
        for stratum, members_of in groups.items():
            strata.append((stratum, category.name, ratio, category.minimum, members_of))
    return strata


def build_bundle(plan, public_value, strata, roster):
    """The JSON-able bundle (recipe.py documents its format), with opaque codes only."""
    usccs = {uscc for *_, members in strata for uscc in members}
    conflicts = defaultdict(list)
    for code, uscc in Conflict.objects.filter(inspector__code__in=list(roster)).values_list(
            "inspector__code", "institution__uscc"):
        if uscc in usccs:
            conflicts[uscc].append(code)
    return {
        "algorithm": draw_rules.ALGORITHM_VERSION,
        "commitment": plan.commitment,
        "secret": plan.secret,
        "public_value": public_value,
        "strata": [{"name": name, "ratio": ratio, "minimum": minimum,
                    "population": sorted(members)}
                   for name, _, ratio, minimum, members in strata],
        "roster": sorted(roster),
        "conflicts": {uscc: sorted(codes) for uscc, codes in sorted(conflicts.items())},
        "per_inspection": plan.per_inspection,
    }


@transaction.atomic
def make_draw(user, plan, public_value, day=None):
    """抽取: combine the committed secret with the public value, draw objects and
    inspectors, freeze the bundle and the result, and open (or merge into) inspections."""
    plan = type(plan).objects.select_for_update().get(pk=plan.pk)  # one draw only
    check(draw_refusal(user, plan, "draw"))
    if not public_value or not public_value.strip():
        raise NotPermitted("请填写公开随机数（按公布的来源如实填写）。")
    day = day or timezone.localdate()
    if day > timezone.localdate() or day < plan.committed_on:
        raise NotPermitted("抽取日期应在承诺值公布之日和今天之间：先公布承诺值，后抽取。")
    strata = population(plan, day)
    roster = {i.code: i for i in Inspector.objects.filter(authority=plan.authority,
                                                          active=True)}
    bundle = build_bundle(plan, public_value.strip(), strata, roster)
    try:
        result = draw_rules.run_draw(bundle)
    except draw_rules.DrawError as error:
        raise NotPermitted(str(error)) from error
    bundle_text = canonical_json(bundle)
    draw = Draw.objects.create(
        plan=plan, public_value=bundle["public_value"], seed=result["seed"], drawn_on=day,
        drawn_by=user if user.is_authenticated else None, bundle=bundle_text,
        result=canonical_json(result),
        bundle_sha256=hashlib.sha256(bundle_text.encode("utf-8")).hexdigest(),
    )
    _snapshot(draw, strata)
    _open_inspections(plan, draw, strata, result, roster)
    log(plan, "inspections.draw", user=user, data={"seed": draw.seed})
    return draw


def _snapshot(draw, strata):
    PopulationEntry.objects.bulk_create(
        (PopulationEntry(draw=draw, category=category, uscc=uscc, region_code=code)
         for _, category, _, _, members in strata for uscc, (_, code) in members.items()),
        batch_size=5000,
    )


def _open_inspections(plan, draw, strata, result, roster):
    by_stratum = {name: (category, members) for name, category, _, _, members in strata}
    for stratum in result["strata"]:
        category, members = by_stratum[stratum["name"]]
        for rank, uscc in enumerate(stratum["drawn"], start=1):
            institution_id = members[uscc][0]
            inspectors = [roster[code] for code in result["assignments"][uscc]]
            inspection = _merge_or_open(plan, institution_id, uscc, inspectors)
            DrawEntry.objects.create(draw=draw, category=category, stratum=stratum["name"],
                                     rank=rank, institution_id=institution_id, uscc=uscc,
                                     inspection=inspection)


def _merge_or_open(plan, institution_id, uscc, inspectors):
    """综合查一次 (draw_rules.merge_visits): an open inspection of the same authority and
    institution whose window overlaps this plan's period takes this plan too; otherwise a
    new inspection is opened for the plan's period with the inspectors just drawn."""
    open_ones = Inspection.objects.filter(
        authority=plan.authority, institution_id=institution_id, visited_on__isnull=True,
        status=Inspection.Status.ASSIGNED, window_start__lte=plan.ends_on,
        window_end__gte=plan.starts_on,
    ).order_by("window_start", "pk")
    for inspection in open_ones:
        visits = draw_rules.merge_visits([
            ("open", plan.authority_id, uscc, inspection.window_start, inspection.window_end),
            ("new", plan.authority_id, uscc, plan.starts_on, plan.ends_on),
        ])
        if len(visits) == 1:
            inspection.window_start, inspection.window_end = visits[0].start, visits[0].end
            inspection.save(update_fields=["window_start", "window_end", "updated_at"])
            inspection.plans.add(plan)
            return inspection
    inspection = Inspection.objects.create(
        authority=plan.authority, institution_id=institution_id,
        window_start=plan.starts_on, window_end=plan.ends_on)
    inspection.plans.add(plan)
    inspection.inspectors.add(*inspectors)
    return inspection


def verify(draw):
    """复核 one stored draw: the differences between a re-run of its bundle and its
    published result (empty when they agree), and that the bundle's hash still holds."""
    differences = []
    if hashlib.sha256(draw.bundle.encode("utf-8")).hexdigest() != draw.bundle_sha256:
        differences.append("数据包的 SHA-256 与公布值不符。")
    bundle = draw.bundle_data()
    if bundle.get("commitment") != draw.plan.commitment:
        differences.append("数据包中的承诺值与计划公布的承诺值不符。")
    return differences + draw_rules.verify(bundle, draw.result_data())

