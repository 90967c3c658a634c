"""Writing inspection records: plans (from the seeds' templates), results, the second
person's review that publishes them, 回头看 and 风险提示 — each checked, validated, saved
and logged here. The draw itself is in draws.py."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from disclosure.credit.models import Penalty
from licensing.territory import NotPermitted, check

from . import plan_templates
from .deadlines import report_deadlines
from .models import (
    Conflict,
    FollowUp,
    Inspection,
    InspectionPlan,
    Inspector,
    ItemResult,
    RiskNotice,
)
from .models.plans import KIND_BY_TEMPLATE_NAME, PlanCategory, PlanDeadline, PlanItem
from .models.results import NOT_EXAMINED, PROBLEM_FOUND, Outcome
from .rules_access import (
    follow_up_refusal,
    inspection_refusal,
    plan_refusal,
    risk_notice_refusal,
    roster_change_refusal,
    roster_refusal,
)

# A decision revoked, or found unlawful or void, penalised no one: nothing to follow up.
WITHDRAWN = (Penalty.EndReason.REVOKED, Penalty.EndReason.ANNULLED)
KIND_NAMES = {kind: name for name, kind in KIND_BY_TEMPLATE_NAME.items()}


@transaction.atomic
def plan_from_template(user, template_key, authority, year=None, kind=None):
    """A draft plan with the template's object categories, check items (word for word)
    and report deadlines (R11, R12, R14) for `authority`; `year` moves the dates. `kind`
    picks one of the template's sampling kinds (default: its first, e.g. 国家双随机): the
    plan samples the categories that kind covers, at that kind's ratio."""
    template = plan_templates.get_template(template_key)
    year = year or template.year
    kind_name = KIND_NAMES[kind] if kind else template.kinds[0]
    if kind_name not in template.kinds:
        raise NotPermitted(f"模板“{template.name}”没有“{kind_name}”的抽查比例。")
    last = max((d for _, d in report_deadlines(year, template.schedule_key)),
               default=None) if template.schedule_key else None
    plan = InspectionPlan(
        name=template.name.replace(str(template.year), str(year)), year=year,
        authority=authority, kind=KIND_BY_TEMPLATE_NAME[kind_name], template_key=template.key,
        source=template.source, objects_text=template.objects_text,
        omission_allowed=template.omission_allowed, omission_note=template.omission_note,
        starts_on=date(year, 3, 1), ends_on=_inspections_done(template, year) or last,
        results_due=last or date(year, 12, 31),
        follow_up_year=(template.follow_up.penalty_year - template.year + year
                        if template.follow_up else None),
    )
    check(plan_refusal(user, plan, "add"))
    plan.full_clean()
    plan.save()
    _copy_template(plan, template, kind_name)
    log(plan, "wagtail.create", user=user, data={"template": template.key})
    return plan


def _inspections_done(template, year):
    for deadline in template.deadlines:
        if deadline.key in ("inspections_done", "data_submitted"):
            return date(year, deadline.month, deadline.day)
    return None


def _copy_template(plan, template, kind_name):
    for order, category in enumerate(template.categories):
        sampling = next((s for s in category.samplings if s.kind == kind_name), None)
        if sampling is None:
            continue  # not sampled in this kind of inspection (2024: 市级 only “其他”)
        PlanCategory.objects.create(
            plan=plan, sort_order=order, name=category.name, ratio=sampling.ratio_decimal,
            minimum=sampling.min_per_county or 0,
            by_county=bool(sampling.min_per_county) and plan.authority.level != "county",
            institution_categories=",".join(category.institution_categories),
            services=",".join(category.services),
        )
    order = 0
    for group in template.groups:
        for item in group.items:
            PlanItem.objects.create(plan=plan, sort_order=order, code=item.code,
                                    group_number=group.number, group_name=group.name,
                                    group_kind=group.kind, text=item.text)
            order += 1
    if template.schedule_key:
        for order, (label, day) in enumerate(report_deadlines(plan.year,
                                                              template.schedule_key)):
            PlanDeadline.objects.create(plan=plan, sort_order=order, label=label, due_on=day)


# -- results -----------------------------------------------------------------------------

def plan_items(inspection):
    """Every check item of every plan this visit serves (综合查一次: all of them)."""
    return list(PlanItem.objects.filter(plan__in=inspection.plans.all()).select_related(
        "plan").order_by("plan__year", "plan_id", "sort_order", "pk"))


def _result_errors(inspection, outcome, results, penalties, items):
    errors = []
    if outcome not in Outcome.values:
        errors.append("请选择检查结果。")
    examined = outcome not in NOT_EXAMINED
    omissions = {item.plan_id: item.plan.omission_allowed for item in items}
    failed = False
    for item in items:
        result, finding = results.get(item.pk, ("", ""))
        if not result:
            if examined:
                errors.append(f"请填写检查内容的结果：{item.text[:40]}")
            continue
        if result == ItemResult.Result.NOT_APPLICABLE and not omissions[item.plan_id]:
            errors.append(f"本计划的检查内容不能缺项：{item.text[:40]}")
        if result == ItemResult.Result.FAIL:
            failed = True
            if not finding.strip():
                errors.append(f"不合格的检查内容须写明发现的问题：{item.text[:40]}")
    if examined and failed and outcome not in PROBLEM_FOUND | {Outcome.OTHER}:
        errors.append("有不合格的检查内容时，检查结果应为“发现问题已责令改正”或“发现问题待后续处理”。")
    if examined and not failed and outcome in PROBLEM_FOUND:
        errors.append("检查结果为发现问题的，至少应有一项检查内容不合格。")
    for penalty in penalties:
        if penalty.institution_id != inspection.institution_id:
            errors.append(f"所选处罚不属于检查对象：{penalty.decision_no}")
    return errors


