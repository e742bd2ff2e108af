"""An edited Word file read back into its existing report: the changes it proposes.

The file is read by the importer's DOCX reader; so is the report's own DOCX as
baocao renders it now. Both readings are compared paragraph by paragraph (difflib),
so a file downloaded and uploaded unchanged proposes nothing, whatever the layout.
Each paragraph of the rendering is traced back to what produced it (a block of prose,
a footnote, a task, a section heading) by its text, in document order. A changed
paragraph whose words around the figures are the same is a change of figures (old →
new, parsed the Vietnamese way); otherwise a change of text, stored with the figures
and marks that survived the edit kept as placeholders. Paragraphs added after a
block or a task become blocks or tasks of that section; removed ones are removed.
Edits elsewhere (the header, headings, the signature) are listed but not applied.

`propose` computes the changes (nothing stored); `apply_changes` stores the accepted
ones through the same services as the editor, with the versions read at proposal
time (someone's edit in between refuses that change), audited as the given user."""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from baocao import vn
from baocao.catalog.models import Indicator
from baocao.documents.model import outline_tree, report_facts
from baocao.documents.services import render_report
from baocao.importer.document import read_document
from baocao.importer.errors import ImportRefused
from baocao.importer.readers import docx as docx_reader
from baocao.reports import editing, prose
from baocao.reports.errors import ConflictError, LockedError, ReportError
from baocao.reports.models import AuditEntry, Block, Report, Section, Task, Value
from baocao.reports.services import audit, check_editable, report_values, save_value

NO_CHANGE = "Không có thay đổi."


@dataclass
class Reading:
    body: list[str]
    notes: list[str]
    unit_code: str | None
    unit_name: str | None
    period: str | None


def read_docx(data: bytes) -> Reading:
    """The paragraphs and footnotes of a DOCX as the importer reads them."""
    source = docx_reader.read(data)
    body = [source.text[p.start : p.end] for p in source.paragraphs if p.note is None]
    notes = [n.text for n in source.footnotes]
    info = read_document(source)
    return Reading(body, notes, info.unit_code, info.unit_name, info.period)


# -- what produced each paragraph of the rendering ---------------------------------------


@dataclass
class Segment:
    source: str  # the prose as stored: literal text, "{{code|fmt}}", "**", "[^k]"
    shown: str  # what the document shows for it
    code: str | None = None  # an indicator code for a figure
    fmt: str = ""


@dataclass
class Item:
    kind: str  # block | footnote | task | heading
    section: Section
    obj: Block | Task | Section
    segments: list[Segment] = field(default_factory=list)

    @property
    def shown(self) -> str:
        return "".join(s.shown for s in self.segments)


def segments(text: str, resolve) -> list[Segment]:
    """The prose split into what a reader sees, each piece with its source."""
    out: list[Segment] = []
    pos = 0
    for m in prose._tokens_balanced(text):
        if m.start() > pos:
            out.append(Segment(text[pos : m.start()], text[pos : m.start()]))
        token = m.group(0)
        if m.group(1):
            p = prose.Placeholder(m.group(1), m.group(2) or "", m.start(), m.end())
            shown = resolve(p)
            if shown is None:
                shown = f"[chưa có số liệu: {p.code}]"
            out.append(Segment(token, shown, None if p.is_fact else p.code, p.format))
        else:  # a footnote mark or an emphasis mark: nothing to read
            out.append(Segment(token, ""))
        pos = m.end()
    if pos < len(text):
        out.append(Segment(text[pos:], text[pos:]))
    return out


def report_items(report: Report) -> tuple[list[Item], list[Item]]:
    """Body items (headings, blocks, tasks) and footnotes, in document order."""
    resolve = prose.resolver(report_values(report), report_facts(report))
    body: list[Item] = []
    notes: list[Item] = []

    def walk(node):
        section = node["section"]
        if section.title:
            body.append(Item("heading", section, section, [Segment("", section.title)]))
        for item in node["blocks"]:
            block = item["block"]
            if block.kind == Block.TABLE:  # tables are edited in the editor, not traced
                continue
            body.append(Item("block", section, block, segments(block.text, resolve)))
            by_key = {fn.key: fn for fn in item["footnotes"]}
            for key in prose.footnote_keys(block.text):
                note = by_key.get(key)
                if note is not None:
                    notes.append(Item("footnote", section, note, segments(note.text, resolve)))
        for task in node["tasks"]:
            body.append(Item("task", section, task, segments(task.text, resolve)))
        for child in node["children"]:
            walk(child)

    for root in outline_tree(report):
        walk(root)
    return body, notes


