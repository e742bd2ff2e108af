import re
from decimal import Decimal

from django import template

from baocao import vn

register = template.Library()


@register.filter
def vnnum(value: Decimal | int | float | None) -> str:
    """1527 → '1.527', 88.73 → '88,73', None → '—' (not reported)."""
    if value is None or value == "":
        return "—"
    return vn.format_number(value)


@register.filter
def plain(value: Decimal | None) -> str:
    """The machine form of a figure for data attributes: '1527', '88.73', ''."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


@register.filter
def pct1(value: float | None) -> str:
    if value is None:
        return "—"
    return vn.format_number(Decimal(str(round(value, 1))))


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key, key)


@register.filter
def city_staff(user) -> bool:
    """For the nav link to the city view (base.html)."""
    from baocao.accounts.access import is_city_staff

    return is_city_staff(user)


_CODE_IN_TEXT = re.compile(r"\s*\((?:[a-z_]+\.)+[a-z_]+\)")


@register.filter
def without_codes(message: str) -> str:
    """A finding's message for people: 'Thiếu số liệu bắt buộc: Tổng số hồ sơ tiếp nhận
    (tthc.received).' loses the '(tthc.received)' (admins see it in a tooltip)."""
    return _CODE_IN_TEXT.sub("", str(message))
