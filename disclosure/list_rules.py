"""The semiannual list of ART clinics and sperm banks (R2), as pure functions.

自治区卫生健康委每半年向社会公布1次已取得人类辅助生殖技术许可和人类精子库许可的
医疗机构名单，并在每年1月15日、7月15日前分别完成对截至上一年度12月31日、本年度
6月30日的名单复核（桂卫妇幼发〔2021〕15号 二(二)1、2(1)）.

Membership is computed from each licence's dates and history as they stood on
the as-of date, so regenerating a past edition gives the same rows, and the
canonical CSV (and so its SHA-256) depends on nothing but those rows.
"""

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date

from licensing.choices import Service, Status
from licensing.licence_status import status_as_of, term_until

GROUPS = {Service.ART: "人类辅助生殖技术机构", Service.SPERM_BANK: "人类精子库"}
COLUMNS = [  # (key, heading) — the canonical CSV's columns, in order
    ("group", "类别"),
    ("institution", "机构名称"),
    ("uscc", "统一社会信用代码"),
    ("region", "所在地"),
    ("region_code", "区划代码"),
    ("technologies", "批准技术"),
    ("licence_no", "许可证编号"),
    ("valid_until", "有效期至"),
    ("authority", "许可机关"),
]


@dataclass(frozen=True)
class EditionPeriod:
    as_of: date  # 名单截止日期: 06-30 or 12-31
    due: date  # 复核公布期限: 07-15 the same year or 01-15 the next


def list_edition_for(day):
    """The edition whose half-year contains `day`."""
    if day.month <= 6:
        return EditionPeriod(date(day.year, 6, 30), date(day.year, 7, 15))
    return EditionPeriod(date(day.year, 12, 31), date(day.year + 1, 1, 15))


def previous_edition_period(period):
    """The half-year before `period`."""
    if period.as_of.month == 12:
        return list_edition_for(date(period.as_of.year, 6, 30))
    return list_edition_for(date(period.as_of.year - 1, 12, 31))


@dataclass(frozen=True)
class LicenceRecord:
    """What membership needs of a licence, detached from the database."""

    service: str
    institution: str
    uscc: str
    region: str
    region_code: str
    technologies: tuple  # names, in the vocabulary's order
    licence_no: str
    authority: str
    valid_from: date
    valid_until: date | None  # the current term, for licences without a recorded one
    events: tuple  # (date, kind, new_valid_until)


def edition_rows(records, as_of):
    """The rows of the list as of `as_of`: every ART or sperm-bank licence valid on that day."""
    rows = []
    for record in records:
        if record.service not in GROUPS:
            continue
        if status_as_of(record.valid_from, record.events, as_of, record.valid_until) != (
            Status.VALID
        ):
            continue
        until = term_until(record.events, as_of, record.valid_until)
        rows.append({
            "service": str(record.service),
            "group": GROUPS[record.service],
            "institution": record.institution,
            "uscc": record.uscc,
            "region": record.region,
            "region_code": record.region_code,
            "technologies": "、".join(record.technologies),
            "licence_no": record.licence_no,
            "valid_until": until.isoformat() if until else "长期",
            "authority": record.authority,
        })
    return sorted(rows, key=row_order)


def row_order(row):
    """Grouped as the national list groups them, then by place and name."""
    return (list(GROUPS).index(row["service"]), row["region_code"], row["institution"],
            row["licence_no"])


def canonical_csv(rows):
    """UTF-8 with BOM (spreadsheets open Chinese intact), CRLF, fixed columns and order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([heading for _key, heading in COLUMNS])
    for row in sorted(rows, key=row_order):
        writer.writerow([row[key] for key, _heading in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def diff(previous_rows, rows):
    """What changed since the previous edition: added, removed, technologies changed."""
    def key(row):
        return (row["uscc"], row["service"])

    before = {key(row): row for row in previous_rows}
    after = {key(row): row for row in rows}
    return {
        "added": [after[k] for k in after if k not in before],
        "removed": [before[k] for k in before if k not in after],
        "changed": [
            {**after[k], "previous_technologies": before[k]["technologies"]}
            for k in after
            if k in before and before[k]["technologies"] != after[k]["technologies"]
        ],
    }
