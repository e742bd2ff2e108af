"""A report's outline: the numbering, computed from where each section stands (never
typed), and the changes a clerk makes to it: add, rename, move up or down, indent,
outdent, remove. Each change is based on the report's version (bumped by every
outline change, so a page showing an older outline is refused), atomic, and audited
with what was there before, so a removed section can be read back in the history."""

from __future__ import annotations

import json
import re
from collections import defaultdict

from django.db import transaction
from django.db.models import F

from baocao import vn
from baocao.reports import prose
from baocao.reports.errors import ConflictError, ReportError
from baocao.reports.models import Block, Report, Section
from baocao.reports.services import audit, check_editable

_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
# Vietnamese legal documents letter their points without f, j, w, z and with đ.
_LETTERS = "abcdđeghiklmnopqrstuvxy"


def roman(n: int) -> str:
    out = ""
    for value, digits in _ROMAN * 4:  # enough for any outline (up to 39 and more)
        while n >= value:
            out += digits
            n -= value
    return out


def letter(n: int) -> str:
    return _LETTERS[(n - 1) % len(_LETTERS)]


def label(issuer: str, level: int, index: int, parent: str) -> str:
    """The number printed before a heading, as the documents print it: UBND
    I. / 1. / 1.2 / a), Party A. / I. / 1. / a). level counts from 0; parent is the
    parent's number (for 1.2, which reports write without a final dot)."""
    if issuer == "dang":
        schemes = [f"{letter(index).upper()}.", f"{roman(index)}.", f"{index}."]
    else:
        compound = f"{parent.rstrip('.')}.{index}" if parent[:1].isdigit() else f"{index}."
        schemes = [f"{roman(index)}.", f"{index}.", compound]
    return schemes[level] if level < len(schemes) else f"{letter(index)})"


def numbering(sections: list[Section], issuer: str) -> dict[int, str]:
    """Each section's number, by pk, from its place among its siblings. A section
    without a title (a run-in paragraph the source did not number) has none and is
    not counted, as in the documents."""
    children: dict[int | None, list[Section]] = defaultdict(list)
    for section in sorted(sections, key=lambda s: (s.position, s.pk)):
        children[section.parent_id].append(section)
    labels: dict[int, str] = {}

    def walk(parent: int | None, level: int, parent_label: str) -> None:
        index = 0
        for section in children[parent]:
            own = ""
            if section.title.strip():
                index += 1
                own = label(issuer, level, index, parent_label)
            labels[section.pk] = own
            walk(section.pk, level + 1, own or parent_label)

    walk(None, 0, "")
    return labels


# The number the source wrote before a run-in heading ("2. Công tác…"): computed now.
_SOURCE_NUMBER = re.compile(r"^\s*(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)]?\s+")


def display_name(section: Section, first_text: str = "") -> str:
    """The name an outline shows: the title, or for an untitled (run-in) section the
    words of its first paragraph up to the colon that ends a run-in heading."""
    if section.title.strip():
        return section.title
    text = prose.plain(first_text, lambda p: "…").strip()
    head = text.split(":", 1)[0] if ":" in text[:120] else text
    head = _SOURCE_NUMBER.sub("", head).strip()
    if not head:
        return "(Mục chưa đặt tên)"
    return head if len(head) <= 60 else head[:59] + "…"


# --- changes ------------------------------------------------------------------------------


def _begin(report_id: int, expected_version: int | None) -> Report:
    report = Report.objects.select_for_update().get(pk=report_id)
    check_editable(report)
    if expected_version is not None and expected_version != report.version:
        raise ConflictError(
            "Đề cương báo cáo vừa được người khác thay đổi. Hãy tải lại trang để xem đề cương "
            "mới rồi làm lại.",
        )
    return report


def _bump(report: Report) -> None:
    Report.objects.filter(pk=report.pk).update(version=F("version") + 1)
    report.version += 1


def _tree(report: Report) -> dict[int | None, list[Section]]:
    children: dict[int | None, list[Section]] = defaultdict(list)
    for section in report.sections.order_by("position", "pk"):
        children[section.parent_id].append(section)
    return children


