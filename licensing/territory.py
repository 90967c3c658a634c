"""Who may change what in the register — the one place the territorial rule lives.

R8 “谁审批、谁监管”: a county official records institutions and licences of its
own county, and only for services a county may license (competence.py); a city
official likewise for its city; the region commission maintains the whole
register. Inspectors and anyone without an authority only read.

Every function answers with a reason in Chinese (None when allowed), so the
admin, the permission policy and the service layer give the same message.
"""

from django.core.exceptions import PermissionDenied

from .choices import Level, Service
from .competence import PERSONNEL, competent_rule, subject_label

_VERB = {"add": "新增", "change": "修改", "delete": "删除"}


class NotPermitted(PermissionDenied):
    """Refused by the territorial or competence rule; str(error) is the reason."""


def authority_of(user):
    profile = getattr(user, "staff_profile", None) if user.is_authenticated else None
    return profile.authority if profile else None


def _actor_refusal(user, action, model):
    """Model permission and authority: refusals that do not depend on the record."""
    if user.is_superuser:
        return None
    label = model._meta.verbose_name
    if not user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}"):
        return f"您的账号没有{_VERB[action]}{label}的权限。"
    if authority_of(user) is None:
        return "您的账号尚未关联卫生健康行政部门，不能修改登记信息，请联系系统管理员。"
    return None


def institution_refusal(user, region, action="change"):
    """Why `user` may not add/change/delete an institution located in `region`, or None."""
    from .models import Institution

    if reason := _actor_refusal(user, action, Institution):
        return reason
    authority = authority_of(user)
    if authority and region is not None and not authority.governs(region):
        return f"{region.full_name}不在{authority.name}的辖区内，不能登记或修改该地的机构。"
    return None


def licence_refusal(user, *, region, service, decided_on, licensing_authority, action="change",
                    model=None):
    """Why `user` may not record this licence, or None.

    Region staff maintain every licence; a city or county official only those
    its level is competent for on the decision date, issued in its own name.
    `model` names the record kind when another app applies the same rule
    (谁审批、谁监管: a penalty is recorded by the authority that licenses the service).
    """
    from .models import Licence

    if reason := _actor_refusal(user, action, model or Licence):
        return reason
    authority = authority_of(user)
    if authority is None:  # superuser
        return None
    if region is not None and not authority.governs(region):
        return f"{region.full_name}不在{authority.name}的辖区内，不能登记或修改该地机构的许可。"
    if authority.level == Level.PROVINCE or service is None or decided_on is None:
        return None
    rule = competent_rule(service, decided_on)
    if rule.level != authority.level:
        return (
            f"{decided_on:%Y年%m月%d日}作出的{Service(service).label}许可由"
            f"{Level(rule.level).label}卫生健康行政部门审批（{rule.basis}），"
            f"{authority.name}无权登记或修改。"
        )
    if licensing_authority is not None and licensing_authority != authority:
        return f"许可机关应为本机关（{authority.name}）。"
    return None


def decision_refusal(user, *, model, subject, decided_on, deciding_authority, region,
                     action="change"):
    """Why `user` may not record this decision (an Approval or a personnel approval).

    Stricter than keeping the register: only the competent authority decides, so
    the user must work for `deciding_authority`, which must govern the
    institution's place and be of the level the rule names on `decided_on`.
    """
    if reason := _actor_refusal(user, action, model):
        return reason
    authority = authority_of(user)
    if authority is not None and deciding_authority is not None and (
        authority != deciding_authority
    ):
        return f"只能以本机关（{authority.name}）名义作出审批决定。"
    if deciding_authority is None:
        return None
    if region is not None and not deciding_authority.governs(region):
        return f"{region.full_name}不在{deciding_authority.name}的辖区内，不能审批该地机构的申请。"
    if subject is None or decided_on is None:
        return None
    rule = competent_rule(subject, decided_on)
    if rule.level != deciding_authority.level:
        return (
            f"{decided_on:%Y年%m月%d日}的{subject_label(subject)}审批由"
            f"{Level(rule.level).label}卫生健康行政部门负责（{rule.basis}），"
            f"{deciding_authority.name}无审批权限。"
        )
    return None


def view_refusal(user, obj):
    """Why `user` may not open the record `obj` in the admin, or None.

    The register is public, so staff with the view permission read it all, except
    personnel records: they hold a person's ID and phone numbers, which only the
    authorities whose territory the person works in may see.
    """
    from .models import PersonnelQualification

    if user.is_superuser:
        return None
    if not user.has_perm(f"licensing.view_{obj._meta.model_name}"):
        return f"您的账号没有查看{obj._meta.verbose_name}的权限。"
    if isinstance(obj, PersonnelQualification):
        authority = authority_of(user)
        if authority is None or not authority.governs(obj.institution.region):
            return "人员资格记录含个人信息，只能由该人员执业地的卫生健康行政部门查看。"
    return None


def refusal_for(user, action, obj):
    """Why `user` may not perform `action` on the existing record `obj`, or None."""
    from .models import Approval, Institution, Licence, PersonnelQualification

    if isinstance(obj, Institution):
        reason = institution_refusal(user, obj.region, action)
        if reason is None and action == "delete" and obj.licences.exists():
            reason = "该机构仍有许可记录，不能删除；机构停止执业的，请在许可中登记注销。"
        return reason
    if isinstance(obj, Licence):
        return licence_refusal(
            user, region=obj.institution.region, service=obj.service,
            decided_on=obj.decided_on, licensing_authority=obj.authority, action=action,
        )
    if isinstance(obj, Approval):
        if action == "delete" and obj.decision != Approval.Decision.PENDING:
            return "已作出决定的审批记录不能删除；如需更正，请登记新的审批记录。"
        return decision_refusal(
            user, model=Approval, subject=obj.service, decided_on=obj.decided_on or obj.received_on,
            deciding_authority=obj.authority, region=obj.institution.region, action=action,
        )
    if isinstance(obj, PersonnelQualification):
        return decision_refusal(
            user, model=PersonnelQualification, subject=PERSONNEL, decided_on=obj.decided_on,
            deciding_authority=obj.authority, region=obj.institution.region, action=action,
        )
    raise TypeError(f"no territorial rule for {type(obj).__name__}")


def check(reason):
    """Raise NotPermitted when there is a reason to refuse."""
    if reason:
        raise NotPermitted(reason)
