"""The editor's inline markup: prose with its figures as fields, and the figure field
itself. Built in Python because inline markup in templates picks up stray spaces."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from baocao.documents.model import fill_title
from baocao.web.editor.workspace import BlockView, Figure, Workspace, dom_id

register = template.Library()


@register.filter
def fill(title: str, report) -> str:
    """Section titles carry template tokens ("PHƯƠNG HƯỚNG, NHIỆM VỤ {NEXT_PERIOD}")."""
    return fill_title(title, report)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def figure(ws: Workspace, code: str):
    """The figure as the editor shows it (built when first asked for)."""
    return ws.figure(code) if code else None


@register.filter
def domid(code: str) -> str:
    return dom_id(code)


@register.simple_tag
def figure_input(
    fig: Figure, report, editable: bool, kind: str = "t", where: int = 0
) -> SafeString:
    """A figure as a field bound to its indicator: the clerk types a number in any
    Vietnamese way; it saves on change and after a pause in typing."""
    label = f"{fig.indicator.name} ({fig.indicator.unit})"
    if not editable:
        return format_html(
            '<span class="fig-ro {}" title="{}">{}</span>',
            fig.severity,
            label,
            fig.shown or "[chưa có]",
        )
    return format_html(
        '<input id="{}{}-{}" class="fig {}" type="text" inputmode="decimal" autocomplete="off" '
        'name="value" value="{}" size="{}" data-code="{}" data-version="{}" aria-label="{}" '
        'title="{}" placeholder="chưa có" hx-post="{}" '
        'hx-trigger="change, keyup changed delay:800ms" hx-swap="none" hx-sync="this:queue last">',
        kind,
        where,
        fig.id,
        fig.severity,
        fig.shown,
        max(6, len(fig.shown) + 1),
        fig.code,
        fig.version,
        label,
        label,
        reverse("save_figure", args=[report.pk, fig.code]),
    )


@register.simple_tag
def prose_html(bv: BlockView, ws: Workspace, report, editable: bool) -> SafeString:
    """A paragraph as the document will read, with its figures as fields and its
    footnote markers as superscripts."""
    parts = []
    for run in bv.runs:
        if run.placeholder is not None:
            p = run.placeholder
            fig = ws.figure(p.code)
            if p.is_fact:
                parts.append(format_html('<span class="fact" title="Tự điền">{}</span>', run.text))
            elif fig is None:
                parts.append(
                    format_html('<mark class="unknown">[không có mã số liệu: {}]</mark>', p.code)
                )
            else:
                parts.append(figure_input(fig, report, editable, "b", bv.block.pk))
        elif run.footnote is not None:
            parts.append(format_html('<sup class="fnref">[{}]</sup>', run.footnote))
        else:
            parts.append(_marked(run))
    return mark_safe("".join(parts))


def _marked(run) -> SafeString:
    html = format_html("{}", run.text)
    for on, tag in (
        (run.bold, "strong"),
        (run.italic, "em"),
        (getattr(run, "underline", False), "u"),
    ):
        if on:
            html = format_html("<{}>{}</{}>", mark_safe(tag), html, mark_safe(tag))
    return html


@register.simple_tag
def table_preview(bv: BlockView, ws: Workspace, report, oob: bool = False) -> SafeString:
    """A table block as the document prints it, figures filled in."""
    from baocao.reports import prose

    data = bv.block.data or {}
    header = data.get("header_rows", 0)
    rows = []
    for r, row in enumerate(data.get("rows", [])):
        tag = "th" if r < header else "td"
        cells = []
        for cell in row:
            runs = prose.runs(cell.get("text", ""), bv.resolve)
            inner = mark_safe(
                "".join(
                    str(_marked(run))
                    if not run.missing
                    else str(format_html("<mark>{}</mark>", run.text))
                    for run in runs
                    if run.footnote is None
                )
            )
            cells.append(format_html("<{}>{}</{}>", mark_safe(tag), inner, mark_safe(tag)))
        rows.append(format_html("<tr>{}</tr>", mark_safe("".join(cells))))
    return format_html(
        '<table class="grid table-preview" id="tp-{}" aria-label="Bảng như trong văn bản"{}>{}</table>',
        bv.block.pk,
        mark_safe(' hx-swap-oob="true"') if oob else "",
        mark_safe("".join(rows)),
    )


@register.simple_tag
def findings_list(findings, dom: str, oob: bool = False, css: str = "findings") -> SafeString:
    """A list of findings (possibly empty, so that a later swap has a target)."""
    items = format_html_join(
        "",
        '<li class="finding {}"><span class="sev">{}</span> {}</li>',
        (
            ("error" if f.is_error else "warning", "Lỗi" if f.is_error else "Cảnh báo", f.message)
            for f in findings
        ),
    )
    return format_html(
        '<ul class="{}" id="{}"{}>{}</ul>',
        css,
        dom,
        mark_safe(' hx-swap-oob="true"') if oob else "",
        items,
    )


@register.simple_tag
def outline_tree(ws: Workspace, current, report) -> SafeString:
    """The report's sections as nested links with their error counts (built here: a
    recursive template include costs more than the rest of a save)."""
    section = getattr(current, "section", None)  # no section on the pseudo pages
    shown = section.pk if section is not None else None

    def items(nodes) -> SafeString:
        parts = []
        for node in nodes:
            section = node.section
            number = format_html('<span class="num">{}</span> ', node.label) if node.label else ""
            title = fill_title(node.name, report) if "{" in node.name else node.name
            if section.style == section.RUNIN:
                title += " …"
            title = title if len(title) <= 56 else title[:55] + "…"
            badge = (
                format_html(
                    ' <span class="badge error" title="{} lỗi">{}</span>', node.errors, node.errors
                )
                if node.errors
                else ""
            )
            children = format_html("<ol>{}</ol>", items(node.children)) if node.children else ""
            parts.append(
                format_html(
                    '<li><a href="?muc={}"{}>{}{}</a>{}{}</li>',
                    section.pk,
                    mark_safe(' aria-current="page"') if section.pk == shown else "",
                    number,
                    title,
                    badge,
                    children,
                )
            )
        return mark_safe("".join(parts))

    return format_html('<ol class="tree">{}</ol>', items(ws.sections))


@register.filter
def block_of(ws: Workspace, pk):
    return ws.block(int(pk)) if pk else None
