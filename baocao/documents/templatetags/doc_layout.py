"""The shared layout rules (layout.py) for the document templates."""

from django import template

from baocao.documents import layout

register = template.Library()

register.filter("heading", layout.heading_text)
register.filter("task_lines", layout.task_lines)
register.filter("recipient_lines", layout.recipient_lines)
register.filter("issuer_lines", layout.issuer_lines)


@register.filter
def heading_tag(level: int) -> str:
    return f"h{min(level + 1, 6)}"


register.filter("title_lines", layout.title_lines)
