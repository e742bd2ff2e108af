"""Changing the shape of a report in the editor: the outline (sections added,
renamed, moved, indented, removed) and the blocks of a section (paragraphs, list
items and tables added, moved, split, merged, removed; tables edited; pasted text)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from baocao.reports import editing, outline, prose
from baocao.reports.errors import ConflictError, ReportError
from baocao.reports.models import Block, Section
from baocao.web.editor.common import (
    changed,
    editor_url,
    posted_version,
    refusal,
    require_editor,
)
from baocao.web.editor.paste import bind_offers, html_to_blocks, text_to_blocks
from baocao.web.editor.workspace import find_report, indicators


def _section(report, pk) -> Section:
    section = report.sections.filter(pk=pk).first()
    if section is None:
        raise Http404("Không tìm thấy mục.")
    return section


def _block(report, pk) -> Block:
    block = Block.objects.select_related("section").filter(pk=pk).first()
    if block is None or block.section.report_id != report.pk:
        raise Http404("Không tìm thấy đoạn văn.")
    return block


def _int(raw, default: int = 0) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return default


# --- the outline ------------------------------------------------------------------------


def _outline_done(request, report, section_pk: int | None):
    """After an outline change the whole page is shown again (numbers, outline and
    the section all change), on the section that was changed."""
    url = editor_url(report, section_pk)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


OUTLINE_ACTIONS = {"them", "doi-ten", "len", "xuong", "vao", "ra", "xoa"}


@login_required
@require_POST
def outline_change(request, pk, section_pk, action):
    """One change of the outline, based on the report's version (the outline's)."""
    report = find_report(request.user, pk)
    if action not in OUTLINE_ACTIONS:
        raise Http404("Không có thao tác này.")
    section = _section(report, section_pk) if section_pk else None
    post = request.POST
    shown = section.pk if section else None
    try:
        require_editor(request.user, report, section, outline=True)
        version = posted_version(request)
        kwargs = {"user": request.user, "expected_version": version}
        if action == "them":
            added = outline.add_section(
                report=report,
                anchor=section,
                where=post.get("where", outline.ADD_AFTER),
                title=post.get("title", ""),
                style=post.get("style") or Section.HEADING,
                **kwargs,
            )
            shown = added.pk
        elif section is None:
            raise Http404("Không tìm thấy mục.")
        elif action == "doi-ten":
            outline.update_section(
                section=section, title=post.get("title"), style=post.get("style") or None, **kwargs
            )
        elif action in ("len", "xuong"):
            outline.move_section(section=section, offset=-1 if action == "len" else 1, **kwargs)
        elif action == "vao":
            outline.indent_section(section=section, **kwargs)
        elif action == "ra":
            outline.outdent_section(section=section, **kwargs)
        elif action == "xoa":
            if post.get("confirm") != "1":
                raise ReportError("Hãy xác nhận trước khi xóa mục.")
            shown = section.parent_id
            outline.remove_section(section=section, **kwargs)
    except ConflictError as error:
        return refusal(request, report, error, extra={"outline_conflict": True})
    except ReportError as error:
        return refusal(request, report, error)
    return _outline_done(request, report, shown)


@login_required
@require_POST
def restore_section_view(request, pk, entry_pk):
    """Put a removed section back, from the history page."""
    report = find_report(request.user, pk)
    entry = report.audit.filter(pk=entry_pk, action="outline").first()
    if entry is None:
        raise Http404("Không tìm thấy thay đổi này trong lịch sử.")
    try:
        require_editor(request.user, report)
        restored = outline.restore_section(
            entry=entry, user=request.user, expected_version=posted_version(request)
        )
    except ReportError as error:
        messages.error(request, str(error))
        return redirect("report_history", pk=report.pk)
    messages.success(request, f"Đã khôi phục mục «{restored.title or 'liền đoạn'}».")
    return redirect(editor_url(report, restored.pk))


# --- blocks of a section ------------------------------------------------------------------


def _section_changed(
    request, report, section_id: int, roles, focus: dict | None = None, offers=None
):
    """The section shown again (its blocks changed), with the page's summary."""
    response = changed(
        request,
        report,
        template="editor/_section_changed.html",
        context={"changed_section": section_id, "offers": offers or []},
        roles=roles,
    )
    if focus and request.htmx:
        response["HX-Trigger-After-Settle"] = json.dumps({"baocao:focus": focus})
    return response


