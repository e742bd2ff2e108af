"""Góp ý in the editor: comment on a paragraph or one of its figures, answer,
resolve. Commenting is not writing the report: the leader and the city comment on
reports they may not change (a locked one too)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_POST

from baocao.reports import comments
from baocao.reports.errors import ReportError
from baocao.reports.models import Block, Comment
from baocao.web.editor.common import changed, refusal
from baocao.web.editor.workspace import find_report


def _answer(request, report, block_id: int | None):
    return changed(
        request,
        report,
        template="editor/_comments_changed.html",
        context={"comment_block": block_id},
    )


@login_required
@require_POST
def add_comment_view(request, pk, block_pk):
    report = find_report(request.user, pk)
    block = Block.objects.select_related("section").filter(pk=block_pk).first()
    if block is None or block.section.report_id != report.pk:
        raise Http404("Không tìm thấy đoạn văn.")
    try:
        comments.add_comment(
            report=report,
            user=request.user,
            text=request.POST.get("text", ""),
            block=block,
            indicator=request.POST.get("indicator", ""),
        )
    except ReportError as error:
        return refusal(request, report, error)
    return _answer(request, report, block.pk)


def _comment(report, comment_pk) -> Comment:
    comment = Comment.objects.filter(pk=comment_pk, report=report).first()
    if comment is None:
        raise Http404("Không tìm thấy góp ý.")
    return comment


@login_required
@require_POST
def reply_view(request, pk, comment_pk):
    report = find_report(request.user, pk)
    comment = _comment(report, comment_pk)
    try:
        comments.reply(parent=comment, user=request.user, text=request.POST.get("text", ""))
    except ReportError as error:
        return refusal(request, report, error)
    return _answer(request, report, comment.block_id)


@login_required
@require_POST
def resolve_view(request, pk, comment_pk):
    report = find_report(request.user, pk)
    comment = _comment(report, comment_pk)
    try:
        comments.resolve(comment=comment, user=request.user)
    except ReportError as error:
        return refusal(request, report, error)
    return _answer(request, report, comment.block_id)