def _store(report: Report, children: dict[int | None, list[Section]]) -> None:
    """Write parents and positions back, positions in reading (pre-)order."""
    position = 0

    def walk(parent: int | None) -> None:
        nonlocal position
        for section in children.get(parent, []):
            position += 1
            if section.position != position or section.parent_id != parent:
                Section.objects.filter(pk=section.pk).update(position=position, parent_id=parent)
                section.position, section.parent_id = position, parent
            walk(section.pk)

    walk(None)


def _changed(
    report: Report,
    user,
    section: Section,
    children: dict[int | None, list[Section]] | None = None,
    *,
    old: str = "",
    new: str = "",
    comment: str,
) -> None:
    """What every outline change ends with: the new order written back (when the tree
    changed), the report's version bumped (pages showing the old outline are refused)
    and one entry in the history."""
    if children is not None:
        _store(report, children)
    _bump(report)
    audit(report, user, "outline", f"section:{section.pk}", old=old, new=new, comment=comment)


def _section(report: Report, section: Section) -> Section:
    found = report.sections.filter(pk=section.pk).first()
    if found is None:
        raise ReportError("Mục này không còn trong báo cáo (có thể vừa bị xóa).")
    return found


def _title(title: str) -> str:
    title = vn.nfc(title or "").strip()
    if len(title) > 300:
        raise ReportError("Tên mục dài quá 300 ký tự.")
    return title


def _name(section: Section) -> str:
    return section.title or f"mục #{section.pk}"


ADD_AFTER, ADD_BEFORE, ADD_CHILD = "after", "before", "child"


@transaction.atomic
def add_section(
    *,
    report: Report,
    title: str,
    anchor: Section | None = None,
    where: str = ADD_AFTER,
    style: str = Section.HEADING,
    user=None,
    expected_version: int | None = None,
) -> Section:
    """A new section after or before anchor (at its level), or as its last
    subsection; without anchor, the last top-level section."""
    report = _begin(report.pk, expected_version)
    title = _title(title)
    if not title and style != Section.RUNIN:
        raise ReportError("Mục mới cần có tên.")
    if style not in (Section.HEADING, Section.RUNIN):
        raise ReportError("Kiểu tiêu đề không hợp lệ.")
    children = _tree(report)
    if anchor is None:
        parent, siblings, at = None, children[None], len(children[None])
    else:
        anchor = _section(report, anchor)
        if where == ADD_CHILD:
            parent = anchor.pk
            siblings = children[parent]
            at = len(siblings)
        else:
            parent = anchor.parent_id
            siblings = children[parent]
            index = next(i for i, s in enumerate(siblings) if s.pk == anchor.pk)
            at = index + 1 if where == ADD_AFTER else index
    in_tasks = anchor is not None and anchor.is_tasks and (where == ADD_CHILD or anchor.parent_id)
    section = Section.objects.create(
        report=report,
        parent_id=parent,
        position=0,
        title=title,
        style=style,
        is_tasks=bool(in_tasks),
    )
    siblings.insert(at, section)
    _changed(
        report, user, section, children, new=title or "(tiêu đề liền đoạn)", comment="thêm mục"
    )
    return section


@transaction.atomic
def update_section(
    *,
    section: Section,
    title: str | None = None,
    style: str | None = None,
    user=None,
    expected_version: int | None = None,
) -> Section:
    """Rename a section, or make its heading run in (printed on the line of its first
    paragraph) or stand on its own line."""
    report = _begin(section.report_id, expected_version)
    current = _section(report, section)
    changes = {}
    if title is not None:
        title = _title(title)
        if not title and (style or current.style) != Section.RUNIN:
            raise ReportError("Tên mục không được để trống.")
        if title != current.title:
            changes["title"] = title
    if style is not None and style != current.style:
        if style not in (Section.HEADING, Section.RUNIN):
            raise ReportError("Kiểu tiêu đề không hợp lệ.")
        changes["style"] = style
    if not changes:
        return current
    Section.objects.filter(pk=current.pk).update(version=F("version") + 1, **changes)
    _bump(report)
    styles = dict(Section.STYLES)
    if "title" in changes:
        audit(
            report,
            user,
            "outline",
            f"section:{current.pk}",
            old=current.title,
            new=changes["title"],
            comment="đổi tên mục",
        )
    if "style" in changes:
        audit(
            report,
            user,
            "outline",
            f"section:{current.pk}",
            old=styles[current.style],
            new=styles[changes["style"]],
            comment="đổi kiểu tiêu đề",
        )
    current.refresh_from_db()
    return current


