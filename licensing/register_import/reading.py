"""Reading an uploaded file into rows of values keyed by column."""

import re
from datetime import date, datetime

import openpyxl

from .columns import COLUMNS, MAX_ROWS, SHEET_TITLE, ImportFileError

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
