"""Downloads of the public penalties, with the national 双公示 field names as columns.

Never in a download: ID numbers (CF_XDR_ZJHM, CF_FR_ZJHM) and a natural person's
full name (masked as 张*).
"""

import csv
import io
import json

import openpyxl
from openpyxl.styles import Font

# (national code, heading, value of a penalty)
COLUMNS = (
    ("CF_XDR_MC", "行政相对人名称", lambda p: p.public_subject_name()),
    ("CF_XDR_LB", "行政相对人类别", lambda p: p.get_subject_kind_display()),
    ("CF_XDR_SHXYM", "统一社会信用代码", lambda p: p.uscc),
    ("CF_FRDB", "法定代表人", lambda p: p.legal_representative),
    ("CF_WSH", "行政处罚决定书文号", lambda p: p.decision_no),
    ("CF_WFXW", "违法行为类型", lambda p: p.violation_type),
    ("CF_SY", "违法事实", lambda p: p.facts),
    ("CF_YJ", "处罚依据", lambda p: p.basis),
    ("CF_CFLB", "处罚类别", lambda p: "、".join(p.kinds)),
    ("CF_NR", "处罚内容", lambda p: p.content),
    ("CF_NR_FK", "罚款金额（万元）", lambda p: _amount(p.fine)),
    ("CF_NR_WFFF", "没收违法所得、没收非法财物的金额（万元）", lambda p: _amount(p.confiscated)),
    ("CF_NR_ZKDX", "暂扣或吊销证照名称及编号", lambda p: p.licence_document),
    ("CF_JDRQ", "处罚决定日期", lambda p: p.decided_on.isoformat()),
    ("CF_YXQ", "处罚有效期", lambda p: (p.effective_until.isoformat() if p.effective_until
                                     else "2099-12-31")),
    ("CF_GSJZQ", "公示截止期", lambda p: p.public_until.isoformat()),
    ("CF_CFJG", "处罚机关", lambda p: p.authority.name),
    ("CF_CFJGDM", "处罚机关统一社会信用代码", lambda p: p.authority.uscc),
    ("CF_SJLY", "数据来源单位", lambda p: p.authority.name),
    ("CF_SJLYDM", "数据来源单位统一社会信用代码", lambda p: p.authority.uscc),
    ("BZ", "备注", lambda p: p.remarks),
)


def _amount(value):
    return "" if value is None else f"{value:.6f}"


def rows(penalties):
    return [[value(p) for _code, _heading, value in COLUMNS] for p in penalties]


def as_csv(penalties):
    """UTF-8 with BOM (opens in Excel); a heading row of Chinese names, then of codes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([heading for _code, heading, _value in COLUMNS])
    writer.writerow([code for code, _heading, _value in COLUMNS])
    writer.writerows(rows(penalties))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(penalties):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "行政处罚"
    sheet.append([heading for _code, heading, _value in COLUMNS])
    sheet.append([code for code, _heading, _value in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(penalties):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_json(penalties):
    records = [dict(zip([code for code, _h, _v in COLUMNS], row, strict=True))
               for row in rows(penalties)]
    fields = {code: heading for code, heading, _value in COLUMNS}
    return json.dumps({"fields": fields, "records": records}, ensure_ascii=False,
                      indent=1).encode("utf-8")
