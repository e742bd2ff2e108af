"""Files for people and for other programs.

* The indicator tables of a page as Excel (a sheet per indicator group, Vietnamese
  headers, number formats) and CSV (UTF-8 with BOM so Excel reads the diacritics).
* The data values of one period (`baocao export`): CSV, JSON or Excel, one row per
  figure, in plain machine numbers.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from baocao.analytics.tables import Table
from baocao.catalog.loaders import GROUP_NAMES
from baocao.catalog.models import Indicator
from baocao.reports.models import Value

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
HEAD_FILL = PatternFill("solid", fgColor="DDE6F2")
BOLD = Font(bold=True)


def number_format(indicator: Indicator) -> str:
    """Excel shows these with the reader's separators (1.527 and 88,73 in Vietnamese)."""
    if indicator.kind == Indicator.RATE or indicator.unit in ("%", "tạ/ha", "ha"):
        return "#,##0.00"
    return "#,##0"


def _cell_value(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _sheet_title(group: str, used: set[str]) -> str:
    title = GROUP_NAMES.get(group, group)
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    title = title[:31]
    while title in used:
        title = title[:28] + f" {len(used)}"
    used.add(title)
    return title


def tables_xlsx(tables: list[Table], *, description: list[tuple[str, str]]) -> bytes:
    """One sheet of facts about the selection, then a sheet per indicator group, each
    with a block per indicator: a title line, the header, the rows, the total row."""
    book = Workbook()
    info = book.active
    info.title = "Thông tin"
    info.append(["Bảng tổng hợp chỉ tiêu", ""])
    info["A1"].font = Font(bold=True, size=13)
    for label, value in [
        *description,
        ("Ngày xuất", timezone.localtime().strftime("%d/%m/%Y %H:%M")),
    ]:
        info.append([label, value])
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 80
    used: set[str] = {"Thông tin"}
    sheets, last_row = {}, {}
    for table in tables:
        group = table.indicator.group
        if group not in sheets:
            sheets[group], last_row[group] = book.create_sheet(_sheet_title(group, used)), 0
        last_row[group] = _write_table(sheets[group], table, last_row[group])
    for sheet in sheets.values():
        sheet.column_dimensions["A"].width = 12
        sheet.column_dimensions["B"].width = 30
        for col in range(3, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 13
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_table(sheet, table: Table, at: int) -> int:
    """Append the table's block below row `at` (the last written); return the new last.
    Rows are counted here: openpyxl's max_row scans every cell of the sheet, and asking
    it once a row made a 25-indicator workbook take 70 s."""
    ind = table.indicator
    if at:
        sheet.append([])
        at += 1
    sheet.append([f"{ind.name} ({ind.unit})", "", f"Mã: {ind.code}; cả kỳ: {table.help}"])
    at += 1
    sheet.cell(at, 1).font = Font(bold=True, size=12)
    by_unit = table.corner == "Đơn vị"
    head = ["Mã" if by_unit else "Kỳ", table.corner, *table.columns]
    if by_unit:
        head.append("Xếp hạng")
    sheet.append(head)
    at += 1
    for column in range(1, len(head) + 1):
        cell = sheet.cell(at, column)
        cell.font, cell.fill = BOLD, HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    fmt = number_format(ind)
    for row in [*table.rows, table.footer]:
        line = [row.key, row.label, *map(_cell_value, row.values), _cell_value(row.total)]
        if by_unit:
            line.append(row.rank)
        sheet.append(line)
        at += 1
        for column in range(3, 3 + len(row.values) + 1):
            sheet.cell(at, column).number_format = fmt
        if row is table.footer:
            for column in range(1, len(line) + 1):
                sheet.cell(at, column).font = BOLD
    return at


def tables_csv(tables: list[Table]) -> str:
    """All tables in one CSV: the indicator on every line, plain numbers (dot decimals)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for table in tables:
        ind = table.indicator
        by_unit = table.corner == "Đơn vị"
        head = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Mã" if by_unit else "Kỳ", table.corner]
        writer.writerow([*head, *table.columns, *(["Xếp hạng"] if by_unit else [])])
        for row in [*table.rows, table.footer]:
            numbers = ["" if v is None else _plain(v) for v in [*row.values, row.total]]
            rank = [row.rank or ""] if by_unit else []
            writer.writerow([ind.code, ind.name, ind.unit, row.key, row.label, *numbers, *rank])
    return out.getvalue()


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# --- data values of one period (`baocao export`) --------------------------------------

COLUMNS = [
    ("unit_code", "Mã đơn vị"),
    ("unit_name", "Đơn vị"),
    ("template", "Mẫu báo cáo"),
    ("period", "Kỳ"),
    ("status", "Trạng thái"),
    ("code", "Mã chỉ tiêu"),
    ("indicator", "Chỉ tiêu"),
    ("measure", "Đơn vị tính"),
    ("value", "Giá trị"),
]


@dataclass(frozen=True)
class ValueRow:
    unit_code: str
    unit_name: str
    template: str
    period: str
    status: str
    code: str
    indicator: str
    measure: str
    value: Decimal


def period_values(
    period: str, *, unit_ids: list[int] | None = None, template: str = ""
) -> list[ValueRow]:
    qs = Value.objects.filter(report__period=period)
    if unit_ids is not None:
        qs = qs.filter(report__unit_id__in=unit_ids)
    if template:
        qs = qs.filter(report__template__code=template)
    rows = qs.order_by(
        "report__unit__code", "report__template__code", "indicator__position"
    ).values_list(
        "report__unit__code",
        "report__unit__name",
        "report__template__code",
        "report__period",
        "report__status",
        "indicator__code",
        "indicator__name",
        "indicator__unit",
        "value",
    )
    return [ValueRow(*r) for r in rows]


def values_csv(rows: list[ValueRow]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([key for key, _ in COLUMNS])
    for row in rows:
        writer.writerow([*(getattr(row, k) for k, _ in COLUMNS[:-1]), _plain(row.value)])
    return out.getvalue()


def values_json(rows: list[ValueRow], *, period: str, unit: str | None) -> str:
    return json.dumps(
        {
            "period": period,
            "unit": unit,
            "count": len(rows),
            "values": [
                {
                    k: (_cell_value(row.value) if k == "value" else getattr(row, k))
                    for k, _ in COLUMNS
                }
                for row in rows
            ],
        },
        ensure_ascii=False,
        indent=1,
    )


def values_xlsx(rows: list[ValueRow]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet.append([label for _, label in COLUMNS])
    for cell in sheet[1]:
        cell.font, cell.fill = BOLD, HEAD_FILL
    for at, row in enumerate(rows, start=2):  # max_row would scan the sheet every row
        sheet.append([*(getattr(row, k) for k, _ in COLUMNS[:-1]), _cell_value(row.value)])
        sheet.cell(at, len(COLUMNS)).number_format = "#,##0.####"
    sheet.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHI", (11, 26, 15, 9, 11, 34, 44, 12, 18), strict=True):
        sheet.column_dimensions[col].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
