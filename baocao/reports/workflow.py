"""The life of a report (DESIGN.md §5): the clerk submits; the commune leader approves
or returns it with a comment; the city accepts an approved report or returns it.
Approved and accepted reports are locked; reopening one is an explicit step of a
leader (approved) or the city (approved or accepted). Every step checks the user's
role for the report's unit, is atomic, and is audited with its comment.

Submitting and approving consult the rules: this is the one place where reports
look "down" the data flow at validation, because the workflow is where a finding
stops a report."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from baocao.accounts.access import roles_for
from baocao.accounts.models import Membership, UnitPolicy
from baocao.registry.services import register_report
from baocao.reports.errors import NotAllowedError, ReportError, SubmitBlockedError
from baocao.reports.models import AuditEntry, Report
from baocao.reports.services import audit
from baocao.rules.text import report_findings

SUBMIT, APPROVE, RETURN, ACCEPT, REOPEN = "submit", "approve", "return", "accept", "reopen"

EDITORS = {Membership.CLERK, Membership.LEADER, Membership.ADMIN}
LEADERS = {Membership.LEADER, Membership.ADMIN}
CITY = {Membership.CITY_STAFF, Membership.ADMIN}

# action → (statuses it starts from, roles allowed) ; return and reopen depend on the step.
STEPS: dict[str, list[tuple[tuple[str, ...], set[str]]]] = {
    SUBMIT: [((Report.DRAFT, Report.RETURNED), EDITORS)],
    APPROVE: [((Report.SUBMITTED,), LEADERS)],
    RETURN: [((Report.SUBMITTED,), LEADERS), ((Report.APPROVED,), CITY)],
    ACCEPT: [((Report.APPROVED,), CITY)],
    REOPEN: [((Report.APPROVED,), LEADERS | CITY), ((Report.ACCEPTED,), CITY)],
}

LABELS = {
    SUBMIT: "Trình lãnh đạo",
    APPROVE: "Duyệt",
    RETURN: "Trả lại",
    ACCEPT: "Tiếp nhận",
    REOPEN: "Mở lại để sửa",
}


def allowed_actions(user, report: Report, roles: set[str] | None = None) -> list[str]:
    """The workflow steps this user may take on the report now, in display order."""
    roles = roles_for(user, report.unit) if roles is None else roles
    return [
        action
        for action, steps in STEPS.items()
        if any(report.status in starts and roles & who for starts, who in steps)
    ]


def can_edit(user, report: Report, roles: set[str] | None = None) -> bool:
    """Clerks and leaders of the unit edit drafts, submitted and returned reports; the
    city reads. Approved and accepted reports are read-only for everyone."""
    roles = roles_for(user, report.unit) if roles is None else roles
    return not report.is_locked and bool(roles & EDITORS)


def _lock(report: Report) -> Report:
    # of=("self",): lock the report row only, not its unit's and template's (PostgreSQL
    # would otherwise queue every step of every report sharing the template).
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("unit", "template")
        .get(pk=report.pk)
    )


def _require(action: str, user, report: Report) -> None:
    if action in allowed_actions(user, report):
        return
    status = report.get_status_display().lower()
    if not any(report.status in starts for starts, _ in STEPS[action]):
        raise ReportError(
            f"Báo cáo đang ở trạng thái «{status}», không thể {LABELS[action].lower()}."
        )
    raise NotAllowedError(f"Bạn không có quyền {LABELS[action].lower()} báo cáo này.")


def _require_comment(comment: str, what: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ReportError(f"Cần ghi rõ lý do {what}.")
    return comment


def _refuse_errors(report: Report, doing: str) -> None:
    errors = [f for f in report_findings(report) if f.is_error]
    if errors:
        listed = "\n".join(f"• {f.message}" for f in errors[:10])
        more = f"\n… và {len(errors) - 10} lỗi khác." if len(errors) > 10 else ""
        raise SubmitBlockedError(
            f"Chưa thể {doing}: báo cáo còn {len(errors)} lỗi cần sửa.\n{listed}{more}",
            findings=errors,
        )


def _refuse_own_submission(report: Report, user) -> None:
    """Separation of duties (accounts.UnitPolicy): who submitted may not approve too."""
    if UnitPolicy.self_approval_allowed(report.unit, report.template.issuer):
        return
    submitted = (
        AuditEntry.objects.filter(report=report, action="status", new=Report.SUBMITTED)
        .order_by("-at", "-pk")
        .values_list("user_id", flat=True)
        .first()
    )
    if submitted is not None and submitted == user.pk:
        raise NotAllowedError(
            "Người đã trình báo cáo không tự duyệt báo cáo đó (phân công, phân nhiệm): "
            "hãy để lãnh đạo khác duyệt, hoặc quản trị cho phép trong quy định của đơn vị."
        )


def _move(report: Report, user, new: str, comment: str = "", **fields) -> Report:
    old = report.status
    report.status = new
    for name, value in fields.items():
        setattr(report, name, value)
    report.save(update_fields=["status", "updated_at", *fields])
    audit(report, user, "status", "status", old=old, new=new, comment=comment)
    return report


@transaction.atomic
def submit_report(*, report: Report, user, comment: str = "") -> Report:
    report = _lock(report)
    _require(SUBMIT, user, report)
    _refuse_errors(report, "trình")
    return _move(report, user, Report.SUBMITTED, comment, submitted_at=timezone.now())


@transaction.atomic
def approve_report(*, report: Report, user, comment: str = "") -> Report:
    report = _lock(report)
    _require(APPROVE, user, report)
    _refuse_own_submission(report, user)
    _refuse_errors(report, "duyệt")  # a figure may have changed since it was submitted
    report = _move(report, user, Report.APPROVED, comment, approved_at=timezone.now())
    register_report(report, user=user)  # the unit's register gives its number and date
    return report


@transaction.atomic
def return_report(*, report: Report, user, comment: str) -> Report:
    """The leader returns a submitted report to the clerk, or the city returns an
    approved one to the commune; either way with the reason."""
    report = _lock(report)
    _require(RETURN, user, report)
    comment = _require_comment(comment, "trả lại")
    return _move(report, user, Report.RETURNED, comment, approved_at=None)


@transaction.atomic
def accept_report(*, report: Report, user, comment: str = "") -> Report:
    report = _lock(report)
    _require(ACCEPT, user, report)
    return _move(report, user, Report.ACCEPTED, comment)


@transaction.atomic
def reopen_report(*, report: Report, user, comment: str) -> Report:
    report = _lock(report)
    _require(REOPEN, user, report)
    comment = _require_comment(comment, "mở lại")
    return _move(report, user, Report.DRAFT, comment, approved_at=None)


TRANSITIONS = {
    SUBMIT: submit_report,
    APPROVE: approve_report,
    RETURN: return_report,
    ACCEPT: accept_report,
    REOPEN: reopen_report,
}
