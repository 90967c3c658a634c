"""The import file's columns, their headings and help, and the error for an unreadable file."""

from datetime import date
from typing import NamedTuple

from ..choices import Service
from ..demo import demo_uscc
from ..models import Institution


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