@login_required
@require_POST
def add_block_view(request, pk, section_pk):
    report = find_report(request.user, pk)
    section = _section(report, section_pk)
    post = request.POST
    try:
        roles = require_editor(request.user, report, section)
        version = posted_version(request)
        anchor = _block(report, post["anchor"]) if post.get("anchor", "").isdigit() else None
        kind = post.get("kind") or Block.PARAGRAPH
        data = None
        if kind == Block.TABLE:
            data = editing.empty_table(_int(post.get("rows"), 3), _int(post.get("columns"), 3))
        block = editing.add_block(
            section=section,
            after=anchor if post.get("where", "after") == "after" else None,
            before=anchor if post.get("where") == "before" else None,
            kind=kind,
            level=_int(post.get("level")),
            text=post.get("text", ""),
            data=data,
            user=request.user,
            expected_version=version,
        )
    except ReportError as error:
        return refusal(request, report, error)
    # Only the new block is drawn, put in its place: the section's other blocks stay
    # as they are (redrawing a long section costs more than the rest of the change).
    if anchor is None:
        where = f"beforeend:#sec-{section.pk} > .blocks"
    elif post.get("where") == "before":
        where = f"beforebegin:#block-{anchor.pk}"
    else:
        where = f"afterend:#block-{anchor.pk}"
    section.refresh_from_db(fields=["version"])
    response = changed(
        request,
        report,
        template="editor/_block_added.html",
        context={"changed_block": block.pk, "where": where},
        events={"baocao:section": {"id": section.pk, "version": section.version}},
        roles=roles,
    )
    if request.htmx:
        response["HX-Trigger-After-Settle"] = json.dumps(
            {"baocao:focus": {"id": block.pk, "caret": 0}}
        )
    return response


BLOCK_ACTIONS = {"len", "xuong", "xoa", "tach", "gop", "kieu", "bang", "dan", "gan"}


@login_required
@require_POST
def block_change(request, pk, block_pk, action):
    """A change to one block: move (section's version), remove, split at the cursor,
    merge into the one above, change its kind or level, save a table, paste (block's
    version)."""
    report = find_report(request.user, pk)
    if action not in BLOCK_ACTIONS:
        raise Http404("Không có thao tác này.")
    block = _block(report, block_pk)
    post = request.POST
    focus = None
    try:
        roles = require_editor(request.user, report, block.section)
        version = posted_version(request)
        kwargs = {"user": request.user, "expected_version": version}
        if action in ("len", "xuong"):
            editing.move_block(block=block, offset=-1 if action == "len" else 1, **kwargs)
            focus = {"id": block.pk, "keep": True}
        elif action == "xoa":
            editing.remove_block(block=block, **kwargs)
        elif action == "tach":
            new = editing.split_block(
                block=block, text=post.get("text", block.text), at=_int(post.get("at")), **kwargs
            )
            focus = {"id": new.pk, "caret": 0}
        elif action == "gop":
            joined = editing.clean_text(post.get("text", block.text))
            into = editing.merge_block(block=block, text=joined, **kwargs)
            # The cursor goes where the two texts meet.
            focus = {"id": into.pk, "caret": len(into.text) - len(joined)}
        elif action == "kieu":
            if "text" in post:  # what was typed and not saved yet goes with the change
                block = editing.save_block(block=block, text=post["text"], **kwargs)
                kwargs["expected_version"] = block.version
            saved = editing.set_block_kind(
                block=block, kind=post.get("kind", ""), level=_int(post.get("level")), **kwargs
            )
            # The field being typed in stays: only the paragraph as read and its kind change.
            event = {"id": saved.pk, "version": saved.version, "kind": saved.kind}
            event["level"] = saved.level
            return changed(
                request,
                report,
                template="editor/_block_changed.html",
                context={"changed_block": saved.pk},
                events={"baocao:block": event},
                roles=roles,
            )
        elif action == "bang":
            data = _table_edit(block, post)
            saved = editing.save_table(block=block, data=data, **kwargs)
            if not post.get("op"):
                # A cell typed: the cells stay as they are (the next may be being typed
                # in); only the table as printed and the version change.
                return changed(
                    request,
                    report,
                    template="editor/_table_changed.html",
                    context={"changed_block": saved.pk},
                    events={"baocao:block": {"id": saved.pk, "version": saved.version}},
                    roles=roles,
                )
            focus = {"id": block.pk, "keep": True, "cell": post.get("focus", "")}
        elif action == "dan":
            return _paste(request, report, block, roles, version)
        elif action == "gan":
            editing.bind_number(
                block=block, literal=post.get("literal", ""), code=post.get("code", ""), **kwargs
            )
            focus = {"id": block.pk, "keep": True}
    except ConflictError as error:
        return refusal(request, report, error)
    except (ReportError, ValueError) as error:
        return refusal(request, report, ReportError(str(error)))
    return _section_changed(request, report, block.section_id, roles, focus)


