"""A Pivot laid out as one table per indicator, units as rows or months as rows.
The page, the Excel file and the CSV file all read these tables, so what is
exported is what is shown."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from baocao import vn
from baocao.analytics.aggregate import Pivot
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
        """(Vietnamese text, machine text) of each value and the total, for the page:
        formatted here once rather than by two template filters per cell."""
        return [_shown(v, self.decimals) for v in [*self.values, self.total]]


def _shown(value: Decimal | None, decimals: int | None) -> tuple[str, str]:
    if value is None:
        return "—", ""
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


def indicator_tables(
    pivot: Pivot, *, periods_as_rows: bool = False, everyone: bool = True
) -> list[Table]:
    footer_label = "Toàn thành phố" if everyone else "Các đơn vị đã chọn"
    return [
        _by_period(pivot, ind, footer_label)
        if periods_as_rows
        else _by_unit(pivot, ind, footer_label)
        for ind in pivot.indicators
    ]


def _by_unit(pivot: Pivot, ind: Indicator, footer_label: str) -> Table:
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
        for row in pivot.rows
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


def _by_period(pivot: Pivot, ind: Indicator, footer_label: str) -> Table:
    code = ind.code
    rows = [
        TableRow(
            period.key,
            month_label(period),
            [pivot.cell(code, row.id, period.key) for row in pivot.rows],
            pivot.period_totals.get((code, period.key)),
            decimals=_decimals(ind),
        )
        for period in pivot.periods
    ]
    footer = TableRow(
        "",
        TOTAL_LABEL[ind.kind],
        [pivot.row_totals.get((code, row.id)) for row in pivot.rows],
        pivot.totals.get(code),
        decimals=_decimals(ind),
    )
    return Table(
        ind,
        [row.name for row in pivot.rows] + [footer_label],
        [row.code for row in pivot.rows],
        "Tháng",
        rows,
        footer,
    )