def _norm(text: str) -> str:
    return " ".join(text.split())


def trace(paragraphs: list[str], items: list[Item]) -> dict[int, list[Item]]:
    """{paragraph index: the items it shows}, matched in order by text. A run-in
    heading shares its paragraph with the first block; a numbered or bulleted line
    carries its label before the text."""
    found: dict[int, list[Item]] = {}
    k = 0
    for i, para in enumerate(paragraphs):
        text = _norm(para)
        if not text:
            continue
        while k < len(items):
            item = items[k]
            shown = _norm(item.shown)
            if not shown:
                k += 1
                continue
            if item.kind == "heading":
                fits = shown in text and text.index(shown) <= 12
            else:
                fits = text.endswith(shown) and (not found.get(i) or found[i][-1].kind == "heading")
            if not fits:
                break
            found.setdefault(i, []).append(item)
            k += 1
            if item.kind != "heading":
                break
    return found


# -- changes ----------------------------------------------------------------------------


def word_diff(old: str, new: str) -> list[list[str]]:
    """[[op, text]] with op "=", "-" or "+", word by word."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    out: list[list[str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(["=", "".join(a[i1:i2])])
            continue
        if i2 > i1:
            out.append(["-", "".join(a[i1:i2])])
        if j2 > j1:
            out.append(["+", "".join(b[j1:j2])])
    return out


def figure_edits(item: Item, new: str) -> dict[str, str] | None:
    """{code: new shown text} when only figures differ; None when the words differ."""
    pattern, codes = "", []
    for seg in item.segments:
        if seg.code:
            pattern += r"\s*(.+?)\s*"
            codes.append(seg)
        else:
            pattern += re.escape(_norm(seg.shown)) if seg.shown.strip() else r"\s*"
    pattern = re.sub(r"(\\ )+", r"\\s+", pattern)
    m = re.fullmatch(r"\s*" + pattern + r"\s*", new)
    if m is None or not codes:
        return None
    return {
        seg.code: got.strip()
        for seg, got in zip(codes, m.groups(), strict=True)
        if _norm(got) != _norm(seg.shown)
    }


def rewrite(item: Item, new: str, figures: dict[str, str] | None = None) -> str:
    """The new text in prose syntax: the figures, facts, footnote marks and emphasis
    marks that survive the edit are kept; changed words become literal text.

    The words of the old text as shown are matched with the new words; each character
    shown knows its segment, and each mark the offset it stands at, so an unchanged
    word gives back its source (a figure only when all of it is unchanged). A figure
    retyped as a number keeps its placeholder; its new value goes into `figures`."""
    shown = ""
    owner: list[int] = []  # segment index of each character shown
    marks: dict[int, list[int]] = {}  # offset → zero-width segments standing there
    for index, seg in enumerate(item.segments):
        if not seg.shown:
            marks.setdefault(len(shown), []).append(index)
        shown += seg.shown
        owner += [index] * len(seg.shown)
    old_words = [(m.start(), m.end()) for m in re.finditer(r"\S+|\s+", shown)]
    new_words = re.findall(r"\S+|\s+", new)
    ops = difflib.SequenceMatcher(
        None, [shown[a:b] for a, b in old_words], new_words, autojunk=False
    ).get_opcodes()
    kept: set[int] = set()
    for tag, i1, i2, _j1, _j2 in ops:
        if tag == "equal":
            for a, b in old_words[i1:i2]:
                kept.update(range(a, b))
    whole = {
        index
        for index, seg in enumerate(item.segments)
        if seg.shown and all(kept_at in kept for kept_at in _span(owner, index))
    }
    out: list[str] = []

    def marks_at(offset: int) -> None:
        out.extend(item.segments[i].source for i in marks.pop(offset, []))

    for tag, i1, i2, j1, j2 in ops:
        for a, b in old_words[i1:i2]:
            for at in range(a, b):
                marks_at(at)
                if tag != "equal":
                    continue
                seg = item.segments[owner[at]]
                if seg.source == seg.shown:  # literal text
                    out.append(shown[at])
                elif owner[at] in whole:
                    if at == 0 or owner[at - 1] != owner[at]:
                        out.append(seg.source)
                else:
                    out.append(shown[at])
        if tag in ("replace", "insert"):
            typed = "".join(new_words[j1:j2])
            figure = (
                _figure_replaced(item, owner, old_words[i1:i2], typed) if tag == "replace" else None
            )
            if figure is not None:  # a figure retyped amid other edits stays a figure
                out.append(figure.source)
                if figures is not None:
                    figures[figure.code] = typed.strip()
            else:
                out.append(typed)
    for offset in sorted(marks):
        marks_at(offset)
    return "".join(out)


def _figure_replaced(item: Item, owner: list[int], words, typed: str) -> Segment | None:
    """The figure whose words, and only them, the typed number replaces."""
    if not words:
        return None
    covered = {owner[at] for a, b in words for at in range(a, b)}
    if len(covered) != 1:
        return None
    seg = item.segments[covered.pop()]
    span = range(words[0][0], words[-1][1])
    if seg.code is None or len(span) != len(seg.shown):
        return None
    try:
        vn.parse_vn_number(typed.strip())
    except vn.VNNumberError:
        return None
    return seg


def _span(owner: list[int], index: int) -> range:
    first = owner.index(index)
    return range(first, first + owner.count(index))


@dataclass
class Proposal:
    report: Report
    changes: list[dict]
    ignored: list[dict]
    later: int = 0  # changes others made after the file was downloaded

    @property
    def empty(self) -> bool:
        return not self.changes


def _section_label(section: Section) -> str:
    return f"{section.number}. {section.title}".strip(". ") if section.number else section.title


def check_header(report: Report, reading: Reading) -> None:
    """Refuse a file whose header names another unit or period, naming both."""
    if reading.unit_code and reading.unit_code != report.unit.code:
        raise ReportError(
            f"Tệp là báo cáo của {reading.unit_name or reading.unit_code} "
            f"({reading.unit_code}), không phải của {report.unit.name} ({report.unit.code})."
        )
    if reading.period and reading.period != report.period:
        from baocao.catalog.periods import Period

        try:
            theirs = Period.parse(reading.period).label
        except Exception:
            theirs = reading.period
        raise ReportError(
            f"Tệp là báo cáo {theirs}, không phải {report.period_obj.label} của {report.unit.name}."
        )


def baseline(report: Report) -> bytes:
    """The report's DOCX as it is now (a draft)."""
    return render_report(report, "docx", final=False)


