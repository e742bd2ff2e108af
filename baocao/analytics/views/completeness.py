from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from baocao.analytics.completeness import Cell, Row, completeness_grid, former_provinces
from baocao.analytics.selection import parse_selection, report_periods
from baocao.analytics.views import city_staff_only, scope
from baocao.catalog.models import Unit

_PLACEHOLDER = 987654321  # an id no report has: split out of one reverse() per request


@city_staff_only
def completeness_page(request):
    available = report_periods()
    # The grid reads no indicator: the codes a link may carry are taken as they are, so
    # the catalog is not read for a check whose result this page never shows.
    selection = parse_selection(request.GET, available, known=set(request.GET.getlist("codes")))
    if "from" not in request.GET and available:  # the grid opens on the last six months
        selection.first = max(selection.last.shift(-5), available[0])
    units = selection.units(scope(request))
    grid = completeness_grid(units, selection.periods)
    return render(
        request,
        "analytics/completeness.html",
        {
            "grid": grid,
            "lines": grid_lines(grid.rows),
            "selection": selection,
            "available": available,
            "kinds": [(k, label) for k, label in Unit.KINDS if k in Unit.COMMUNE_KINDS],
            "formers": former_provinces(),
        },
    )


def grid_lines(rows: list[Row]) -> list[tuple[Unit, SafeString]]:
    """Each row's unit with its cells as ready HTML.

    Up to 114 × 36 cells, each with a link and a date: through the template language
    (a `{% url %}` and a `|date` per cell) they were ~80 % of the page's CPU. Here the
    link is reversed once and the ids put in by string formatting, and a cell's markup
    after its period is built once per distinct (timeliness, status, date, days late).
    """
    prefix, suffix = reverse("report", args=[_PLACEHOLDER]).split(str(_PLACEHOLDER))
    prefix, suffix = escape(prefix), escape(suffix)
    around: dict[tuple, tuple[str, str]] = {}
    lines = []
    for row in rows:
        parts = []
        for cell in row.cells:
            key = (cell.timeliness, cell.status_label, cell.submitted_on, cell.days_late)
            pieces = around.get(key)
            if pieces is None:
                pieces = around[key] = _cell_pieces(cell, prefix, suffix)
            # The period is a key Period made ("2025-06"), the id an int: nothing to escape.
            if cell.report_id is None:
                parts.append(f'<td class="cell" data-period="{cell.period}" {pieces[0]}')
            else:
                parts.append(
                    f'<td class="cell" data-period="{cell.period}" '
                    f"{pieces[0]}{cell.report_id}{pieces[1]}"
                )
        lines.append((row.unit, mark_safe("".join(parts))))  # noqa: S308 (escaped below)
    return lines


def _cell_pieces(cell: Cell, prefix: str, suffix: str) -> tuple[str, str]:
    """The cell's HTML after its period, split at the report id (all of it in the first
    piece when there is no report). Texts are escaped as the template would escape them."""
    state = f'data-timeliness="{escape(cell.timeliness)}">'
    title = escape(cell.title)
    if cell.report_id is None:
        return f'{state}<span class="tl tl-missing" title="{title}">{cell.mark}</span></td>', ""
    return (
        f'{state}<a class="tl tl-{escape(cell.timeliness)}" href="{prefix}',
        f'{suffix}" title="{title}">{escape(cell.mark)}</a></td>',
    )
