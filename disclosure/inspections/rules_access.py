"""Who may do what with inspection records — the one place the rule lives, answered with a
reason in Chinese (None when allowed), for the admin gate, the policies and the services.

- Plans, rosters, conflicts and 风险提示 belong to an authority: its own staff write them.
- A drawn inspection is written by the inspectors assigned to it (监督执法人员 see only
  their own), or by city / county / region staff whose territory holds the institution.
- A second person of such a territory reviews before anything is public; public results,
  committed plans, draws and published notices are frozen for everyone.
"""

from licensing.territory import authority_of

VERB = {"add": "新增", "change": "修改", "delete": "删除", "view": "查看"}


def is_staff_official(user):
    """A commission official (not only an inspector): may plan and review."""
    return user.is_superuser or user.has_perm("inspections.add_inspectionplan")


def _perm(user, action, model):
    if user.is_superuser:
        return None
    if not user.has_perm(f"inspections.{action}_{model._meta.model_name}"):
        return f"您的账号没有{VERB.get(action, '操作')}{model._meta.verbose_name}的权限。"
    if authority_of(user) is None:
        return "您的账号尚未关联卫生健康行政部门，请联系系统管理员。"
    return None


def own_authority_refusal(user, action, record, authority):
    """A record of `authority` (a plan, an inspector, a notice): only its own staff write it;
    staff of the authorities above it read it."""
    if reason := _perm(user, action, type(record)):
        return reason
    mine = authority_of(user)
    if mine is None or authority is None:
        return None
    if action == "view":
        if mine == authority or mine.governs(authority.region) or authority.governs(
                mine.region):
            return None
        return f"{authority.name}的记录只有本机关及上级机关可以查看。"
    if mine != authority:
        return f"只能{VERB.get(action, '操作')}本机关（{mine.name}）的记录。"
    return None


def plan_refusal(user, plan, action):
    if action in ("change", "delete") and plan.pk and plan.is_committed:
        return ("已公布承诺值的抽查计划不能修改或删除：抽取所依据的内容须与公布时一致。")
    return own_authority_refusal(user, action, plan, plan.authority if plan.authority_id
                                 else None)


def draw_refusal(user, plan, action):
    """发布承诺值 (action "commit") and 抽取 (action "draw")."""
    if reason := own_authority_refusal(user, "change", plan, plan.authority):
        return reason
    if not is_staff_official(user):
        return "抽取由检查机关工作人员操作。"
    if action == "commit" and plan.is_committed:
        return "该计划已公布承诺值，不能重新生成。"
    if action == "draw":
        if not plan.is_committed:
            return "请先公布承诺值，再进行抽取。"
        if plan.is_drawn:
            return "该计划已抽取，抽查名单已冻结，不能重新抽取。"
    return None


def _assigned(user, inspection):
    record = getattr(user, "inspector_record", None) if user.is_authenticated else None
    return record is not None and inspection.inspectors.filter(pk=record.pk).exists()


def _territory_refusal(user, inspection):
    mine = authority_of(user)
    if mine is not None and not mine.governs(inspection.institution.region):
        return f"{inspection.institution.region.full_name}不在{mine.name}的辖区内。"
    return None


def inspection_refusal(user, inspection, action):
    """view / change (录入、提交) / review (复核公开、退回) / delete of a drawn inspection."""
    from .models import Inspection

    if action in ("add", "delete"):
        return "检查记录由抽取产生，不能手工新增或删除。"
    if reason := _perm(user, "view" if action == "view" else "change", Inspection):
        return reason
    if action == "view":
        if user.is_superuser or is_staff_official(user) or _assigned(user, inspection):
            return None
        return "只能查看分派给本人的检查（检查安排在检查前不公开）。"
    if inspection.status == Inspection.Status.PUBLISHED:
        return "已公开的检查结果不能修改。"
    if action == "review":
        if inspection.status != Inspection.Status.SUBMITTED:
            return "该检查结果尚未提交复核。"
        if user.pk in (inspection.submitted_by_id, inspection.entered_by_id):
            return "录入人、提交人不能复核自己的检查结果，须由另一名工作人员复核。"
        if _assigned(user, inspection):
            return "参加本次检查的执法人员不能复核本次检查的结果。"
        if not is_staff_official(user):
            return "复核由检查对象所在辖区的卫生健康行政部门工作人员进行。"
        return _territory_refusal(user, inspection)
    if inspection.status == Inspection.Status.SUBMITTED:
        return "检查结果已提交复核，不能修改；如需修改，请复核人退回。"
    if user.is_superuser or _assigned(user, inspection):
        return None
    if not is_staff_official(user):
        return "只能录入分派给本人的检查。"
    return _territory_refusal(user, inspection)


def follow_up_refusal(user, follow_up, action):
    if reason := _perm(user, action, type(follow_up)):
        return reason
    mine = authority_of(user)
    if action == "view" or mine is None:
        return None
    if not is_staff_official(user):
        return "回头看由卫生健康行政部门工作人员登记。"
    plan = follow_up.plan if follow_up.plan_id else None
    if plan is not None and plan.authority != mine:
        return f"只能登记本机关（{mine.name}）抽查计划的回头看。"
    if follow_up.institution_id and not mine.governs(follow_up.institution.region):
        return f"{follow_up.institution.region.full_name}不在{mine.name}的辖区内。"
    return None


def risk_notice_refusal(user, notice, action):
    if action in ("change", "delete") and notice.pk and notice.published_on:
        return "已发布的风险提示不能修改或删除。"
    return own_authority_refusal(user, action, notice, notice.authority if notice.authority_id
                                 else None)


FROZEN_ROSTER_FIELDS = {"name": "姓名", "certificate_no": "执法证号", "user_id": "登录账号"}


def roster_change_refusal(stored, record):
    """A drawn inspector's name, 执法证号 and login stay as they were drawn (the published
    draw names that person's code); an account linked must be an inspector's of the
    roster's territory."""
    from licensing.roles import INSPECTORS

    if stored is not None and stored.inspections.exists():
        changed = [label for field, label in FROZEN_ROSTER_FIELDS.items()
                   if getattr(stored, field) != getattr(record, field)]
        if changed:
            return f"已被抽取参加检查的执法人员不能修改{'、'.join(changed)}。"
    linked = record.user if record.user_id else None
    if linked is not None and (stored is None or stored.user_id != record.user_id):
        mine = authority_of(linked)
        if not linked.groups.filter(name=INSPECTORS).exists() or mine is None or not (
                mine == record.authority or mine.governs(record.authority.region)):
            return "登录账号须为本辖区或上级机关的监督执法人员账号。"
    return None


def roster_refusal(user, record, action):
    inspector = record if hasattr(record, "certificate_no") else (
        record.inspector if record.inspector_id else None)
    if action != "view" and user.is_authenticated and not is_staff_official(user):
        return "执法人员名录库由卫生健康行政部门工作人员维护。"
    if action == "delete" and inspector and inspector.pk and inspector.inspections.exists():
        return "已被抽取参加检查的执法人员不能删除（抽查名单须可复核），可改为“不在库”。"
    mine = authority_of(user)
    if action == "view" and mine and inspector and not (
            mine == inspector.authority or mine.governs(inspector.authority.region)):
        return "执法人员名录只有本机关及上级机关可以查看。"
    return own_authority_refusal(user, action, record, inspector.authority if inspector
                                 else None)
