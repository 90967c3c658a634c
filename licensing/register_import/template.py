"""The XLSX template an official downloads: the register sheet with its choice lists, and
the help sheet."""

import io

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..choices import Service
from ..models import Institution
from .columns import (
    COLUMN_HELP,
    COLUMNS,
    DATE_KEYS,
    EXAMPLE,
    HEADING,
    HELP_SHEET_TITLE,
    MAX_ROWS,
    NOTES,
    ORDER,
    SHEET_TITLE,
    TEXT_KEYS,
)

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