STAMP = re.compile(r"^baocao:(\d+):(\d+)$")


def for_editing(report: Report) -> bytes:
    """The DOCX "Tải Word để sửa" gives: the draft, stamped (core property
    identifier) with the report and its last audited change, so the upload knows what
    others changed since it was downloaded."""
    from docx import Document

    last = AuditEntry.objects.filter(report=report).order_by("-id").values_list("id", flat=True)
    document = Document(io.BytesIO(baseline(report)))
    document.core_properties.identifier = f"baocao:{report.pk}:{last.first() or 0}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def read_stamp(data: bytes) -> tuple[int, int] | None:
    from docx import Document

    try:
        m = STAMP.match(Document(io.BytesIO(data)).core_properties.identifier or "")
    except Exception:  # not a DOCX python-docx reads: the importer's reader says why
        return None
    return (int(m.group(1)), int(m.group(2))) if m else None


def _mark_stale(report: Report, stamp: tuple[int, int] | None, changes: list[dict]) -> int:
    """Changes to what someone else changed after the file was downloaded are marked
    (they would overwrite that edit); the number of such later edits."""
    if stamp is None:
        return 0
    later = AuditEntry.objects.filter(report=report, id__gt=stamp[1]).select_related("user")
    by_target = {}
    for entry in later.order_by("id"):
        by_target[entry.target] = entry
    for change in changes:
        if change["kind"] == "figure":
            target = change["code"]
        elif change.get("id_of"):
            target = f"{'task' if change['kind'] == 'task' else 'block'}:{change['id_of']}"
        else:
            continue
        entry = by_target.get(target)
        if entry is not None:
            who = (entry.user.get_full_name() or entry.user.username) if entry.user else ""
            change["stale"] = f"{who or 'Người khác'} đã sửa chỗ này sau khi tệp được tải về"
    return later.count()


