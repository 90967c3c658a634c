"""Importing a county's existing paper register from an XLSX file (登记册导入).

The official downloads a template, fills one row per licence and uploads it.
Every row is checked first and all problems are reported together, with the
row number and the column, so the file can be corrected in one pass; only a
file without a single problem is imported, in one transaction. The rules are
the register's own: validate_uscc, the territorial and competence rules of
territory.py, and services.save_institution / save_licence, which also write
the audit log.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from stdnum.cn import uscc as stdnum_uscc

from . import services
from .choices import Level, Service
from .competence import competent_division
from .date_bounds import past_date_error, term_date_error
from .demo import demo_uscc
from .models import GUANGXI, Authority, Institution, Licence, Region, validate_uscc
from .territory import authority_of, institution_refusal, licence_refusal


class Column(NamedTuple):
    key: str
    heading: str
    required: bool


COLUMNS = (
    Column("name", "机构名称", True),
    Column("uscc", "统一社会信用代码", True),
    Column("county", "所在县（市、区）区划代码", True),
    Column("address", "地址", False),
    Column("category", "机构类别", False),
    Column("service", "许可项目", True),
    Column("decision_no", "许可决定文书号", True),
    Column("licence_no", "许可证编号", True),
    Column("decided_on", "许可决定日期", True),
    Column("valid_from", "有效期自", True),
    Column("valid_until", "有效期至", False),
)
HEADING = {column.key: column.heading for column in COLUMNS}
ORDER = {column.key: index for index, column in enumerate(COLUMNS)}
DATE_KEYS = ("decided_on", "valid_from", "valid_until")
TEXT_KEYS = ("uscc", "county", "decision_no", "licence_no")  # kept as text in the template

SHEET_TITLE = "登记册"
HELP_SHEET_TITLE = "填写说明"
# A county's register is at most a few hundred licences; a bigger file is a mistake.
MAX_ROWS = 2000
DEFAULT_CATEGORY = Institution.Category.OTHER

# The example row of the template, fictional; an upload that still contains it is refused.
EXAMPLE = {
    "name": "示例兴宁区妇幼保健院",
    "uscc": demo_uscc(9_999_999, "450102"),
    "county": "450102",
    "address": "示例大道1号",
    "category": Institution.Category.MCH.label,
    "service": Service.PREMARITAL_EXAM.label,
    "decision_no": "示例兴卫许字〔2024〕1号",
    "licence_no": "示例PM450102-2024-0001",
    "decided_on": date(2024, 3, 1),
    "valid_from": date(2024, 3, 1),
    "valid_until": date(2027, 2, 28),
}

COLUMN_HELP = {
    "name": "机构全称，与医疗机构执业许可证一致。",
    "uscc": "18位，含校验位；请保持为文本，不要让Excel改成数字。",
    "county": "机构所在县（市、区）的6位行政区划代码，如南宁市兴宁区为450102。",
    "address": "可不填。",
    "category": "可不填，默认为“其他”；可选值见下方。",
    "service": "可选值见下方；一项许可填一行，同一机构有多项许可时填多行。",
    "decision_no": "如：兴卫许字〔2024〕1号。",
    "licence_no": "许可证编号在全区唯一，不能与已登记的或本文件中其他行的重复。",
    "decided_on": "Excel日期，或文本“YYYY-MM-DD”（如2024-03-01）。",
    "valid_from": "同上；不能早于许可决定日期。",
    "valid_until": "同上；不能早于有效期自；长期有效的留空。",
}

NOTES = (
    "每行登记一项许可；全部行检查无误才会导入，有任何问题时不导入任何数据。",
    "许可机关记为您所在的卫生健康行政部门；只能导入本辖区、本级有权审批的许可。",
    "统一社会信用代码已在登记系统中的机构直接沿用，不重复新建，也不修改其信息。",
    "同一机构在多行出现时，机构名称和区划代码须一致，地址和机构类别以第一次出现的行为准。",
    "批准技术、许可事项记录（校验、变更等）请导入后在“许可”中补充。",
    "请删除第2行的示例后再填写；不要修改、删除表头。",
)


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not an XLSX, headers missing, too many rows)."""


# ---------------------------------------------------------------- the template


def build_template():
    """The XLSX the official fills in: the register sheet and the instructions sheet."""
    workbook = openpyxl.Workbook()
    _fill_register_sheet(workbook.active)
    _fill_help_sheet(workbook.create_sheet(HELP_SHEET_TITLE))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_register_sheet(sheet):
    """Header, example row, widths, text/date formats and drop-down lists.

    Codes are formatted as text so that Excel does not turn an all-digit USCC
    into a rounded number; the drop-downs keep labels exactly as the import expects.
    """
    sheet.title = SHEET_TITLE
    sheet.append([column.heading for column in COLUMNS])
    sheet.append([EXAMPLE[column.key] for column in COLUMNS])
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = {"name": 32, "uscc": 22, "county": 14, "address": 28, "category": 18,
              "service": 36, "decision_no": 26, "licence_no": 26}
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = widths.get(column.key, 14)
        if column.key in TEXT_KEYS:
            dimension.number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
        elif column.key in DATE_KEYS:
            dimension.number_format = "yyyy-mm-dd"
            sheet.cell(row=2, column=index).number_format = "yyyy-mm-dd"
    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "A2"
    _add_choice_list(sheet, "service", [label for _value, label in Service.choices])
    _add_choice_list(sheet, "category", [label for _value, label in Institution.Category.choices])


