"""The summary tables (汇总表) as XLSX, with the seed's merged headings (summary.py holds
the layouts and the rows)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from .summary import SummaryLayout, SummaryRow, header_cells


def write_xlsx(
    layout: SummaryLayout, rows: Sequence[SummaryRow], title: str | None = None
) -> bytes:
    """The table as an XLSX workbook: row 1 the annex label, row 2 the title (merged
    across the table), then the headings merged as in the seed, then ``rows``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    title = layout.title if title is None else title
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = layout.annex
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    last = get_column_letter(layout.width)

    sheet["A1"] = layout.annex
    sheet["A2"] = title
    sheet["A2"].font = Font(bold=True, size=14)
    sheet["A2"].alignment = centre
    sheet.merge_cells(f"A2:{last}2")

    head_top = 3
    for row, col, cell in header_cells(layout):
        top, left = head_top + row, 1 + col
        target = sheet.cell(row=top, column=left, value=cell.text)
        target.font = Font(bold=True)
        for r in range(top, top + cell.row_span):
            for c in range(left, left + cell.col_span):
                sheet.cell(row=r, column=c).border = border
                sheet.cell(row=r, column=c).alignment = centre
        if cell.row_span > 1 or cell.col_span > 1:
            sheet.merge_cells(
                start_row=top, start_column=left,
                end_row=top + cell.row_span - 1, end_column=left + cell.col_span - 1,
            )

    first_data = head_top + len(layout.header_rows)
    for offset, summary_row in enumerate(rows):
        if summary_row.keys != layout.keys:
            raise ValueError("row does not belong to this layout")
        excel_row = first_data + offset
        for col, value in enumerate((summary_row.label, *summary_row.cells), start=1):
            target = sheet.cell(row=excel_row, column=col, value=value)
            target.border = border
            target.alignment = centre
            if isinstance(value, Decimal):
                target.number_format = "0.00##"

    sheet.column_dimensions["A"].width = 20
    for col in range(2, layout.width + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 12
    sheet.row_dimensions[head_top + len(layout.header_rows) - 1].height = 120
    sheet.freeze_panes = sheet.cell(row=first_data, column=2)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