def propose(report: Report, data: bytes, user=None) -> Proposal:
    """The changes the file makes to the report; raises ReportError (header of another
    report, unreadable file). Stores nothing."""
    try:
        reading = read_docx(data)
    except ImportRefused as error:
        raise ReportError(error.message) from None
    check_header(report, reading)
    stamp = read_stamp(data)
    if stamp is not None and stamp[0] != report.pk:
        other = Report.objects.filter(pk=stamp[0]).select_related("unit", "template").first()
        raise ReportError(
            f"Tệp được tải về từ báo cáo khác ({other or 'đã xóa'}), không phải {report}."
        )
    base = read_docx(baseline(report))
    items, note_items = report_items(report)
    changes: list[dict] = []
    ignored: list[dict] = []
    _diff_body(report, base.body, reading.body, items, changes, ignored)
    _diff_notes(report, base.notes, reading.notes, note_items, changes, ignored)
    _merge_figures(report, changes)
    later = _mark_stale(report, stamp, changes)
    if user is not None:
        _mark_allowed(report, user, changes)
    for n, change in enumerate(changes, 1):
        change["id"] = n
    return Proposal(report, changes, ignored, later=later)


def _diff_body(report, old, new, items, changes, ignored) -> None:
    traced = trace(old, items)
    matcher = difflib.SequenceMatcher(None, [_norm(p) for p in old], [_norm(p) for p in new])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = list(range(i1, i2)), list(new[j1:j2])
        # Pair changed paragraphs one to one, the rest are removed or added.
        for i in olds[: len(news)] if tag == "replace" else []:
            _changed_paragraph(traced.get(i, []), old[i], news.pop(0), changes, ignored)
        for i in olds[len(new[j1:j2]) :] if tag == "replace" else olds:
            _removed_paragraph(traced.get(i, []), old[i], changes, ignored)
        anchor = _anchor_before(traced, i1)
        for text in news:
            _added_paragraph(anchor, text, changes, ignored)


def _anchor_before(traced: dict[int, list[Item]], index: int) -> Item | None:
    for i in range(index - 1, -1, -1):
        if traced.get(i):
            return traced[i][-1]
    return None


def _content(items: list[Item]) -> Item | None:
    return next((it for it in items if it.kind != "heading"), None)


def _changed_paragraph(items, old_text, new_text, changes, ignored) -> None:
    item = _content(items)
    if item is None:
        ignored.append({"old": old_text, "new": new_text})
        return
    text = _norm(new_text)
    # Strip what the rendering printed before the item (a run-in heading, a label).
    prefix = _norm(old_text)[: len(_norm(old_text)) - len(_norm(item.shown))]
    if prefix and not text.startswith(prefix.strip()):
        ignored.append({"old": old_text, "new": new_text})
        return
    text = text[len(prefix.strip()) :].strip() if prefix.strip() else text
    edits = figure_edits(item, text)
    if edits is not None:
        for code, shown in edits.items():
            changes.append(
                {"kind": "figure", "code": code, "shown": shown, "section": item.section.pk}
            )
        return
    _text_change(item, text, changes)


def _text_change(item: Item, text: str, changes: list[dict]) -> None:
    obj = item.obj
    figures: dict[str, str] = {}
    rewritten = rewrite(item, text, figures)
    for code, shown in figures.items():
        changes.append({"kind": "figure", "code": code, "shown": shown, "section": item.section.pk})
    changes.append(
        {
            "kind": "task" if item.kind == "task" else item.kind,
            "action": "changed",
            "id_of": obj.pk,
            "version": obj.version,
            "section": item.section.pk,
            "section_label": _section_label(item.section),
            "old": obj.text,
            "new": rewritten,
            "diff": word_diff(_norm(item.shown), text),
        }
    )


