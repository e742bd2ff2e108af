from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from baocao.accounts.access import visible_units
from baocao.registry.models import Entry


@login_required
def register(request):
    """Sổ văn bản đi: the documents issued by the units the user may see, newest first;
    ?don-vi=CODE narrows it to one unit, ?nam=YYYY to one year."""
    units = visible_units(request.user)
    entries = Entry.objects.filter(unit__in=units).select_related("unit", "report")
    unit_code = request.GET.get("don-vi", "").strip()
    if unit_code:
        entries = entries.filter(unit__code=unit_code)
    year = request.GET.get("nam", "").strip()
    if year.isdigit():
        entries = entries.filter(year=int(year))
    entries = entries.order_by("-issued_on", "unit__code", "issuer", "-number")
    page = Paginator(entries, 100).get_page(request.GET.get("trang"))
    return render(
        request,
        "registry/register.html",
        {"page": page, "unit_code": unit_code, "year": year if year.isdigit() else ""},
    )