@transaction.atomic
def move_section(
    *, section: Section, offset: int, user=None, expected_version: int | None = None
) -> Section:
    """Up (-1) or down (+1) among its siblings, with its subsections and paragraphs."""
    report = _begin(section.report_id, expected_version)
    current = _section(report, section)
    children = _tree(report)
    siblings = children[current.parent_id]
    index = next(i for i, s in enumerate(siblings) if s.pk == current.pk)
    target = index + offset
    if not 0 <= target < len(siblings):
        raise ReportError(
            "Mục đã ở đầu, không chuyển lên được."
            if offset < 0
            else "Mục đã ở cuối, không chuyển xuống được."
        )
    siblings.insert(target, siblings.pop(index))
    _changed(
        report,
        user,
        current,
        children,
        old=str(index + 1),
        new=str(target + 1),
        comment=f"chuyển mục «{_name(current)}» " + ("lên" if offset < 0 else "xuống"),
    )
    return current


@transaction.atomic
def indent_section(*, section: Section, user=None, expected_version: int | None = None) -> Section:
    """Make a section the last subsection of the section above it (one level down)."""
    report = _begin(section.report_id, expected_version)
    current = _section(report, section)
    children = _tree(report)
    siblings = children[current.parent_id]
    index = next(i for i, s in enumerate(siblings) if s.pk == current.pk)
    if index == 0:
        raise ReportError("Không có mục cùng cấp ở trên để đưa mục này vào làm mục con.")
    new_parent = siblings[index - 1]
    siblings.pop(index)
    children[new_parent.pk].append(current)
    if new_parent.is_tasks and not current.is_tasks:
        Section.objects.filter(pk=current.pk).update(is_tasks=True)
    _changed(
        report,
        user,
        current,
        children,
        new=_name(new_parent),
        comment=f"đưa mục «{_name(current)}» vào làm mục con",
    )
    return current


@transaction.atomic
def outdent_section(*, section: Section, user=None, expected_version: int | None = None) -> Section:
    """Make a subsection a section of its parent's level, right after its parent."""
    report = _begin(section.report_id, expected_version)
    current = _section(report, section)
    if current.parent_id is None:
        raise ReportError("Mục này đã ở cấp cao nhất.")
    children = _tree(report)
    parent = next(s for s in report.sections.all() if s.pk == current.parent_id)
    children[parent.pk] = [s for s in children[parent.pk] if s.pk != current.pk]
    upper = children[parent.parent_id]
    upper.insert(next(i for i, s in enumerate(upper) if s.pk == parent.pk) + 1, current)
    _changed(
        report,
        user,
        current,
        children,
        old=_name(parent),
        comment=f"đưa mục «{_name(current)}» ra ngoài một cấp",
    )
    return current


def snapshot(section: Section) -> dict:
    """A section with its paragraphs, tasks and subsections, as kept in the history."""
    blocks = [
        {k: getattr(b, k) for k in ("kind", "level", "key", "text", "data")}
        | {"anchor": b.anchor_id, "id": b.pk}
        for b in section.blocks.order_by("position", "pk")
    ]
    return {
        "title": section.title,
        "number": section.number,
        "style": section.style,
        "indicators": section.indicators,
        "blocks": blocks,
        "tasks": list(section.tasks.order_by("position").values_list("text", flat=True)),
        "children": [snapshot(c) for c in section.children.order_by("position", "pk")],
    }


