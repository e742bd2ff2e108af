"""Numbers and dates the Vietnamese way in templates."""

from datetime import date, datetime

from django import template
from django.utils import timezone

from baocao import vn

register = template.Library()


@register.filter
def vnnum(value):
    if value is None or value == "":
        return ""
    return vn.format_number(value)


@register.filter
def vndate(value):
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    if isinstance(value, date):
        return vn.short_date(value)
    return ""


@register.filter
def vndatetime(value):
    if isinstance(value, datetime):
        local = timezone.localtime(value)
        return f"{local:%H:%M} {vn.short_date(local.date())}"
    return ""


@register.filter
def vnperiod(key):
    """A period key ("2025-11") as a person reads it ("Tháng 11 năm 2025")."""
    from baocao.catalog.periods import Period, PeriodError

    if not key:
        return ""
    try:
        label = Period.parse(str(key)).label
    except (PeriodError, ValueError):
        return str(key)
    return label[:1].upper() + label[1:]
