"""What the editor shows of a report, read in a fixed number of queries: the
outline with its prose and figures, last period's values, the findings, and who
may do what. Every editor view (the page and the htmx fragments) builds it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.http import Http404

from baocao import vn
from baocao.accounts.access import can_view_unit, roles_for
from baocao.catalog.models import Indicator
from baocao.documents.model import report_facts
from baocao.offices.access import may_write_any as office_may_write
from baocao.reports import comments, outline, prose
from baocao.reports.editing import cleared_versions
from baocao.reports.models import Block, Comment, Report, Section, Task, Value
from baocao.reports.queries import previous_report, previous_values
from baocao.reports.workflow import allowed_actions, can_edit
from baocao.rules.engine import Finding
from baocao.rules.live import check_live
from baocao.rules.text import check_text


def find_report(user, pk: int) -> Report:
    """The report, if the user may see its unit; otherwise 404, never 403: a clerk must
    not learn which reports other communes have."""
    try:
        report = (
            Report.objects.select_related("unit", "unit__parent", "template")
            .defer("template__outline")  # large, and only read when a report is created
            .get(pk=pk)
        )
    except Report.DoesNotExist:
        raise Http404("Không tìm thấy báo cáo.") from None
    if not can_view_unit(user, report.unit):
        raise Http404("Không tìm thấy báo cáo.")
    return report


def dom_id(code: str) -> str:
    """An indicator code as an HTML id part ('tthc.received' → 'tthc-received')."""
    return code.replace(".", "-")


_catalog: dict = {"key": None, "by_code": {}}


def indicators() -> dict[str, Indicator]:
    """The catalog by code. Building its rows costs far more than reading what the
    editor shows of them, so the rows are rebuilt only when that changes (an
    administrator's edit, in this process or another)."""
    key = hash(tuple(Indicator.objects.values_list("code", "name", "unit", "kind", "position")))
    if _catalog["key"] != key:
        _catalog["by_code"] = {i.code: i for i in Indicator.objects.all()}
        _catalog["key"] = key
    return _catalog["by_code"]


@dataclass
class Figure:
    """One indicator of the report as the editor shows it."""

    code: str
    indicator: Indicator
    value: Decimal | None
    version: int
    previous: Decimal | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def id(self) -> str:
        return dom_id(self.code)

    @property
    def shown(self) -> str:
        return "" if self.value is None else vn.format_number(self.value)

    @property
    def previous_shown(self) -> str:
        return "" if self.previous is None else vn.format_number(self.previous)

    @property
    def change(self) -> str:
        """'+12 (+5,2%)' against last period; rates change in percentage points."""
        if self.value is None or self.previous is None:
            return ""
        delta = self.value - self.previous
        sign = "+" if delta > 0 else ""
        if self.indicator.unit == "%":
            return f"{sign}{vn.format_number(delta, 2)} điểm %".replace(",00 ", " ")
        text = f"{sign}{vn.format_number(delta)}"
        if self.previous:
            pct = 100 * delta / abs(self.previous)
            text += f" ({sign}{vn.format_number(pct, 1)}%)"
        return text

    @property
    def primary_findings(self) -> list[Finding]:
        """Findings about this figure first (a total whose parts do not add up), shown
        under its row; the parts involved are only coloured."""
        return [f for f in self.findings if f.codes and f.codes[0] == self.code]

    @property
    def severity(self) -> str:
        if any(f.is_error for f in self.findings):
            return "error"
        return "warning" if self.findings else ""


@dataclass
class BlockView:
    block: Block
    resolve: prose.Resolver
    footnotes: list[BlockView]
    codes: list[str]
    findings: list[Finding] = field(default_factory=list)

    @cached_property
    def runs(self) -> list[prose.Run]:
        """Parsed when shown: a save re-renders one section, not the whole report."""
        return prose.runs(self.block.text, self.resolve, keep_placeholders=True)

    @property
    def dom_findings(self) -> str:
        return f"bf-{self.block.pk}"

    @property
    def rows(self) -> int:
        """Textarea height: the text's length at about 90 characters a line."""
        return min(14, max(3, len(self.block.text) // 90 + 2))


@dataclass(eq=False)  # compared by identity: a node links to its parent and children
class SectionView:
    """A section of the outline. Its number, name, figure codes and finding counts are
    known for every section (the outline shows them); its paragraphs and figures are
    built when first shown: a save answers with one section, not the whole report."""

    section: Section
    ws: Workspace
    paragraphs: list[Block]  # its own blocks, footnotes excepted
    codes: set[str]  # figures of this section and below
    level: int = 0
    children: list[SectionView] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    parent: SectionView | None = None
    label: str = ""  # the computed number: "I.", "1.", "1.1.", "a)"
    name: str = ""  # the title, or the start of a run-in section's first paragraph

    @cached_property
    def blocks(self) -> list[BlockView]:
        return [self.ws.block_view(b) for b in self.paragraphs]

    @cached_property
    def figures(self) -> list[Figure]:
        codes = list(self.section.indicators)
        for b in self.blocks:
            codes += [c for c in b.codes if c not in codes]
        return [f for f in (self.ws.figure(c) for c in codes) if f is not None]

    @property
    def tasks(self) -> list[Task]:
        return self.ws.tasks_of.get(self.section.pk, [])

    @property
    def has_task_list(self) -> bool:
        return self.section.is_tasks and (bool(self.tasks) or not self.children)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Workspace:
    """What the editor shows of a report. The findings, the outline and its counts are
    read and worked out at once; the rest (paragraphs and figures of a section, last
    period's figures, tasks, góp ý) when a template first asks for it."""

    report: Report
    roles: set[str]
    editable: bool
    actions: list[str]
    findings: list[Finding]
    can_comment: bool
    can_answer: bool
    catalog: dict[str, Indicator]
    values: dict[str, tuple[Decimal, int]]  # code → (value, version)
    resolve: prose.Resolver
    blocks_by_pk: dict[int, Block]
    notes: dict[int, list[Block]]  # footnotes by the block they belong to
    sections: list[SectionView] = field(default_factory=list)
    shown_codes: set[str] = field(default_factory=set)  # figures some section shows
    figures: dict[str, Figure] = field(default_factory=dict)  # built as they are shown

    @cached_property
    def previous(self) -> Report | None:
        return previous_report(self.report)

    @cached_property
    def previous_values(self) -> dict[str, Decimal]:
        return previous_values(self.report)

    @cached_property
    def cleared(self) -> dict[str, int]:
        return cleared_versions(self.report)

    @cached_property
    def tasks_of(self) -> dict[int, list[Task]]:
        by_section: dict[int, list[Task]] = defaultdict(list)
        for task in self.report.tasks.order_by("position", "pk"):
            by_section[task.section_id].append(task)
        return by_section

    @cached_property
    def threads(self) -> list:
        """Góp ý with their answers."""
        return comments.threads(self.report)

    @cached_property
    def threads_of(self) -> dict[int, list]:
        by_block: dict[int, list] = defaultdict(list)
        for thread in self.threads:
            by_block[thread.block_id].append(thread)
        return by_block

    @property
    def open_threads(self) -> list:
        return [t for t in self.threads if t.resolved_at is None]

    @cached_property
    def open_count(self) -> int:
        """Góp ý not resolved yet, for the outline: counted in the database unless the
        threads are read already (most answers to a save show none of them)."""
        if "threads" in self.__dict__:
            return len(self.open_threads)
        return Comment.objects.filter(report=self.report, parent=None, resolved_at=None).count()

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    def figure(self, code: str) -> Figure | None:
        """The figure as the editor shows it, if some section shows it."""
        if code not in self.figures and code in self.shown_codes and code in self.catalog:
            if code in self.values:
                value, version = self.values[code]
            else:  # cleared figures keep counting their versions (reports/editing.py)
                value, version = None, self.cleared.get(code, 0)
            self.figures[code] = Figure(
                code,
                self.catalog[code],
                value,
                version,
                self.previous_values.get(code),
                [f for f in self.findings if code in f.codes],
            )
        return self.figures.get(code)

    def block_view(self, block: Block) -> BlockView:
        codes = list(dict.fromkeys(prose.figure_codes(block.text)))
        keys = prose.footnote_keys(block.text)
        ordered = sorted(
            self.notes.get(block.pk, []),
            key=lambda n: keys.index(n.key) if n.key in keys else len(keys),
        )
        footnotes = [self.block_view(n) for n in ordered]
        for note in footnotes:
            codes += [c for c in note.codes if c not in codes]
        related = [f for f in self.findings if set(f.codes) & set(codes)]
        return BlockView(block, self.resolve, footnotes, codes, related)

    def all_sections(self):
        for root in self.sections:
            yield from root.walk()

    def section(self, pk: int | None) -> SectionView:
        """The section asked for, or the first one with something to edit."""
        nodes = list(self.all_sections())
        for node in nodes:
            if node.section.pk == pk:
                return node
        for node in nodes:
            if node.blocks or node.figures:
                return node
        if nodes:
            return nodes[0]
        raise Http404("Báo cáo chưa có mục nào.")

    def block(self, pk: int) -> BlockView | None:
        node = self.section_of_block(pk)
        for view in node.blocks if node is not None else []:
            if view.block.pk == pk:
                return view
            for note in view.footnotes:
                if note.block.pk == pk:
                    return note
        return None

    def section_of_block(self, pk: int) -> SectionView | None:
        """The section showing the block: its own, or for a footnote its paragraph's
        (a footnote of a footnote is shown by none)."""
        block = self.blocks_by_pk.get(pk)
        if block is not None and block.kind == Block.FOOTNOTE:
            block = self.blocks_by_pk.get(block.anchor_id)
        if block is None or block.kind == Block.FOOTNOTE:
            return None
        return next((n for n in self.all_sections() if n.section.pk == block.section_id), None)

    def marks(self) -> dict[str, list[str]]:
        """Codes with an error or a warning, for the figure fields' colours."""
        error = sorted({c for f in self.findings if f.is_error for c in f.codes})
        warning = sorted({c for f in self.findings if not f.is_error for c in f.codes} - set(error))
        # Not "error": htmx logs an event detail with an "error" key as a failure.
        return {"errors": error, "warnings": warning}


def build_workspace(report: Report, user, roles: set[str] | None = None) -> Workspace:
    catalog = indicators()
    roles = roles_for(user, report.unit) if roles is None else roles
    values = {
        code: (value, version)
        for code, value, version in Value.objects.filter(report=report).values_list(
            "indicator__code", "value", "version"
        )
    }
    sections = list(report.sections.order_by("position"))
    blocks = list(Block.objects.filter(section__report=report).order_by("position", "pk"))
    # The rules with last periods' figures kept between saves (rules/live.py), and
    # the prose checks on what was just read: nothing is read twice.
    findings = check_live(report, {code: v[0] for code, v in values.items()}) + check_text(
        report,
        blocks=blocks,
        sections={s.pk: s for s in sections},
        names={code: i.name for code, i in catalog.items()},
        entered=set(values),
    )
    findings.sort(key=lambda f: not f.is_error)

    notes: dict[int, list[Block]] = defaultdict(list)
    paragraphs: dict[int, list[Block]] = defaultdict(list)
    for block in blocks:
        if block.kind == Block.FOOTNOTE:
            notes[block.anchor_id].append(block)
        else:
            paragraphs[block.section_id].append(block)
    ws = Workspace(
        report=report,
        roles=roles,
        editable=can_edit(user, report, roles)
        or (not report.is_locked and office_may_write(user, report)),
        actions=allowed_actions(user, report, roles),
        findings=findings,
        can_comment=comments.can_comment(user, report, roles),
        can_answer=comments.can_answer(user, report, roles),
        catalog=catalog,
        values=values,
        resolve=prose.resolver({c: v[0] for c, v in values.items()}, report_facts(report)),
        blocks_by_pk={b.pk: b for b in blocks},
        notes=notes,
    )

    def codes_of(block: Block) -> set[str]:
        """The figures a paragraph shows, with its footnotes'."""
        codes = set(prose.figure_codes(block.text))
        for note in notes.get(block.pk, []):
            codes |= codes_of(note)
        return codes

    views: dict[int, SectionView] = {}
    for section in sections:
        codes = set(section.indicators)
        for block in paragraphs[section.pk]:
            codes |= codes_of(block)
        views[section.pk] = SectionView(section, ws, paragraphs[section.pk], codes)
    labels = outline.numbering(sections, report.template.issuer)
    for section in sections:
        view = views[section.pk]
        view.label = labels.get(section.pk, "")
        first = view.paragraphs[0].text if view.paragraphs else ""
        view.name = outline.display_name(section, first)
        if section.parent_id:
            view.parent = views[section.parent_id]
            view.parent.children.append(view)
        else:
            ws.sections.append(view)
    ws.shown_codes = _count(ws.sections, findings, 0)
    return ws


def _count(nodes: list[SectionView], findings: list[Finding], level: int) -> set[str]:
    """Set levels and roll figure codes and finding counts up the outline."""
    codes: set[str] = set()
    for node in nodes:
        node.level = level
        node.codes |= _count(node.children, findings, level + 1)
        touching = [f for f in findings if set(f.codes) & node.codes]
        node.errors = sum(f.is_error for f in touching)
        node.warnings = len(touching) - node.errors
        codes |= node.codes
    return codes
