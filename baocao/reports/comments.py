"""Góp ý: the leader, and city staff once a report is submitted, comment on a
paragraph or a figure; the clerk (or the leader) answers or resolves. Comments block
nothing (not submission, not approval) and are never deleted: a resolved one stays,
and every comment, answer and resolution is in the report's history."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from baocao import vn
from baocao.accounts.access import roles_for
from baocao.accounts.models import Membership
from baocao.reports import prose
from baocao.reports.errors import NotAllowedError, ReportError
from baocao.reports.models import Block, Comment, Report
from baocao.reports.services import audit

EDITORS = {Membership.CLERK, Membership.LEADER, Membership.ADMIN}
REVIEWERS_ALWAYS = {Membership.LEADER, Membership.ADMIN}
CITY = {Membership.CITY_STAFF}


def can_comment(user, report: Report, roles: set[str] | None = None) -> bool:
    """The leader until the city has accepted the report; city staff once the
    commune has submitted it, until they accept it."""
    if report.status == Report.ACCEPTED:
        return False
    roles = roles_for(user, report.unit) if roles is None else roles
    if roles & REVIEWERS_ALWAYS:
        return True
    submitted = report.status in (Report.SUBMITTED, Report.APPROVED) or (
        report.status == Report.RETURNED and report.submitted_at is not None
    )
    return bool(roles & CITY) and submitted


def can_answer(user, report: Report, roles: set[str] | None = None) -> bool:
    """Whoever writes the report answers and resolves; a commenter answers too."""
    roles = roles_for(user, report.unit) if roles is None else roles
    return bool(roles & EDITORS) or can_comment(user, report, roles)


def _text(text: str) -> str:
    text = vn.nfc(text or "").strip()
    if not text:
        raise ReportError("Góp ý cần có nội dung.")
    if len(text) > 4000:
        raise ReportError("Góp ý dài quá 4.000 ký tự.")
    return text


@transaction.atomic
def add_comment(
    *, report: Report, user, text: str, block: Block | None = None, indicator: str = ""
) -> Comment:
    if not can_comment(user, report):
        raise NotAllowedError(
            "Chỉ lãnh đạo đơn vị, hoặc cán bộ thành phố khi báo cáo đã trình, mới góp ý được."
        )
    if block is not None and block.section.report_id != report.pk:
        raise ReportError("Đoạn văn không thuộc báo cáo này.")
    if indicator and block is not None and indicator not in prose.figure_codes(_all_text(block)):
        raise ReportError("Số liệu này không có trong đoạn văn được góp ý.")
    comment = Comment.objects.create(
        report=report, block=block, indicator=indicator, author=user, text=_text(text)
    )
    audit(report, user, "comment", f"comment:{comment.pk}", new=comment.text, comment="góp ý")
    return comment


def _all_text(block: Block) -> str:
    """A paragraph's text with its footnotes' (a figure may be in a footnote)."""
    notes = " ".join(block.footnotes.values_list("text", flat=True))
    return f"{block.text} {notes}"


@transaction.atomic
def reply(*, parent: Comment, user, text: str) -> Comment:
    report = parent.report
    if not can_answer(user, report):
        raise NotAllowedError("Bạn không được trả lời góp ý của báo cáo này.")
    root = parent.parent or parent
    answer = Comment.objects.create(
        report=report,
        block=root.block,
        indicator=root.indicator,
        parent=root,
        author=user,
        text=_text(text),
    )
    audit(report, user, "comment", f"comment:{root.pk}", new=answer.text, comment="trả lời góp ý")
    return answer


@transaction.atomic
def resolve(*, comment: Comment, user) -> Comment:
    report = comment.report
    roles = roles_for(user, report.unit)
    if not (roles & EDITORS or comment.author_id == user.pk):
        raise NotAllowedError("Chỉ người soạn báo cáo hoặc người góp ý mới đánh dấu đã giải quyết.")
    root = comment.parent or comment
    if root.resolved_at is not None:
        return root
    root.resolved_at, root.resolved_by = timezone.now(), user
    root.save(update_fields=["resolved_at", "resolved_by"])
    audit(report, user, "comment", f"comment:{root.pk}", old=root.text, comment="đã giải quyết")
    return root


def threads(report: Report) -> list[Comment]:
    """The report's comments with their answers (as .answers), oldest first."""
    comments = list(
        Comment.objects.filter(report=report).select_related("author", "resolved_by", "block")
    )
    roots = [c for c in comments if c.parent_id is None]
    answers: dict[int, list[Comment]] = {}
    for c in comments:
        if c.parent_id:
            answers.setdefault(c.parent_id, []).append(c)
    for root in roots:
        root.answers = answers.get(root.pk, [])
    return roots
