"""Saving a paragraph or a footnote, adding and removing footnotes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_POST

from baocao.reports.editing import add_footnote, remove_footnote, save_block
from baocao.reports.errors import ConflictError, ReportError
from baocao.reports.models import Block
from baocao.web.editor.common import changed, posted_version, refusal, require_editor
from baocao.web.editor.workspace import find_report


def _block(report, block_pk: int) -> Block:
    block = Block.objects.select_related("section").filter(pk=block_pk).first()
    if block is None or block.section.report_id != report.pk:
        raise Http404("Không tìm thấy đoạn văn.")
    return block


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


@login_required
@require_POST
def save_block_view(request, pk, block_pk):
    report = find_report(request.user, pk)
    block = _block(report, block_pk)
    try:
        roles = require_editor(request.user, report, block.section)
        saved = save_block(
            block=block,
            text=request.POST.get("text", ""),
            user=request.user,
            expected_version=posted_version(request),
        )
    except ConflictError as error:
        current = Block.objects.get(pk=block.pk)
        return refusal(
            request,
            report,
            error,
            extra={
                "text_conflict": {
                    "target": f"text-{block.pk}",
                    "theirs": current.text,
                    "version": current.version,
                    "mine": request.POST.get("text", ""),
                    "url": request.path,
                }
            },
        )
    except ReportError as error:
        return refusal(request, report, error)
    return changed(
        request,
        report,
        template="editor/_block_changed.html",
        context={"changed_block": saved.pk},
        events={"baocao:block": {"id": saved.pk, "version": saved.version}},
        roles=roles,
    )


@login_required
@require_POST
def add_footnote_view(request, pk, block_pk):
    report = find_report(request.user, pk)
    block = _block(report, block_pk)
    try:
        roles = require_editor(request.user, report, block.section)
        add_footnote(
            block=block,
            text=request.POST.get("note", ""),
            position=_int(request.POST.get("position")),
            user=request.user,
            expected_version=posted_version(request),
        )
    except ReportError as error:
        return refusal(request, report, error)
    return changed(
        request,
        report,
        template="editor/_block_changed.html",
        context={"changed_block": block.pk, "whole_block": True},
        roles=roles,
    )


@login_required
@require_POST
def remove_footnote_view(request, pk, block_pk):
    report = find_report(request.user, pk)
    note = _block(report, block_pk)
    try:
        roles = require_editor(request.user, report, note.section)
        remove_footnote(footnote=note, user=request.user, expected_version=posted_version(request))
    except ReportError as error:
        return refusal(request, report, error)
    return changed(
        request,
        report,
        template="editor/_block_changed.html",
        context={"changed_block": note.anchor_id, "whole_block": True},
        roles=roles,
    )