@transaction.atomic
def save_results(user, inspection, *, visited_on, outcome, outcome_note="", results,
                 penalties=()):
    """录入检查结果: the visit date, the outcome, and 合格 / 不合格 / 合理缺项 per check item
    (`results`: {item id: (result, finding)}), with the penalties that followed."""
    stored = Inspection.objects.select_for_update().get(pk=inspection.pk)
    check(inspection_refusal(user, stored, "change"))
    items = plan_items(stored)
    errors = _result_errors(stored, outcome, results, penalties, items)
    if errors:
        raise ValidationError(errors)
    stored.visited_on, stored.outcome, stored.outcome_note = visited_on, outcome, outcome_note
    stored.status, stored.entered_by = Inspection.Status.ENTERED, user
    stored.full_clean()
    stored.save()
    stored.item_results.all().delete()
    ItemResult.objects.bulk_create(
        ItemResult(inspection=stored, item=item, result=results[item.pk][0],
                   finding=results[item.pk][1].strip())
        for item in items if results.get(item.pk, ("", ""))[0])
    stored.penalties.set(penalties)
    log(stored, "wagtail.edit", user=user)
    return stored


@transaction.atomic
def submit(user, inspection):
    """提交复核: results entered, a second person now reviews them."""
    stored = Inspection.objects.select_for_update().get(pk=inspection.pk)
    check(inspection_refusal(user, stored, "change"))
    if stored.status != Inspection.Status.ENTERED:
        raise NotPermitted("请先录入检查结果，再提交复核。")
    stored.status, stored.submitted_by = Inspection.Status.SUBMITTED, user
    stored.save(update_fields=["status", "submitted_by", "updated_at"])
    log(stored, "wagtail.workflow.start", user=user)
    return stored


@transaction.atomic
def approve(user, inspection, day=None):
    """复核通过: another official of the territory approves, and the result is public."""
    stored = Inspection.objects.select_for_update().get(pk=inspection.pk)
    check(inspection_refusal(user, stored, "review"))
    day = day or timezone.localdate()
    if day > timezone.localdate() or (stored.visited_on and day < stored.visited_on):
        raise NotPermitted("公开日期应在检查日期和今天之间。")
    stored.status, stored.reviewed_by = Inspection.Status.PUBLISHED, user
    stored.published_on = day
    stored.save(update_fields=["status", "reviewed_by", "published_on", "updated_at"])
    log(stored, "wagtail.publish", user=user)
    return stored


@transaction.atomic
def send_back(user, inspection, reason):
    """退回修改, with the reason (kept in the history)."""
    stored = Inspection.objects.select_for_update().get(pk=inspection.pk)
    check(inspection_refusal(user, stored, "review"))
    if not reason.strip():
        raise NotPermitted("请填写退回原因。")
    stored.status, stored.submitted_by = Inspection.Status.ENTERED, None
    stored.save(update_fields=["status", "submitted_by", "updated_at"])
    log(stored, "wagtail.workflow.reject", user=user, data={"reason": reason.strip()})
    return stored


# -- 回头看, 风险提示, plans -------------------------------------------------------------

@transaction.atomic
def open_follow_ups(user, plan):
    """回头看 (R15): one follow-up per penalty decided in the plan's follow-up year on an
    institution of the plan authority's territory (already listed ones are kept)."""
    if not plan.follow_up_year:
        raise NotPermitted("该计划未设置回头看年度。")
    made = []
    penalties = Penalty.objects.filter(
        decided_on__year=plan.follow_up_year,
        institution__region__code__startswith=plan.authority.region.code,
    ).exclude(end_reason__in=WITHDRAWN).select_related("institution")
    for penalty in penalties:
        if FollowUp.objects.filter(plan=plan, penalty=penalty).exists():
            continue
        follow_up = FollowUp(plan=plan, institution=penalty.institution, penalty=penalty)
        check(follow_up_refusal(user, follow_up, "add"))
        follow_up.save()
        log(follow_up, "wagtail.create", user=user)
        made.append(follow_up)
    return made


@transaction.atomic
def save_record(user, record):
    """Add or change a plan, follow-up, 风险提示, roster entry or 回避 (the admin's forms
    save through here)."""
    refusal = {InspectionPlan: plan_refusal, FollowUp: follow_up_refusal,
               RiskNotice: risk_notice_refusal, Inspector: roster_refusal,
               Conflict: roster_refusal}[type(record)]
    created = record.pk is None
    stored = None
    if not created:
        stored = type(record).objects.select_for_update().get(pk=record.pk)
        check(refusal(user, stored, "change"))
    check(refusal(user, record, "add" if created else "change"))
    if isinstance(record, Inspector):
        check(roster_change_refusal(stored, record))
    if isinstance(record, InspectionPlan) and stored is not None:
        # the commitment is written by draws.commit alone, never by a form
        record.secret, record.commitment = stored.secret, stored.commitment
        record.committed_on = stored.committed_on
    record.full_clean()
    record.save()
    log(record, "wagtail.create" if created else "wagtail.edit", user=user)
    return record