def _removed_paragraph(items, old_text, changes, ignored) -> None:
    item = _content(items)
    if item is None or item.kind not in ("block", "task"):
        ignored.append({"old": old_text, "new": ""})
        return
    changes.append(
        {
            "kind": item.kind,
            "action": "removed",
            "id_of": item.obj.pk,
            "version": item.obj.version,
            "section": item.section.pk,
            "section_label": _section_label(item.section),
            "old": item.obj.text,
            "diff": [["-", _norm(item.shown)]],
        }
    )


def _added_paragraph(anchor: Item | None, text: str, changes, ignored) -> None:
    text = _norm(text)
    if not text:
        return
    if anchor is None:
        ignored.append({"old": "", "new": text})
        return
    kind = "task" if anchor.kind == "task" else "block"
    changes.append(
        {
            "kind": kind,
            "action": "added",
            "after": anchor.obj.pk if anchor.kind in ("block", "task") else None,
            "section": anchor.section.pk,
            "section_label": _section_label(anchor.section),
            "new": text,
            "diff": [["+", text]],
        }
    )


def _diff_notes(report, old, new, items, changes, ignored) -> None:
    if len(old) != len(new):
        ignored.append(
            {
                "old": f"{len(old)} chú thích",
                "new": f"{len(new)} chú thích",
                "reason": "Thêm, bớt chú thích trong Word chưa được nhận; hãy sửa trên trang soạn thảo.",
            }
        )
    for i, (a, b) in enumerate(zip(old, new, strict=False)):
        if _norm(a) == _norm(b):
            continue
        item = items[i] if i < len(items) and _norm(items[i].shown) == _norm(a) else None
        if item is None:
            ignored.append({"old": a, "new": b})
            continue
        edits = figure_edits(item, _norm(b))
        if edits is not None:
            for code, shown in edits.items():
                changes.append(
                    {"kind": "figure", "code": code, "shown": shown, "section": item.section.pk}
                )
        else:
            _text_change(item, _norm(b), changes)


def _merge_figures(report: Report, changes: list[dict]) -> None:
    """One change per figure (a figure shown twice and edited in both places the same
    way is one change; edited two ways, the first wins and the other is listed)."""
    values = {
        v.indicator.code: v for v in Value.objects.filter(report=report).select_related("indicator")
    }
    names = dict(Indicator.objects.values_list("code", "name"))
    seen: dict[str, dict] = {}
    kept = []
    for change in changes:
        if change["kind"] != "figure":
            kept.append(change)
            continue
        code = change["code"]
        if code in seen:
            continue
        current = values.get(code)
        try:
            number = vn.parse_vn_number(change["shown"]).value
        except vn.VNNumberError:
            number = None
        change.update(
            {
                "name": names.get(code, code),
                "old": vn.format_number(current.value) if current else "",
                "new": vn.format_number(number) if number is not None else change["shown"],
                "value": str(number) if number is not None else "",
                "version": current.version if current else 0,
                "error": "" if number is not None else f"Không đọc được số «{change['shown']}».",
            }
        )
        seen[code] = change
        kept.append(change)
    changes[:] = kept
    _figure_findings(report, [c for c in kept if c["kind"] == "figure" and c["value"]])


def _figure_findings(report: Report, figures: list[dict]) -> None:
    """The findings the new values raise: the rules run on the report's figures with
    the proposed ones in place (last periods' figures as the editor has them)."""
    if not figures:
        return
    from baocao.rules.live import check_live

    values = report_values(report)
    before = {f.message for f in check_live(report, dict(values))}
    for change in figures:
        values[change["code"]] = Decimal(change["value"])
    after = check_live(report, values)
    for change in figures:
        change["findings"] = [
            {"error": f.is_error, "message": f.message}
            for f in after
            if change["code"] in f.codes and f.message not in before
        ]


