from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString

from baocao.analytics.aggregate import AnalyticsError, Shared, compare, pivot
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
UNITS_PER_PAGE = 30  # units one page shows (every unit is still in the totals and ranks)


def _tables(request, codes: list[str] | None = None, *, shared=None, read=None, units_page=None):
    """The selection and its tables; `codes` limits which indicators are computed
    (a page of them, or a chunk of a streamed export); `read`: the available periods
    and the selection when the caller has them; `units_page`: show only the units of
    that page number (None: all, as the exports)."""
    available, selection = read or _read(request)
    units = list(selection.units(scope(request)).values_list("id", flat=True))
    everyone = not (selection.unit_codes or selection.kind or selection.former)
    # Every commune there is in scope: read them all, without a list of ids to match.
    whole_city = everyone and len(units) == commune_units(Unit.objects.all()).count()
    pages: list = []

    def page_of(rows):
        pages.append(Paginator(rows, UNITS_PER_PAGE).get_page(units_page))
        return list(pages[0].object_list)

    result = pivot(
        codes or selection.codes[:CODES_PER_PAGE],
        selection.periods,
        units=None if whole_city else units,
        shared=shared,
        cells_of=None if units_page is None else page_of,
    )
    page = pages[0] if pages else None
    tables = indicator_tables(
        result,
        periods_as_rows=selection.periods_as_rows,
        everyone=everyone,
        units=None if page is None else list(page.object_list),
    )
    result.whole_city = whole_city
    return available, selection, units, everyone, result, tables, page


def _whole_province(units: list[int], whole_city: bool) -> int | None:
    """The province whose every commune is selected (its totals are in the roll-up)."""
    if not whole_city or not units:
        return None
    parents = set(Unit.objects.filter(pk__in=units).values_list("parent_id", flat=True))
    return parents.pop() if len(parents) == 1 else None


def _read(request, shared: Shared | None = None):
    available = report_periods()
    known = set(shared.catalog) if shared else None
    return available, parse_selection(request.GET, available, known=known)


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
    shared = Shared()  # the catalog and the merger checks, read once for the request
    read = _read(request, shared)
    codes_page = Paginator(read[1].codes, CODES_PER_PAGE).get_page(request.GET.get("trang"))
    try:
        available, selection, units, everyone, result, tables, units_page = _tables(
            request,
            list(codes_page.object_list),
            shared=shared,
            read=read,
            # Charts show every unit; the table a page of them.
            units_page=None if read[1].view == CHART else request.GET.get("trang_dv") or 1,
        )
        province = _whole_province(units, result.whole_city)
        comparisons = compare(
            list(codes_page.object_list),
            selection.last,
            units=None if province else units,
            province=province,
            shared=shared,
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
    groups = {}
    for ind in sorted(shared.catalog.values(), key=lambda i: i.position):
        groups.setdefault(GROUP_NAMES.get(ind.group, ind.group), []).append(ind)
    units_in_scope = commune_units(scope(request)).values_list("code", "name")
    return render(
        request,
        "analytics/indicators.html",
        {
            "selection": selection,
            "available": available,
            "tables": tables,
            "charts": charts,
            "comparisons": comparisons,
            "codes_page": codes_page,
            "units_page": units_page,
            "pickers": pickers(selection, groups, units_in_scope, available),
            "kinds": [(k, label) for k, label in Unit.KINDS if k in Unit.COMMUNE_KINDS],
            "formers": former_provinces(),
            "unit_count": len(units),
            "everyone": everyone,
            "table_query": selection.query(view="table"),
            "chart_query": selection.query(view=CHART),
        },
    )


def pickers(selection, groups: dict, units, available: list) -> dict[str, SafeString]:
    """The options of the form's lists as HTML, one string each: 127 indicators and
    114 units through the template's loops were a tenth of the page's time. Every
    text is escaped."""
    chosen, picked = set(selection.codes), set(selection.unit_codes)

    def on(flag: bool) -> str:
        return "selected" if flag else ""

    codes = "".join(
        f'<optgroup label="{escape(group)}">'
        + "".join(
            f'<option value="{escape(i.code)}" {on(i.code in chosen)}>'
            f"{escape(i.name)} ({escape(i.unit)})</option>"
            for i in items
        )
        + "</optgroup>"
        for group, items in groups.items()
    )
    unit_options = "".join(
        f'<option value="{escape(code)}" {on(code in picked)}>{escape(name)}</option>'
        for code, name in units
    )

    def months(current) -> SafeString:
        return SafeString(
            "".join(
                f'<option value="{escape(p.key)}" {on(p == current)}>'
                f"{p.number:02d}/{p.year}</option>"
                for p in available
            )
        )

    return {
        "codes": SafeString(codes),
        "units": SafeString(unit_options),
        "first": months(selection.first),
        "last": months(selection.last),
    }


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
        shared = Shared()
        _, selection, units, everyone, _, tables, _ = _tables(request, shared=shared)
        for start in range(CODES_PER_PAGE, len(selection.codes), CODES_PER_PAGE):
            chunk = selection.codes[start : start + CODES_PER_PAGE]
            tables += _tables(request, chunk, shared=shared)[-2]
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
        shared = Shared()
        _, selection, _, _, _, first, _ = _tables(request, shared=shared)
    except AnalyticsError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")

    def chunks():
        yield tables_csv(first)
        codes = selection.codes
        for start in range(CODES_PER_PAGE, len(codes), CODES_PER_PAGE):
            tables = _tables(request, codes[start : start + CODES_PER_PAGE], shared=shared)[-2]
            yield tables_csv(tables).lstrip("\ufeff")

    response = StreamingHttpResponse(chunks(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(selection, "csv")}"'
    return response
