"""The city pivot as data: the same selection, aggregation (analytics/aggregate.py)
and tables (analytics/tables.py) as the city's page and its CSV export, so the API
and the page cannot disagree. For city staff, as the page is."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from ninja import Query, Router

from baocao.accounts.access import is_city_staff, visible_units
from baocao.analytics.aggregate import pivot
from baocao.analytics.completeness import commune_units
from baocao.analytics.exports import CSV_TYPE, tables_csv
from baocao.analytics.tables import TOTAL_LABEL, indicator_tables
from baocao.api.catalog import indicator_out
from baocao.api.problems import ApiProblem
from baocao.api.responses import READ
from baocao.api.schemas import AnalyticsOut
from baocao.catalog.models import Indicator, Unit
from baocao.catalog.periods import Period, month_range

router = Router(tags=["analytics"])
MAX_MONTHS = 36  # as the page


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _periods(text: str) -> list[Period]:
    first, _, last = text.partition("..")
    span = month_range(Period.parse(first), Period.parse(last or first))
    if not span or span[0].frequency != "monthly":
        raise ApiProblem(422, "periods: một tháng (2025-11) hoặc một khoảng (2025-01..2025-11).")
    if len(span) > MAX_MONTHS:
        raise ApiProblem(422, f"Chỉ xem tối đa {MAX_MONTHS} tháng một lần.")
    return span


def _row(row) -> dict:
    return {
        "key": row.key,
        "label": row.label,
        "values": [_number(v) for v in row.values],
        "total": _number(row.total),
        "rank": row.rank,
    }


@router.get(
    "/analytics",
    response={200: AnalyticsOut, **READ},
    summary="Indicators across units and months",
    openapi_extra={"responses": {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}},
)
def analytics(
    request,
    indicators: str = Query(
        ...,
        max_length=2000,
        description="codes, comma separated",
        examples=["tthc.received,tthc.online.rate"],
    ),
    periods: str = Query(
        ...,
        max_length=30,
        description="2025-11 or 2025-01..2025-11",
        examples=["2025-01..2025-11"],
        pattern=r"^(19|20|21)\d{2}-(0[1-9]|1[0-2])(\.\.(19|20|21)\d{2}-(0[1-9]|1[0-2]))?$",
    ),
    units: str | None = Query(None, max_length=5000, description="unit codes, comma separated"),
    province: str | None = Query(None, max_length=20, description="province/city code"),
    rows: Literal["unit", "period"] = "unit",
    format: Literal["json", "csv"] | None = Query(None, description="or Accept: text/csv"),
):
    """Flows are summed, stocks take the last month, rates are recomputed from their
    summed counts; former communes count for their successor (merger of 2025)."""
    if not is_city_staff(request.user):
        raise ApiProblem(403, "Số liệu tổng hợp dành cho cán bộ thành phố.", kind="forbidden")
    codes = list(dict.fromkeys(c.strip() for c in indicators.split(",") if c.strip()))
    if not codes:
        raise ApiProblem(422, "Cần ít nhất một mã chỉ tiêu (indicators).")
    known = set(Indicator.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ApiProblem(422, f"Không có chỉ tiêu trong danh mục: {', '.join(unknown)}.")
    span = _periods(periods)
    scope = commune_units(visible_units(request.user))
    everyone = True
    if province:
        found = Unit.objects.filter(code=province).first()
        if found is None:
            raise ApiProblem(422, f"Không có đơn vị «{province}».")
        scope = scope.filter(parent=found)
        everyone = False
    if units:
        wanted = [c.strip() for c in units.split(",") if c.strip()]
        scope = scope.filter(code__in=wanted)
        missing = set(wanted) - set(scope.values_list("code", flat=True))
        if missing:
            raise ApiProblem(422, f"Không có xã, phường: {', '.join(sorted(missing))}.")
        everyone = False
    ids = list(scope.values_list("id", flat=True))
    # As the page: every commune in scope is read without a list of ids to match.
    whole = everyone and len(ids) == commune_units(Unit.objects.all()).count()
    result = pivot(codes, span, units=None if whole else ids)
    tables = indicator_tables(result, periods_as_rows=rows == "period", everyone=everyone)
    wants_csv = format == "csv" or (
        format is None and "text/csv" in request.headers.get("Accept", "")
    )
    if wants_csv:
        return HttpResponse(tables_csv(tables), content_type=CSV_TYPE)
    return {
        "periods": [p.key for p in span],
        "rows": rows,
        "units": len(ids),
        "tables": [
            {
                "indicator": indicator_out(t.indicator),
                "columns": t.columns,
                "column_keys": t.column_keys,
                "total_label": TOTAL_LABEL[t.indicator.kind],
                "rows": [_row(r) for r in t.rows],
                "footer": _row(t.footer),
            }
            for t in tables
        ],
    }
