from django.http import HttpResponse
from django.shortcuts import render

from baocao.analytics.aggregate import AnalyticsError, compare, pivot
from baocao.analytics.charts import bar_chart, trend_chart
from baocao.analytics.completeness import commune_units, former_provinces
from baocao.analytics.exports import CSV_TYPE, XLSX_TYPE, tables_csv, tables_xlsx
from baocao.analytics.selection import CHART, parse_selection, report_periods
from baocao.analytics.tables import indicator_tables, month_label
from baocao.analytics.views import city_staff_only, scope
from baocao.catalog.loaders import GROUP_NAMES
from baocao.catalog.models import Indicator, Unit

MAX_LINES = 8  # more lines than this in one chart cannot be told apart


def _tables(request):
    available = report_periods()
    selection = parse_selection(request.GET, available)
    units = list(selection.units(scope(request)).values_list("id", flat=True))
    everyone = not (selection.unit_codes or selection.kind or selection.former)
    # Every commune there is in scope: read them all, without a list of ids to match.
    whole_city = everyone and len(units) == commune_units(Unit.objects.all()).count()
    result = pivot(selection.codes, selection.periods, units=None if whole_city else units)
    tables = indicator_tables(result, periods_as_rows=selection.periods_as_rows, everyone=everyone)
    return available, selection, units, everyone, result, tables


@city_staff_only
def indicators_page(request):
    try:
        available, selection, units, everyone, result, tables = _tables(request)
    except AnalyticsError as error:
        return render(request, "analytics/error.html", {"message": str(error)}, status=400)
    charts = []
    if selection.view == CHART:
        labels = [month_label(p) for p in result.periods]
        for table in indicator_tables(result, everyone=everyone):
            ind = table.indicator
            series = [(table.footer.label, table.footer.values)]
            if selection.unit_codes and len(table.rows) <= MAX_LINES:
                series += [(row.label, row.values) for row in table.rows]
            bars = [(row.name, value) for _, row, value in result.ranking(ind.code)]
            charts.append(
                {
                    "indicator": ind,
                    "trend": trend_chart(ind.name, labels, series, ind.unit),
                    "bars": bar_chart(f"{ind.name}: {table.columns[-1].lower()}", bars, ind.unit),
                }
            )
    indicators = Indicator.objects.order_by("position")
    groups = {}
    for ind in indicators:
        groups.setdefault(GROUP_NAMES.get(ind.group, ind.group), []).append(ind)
    return render(
        request,
        "analytics/indicators.html",
        {
            "selection": selection,
            "available": available,
            "tables": tables,
            "charts": charts,
            "comparisons": compare(selection.codes, selection.last, units=units),
            "groups": groups,
            "all_units": commune_units(scope(request)),
            "kinds": [(k, label) for k, label in Unit.KINDS if k in Unit.COMMUNE_KINDS],
            "formers": former_provinces(),
            "unit_count": len(units),
            "everyone": everyone,
            "table_query": selection.query(view="table"),
            "chart_query": selection.query(view=CHART),
        },
    )


def _description(selection, unit_count: int, everyone: bool) -> list[tuple[str, str]]:
    return [
        ("Kỳ", f"{month_label(selection.first)} – {month_label(selection.last)}"),
        ("Đơn vị", "Toàn thành phố" if everyone else f"{unit_count} đơn vị đã chọn"),
        ("Mẫu báo cáo", "Báo cáo tháng của UBND cấp xã (ubnd-monthly)"),
        (
            "Cách tổng hợp",
            "Chỉ tiêu phát sinh: cộng các đơn vị và các tháng; chỉ tiêu thời điểm: cộng "
            "các đơn vị, lấy số tháng cuối; tỷ lệ: tính lại từ tử số và mẫu số đã cộng, "
            "không lấy trung bình.",
        ),
        ("Chỉ tiêu", ", ".join(selection.codes)),
    ]


def _filename(selection, suffix: str) -> str:
    return f"tong-hop-chi-tieu-{selection.first.key}-{selection.last.key}.{suffix}"


@city_staff_only
def indicators_xlsx(request):
    try:
        _, selection, units, everyone, _, tables = _tables(request)
    except AnalyticsError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    data = tables_xlsx(tables, description=_description(selection, len(units), everyone))
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(selection, "xlsx")}"'
    return response


@city_staff_only
def indicators_csv(request):
    try:
        _, selection, _, _, _, tables = _tables(request)
    except AnalyticsError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(tables_csv(tables), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(selection, "csv")}"'
    return response
