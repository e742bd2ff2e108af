from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
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


CODES_PER_PAGE = 10  # indicators one page computes (126 × 36 months took 17 s at once)


def _tables(request, codes: list[str] | None = None):
    """The selection and its tables; `codes` limits which indicators are computed
    (a page of them, or a chunk of a streamed export)."""
    available = report_periods()
    selection = parse_selection(request.GET, available)
    units = list(selection.units(scope(request)).values_list("id", flat=True))
    everyone = not (selection.unit_codes or selection.kind or selection.former)
    # Every commune there is in scope: read them all, without a list of ids to match.
    whole_city = everyone and len(units) == commune_units(Unit.objects.all()).count()
    result = pivot(
        codes or selection.codes[:CODES_PER_PAGE],
        selection.periods,
        units=None if whole_city else units,
    )
    tables = indicator_tables(result, periods_as_rows=selection.periods_as_rows, everyone=everyone)
    return available, selection, units, everyone, result, tables


def _codes_page(request):
    selection = parse_selection(request.GET, report_periods())
    return Paginator(selection.codes, CODES_PER_PAGE).get_page(request.GET.get("trang"))


def ranking_chart(result, ind: Indicator, column: str) -> str:
    """Units by the figure: best first when the catalog says which way is better
    (fewer poor households is better), else by name, without calling it a ranking."""
    if ind.better:
        ranked = result.ranking(ind.code, descending=ind.better == Indicator.MORE)
        order = (
            "cao nhất trước"
            if ind.better == Indicator.MORE
            else "thấp nhất trước (càng thấp càng tốt)"
        )
        title = f"{column.capitalize()}, xếp hạng {order}"
        return bar_chart(title, [(row.name, value) for _, row, value in ranked], ind.unit)
    rows = sorted(result.ranking(ind.code), key=lambda item: item[1].name)
    title = f"{column.capitalize()}, theo tên đơn vị (chỉ tiêu không xếp hạng)"
    return bar_chart(title, [(row.name, value) for _, row, value in rows], ind.unit)


@city_staff_only
def indicators_page(request):
    codes_page = _codes_page(request)
    try:
        available, selection, units, everyone, result, tables = _tables(
            request, list(codes_page.object_list)
        )
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
            charts.append(
                {
                    "indicator": ind,
                    "trend": trend_chart(ind.name, labels, series, ind.unit),
                    "bars": ranking_chart(result, ind, table.columns[-1].lower()),
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
            "comparisons": compare(list(codes_page.object_list), selection.last, units=units),
            "codes_page": codes_page,
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
        ("Chỉ tiêu", "; ".join(names_of(selection.codes))),
    ]


def names_of(codes: list[str]) -> list[str]:
    names = dict(Indicator.objects.filter(code__in=codes).values_list("code", "name"))
    return [names.get(code, code) for code in codes]


def _filename(selection, suffix: str) -> str:
    return f"tong-hop-chi-tieu-{selection.first.key}-{selection.last.key}.{suffix}"


@city_staff_only
def indicators_xlsx(request):
    try:
        _, selection, units, everyone, _, tables = _tables(request)
        for start in range(CODES_PER_PAGE, len(selection.codes), CODES_PER_PAGE):
            tables += _tables(request, selection.codes[start : start + CODES_PER_PAGE])[-1]
    except AnalyticsError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    data = tables_xlsx(tables, description=_description(selection, len(units), everyone))
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(selection, "xlsx")}"'
    return response


@city_staff_only
def indicators_csv(request):
    """Streamed: the indicators a chunk at a time, so the first rows leave at once and
    a pivot of every indicator over 36 months never sits whole in memory."""
    try:
        _, selection, _, _, _, first = _tables(request)
    except AnalyticsError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")

    def chunks():
        yield tables_csv(first)
        codes = selection.codes
        for start in range(CODES_PER_PAGE, len(codes), CODES_PER_PAGE):
            tables = _tables(request, codes[start : start + CODES_PER_PAGE])[-1]
            yield tables_csv(tables).lstrip("\ufeff")

    response = StreamingHttpResponse(chunks(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(selection, "csv")}"'
    return response
