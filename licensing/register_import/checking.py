"""Checking every row against the register's own rules, all problems reported together."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum.cn import uscc as stdnum_uscc

from ..choices import Level, Service
from ..competence import competent_division
from ..date_bounds import past_date_error, term_date_error
from ..models import GUANGXI, Authority, Institution, Licence, Region, validate_uscc
from ..territory import authority_of, institution_refusal, licence_refusal
from .columns import COLUMNS, DEFAULT_CATEGORY, EXAMPLE, HEADING, ORDER
from .reading import _is_blank, _text

# ---------------------------------------------------------------- checking the rows


@dataclass
class PlannedInstitution:
    """The institution a row's licence belongs to: one already registered, or a new one."""

    uscc: str
    name: str
    region: Region | None
    first_row: int
    address: str = ""
    category: str = DEFAULT_CATEGORY
    existing: Institution | None = None


@dataclass
class PlannedLicence:
    """One checked row, ready to be saved."""

    row: int
    institution: PlannedInstitution
    service: str
    decision_no: str
    licence_no: str
    decided_on: date
    valid_from: date
    valid_until: date | None
    authority: object


@dataclass
class _Context:
    """What the checks of every row share: the user, the register, and what the file said."""

    user: object
    authority: object
    counties: dict
    authorities: dict  # division code -> Authority
    registered: dict  # USCC -> Institution already in the register
    taken_numbers: set  # licence numbers already in the register
    institutions: dict = field(default_factory=dict)  # USCC -> PlannedInstitution
    licence_rows: dict = field(default_factory=dict)  # licence number -> first row


class _RowErrors:
    """The problems of one row; a message said twice about a row is reported once."""

    def __init__(self, row):
        self.row = row
        self.items = []

    def add(self, key, message):
        if message and all(message != known for _key, known in self.items):
            self.items.append((key, message))

    def as_errors(self):
        ordered = sorted(self.items, key=lambda item: ORDER.get(item[0], -1))
        return [(self.row, HEADING.get(key, ""), message) for key, message in ordered]


def validate(user, rows):
    """Check every row and return (plans, errors); errors are (row, heading, message).

    Nothing is saved here. All rows are checked even after a problem is found,
    so one upload shows the official everything that needs correcting.
    """
    authority = authority_of(user)
    if authority is None:
        return [], [(None, "", "您的账号尚未关联卫生健康行政部门，不能导入登记信息，"
                               "请联系系统管理员。")]
    if not rows:
        return [], [(None, "", "文件中没有数据行：请从第2行起每行填写一项许可。")]
    context = _load_context(user, authority, rows)
    plans, errors = [], []
    for row in rows:
        row_errors = _RowErrors(row["row"])
        plan = _check_row(row, context, row_errors)
        errors += row_errors.as_errors()
        if plan is not None:
            plans.append(plan)
    return plans, errors


def _load_context(user, authority, rows):
    """Read what the checks compare against in three queries, not three per row."""
    usccs = {stdnum_uscc.compact(_text(row.get("uscc"))) for row in rows}
    numbers = {_text(row.get("licence_no")) for row in rows}
    counties = Region.objects.filter(level=Level.COUNTY, code__startswith=GUANGXI)
    registered = Institution.objects.filter(uscc__in=usccs - {""}).select_related("region__parent")
    taken = Licence.objects.filter(licence_no__in=numbers - {""})
    return _Context(
        user=user, authority=authority,
        counties={region.code: region for region in counties.select_related("parent")},
        authorities={a.region.code: a for a in Authority.objects.select_related("region")},
        registered={institution.uscc: institution for institution in registered},
        taken_numbers=set(taken.values_list("licence_no", flat=True)),
    )


def _check_row(row, context, errors):
    """All checks of one row; the plan for it, or None when it has any problem."""
    values = _read_values(row, context, errors)
    _check_dates_plausible(values, errors)
    _check_dates_in_order(values, errors)
    _check_licence_number(values, row["row"], context, errors)
    institution = _plan_institution(values, row["row"], context, errors)
    authority = _licensing_authority(values, institution, context)
    _check_rules(values, institution, authority, context, errors)
    if errors.items:
        return None
    return PlannedLicence(
        row=row["row"], institution=institution, service=values["service"],
        decision_no=values["decision_no"], licence_no=values["licence_no"],
        decided_on=values["decided_on"], valid_from=values["valid_from"],
        valid_until=values["valid_until"], authority=authority,
    )