def _table_edit(block: Block, post) -> dict:
    """The table after one edit: the cells as posted (cell-R-C), then a row or a
    column added or removed."""
    rows = [[dict(cell) for cell in row] for row in block.data.get("rows", [])]
    for key, value in post.items():
        if key.startswith("cell-"):
            _, r, c = key.split("-")
            r, c = int(r), int(c)
            if r < len(rows) and c < len(rows[r]):
                rows[r][c]["text"] = value
    width = max((len(r) for r in rows), default=1)
    op = post.get("op", "")
    at = _int(post.get("at"), -1)
    blank = {"text": "", "colspan": 1, "rowspan": 1}
    if op == "add-row":
        rows.insert(at + 1 if at >= 0 else len(rows), [dict(blank) for _ in range(width)])
    elif op == "add-col":
        for row in rows:
            row.insert(at + 1 if at >= 0 else len(row), dict(blank))
    elif op == "del-row":
        if len(rows) <= 1:
            raise ReportError("Bảng cần ít nhất một hàng.")
        rows.pop(at if 0 <= at < len(rows) else -1)
    elif op == "del-col":
        if width <= 1:
            raise ReportError("Bảng cần ít nhất một cột.")
        for row in rows:
            row.pop(at if 0 <= at < len(row) else -1)
    header = block.data.get("header_rows", 1)
    if "header" in post:
        header = 1 if post.get("header") == "1" else 0
    return {"header_rows": header, "rows": rows}


def _paste(request, report, block: Block, roles, version: int):
    """Text pasted at the cursor, converted on the server: one piece goes into the
    paragraph at the cursor; several paragraphs or items: the first joins the text
    before the cursor, the others become blocks after it, and the text after the
    cursor follows them as a paragraph of its own."""
    post = request.POST
    html = post.get("html", "")
    pieces = html_to_blocks(html) if html.strip() else text_to_blocks(post.get("plain", ""))
    text = post.get("text", block.text)
    at = max(0, min(_int(post.get("at"), len(text)), len(text)))
    at = editing.outside_token(text, at)  # never inside a figure
    if not pieces:
        raise ReportError("Không có nội dung nào dán được.")
    first, rest = pieces[0], pieces[1:]
    head, tail = text[:at], text[at:]
    joined = head + (" " if head and not head.endswith(" ") else "") + first.text
    saved = editing.save_block(
        block=block,
        text=joined + ("" if rest else tail),
        user=request.user,
        expected_version=version,
    )
    focus = {"id": saved.pk, "caret": len(editing.clean_text(joined))}
    pasted = {saved.pk: first.text}
    anchor = saved
    for piece in rest:
        anchor = editing.add_block(
            section=block.section,
            after=anchor,
            kind=piece.kind,
            level=piece.level,
            text=piece.text,
            user=request.user,
        )
        focus = {"id": anchor.pk, "caret": len(anchor.text)}
        pasted[anchor.pk] = piece.text
    if rest and tail.strip():
        anchor = editing.add_block(
            section=block.section, after=anchor, text=tail, user=request.user
        )
    offers = bind_offers(pasted, *_section_figures(report, block.section))
    return _section_changed(request, report, block.section_id, roles, focus, offers)


def _section_figures(report, section: Section) -> tuple[dict, dict[str, str]]:
    """The stored figures a section shows (its indicators and its prose's), by code,
    and their names: the figures a pasted number may be bound to."""
    codes = set(section.indicators)
    for text in section.blocks.values_list("text", flat=True):
        codes.update(prose.figure_codes(text))
    values = dict(
        report.values.filter(indicator__code__in=codes).values_list("indicator__code", "value")
    )
    catalog = indicators()
    return values, {code: catalog[code].name for code in values if code in catalog}
