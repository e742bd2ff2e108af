from django.shortcuts import render

from baocao.analytics.completeness import completeness_grid, former_provinces
from baocao.analytics.selection import parse_selection, report_periods
from baocao.analytics.views import city_staff_only, scope
from baocao.catalog.models import Unit


@city_staff_only
def completeness_page(request):
    available = report_periods()
    selection = parse_selection(request.GET, available)
    if "from" not in request.GET and available:  # the grid opens on the last six months
        selection.first = max(selection.last.shift(-5), available[0])
    units = selection.units(scope(request))
    grid = completeness_grid(units, selection.periods)
    return render(
        request,
        "analytics/completeness.html",
        {
            "grid": grid,
            "selection": selection,
            "available": available,
            "kinds": [(k, label) for k, label in Unit.KINDS if k in Unit.COMMUNE_KINDS],
            "formers": former_provinces(),
        },
    )
