"""The semiannual list of ART clinics and sperm banks (R2), as pure functions.

自治区卫生健康委每半年向社会公布1次已取得人类辅助生殖技术许可和人类精子库许可的
医疗机构名单，并在每年1月15日、7月15日前分别完成对截至上一年度12月31日、本年度
6月30日的名单复核（桂卫妇幼发〔2021〕15号 二(二)1、2(1)）.

Membership is computed from each licence's dates and history as they stood on
the as-of date, so regenerating a past edition gives the same rows, and the
canonical CSV (and so its SHA-256) depends on nothing but those rows.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date

from licensing.choices import EventKind, Service, Status
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


AS_OF_LABEL = "名单截止日期"
CORRECTION_LABEL = "更正版"


def edition_preamble(as_of, correction_no=None, corrects_sha256=""):
    """The lines above the table that say which edition the file is: its as-of date and,
    for a correction, which correction of which published file (by that file's SHA-256).
    They are what keeps two editions with the same rows from sharing a hash."""
    lines = [[AS_OF_LABEL, as_of.isoformat()]]
    if correction_no is not None:
        lines.append([CORRECTION_LABEL,
                      f"第{correction_no}次更正，更正SHA-256为{corrects_sha256}的名单"])
    return lines


def canonical_csv(rows, preamble=()):
    """UTF-8 with BOM (spreadsheets open Chinese intact), CRLF, fixed columns and order.

    Editions generated since the as-of line was introduced pass `edition_preamble(...)`:
    a first line `名单截止日期,2025-12-31` (two cells, so a spreadsheet shows it as a label
    and a date), then the table. Without a preamble the bytes are those of the editions
    published before, which keep their stored CSV and hash."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(preamble)
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


# -- why a row joined or left the list (新增 / 移出原因) -------------------------------


@dataclass(frozen=True)
class HistoryEvent:
    """One recorded event of a licence, with what the public is told about it."""

    date: date
    kind: str  # licensing.choices.EventKind
    new_valid_until: date | None = None
    document_no: str = ""
    note: str = ""


@dataclass(frozen=True)
class LicenceHistory:
    """A licence's dates and recorded events, detached from the database."""

    valid_from: date
    valid_until: date | None
    events: tuple  # HistoryEvent, any order

    def status_on(self, day):
        return status_as_of(self.valid_from, self._tuples(), day, self.valid_until)

    def term_on(self, day):
        return term_until(self._tuples(), day, self.valid_until)

    def latest(self, kinds, day):
        """The latest event of one of `kinds` dated up to `day`, or None."""
        events = [e for e in self.events if e.kind in kinds and e.date <= day]
        return max(events, key=lambda e: e.date, default=None)

    def _tuples(self):
        return tuple((e.date, e.kind, e.new_valid_until) for e in self.events)


@dataclass(frozen=True)
class ChangeReason:
    code: str  # expired, revoked, cancelled, suspended, pending, granted, started, resumed,
    #            renewed, missing, other
    label: str  # plain words for the public
    date: date | None = None
    date_label: str = ""  # what the date is (到期日, 吊销日期 …)
    document_no: str = ""
    note: str = ""


OTHER = ChangeReason("other", "其他原因，见本期名单的说明")
# Why a licence valid on the previous as-of date was not valid on this one.
_STOPPED = {
    Status.REVOKED: ("revoked", "许可被吊销或撤销", "吊销或撤销日期", EventKind.REVOKED),
    Status.CANCELLED: ("cancelled", "许可已注销", "注销日期", EventKind.CANCELLED),
    Status.SUSPENDED: ("suspended", "暂停执业", "暂停日期", EventKind.SUSPENDED),
}
_TERM_EVENTS = (EventKind.GRANTED, EventKind.VERIFIED, EventKind.CHANGED)


def _from_event(code, label, date_label, event):
    if event is None:
        return ChangeReason(code, label)
    return ChangeReason(code, label, event.date, date_label, event.document_no, event.note)


def removal_reason(history, as_of):
    """Why a licence on the previous list is not on the list as of `as_of`, from its
    history as it stood on that day (a later renewal or revocation changes nothing)."""
    if history is None:
        return ChangeReason("missing", "登记册中已没有这项许可的记录")
    status = history.status_on(as_of)
    if status == Status.EXPIRED:
        return ChangeReason("expired", "有效期届满", history.term_on(as_of), "到期日")
    if status in _STOPPED:
        code, label, date_label, kind = _STOPPED[status]
        return _from_event(code, label, date_label, history.latest((kind,), as_of))
    if status == Status.PENDING:
        return ChangeReason("pending", "许可尚未生效", history.valid_from, "生效日期")
    return OTHER


def addition_reason(history, previous_as_of, as_of):
    """Why a licence is on the list as of `as_of` and was not on the previous one
    (as of `previous_as_of`; the same day for a correction edition)."""
    if history is None or history.status_on(as_of) != Status.VALID:
        return OTHER
    granted = history.latest((EventKind.GRANTED,), as_of)
    granted_on = granted.date if granted else history.valid_from
    if previous_as_of is None or granted_on > previous_as_of:
        return _from_event("granted", "新取得许可", "许可决定日期", granted) if granted else (
            ChangeReason("granted", "新取得许可", history.valid_from, "生效日期"))
    before = history.status_on(previous_as_of)
    if before == Status.PENDING:
        return ChangeReason("started", "许可开始生效", history.valid_from, "生效日期")
    if before == Status.SUSPENDED:
        return _from_event("resumed", "恢复执业", "恢复日期",
                           history.latest((EventKind.RESUMED,), as_of))
    if before == Status.EXPIRED:
        renewal = history.latest(_TERM_EVENTS, as_of)
        return _from_event("renewed", "校验后重新有效", "校验日期", renewal)
    return OTHER


def explain(changes, histories, previous_as_of, as_of):
    """`diff` output with a `reason` (ChangeReason) on each added and removed row;
    `histories` maps licence_no to LicenceHistory."""
    return {
        **changes,
        "added": [
            {**row, "reason": addition_reason(histories.get(row["licence_no"]), previous_as_of,
                                              as_of)}
            for row in changes["added"]
        ],
        "removed": [
            {**row, "reason": removal_reason(histories.get(row["licence_no"]), as_of)}
            for row in changes["removed"]
        ],
    }