def _mark_allowed(report: Report, user, changes: list[dict]) -> None:
    from baocao.offices.access import check_write

    sections = {s.pk: s for s in report.sections.all()}
    for change in changes:
        try:
            check_write(
                user,
                report,
                section=sections.get(change["section"]),
                code=change.get("code"),
            )
            change["allowed"] = True
        except ReportError as error:
            change["allowed"] = False
            change["refused"] = str(error)


# -- applying ---------------------------------------------------------------------------


@transaction.atomic
def apply_changes(report: Report, changes: list[dict], user=None) -> int:
    """Store the accepted changes; all or nothing (a conflict refuses the whole set,
    naming the change). Returns how many were applied."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    check_editable(report)
    applied = 0
    for change in changes:
        if change.get("allowed") is False:
            raise ReportError(change.get("refused") or "Bạn không được sửa phần này.")
        if user is not None:
            _check_user(report, user, change)
        _apply(report, change, user)
        applied += 1
    return applied


def _check_user(report: Report, user, change: dict) -> None:
    from baocao.offices.access import check_write

    section = report.sections.filter(pk=change.get("section")).first()
    check_write(user, report, section=section, code=change.get("code"))


def _apply(report: Report, change: dict, user) -> None:
    kind, action = change["kind"], change.get("action", "changed")
    if kind == "figure":
        if not change.get("value"):
            raise ReportError(change.get("error") or "Số liệu không hợp lệ.")
        save_value(
            report=report,
            code=change["code"],
            value=Decimal(change["value"]),
            user=user,
            expected_version=change["version"],
            source="word",
        )
    elif kind in ("block", "footnote") and action == "changed":
        block = _get(Block, change["id_of"], section__report=report)
        editing.save_block(
            block=block, text=change["new"], user=user, expected_version=change["version"]
        )
    elif kind == "block" and action == "removed":
        block = _get(Block, change["id_of"], section__report=report)
        if block.version != change["version"]:
            raise ConflictError("Đoạn văn vừa được người khác sửa; không xóa.")
        audit(report, user, "block", f"block:{block.pk}", old=block.text, new="")
        block.delete()
    elif kind == "block" and action == "added":
        section = _get(Section, change["section"], report=report)
        after = Block.objects.filter(pk=change.get("after"), section=section).first()
        position = (after.position + 1) if after else 0
        Block.objects.filter(section=section, position__gte=position).update(
            position=F("position") + 1
        )
        block = Block.objects.create(
            section=section,
            position=position,
            kind=Block.PARAGRAPH,
            text=change["new"],
            updated_by=user if user is not None and user.is_authenticated else None,
        )
        audit(report, user, "block", f"block:{block.pk}", old="", new=block.text)
    elif kind == "task" and action == "changed":
        task = _get(Task, change["id_of"], report=report)
        editing.save_task(
            task=task, text=change["new"], user=user, expected_version=change["version"]
        )
    elif kind == "task" and action == "removed":
        task = _get(Task, change["id_of"], report=report)
        editing.remove_task(task=task, user=user, expected_version=change["version"])
    elif kind == "task" and action == "added":
        section = _get(Section, change["section"], report=report)
        editing.add_task(report=report, section=section, text=change["new"], user=user)
    else:
        raise ReportError("Thay đổi không hợp lệ.")


def _get(model, pk, **scope):
    found = model.objects.filter(pk=pk, **scope).first()
    if found is None:
        raise ConflictError("Nội dung này đã bị xóa hoặc thay đổi từ khi tải tệp lên.")
    return found


def refuse_locked(report: Report) -> None:
    try:
        check_editable(report)
    except LockedError as error:
        raise ReportError(str(error)) from None


# -- the command line ---------------------------------------------------------------------

REFUSED, UNREADABLE = 1, 2


def describe(change: dict) -> str:
    """One line per change for the command line."""
    if change.get("stale"):
        return _describe(change) + f"\n    Lưu ý: {change['stale']}."
    return _describe(change)


def _describe(change: dict) -> str:
    if change["kind"] == "figure":
        line = f"Số liệu {change['name']} ({change['code']}): {change['old'] or '(chưa có)'} → {change['new']}"
        for finding in change.get("findings", []):
            line += f"\n    {'Lỗi' if finding['error'] else 'Cảnh báo'}: {finding['message']}"
        return line
    what = {"block": "Đoạn văn", "footnote": "Chú thích", "task": "Nhiệm vụ"}[change["kind"]]
    action = {"changed": "sửa", "added": "thêm", "removed": "xóa"}[change["action"]]
    shown = "".join(
        f"[-{text}-]" if op == "-" else f"{{+{text}+}}" if op == "+" else text
        for op, text in change["diff"]
    )
    return f"{what} ({action}) mục {change['section_label']}: {shown}"


def run_update(
    path: str,
    *,
    unit: str,
    period: str,
    template: str | None = None,
    dry_run: bool = False,
    username: str | None = None,
    out=None,
    err=None,
) -> int:
    """`baocao import FILE --unit CODE --period YYYY-MM --update [--dry-run]`: the
    exit code (0 done or nothing to do, 1 refused, 2 unreadable)."""
    from django.contrib.auth import get_user_model

    from baocao.catalog.models import ReportTemplate, Unit
    from baocao.importer.store import TEMPLATE_OF_ISSUER, parse_period

    def fail(message: str, code: int) -> int:
        err.write(f"Lỗi: {message}")
        return code

    try:
        data = open(path, "rb").read()  # noqa: SIM115 - read whole, closed by GC
    except OSError:
        return fail(f"Không đọc được tệp «{path}».", UNREADABLE)
    try:
        reading = read_docx(data)  # an unreadable file is exit 2, before any refusal
    except ImportRefused as error:
        return fail(error.message, UNREADABLE)
    try:
        target = Unit.objects.filter(code=unit).first()
        if target is None:
            raise ReportError(f"Không có đơn vị mã «{unit}».")
        period_obj = parse_period(period)
        if template:
            chosen = ReportTemplate.objects.filter(code=template).first()
            if chosen is None:
                raise ReportError(f"Không có mẫu báo cáo «{template}».")
            reports = Report.objects.filter(unit=target, period=period_obj.key, template=chosen)
        else:
            reports = Report.objects.filter(unit=target, period=period_obj.key)
            if reports.count() > 1:
                source = docx_reader.read(data)
                code = TEMPLATE_OF_ISSUER.get(read_document(source).issuer)
                reports = reports.filter(template__code=code)
        report = reports.select_related("unit", "template").first()
        if report is None:
            raise ReportError(
                f"{target.name} chưa có báo cáo {period_obj.label} để cập nhật; "
                "hãy nhập mới (bỏ --update)."
            )
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise ReportError(f"Không có người dùng «{username}».")
        check_header(report, reading)  # another report's file: said first, whatever its state
        refuse_locked(report)
        if user is not None:
            from baocao.offices.access import may_write_any

            if not may_write_any(user, report):
                raise ReportError(f"{username} không được sửa báo cáo này.")
        proposal = propose(report, data, user=user)
        if proposal.empty:
            out.write(f"{report}: không có thay đổi.")
            return 0
        out.write(f"{report}: {len(proposal.changes)} thay đổi.")
        for change in proposal.changes:
            out.write(f"  {change['id']}. {describe(change)}")
        for item in proposal.ignored:
            out.write(f"  (không áp dụng) «{item['old'][:80]}» → «{item['new'][:80]}»")
        if dry_run:
            out.write("Chạy thử (--dry-run): không lưu gì.")
            return 0
        fresh = [c for c in proposal.changes if not c.get("stale")]
        applied = apply_changes(report, fresh, user=user)
        out.write(f"Đã lưu {applied} thay đổi vào báo cáo số {report.pk}.")
        if len(fresh) < len(proposal.changes):
            out.write(
                f"Bỏ qua {len(proposal.changes) - len(fresh)} thay đổi ở chỗ người khác đã sửa "
                "sau khi tệp được tải về; hãy xem lại trên trang «Sửa bằng Word»."
            )
        return 0
    except ReportError as error:
        return fail(str(error), REFUSED)