def _licensing_authority(values, institution, context):
    """许可机关: a city or county official records in its own name (the rules refuse
    what it may not license); region staff importing a county's register record
    the authority the competence rule names, not themselves."""
    existing = institution.existing if institution is not None else None
    region = existing.region if existing is not None else values["county"]
    if context.authority.level != Level.PROVINCE or region is None or not (
        values["service"] and values["decided_on"]
    ):
        return context.authority
    code = competent_division(values["service"], values["decided_on"], region.code)
    return context.authorities[code]


def _read_values(row, context, errors):
    """Each cell converted to what the register stores; None (and an error) when it cannot be."""
    values = {}
    for column in COLUMNS:
        raw = row.get(column.key)
        if _is_blank(raw):
            if column.required:
                errors.add(column.key, f"{column.heading}不能为空。")
            values[column.key] = _BLANK_VALUE.get(column.key, "")
            continue
        value, message = _READERS[column.key](raw, context)
        errors.add(column.key, message)
        values[column.key] = value
    if values["uscc"] == EXAMPLE["uscc"]:
        errors.add("name", "这是模板中的示例行，请删除该行后再上传。")
    return values


_BLANK_VALUE = {"category": DEFAULT_CATEGORY, "county": None, "service": None,
                "decided_on": None, "valid_from": None, "valid_until": None}


def _read_text(model, field_name):
    """A reader for a free-text column, limited to the model field's length."""
    limit = model._meta.get_field(field_name).max_length

    def read(raw, context):
        value = _text(raw)
        if len(value) > limit:
            return None, f"不能超过{limit}个字（现有{len(value)}个字）。"
        return value, None

    return read


def _read_uscc(raw, context):
    """The USCC compacted as the model stores it, checked with the register's validator."""
    if isinstance(raw, int | float):
        return None, ("统一社会信用代码被Excel存成了数字，可能已丢失位数："
                      "请把该列设为文本格式后重新填写。")
    value = stdnum_uscc.compact(_text(raw))
    try:
        validate_uscc(value)
    except ValidationError as error:
        return None, error.messages[0]
    return value, None


def _read_county(raw, context):
    """A county-level division of Guangxi, by its 6-digit code."""
    code = _text(raw)
    region = context.counties.get(code)
    if region is None:
        return None, (f"“{code}”不是广西的县（市、区）级行政区划代码"
                      "（应为45开头的6位代码，如450102）。")
    return region, None


def _read_choice(choices, heading):
    """A reader that turns a Chinese label (as in the template's list) into its stored value."""
    by_label = {label: value for value, label in choices}

    def read(raw, context):
        label = _text(raw)
        if label in by_label:
            return by_label[label], None
        allowed = "、".join(by_label)
        return None, f"“{label}”不是可选的{heading}；可选值：{allowed}。"

    return read


def _read_date(raw, context):
    """An Excel date cell, or text written YYYY-MM-DD."""
    if isinstance(raw, datetime):
        return raw.date(), None
    if isinstance(raw, date):
        return raw, None
    text = _text(raw)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not match:
        return None, f"“{text}”不是日期：请填写Excel日期或“YYYY-MM-DD”格式（如2024-03-01）。"
    try:
        return date(*(int(part) for part in match.groups())), None
    except ValueError:
        return None, f"日期“{text}”不存在，请核对。"


_READERS = {
    "name": _read_text(Institution, "name"),
    "uscc": _read_uscc,
    "county": _read_county,
    "address": _read_text(Institution, "address"),
    "category": _read_choice(Institution.Category.choices, HEADING["category"]),
    "service": _read_choice(Service.choices, HEADING["service"]),
    "decision_no": _read_text(Licence, "decision_no"),
    "licence_no": _read_text(Licence, "licence_no"),
    "decided_on": _read_date,
    "valid_from": _read_date,
    "valid_until": _read_date,
}


# The bounds Licence.clean applies: a decision already taken, a term within reach.
_DATE_BOUNDS = {
    "decided_on": past_date_error,
    "valid_from": term_date_error,
    "valid_until": term_date_error,
}