@transaction.atomic
def remove_section(*, section: Section, user=None, expected_version: int | None = None) -> None:
    """Remove a section with its subsections, paragraphs and tasks. The history keeps
    everything removed (as JSON), so it can be read back and retyped."""
    report = _begin(section.report_id, expected_version)
    current = _section(report, section)
    kept = snapshot(current)
    siblings = _tree(report)[current.parent_id]
    kept["parent"] = current.parent_id
    kept["index"] = next(i for i, s in enumerate(siblings) if s.pk == current.pk)
    count = Block.objects.filter(section__in=_descendants(report, current)).count()
    audit(
        report,
        user,
        "outline",
        f"section:{current.pk}",
        old=json.dumps(kept, ensure_ascii=False),
        new="",
        comment=f"xóa mục «{_name(current)}» cùng {count} đoạn văn",
    )
    current.delete()
    _store(report, _tree(report))
    _bump(report)


def _descendants(report: Report, section: Section) -> list[int]:
    children = _tree(report)
    out, todo = [], [section.pk]
    while todo:
        pk = todo.pop()
        out.append(pk)
        todo += [c.pk for c in children.get(pk, [])]
    return out


RESTORED = "khôi phục mục"


@transaction.atomic
def restore_section(*, entry, user=None, expected_version: int | None = None) -> Section:
    """Put back a section removed by remove_section, from its history entry: its
    subsections, paragraphs (with their footnotes), tables and tasks, where it stood
    (at the end of its level if its parent is gone too). Once only."""
    report = _begin(entry.report_id, expected_version)
    if entry.action != "outline" or not entry.comment.startswith("xóa mục") or not entry.old:
        raise ReportError("Mục này không khôi phục được từ lịch sử.")
    if report.audit.filter(action="outline", comment=RESTORED, old=str(entry.pk)).exists():
        raise ReportError("Mục này đã được khôi phục rồi.")
    kept = json.loads(entry.old)
    children = _tree(report)
    parent = kept.get("parent")
    if parent is not None and parent not in {s.pk for s in report.sections.all()}:
        parent = None
    siblings = children[parent]
    index = min(int(kept.get("index", len(siblings))), len(siblings))

    def create(node: dict, parent_id: int | None, in_tasks: bool) -> Section:
        section = Section.objects.create(
            report=report,
            parent_id=parent_id,
            position=0,
            title=node.get("title", ""),
            number=node.get("number", ""),
            style=node.get("style", Section.HEADING),
            indicators=node.get("indicators", []),
            is_tasks=in_tasks,
        )
        made: dict[int, Block] = {}
        body = [b for b in node.get("blocks", []) if b["kind"] != Block.FOOTNOTE]
        notes = [b for b in node.get("blocks", []) if b["kind"] == Block.FOOTNOTE]
        for position, b in enumerate(body, start=1):
            made[b["id"]] = Block.objects.create(
                section=section,
                position=position,
                kind=b["kind"],
                level=b.get("level", 0),
                text=b.get("text", ""),
                data=b.get("data") or {},
                key=b.get("key", ""),
            )
        for b in notes:
            anchor = made.get(b.get("anchor"))
            if anchor is not None:
                Block.objects.create(
                    section=section,
                    position=anchor.position,
                    kind=Block.FOOTNOTE,
                    anchor=anchor,
                    key=b.get("key", ""),
                    text=b.get("text", ""),
                )
        for position, text in enumerate(node.get("tasks", []), start=1):
            section.tasks.create(report=report, position=position, text=text)
        for child in node.get("children", []):
            children.setdefault(section.pk, []).append(create(child, section.pk, in_tasks))
        return section

    parent_section = report.sections.filter(pk=parent).first() if parent else None
    restored = create(kept, parent, bool(parent_section and parent_section.is_tasks))
    siblings.insert(index, restored)
    _changed(
        report,
        user,
        restored,
        children,
        old=str(entry.pk),
        new=restored.title or "(tiêu đề liền đoạn)",
        comment=RESTORED,
    )
    return restored
