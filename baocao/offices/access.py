"""Who writes what in a report with offices: the văn phòng (the commune's clerks,
members of its Văn phòng office) and the leaders write everything; a member of
another office writes only the sections mapped to their office, the figures those
sections show, and their tasks; the outline stays with the văn phòng. Every write
path calls check_write (the editor's central check, the Word upload, the board)."""

from __future__ import annotations

from baocao.accounts.access import roles_for
from baocao.accounts.models import Membership
from baocao.catalog.models import Unit
from baocao.offices.mapping import CLERKS_OFFICE, section_offices
from baocao.reports import prose
from baocao.reports.errors import NotAllowedError
from baocao.reports.models import Block, Report, Section

EDITOR_ROLES = {Membership.CLERK, Membership.LEADER, Membership.ADMIN}


def member_offices(user, commune: Unit) -> set[int]:
    """Ids of the commune's offices the user belongs to."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(
            user=user, unit__parent=commune, unit__kind=Unit.OFFICE
        ).values_list("unit_id", flat=True)
    )


def writes_everything(user, report: Report) -> bool:
    """Commune clerks and leaders, the văn phòng's members, administrators."""
    if roles_for(user, report.unit) & EDITOR_ROLES:
        return True
    return Membership.objects.filter(
        user=user,
        unit__parent=report.unit,
        unit__code=f"{report.unit.code}.{CLERKS_OFFICE}",
        role__in=EDITOR_ROLES,
    ).exists()


def is_office_member(user, report: Report) -> bool:
    return bool(member_offices(user, report.unit))


def may_write_any(user, report: Report) -> bool:
    """May the user write some part of the report (the page opens for editing)?"""
    return writes_everything(user, report) or is_office_member(user, report)


def writable_sections(user, report: Report) -> set[int] | None:
    """Ids of the sections the user may write; None means all of them."""
    if writes_everything(user, report):
        return None
    mine = member_offices(user, report.unit)
    if not mine:
        return set()
    return {
        pk
        for pk, office in section_offices(report).items()
        if office is not None and office.pk in mine
    }


def may_write_section(user, section: Section) -> bool:
    allowed = writable_sections(user, section.report)
    return allowed is None or section.pk in allowed


def section_codes(report: Report, section_ids: set[int]) -> set[str]:
    """The figures the sections show: their indicators and the placeholders of their prose."""
    codes: set[str] = set()
    for indicators in Section.objects.filter(pk__in=section_ids).values_list(
        "indicators", flat=True
    ):
        codes.update(indicators or [])
    for text in Block.objects.filter(section_id__in=section_ids).values_list("text", flat=True):
        codes.update(prose.figure_codes(text))
    return codes


def may_write_figure(user, report: Report, code: str) -> bool:
    allowed = writable_sections(user, report)
    return allowed is None or code in section_codes(report, allowed)


DENIED_SECTION = "Mục này do {office} soạn; bạn chỉ được sửa các mục của đơn vị mình."
DENIED_FIGURE = "Số liệu «{code}» không thuộc các mục đơn vị bạn soạn."
DENIED_OUTLINE = "Chỉ văn phòng và lãnh đạo được sửa đề cương báo cáo."
DENIED_OTHER = "Việc này do văn phòng hoặc lãnh đạo làm."
DENIED = "Bạn chỉ được xem báo cáo này, không được sửa."


def check_write(
    user,
    report: Report,
    *,
    section: Section | None = None,
    code: str | None = None,
    outline: bool = False,
) -> None:
    """Raise NotAllowedError (Vietnamese) unless the user may make this write:
    a section's prose or tasks (section), a figure (code), the outline (outline),
    or, with none given, something in the report."""
    if writes_everything(user, report):
        return
    if not is_office_member(user, report):
        raise NotAllowedError(DENIED)
    if outline:
        raise NotAllowedError(DENIED_OUTLINE)
    if section is not None and not may_write_section(user, section):
        office = section_offices(report).get(section.pk)
        raise NotAllowedError(DENIED_SECTION.format(office=office.name if office else "văn phòng"))
    if code is not None and not may_write_figure(user, report, code):
        raise NotAllowedError(DENIED_FIGURE.format(code=code))
    if section is None and code is None:  # anything else is the văn phòng's
        raise NotAllowedError(DENIED_OUTLINE if outline else DENIED_OTHER)