def _check_dates_plausible(values, errors):
    """Refuse a date outside the register's bounds (a mistyped year, a 9999 placeholder).

    Such a date is then dropped like one that could not be read, so the later
    checks (date order, competence on the decision date) do not reason from it.
    """
    today = timezone.localdate()
    for key, bound_error in _DATE_BOUNDS.items():
        if values[key] is None:
            continue
        message = bound_error(HEADING[key], values[key], today)
        if message:
            errors.add(key, message)
            values[key] = None


def _check_dates_in_order(values, errors):
    """The same order Licence.clean enforces, reported on the column to correct."""
    decided, start, end = values["decided_on"], values["valid_from"], values["valid_until"]
    if decided and start and start < decided:
        errors.add("valid_from", "有效期自不能早于许可决定日期。")
    if start and end and end < start:
        errors.add("valid_until", "有效期至不能早于有效期自。")


def _check_licence_number(values, row_number, context, errors):
    """许可证编号 is unique in the register: not already there, not twice in the file."""
    number = values["licence_no"]
    if not number:
        return
    if number in context.taken_numbers:
        errors.add("licence_no", f"许可证编号“{number}”已在登记系统中，不能重复登记。")
    first = context.licence_rows.setdefault(number, row_number)
    if first != row_number:
        errors.add("licence_no", f"许可证编号“{number}”与第{first}行重复。")


def _plan_institution(values, row_number, context, errors):
    """The institution of this row, shared by every row with the same USCC.

    One already in the register is reused as it is; the file must then agree
    with it on name and county, or the licence would land on the wrong holder.
    """
    uscc = values["uscc"]
    if not uscc:
        return None
    planned = context.institutions.get(uscc)
    if planned is None:
        planned = _new_plan(values, row_number, context.registered.get(uscc))
        context.institutions[uscc] = planned
    if planned.existing is not None:
        _check_agrees_with_register(values, planned.existing, errors)
    elif planned.first_row != row_number:
        _check_agrees_with_first_row(values, planned, errors)
    return planned


def _new_plan(values, row_number, existing):
    if existing is not None:
        return PlannedInstitution(uscc=existing.uscc, name=existing.name,
                                  region=existing.region, first_row=row_number,
                                  existing=existing)
    return PlannedInstitution(uscc=values["uscc"], name=values["name"], region=values["county"],
                              first_row=row_number, address=values["address"],
                              category=values["category"])


def _check_agrees_with_register(values, existing, errors):
    if values["name"] and values["name"] != existing.name:
        errors.add("name", f"该统一社会信用代码已登记为“{existing.name}”，与本行机构名称不一致；"
                           "如机构已更名，请先在“医疗机构”中修改名称后再导入。")
    if values["county"] and values["county"] != existing.region:
        errors.add("county", f"该统一社会信用代码的机构已登记在{existing.region.full_name}"
                             f"（{existing.region.code}），与本行区划代码不一致。")


def _check_agrees_with_first_row(values, planned, errors):
    row = planned.first_row
    if values["name"] and planned.name and values["name"] != planned.name:
        errors.add("name", f"与第{row}行统一社会信用代码相同，但机构名称"
                           f"（第{row}行为“{planned.name}”）不一致。")
    if values["county"] and planned.region and values["county"] != planned.region:
        errors.add("county", f"与第{row}行统一社会信用代码相同，但区划代码"
                             f"（第{row}行为{planned.region.code}）不一致。")


def _check_rules(values, institution, authority, context, errors):
    """Territory and competence, through the same rules the admin and services apply.

    The place (institution_refusal for a new institution, licence_refusal
    without a service for a registered one) and the service on its decision
    date (licence_refusal without a region) are asked separately, so a row with
    both problems shows both, each under the column to correct; together they
    are the checks save_institution and save_licence make.
    """
    user = context.user
    existing = institution.existing if institution is not None else None
    if existing is not None:
        errors.add("county", licence_refusal(
            user, region=existing.region, service=None, decided_on=None,
            licensing_authority=None, action="add",
        ))
    elif values["county"] is not None:
        errors.add("county", institution_refusal(user, values["county"], "add"))
    if values["service"] and values["decided_on"]:
        errors.add("service", licence_refusal(
            user, region=None, service=values["service"], decided_on=values["decided_on"],
            licensing_authority=authority, action="add",
        ))