def _add_choice_list(sheet, key, labels):
    """A drop-down of the allowed labels under one column (rows 2 … MAX_ROWS + 1)."""
    letter = get_column_letter(ORDER[key] + 1)
    validation = DataValidation(
        type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle=HEADING[key],
        error=f"请从下拉列表中选择{HEADING[key]}。",
    )
    validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    sheet.add_data_validation(validation)


def _fill_help_sheet(sheet):
    """What each column means and which values are allowed, for the person filling it in."""
    bold = Font(bold=True)
    sheet.append(["列名", "是否必填", "填写要求"])
    for column in COLUMNS:
        sheet.append([column.heading, "必填" if column.required else "选填",
                      COLUMN_HELP[column.key]])
    sheet.append([])
    sheet.append(["许可项目可选值"])
    for _value, label in Service.choices:
        sheet.append(["", "", label])
    sheet.append([])
    sheet.append(["机构类别可选值"])
    for _value, label in Institution.Category.choices:
        sheet.append(["", "", label])
    sheet.append([])
    sheet.append(["注意事项"])
    for number, note in enumerate(NOTES, start=1):
        sheet.append(["", "", f"{number}. {note}"])
    for row in sheet.iter_rows():
        if row[0].value:
            row[0].font = bold
    for cell in sheet[1]:
        cell.font = bold
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 90


# ---------------------------------------------------------------- reading the file


def parse(file):
    """The data rows of an uploaded XLSX, as dicts keyed by column key plus "row".

    Columns are found by their heading, so their order does not matter; fully
    empty rows are skipped, and each row keeps its spreadsheet row number so
    errors point at the line the official sees in Excel.
    """
    workbook = _open_workbook(file)
    try:
        return _read_rows(_register_sheet(workbook))
    finally:
        workbook.close()


def _read_rows(sheet):
    rows = sheet.iter_rows(values_only=True)
    positions = _column_positions(next(rows, ()))
    result = []
    for number, values in enumerate(rows, start=2):
        row = {key: _cell(values, index) for key, index in positions.items()}
        if all(_is_blank(value) for value in row.values()):
            continue
        if len(result) >= MAX_ROWS:
            raise ImportFileError(
                f"文件中的数据超过{MAX_ROWS}行，请分成几个文件分批导入。"
            )
        row["row"] = number
        result.append(row)
    return result


def _open_workbook(file):
    """The uploaded file as a workbook, or a message the official can act on."""
    try:
        return openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise ImportFileError(
            "无法读取该文件：请上传用本系统模板填写的 .xlsx 文件"
            "（旧版 .xls 或 CSV 文件请先在Excel中另存为 .xlsx）。"
        ) from error


def _register_sheet(workbook):
    """The 登记册 sheet, or the first sheet if it was renamed."""
    if SHEET_TITLE in workbook.sheetnames:
        return workbook[SHEET_TITLE]
    return workbook.worksheets[0]


def _column_positions(header):
    """Column key -> index in the row, from the header row; every column must be there."""
    found = {}
    for index, value in enumerate(header):
        heading = _normalise_heading(value)
        for column in COLUMNS:
            if heading == column.heading and column.key not in found:
                found[column.key] = index
    missing = [column.heading for column in COLUMNS if column.key not in found]
    if missing:
        names = "、".join(f"“{heading}”" for heading in missing)
        raise ImportFileError(
            f"第1行（表头）缺少以下列：{names}。请使用导入模板，不要修改或删除表头。"
        )
    return found


def _normalise_heading(value):
    """Tolerate what people add to a heading: spaces, a required-mark asterisk."""
    return re.sub(r"\s+", "", str(value or "")).rstrip("*＊")


def _cell(values, index):
    return values[index] if index < len(values) else None


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value):
    """A cell as text: numbers without a trailing ".0", strings stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.strftime("%Y-%m-%d")
    return str(value).strip()


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


# ---------------------------------------------------------------- saving


@dataclass
class ImportSummary:
    institutions_created: int = 0
    institutions_reused: int = 0
    licences_created: int = 0


def import_rows(user, plans):
    """Save the checked plans, all or nothing, through the service layer (audit-logged).

    The service functions check the rules again, so a change to the register
    between checking and saving is refused rather than imported; any exception
    rolls the whole import back.
    """
    summary = ImportSummary()
    saved = {}  # USCC -> Institution
    with transaction.atomic():
        for plan in plans:
            institution = _saved_institution(user, plan.institution, saved, summary)
            services.save_licence(user, Licence(
                institution=institution, service=plan.service, authority=plan.authority,
                decision_no=plan.decision_no, licence_no=plan.licence_no,
                decided_on=plan.decided_on, valid_from=plan.valid_from,
                valid_until=plan.valid_until,
            ))
            summary.licences_created += 1
    return summary


def _saved_institution(user, planned, saved, summary):
    """The registered institution for a plan, created the first time a new one is met."""
    if planned.uscc in saved:
        return saved[planned.uscc]
    if planned.existing is not None:
        institution = planned.existing
        summary.institutions_reused += 1
    else:
        institution = services.save_institution(user, Institution(
            name=planned.name, uscc=planned.uscc, region=planned.region,
            address=planned.address, category=planned.category,
        ))
        summary.institutions_created += 1
    saved[planned.uscc] = institution
    return institution
