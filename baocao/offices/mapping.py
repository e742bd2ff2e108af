"""Which office writes which section. A report's sections carry their office
(Section.office, copied to next month's report); where a report has none stored yet
(a fresh template outline, an imported report), the default mapping of its template
below applies: keywords of the section's title, else the parent's office."""

from __future__ import annotations

from baocao.catalog.models import ReportTemplate, Unit
from baocao.reports.models import Report, Section
from baocao.vn.text import strip_accents

# Office slugs (Unit.code is "<commune>.<slug>") with their names; the first four are
# created for every commune by the catalog, the others by the demo (offices/demo.py).
OFFICE_NAMES = {
    "vp": "Văn phòng HĐND và UBND",
    "kt": "Phòng Kinh tế",
    "vhxh": "Phòng Văn hóa - Xã hội",
    "pvhcc": "Trung tâm Phục vụ hành chính công",
    "ca": "Công an xã",
    "qs": "Ban Chỉ huy quân sự",
    "vpdu": "Văn phòng Đảng ủy",
    "xdd": "Ban Xây dựng Đảng",
    "ubkt": "Ủy ban Kiểm tra Đảng ủy",
    "mttq": "Ủy ban MTTQ Việt Nam",
}
CLERKS_OFFICE = "vp"  # the văn phòng compiles the report; it is not an office's share

# First match wins; keywords are folded (no accents, lower case).
_STATE_RULES = [
    ("kinh te - xa hoi", "vp"),  # a heading over both offices' parts
    ("hanh chinh cong", "pvhcc"),
    ("quan su", "qs"),
    ("an ninh", "ca"),
    ("quoc phong", "qs"),
    (
        (
            "kinh te",
            "nong nghiep",
            "ngan sach",
            "tai chinh",
            "do thi",
            "dat dai",
            "xay dung",
            "tai nguyen",
            "mat bang",
            "dau tu",
            "giao thong",
            "thuong mai",
            "cong nghiep",
        ),
        "kt",
    ),
    (
        (
            "van hoa",
            "xa hoi",
            "y te",
            "giao duc",
            "noi vu",
            "chuyen doi so",
            "khoa hoc",
            "nguoi co cong",
            "ton giao",
            "the thao",
        ),
        "vhxh",
    ),
    (("van phong", "tu phap", "tiep cong dan"), "vp"),
]
_PARTY_RULES = [
    (("kiem tra", "giam sat"), "ubkt"),
    (("mttq", "mat tran", "doan the", "dan van"), "mttq"),
    (("chinh tri, tu tuong", "to chuc, can bo", "xay dung dang", "chi, dang bo"), "xdd"),
    *_STATE_RULES,
]
DEFAULT_RULES = {ReportTemplate.UBND: _STATE_RULES, ReportTemplate.DANG: _PARTY_RULES}


# A section without a telling title (a run-in paragraph the source left unnamed) goes
# by the group of its figures.
GROUP_OFFICES = {
    "kinhte": "kt",
    "ngansach": "kt",
    "xahoi": "vhxh",
    "tthc": "pvhcc",
    "antt": "ca",
    "cutru": "ca",
    "dang": "xdd",
}


def default_slug(title: str, issuer: str, groups: list[str] = ()) -> str | None:
    folded = strip_accents(title).lower()
    for keywords, slug in DEFAULT_RULES.get(issuer, _STATE_RULES):
        if isinstance(keywords, str):
            keywords = (keywords,)
        if any(k in folded for k in keywords):
            return slug
    for group in groups:
        if group in GROUP_OFFICES:
            return GROUP_OFFICES[group]
    return None


def offices_of(commune: Unit) -> dict[str, Unit]:
    """The commune's offices by slug."""
    return {
        u.code.rsplit(".", 1)[-1]: u
        for u in Unit.objects.filter(parent=commune, kind=Unit.OFFICE).order_by("code")
    }


def section_offices(
    report: Report, sections: list[Section] | None = None
) -> dict[int, Unit | None]:
    """{section id: the office writing it (None: the văn phòng)} for every section."""
    sections = sections if sections is not None else list(report.sections.order_by("position"))
    offices = offices_of(report.unit)
    by_id = {o.pk: o for o in offices.values()}
    stored = any(s.office_id for s in sections)
    issuer = report.template.issuer
    groups = _groups() if not stored else {}
    result: dict[int, Unit | None] = {}
    for section in sections:  # ordered by position: parents come before children
        if stored:
            office = by_id.get(section.office_id) if section.office_id else None
        else:
            codes = section.indicators or []
            slug = default_slug(section.title, issuer, [groups.get(c, "") for c in codes])
            office = offices.get(slug) if slug else None
        if office is None and section.parent_id:
            office = result.get(section.parent_id)
        result[section.pk] = office
    return result


def assign_defaults(report: Report) -> int:
    """Store the default mapping on the report's sections (those without an office)."""
    sections = list(report.sections.order_by("position"))
    mapping = section_offices(report, [_copy_without_office(s) for s in sections])
    changed = []
    for section in sections:
        office = mapping[section.pk]
        if section.office_id is None and office is not None:
            section.office = office
            changed.append(section)
    Section.objects.bulk_update(changed, ["office"])
    return len(changed)


def _copy_without_office(section: Section) -> Section:
    return Section(
        pk=section.pk,
        parent_id=section.parent_id,
        title=section.title,
        indicators=section.indicators,
    )


def _groups() -> dict[str, str]:
    from baocao.catalog.models import Indicator

    return dict(Indicator.objects.values_list("code", "group"))


def is_clerks_office(office: Unit | None) -> bool:
    return office is None or office.code.endswith("." + CLERKS_OFFICE)
