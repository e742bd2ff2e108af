"""Contribution states, the văn phòng's board and the offices' internal deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from baocao.accounts.models import Membership
from baocao.catalog.models import Unit
from baocao.offices.access import member_offices, writes_everything
from baocao.offices.mapping import is_clerks_office, section_offices
from baocao.offices.models import Contribution
from baocao.reports import prose
from baocao.reports.errors import NotAllowedError, ReportError
from baocao.reports.models import AuditEntry, Block, Report, Section
from baocao.reports.services import audit, check_editable
from baocao.rules.text import report_findings

STATE_LABELS = dict(Contribution.STATES)
OPEN_STATUSES = (Report.DRAFT, Report.RETURNED, Report.SUBMITTED)
INTERNAL_LEAD_DAYS = 2  # an office hands in two working days before the report is due


def report_deadline(report: Report) -> date:
    return report.period_obj.deadline(report.template.period_mode, report.template.deadline_days)


def internal_deadline(report: Report, lead: int = INTERNAL_LEAD_DAYS) -> date:
    """The offices' deadline: `lead` working days (Monday to Friday) before the report's."""
    day = report_deadline(report)
    while lead:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            lead -= 1
    return day


def state_of(section: Section) -> str:
    try:
        return section.contribution.state
    except Contribution.DoesNotExist:
        return Contribution.TODO


@transaction.atomic
def set_state(*, section: Section, state: str, user) -> Contribution:
    """An office marks its section started or done (the văn phòng may too)."""
    if state not in STATE_LABELS:
        raise ReportError("Trạng thái không hợp lệ.")
    report = section.report
    check_editable(report)
    office = section_offices(report).get(section.pk)
    mine = member_offices(user, report.unit)
    if not writes_everything(user, report) and (office is None or office.pk not in mine):
        raise NotAllowedError("Mục này không do đơn vị của bạn soạn.")
    contribution, _ = Contribution.objects.select_for_update().get_or_create(section=section)
    old = contribution.state
    contribution.state = state
    contribution.changed_by = user
    contribution.changed_at = timezone.now()
    if state == Contribution.DONE:
        contribution.returned_reason = ""
    contribution.save()
    if old != state:
        audit(
            report,
            user,
            "contribution",
            f"section:{section.pk}",
            STATE_LABELS[old],
            STATE_LABELS[state],
        )
    return contribution


@transaction.atomic
def send_back(*, section: Section, reason: str, user) -> Contribution:
    """The văn phòng returns a section to its office with a reason."""
    report = section.report
    check_editable(report)
    if not writes_everything(user, report):
        raise NotAllowedError("Chỉ văn phòng và lãnh đạo được trả lại phần đóng góp.")
    reason = reason.strip()
    if not reason:
        raise ReportError("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì.")
    contribution, _ = Contribution.objects.select_for_update().get_or_create(section=section)
    old = contribution.state
    contribution.state = Contribution.WRITING
    contribution.returned_reason = reason[:2000]
    contribution.changed_by = user
    contribution.changed_at = timezone.now()
    contribution.save()
    audit(
        report,
        user,
        "contribution",
        f"section:{section.pk}",
        STATE_LABELS[old],
        STATE_LABELS[Contribution.WRITING],
        comment=f"Trả lại: {reason}",
    )
    return contribution


@dataclass
class BoardRow:
    section: Section
    level: int
    office: Unit | None
    state: str
    contribution: Contribution | None
    errors: int = 0
    warnings: int = 0
    last_at: object = None
    last_by: str = ""

    label: str = ""
    has_content: bool = True  # a heading over subsections has no share of its own

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def office_name(self) -> str:
        return "Văn phòng" if self.office is None else self.office.name

    @property
    def is_office_share(self) -> bool:
        return not is_clerks_office(self.office)


@dataclass
class Board:
    report: Report
    rows: list[BoardRow]
    deadline: date
    internal: date
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def late(self) -> bool:
        return timezone.localdate() > self.internal and self.counts.get(Contribution.DONE, 0) < sum(
            self.counts.values()
        )


def _opening(text: str) -> str:
    """The first words of a paragraph, markup left out: the name of an untitled section."""
    plain = prose.plain(text, lambda p: "…")
    return " ".join(plain.split()[:8])


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def board(report: Report) -> Board:
    """Every section with its office, contribution state, findings and last change
    (the last audited edit of its prose, figures, tasks or state: who and when)."""
    sections = list(report.sections.order_by("position"))
    offices = section_offices(report, sections)
    contributions = {
        c.section_id: c
        for c in Contribution.objects.filter(section__report=report).select_related("changed_by")
    }
    findings = report_findings(report)
    levels: dict[int, int] = {}
    codes_of: dict[int, set[str]] = {s.pk: set(s.indicators or []) for s in sections}
    first_words: dict[int, str] = {}
    section_of: dict[str, int] = {}  # audit target → section
    for block in Block.objects.filter(section__report=report).order_by("position", "pk"):
        codes_of[block.section_id].update(prose.figure_codes(block.text))
        section_of[f"block:{block.pk}"] = block.section_id
        if block.kind != Block.FOOTNOTE and block.section_id not in first_words:
            first_words[block.section_id] = _opening(block.text)
    for task_pk, section_pk in report.tasks.values_list("pk", "section_id"):
        section_of[f"task:{task_pk}"] = section_pk
    with_tasks = set(section_of[t] for t in section_of if t.startswith("task:"))
    for section in sections:
        section_of[f"section:{section.pk}"] = section.pk
    last: dict[int, tuple] = {}
    for entry in (
        AuditEntry.objects.filter(
            report=report, action__in=["block", "footnote", "task", "value", "contribution"]
        )
        .select_related("user")
        .order_by("at", "id")
    ):
        if entry.action == "value":
            touched = [pk for pk, codes in codes_of.items() if entry.target in codes]
        else:
            touched = [section_of[entry.target]] if entry.target in section_of else []
        for pk in touched:
            last[pk] = (entry.at, _who(entry.user))
    rows = []
    counts = {state: 0 for state in STATE_LABELS}
    for section in sections:
        levels[section.pk] = levels[section.parent_id] + 1 if section.parent_id else 0
        codes = codes_of[section.pk]
        touching = [f for f in findings if set(f.codes) & codes]
        contribution = contributions.get(section.pk)
        row = BoardRow(
            section=section,
            level=levels[section.pk],
            office=offices[section.pk],
            state=contribution.state if contribution else Contribution.TODO,
            contribution=contribution,
            errors=sum(f.is_error for f in touching),
            warnings=sum(not f.is_error for f in touching),
            label=str(section) if section.title else f"«{first_words.get(section.pk, '')}…»",
            has_content=section.pk in first_words or section.pk in with_tasks,
        )
        if section.pk in last:
            row.last_at, row.last_by = last[section.pk]
            if contribution is None:  # someone has written in it: it is being written
                row.state = Contribution.WRITING
        if row.is_office_share and row.has_content:
            counts[row.state] += 1
        rows.append(row)
    return Board(report, rows, report_deadline(report), internal_deadline(report), counts)


@dataclass
class OfficeWork:
    office: Unit
    report: Report
    rows: list[BoardRow]
    internal: date

    @property
    def pending(self) -> list[BoardRow]:
        return [r for r in self.rows if r.state != Contribution.DONE]

    @property
    def late(self) -> bool:
        return bool(self.pending) and timezone.localdate() > self.internal


def office_work(user) -> list[OfficeWork]:
    """For an office member's home: each open report of their commune with the
    sections of their office, the internal deadline, and what is late."""
    memberships = Membership.objects.filter(user=user, unit__kind=Unit.OFFICE).select_related(
        "unit", "unit__parent"
    )
    work = []
    for m in memberships:
        commune = m.unit.parent
        if commune is None:
            continue
        reports = (
            Report.objects.filter(unit=commune, status__in=OPEN_STATUSES)
            .select_related("template", "unit")
            .order_by("-period", "-template__issuer")
        )
        latest: dict[int, Report] = {}
        for report in reports:
            latest.setdefault(report.template_id, report)
        for report in latest.values():
            rows = [
                r
                for r in board(report).rows
                if r.has_content and r.office and r.office.pk == m.unit_id
            ]
            if rows:
                work.append(OfficeWork(m.unit, report, rows, internal_deadline(report)))
    return work


def recent_changes(report: Report, limit: int = 20):
    return (
        AuditEntry.objects.filter(report=report)
        .filter(Q(action="contribution") | Q(action="block") | Q(action="value"))
        .select_related("user")[:limit]
    )
