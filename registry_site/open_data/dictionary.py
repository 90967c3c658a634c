"""The data dictionary: every column of every collection, with its national field code
where a standard names one, its type, its meaning and an example from the data."""

import inspect
import re
import typing
from dataclasses import dataclass

from rest_framework import fields as drf
from rest_framework import relations, serializers

# What each collection is, in a sentence a reader of /data/ understands.
DESCRIPTIONS = {
    "institutions": "开展妇幼健康相关许可服务的医疗机构，每行一家，附其全部许可。",
    "licences": "每一项许可（许可项目、编号、有效期、今天的状态及变更记录），每行一项。",
    "licensing-decisions": "已公示的行政许可决定（双公示），每行一项决定。",
    "list-editions": "每半年公布一次的人类辅助生殖技术机构和人类精子库名单，每行一期，附当期名单。",
    "application-notices": "设置人类辅助生殖技术机构、人类精子库的申请信息公开，每行一项申请。",
    "penalties": "正在公示的行政处罚决定（双公示），字段名采用国家“双公示”数据标准的代码。",
    "blacklist": "正在生效的黑名单记录；列入个人的，只显示姓氏。",
    "credit-status": "每家医疗机构今天的信用状况及其原因。",
    "inspection-plans": "已公布的“双随机、一公开”抽查计划，附检查内容和抽取结果。",
    "inspection-results": "已公开的抽查结果，附逐项检查结果和检查后作出的行政处罚。",
}

# National field codes (双公示 行政许可 XK_*; 统一社会信用代码 GB 32100; 区划代码 GB/T 2260).
NATIONAL = {
    "licensing-decisions": {
        "institution_name": "XK_XDR_MC", "uscc": "XK_XDR_SHXYM", "decision_no": "XK_WSH",
        "certificate_name": "XK_XKZS", "licence_no": "XK_XKBH", "content": "XK_NR",
        "decided_on": "XK_JDRQ", "valid_from": "XK_YXQZ", "valid_until": "XK_YXQZI",
        "authority": "XK_XKJG", "licence_status": "XK_ZT",
    },
}
ANY_COLLECTION = {"uscc": "GB 32100", "county": "GB/T 2260", "city": "GB/T 2260"}

TYPES = [
    (serializers.ListSerializer, "列表（JSON）"),
    (relations.ManyRelatedField, "编号列表（JSON）"),
    (serializers.BaseSerializer, "对象（JSON）"),
    (drf.JSONField, "JSON"),
    (drf.DateTimeField, "时间（ISO 8601）"),
    (drf.DateField, "日期（年-月-日）"),
    (drf.BooleanField, "是/否"),
    (drf.DecimalField, "数字"),
    (drf.IntegerField, "整数"),
    (relations.RelatedField, "编号（整数）"),
    (drf.ChoiceField, "代码"),
]
RETURNS = {str: "文本", int: "整数", dict: "对象（JSON）", list: "列表（JSON）"}


@dataclass
class Column:
    name: str
    code: str
    type: str
    meaning: str
    example: str


def type_of(field):
    if isinstance(field, drf.SerializerMethodField):
        method = getattr(field.parent, field.method_name)
        returned = inspect.signature(method).return_annotation
        kinds = [a for a in typing.get_args(returned) if a is not type(None)]
        if type(None) in typing.get_args(returned):  # "str | None": a text, or empty
            returned = kinds[0]
        return RETURNS.get(typing.get_origin(returned) or returned, "文本")
    return next((label for kind, label in TYPES if isinstance(field, kind)), "文本")


def meaning_of(field):
    text = field.help_text or field.label or ""
    if isinstance(field, drf.ChoiceField) and field.choices:
        values = "、".join(f"{key}＝{label}" for key, label in list(field.choices.items())[:12])
        text = f"{text}（{values}）" if text else values
    return str(text)


EXAMPLE_LENGTH = 60
WHOLE_TOKEN_LENGTH = 128


def example(value):
    """A value from the data, shortened when it is long text. A checksum or a code is one
    unbroken token and is shown whole: cut short, it is no longer the value, and its
    digits could read as another kind of number."""
    from .dumps import cell

    text = str(cell(value))
    one_token = text.isascii() and text.isalnum()
    if len(text) <= EXAMPLE_LENGTH or (one_token and len(text) <= WHOLE_TOKEN_LENGTH):
        return text
    # Nor is a long token cut in the middle when longer text is shortened.
    return re.sub(r"[0-9A-Za-z]{12,}$", "", text[:EXAMPLE_LENGTH - 3]) + "…"


def columns(collection, sample=None):
    national = NATIONAL.get(collection.name, {})
    rows = []
    for name, field in collection.fields().items():
        code = name if name.startswith("CF_") or name == "BZ" else (
            national.get(name) or ANY_COLLECTION.get(name, ""))
        rows.append(Column(name, code, type_of(field), meaning_of(field),
                           example(sample.get(name)) if sample else ""))
    return rows
