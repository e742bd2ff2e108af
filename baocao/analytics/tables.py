"""A Pivot laid out as one table per indicator, units as rows or months as rows.
The page, the Excel file and the CSV file all read these tables, so what is
exported is what is shown."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString

from baocao import vn
from baocao.analytics.aggregate import Pivot, RowKey
from baocao.analytics.measures import KIND_HELP
from baocao.catalog.models import Indicator
from baocao.catalog.periods import Period

TOTAL_LABEL = {
    Indicator.FLOW: "Cộng cả kỳ",
    Indicator.STOCK: "Tháng cuối",
    Indicator.RATE: "Cả kỳ",
}


def month_label(period: Period) -> str:
    """'11/2025'."""
    return f"{period.number:02d}/{period.year}"


@dataclass
class TableRow:
    key: str  # unit code or period key
    label: str
    values: list[Decimal | None]
    total: Decimal | None
    rank: int | None = None
    decimals: int | None = None  # 2 for rates: 68,70 beside 69,06

    @property
    def shown(self) -> list[tuple[str, str]]:
        """(Vietnamese text, machine text) of each value and the total."""
        return [_shown(v, self.decimals) for v in [*self.values, self.total]]

    @property
    def cells_html(self) -> SafeString:
        """The row's <td> cells as one string: a figure is formatted once here rather
        than by a template loop per cell (10 tables × 114 rows × 13 cells were three
        quarters of the page's time). Only digits, ',', '.', '-' and '—' go in, so
        nothing needs escaping."""
        return SafeString(
            "".join(
                f'<td class="num" data-value="{machine}">{text}</td>'
                for text, machine in self.shown
            )
        )


def _shown(value: Decimal | None, decimals: int | None) -> tuple[str, str]:
    if value is None:
        return "—", ""
    if decimals is None and value == value.to_integral_value():
        whole = int(value)  # most figures are counts: 1527 → '1.527', without vn's general path
        return f"{whole:,}".replace(",", "."), str(whole)
    return vn.format_number(value, decimals), format(value.normalize(), "f")


def _decimals(ind: Indicator) -> int | None:
    return 2 if ind.kind == Indicator.RATE and ind.unit == "%" else None


@dataclass
class Table:
    indicator: Indicator
    columns: list[str]  # one per value column, then the total column's label
    column_keys: list[str]
    corner: str  # the header of the label column: "Đơn vị" or "Tháng"
    rows: list[TableRow]
    footer: TableRow

    @property
    def help(self) -> str:
        return KIND_HELP[self.indicator.kind]

    @property
    def ranked(self) -> bool:
        """Units as rows and the catalog says which way is better: a rank column."""
        return self.corner == "Đơn vị" and bool(self.indicator.better)

    @property
    def body_html(self) -> SafeString:
        """Every body row as HTML in one string (one template variable per table
        instead of six per row)."""
        ranked = self.ranked
        out = []
        for row in self.rows:
            rank = f'<td class="num">{"—" if row.rank is None else row.rank}</td>' if ranked else ""
            out.append(
                f'<tr data-key="{escape(row.key)}"><th scope="row" class="unit-name">'
                f"{escape(row.label)}</th>{row.cells_html}{rank}</tr>"
            )
        return SafeString("".join(out))


def indicator_tables(
    pivot: Pivot,
    *,
    periods_as_rows: bool = False,
    everyone: bool = True,
    units: list[RowKey] | None = None,
) -> list[Table]:
    """`units`: the units shown (a page of them; None: all); totals and ranks are
    always over every unit of the pivot."""
    footer_label = "Toàn thành phố" if everyone else "Các đơn vị đã chọn"
    shown = pivot.rows if units is None else units
    return [
        _by_period(pivot, ind, footer_label, shown)
        if periods_as_rows
        else _by_unit(pivot, ind, footer_label, shown)
        for ind in pivot.indicators
    ]


def _by_unit(pivot: Pivot, ind: Indicator, footer_label: str, units: list[RowKey]) -> Table:
    code = ind.code
    # Rank only where the catalog says which way is better (fewer poor households).
    ranks = (
        {r.id: n for n, r, _ in pivot.ranking(code, descending=ind.better == Indicator.MORE)}
        if ind.better
        else {}
    )
    rows = [
        TableRow(
            row.code,
            row.name,
            [pivot.cell(code, row.id, key) for key in pivot.keys],
            pivot.row_totals.get((code, row.id)),
            ranks.get(row.id),
            _decimals(ind),
        )
        for row in units
    ]
    footer = TableRow(
        "",
        footer_label,
        [pivot.period_totals.get((code, key)) for key in pivot.keys],
        pivot.totals.get(code),
        decimals=_decimals(ind),
    )
    return Table(
        ind,
        [month_label(p) for p in pivot.periods] + [TOTAL_LABEL[ind.kind]],
        pivot.keys,
        "Đơn vị",
        rows,
        footer,
    )


def _by_period(pivot: Pivot, ind: Indicator, footer_label: str, units: list[RowKey]) -> Table:
    code = ind.code
    rows = [
        TableRow(
            period.key,
            month_label(period),
            [pivot.cell(code, row.id, period.key) for row in units],
            pivot.period_totals.get((code, period.key)),
            decimals=_decimals(ind),
        )
        for period in pivot.periods
    ]
    footer = TableRow(
        "",
        TOTAL_LABEL[ind.kind],
        [pivot.row_totals.get((code, row.id)) for row in units],
        pivot.totals.get(code),
        decimals=_decimals(ind),
    )
    return Table(
        ind,
        [row.name for row in units] + [footer_label],
        [row.code for row in units],
        "Tháng",
        rows,
        footer,
    )
