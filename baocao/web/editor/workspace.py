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
from baocao.reports.models import Block, Report, Section, Task, Value
from baocao.reports.queries import previous_report
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
    section: Section
    level: int
    blocks: list[BlockView]
    figures: list[Figure]
    tasks: list[Task]
    children: list[SectionView]
    codes: set[str]  # figures of this section and below
    errors: int = 0
    warnings: int = 0
    parent: SectionView | None = None
    label: str = ""  # the computed number: "I.", "1.", "1.1.", "a)"
    name: str = ""  # the title, or the start of a run-in section's first paragraph

    @property
    def has_task_list(self) -> bool:
        return self.section.is_tasks and (bool(self.tasks) or not self.children)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Workspace:
    report: Report
    roles: set[str]
    editable: bool
    actions: list[str]
    sections: list[SectionView]
    figures: dict[str, Figure]
    findings: list[Finding]
    previous: Report | None
    threads: list = field(default_factory=list)  # góp ý with their answers
    can_comment: bool = False
    can_answer: bool = False

    @cached_property
    def threads_of(self) -> dict[int, list]:
        by_block: dict[int, list] = defaultdict(list)
        for thread in self.threads:
            by_block[thread.block_id].append(thread)
        return by_block

    @property
    def open_threads(self) -> list:
        return [t for t in self.threads if t.resolved_at is None]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

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
        for node in self.all_sections():
            for view in node.blocks:
                if view.block.pk == pk:
                    return view
                for note in view.footnotes:
                    if note.block.pk == pk:
                        return note
        return None

    def section_of_block(self, pk: int) -> SectionView | None:
        for node in self.all_sections():
            if any(
                v.block.pk == pk or any(n.block.pk == pk for n in v.footnotes) for v in node.blocks
            ):
                return node
        return None

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
    previous = previous_report(report)
    previous_values = (
        dict(previous.values.values_list("indicator__code", "value")) if previous else {}
    )
    resolve = prose.resolver({c: v[0] for c, v in values.items()}, report_facts(report))
    sections = list(report.sections.order_by("position"))
    blocks = list(Block.objects.filter(section__report=report).order_by("position", "pk"))
    tasks = list(report.tasks.order_by("position", "pk"))
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

    figures: dict[str, Figure] = {}
    cleared = cleared_versions(report)

    def figure(code: str) -> Figure | None:
        if code not in figures and code in catalog:
            value, version = values.get(code, (None, cleared.get(code, 0)))
            figures[code] = Figure(
                code,
                catalog[code],
                value,
                version,
                previous_values.get(code),
                [f for f in findings if code in f.codes],
            )
        return figures.get(code)

    notes: dict[int, list[Block]] = defaultdict(list)
    paragraphs: dict[int, list[Block]] = defaultdict(list)
    for block in blocks:
        if block.kind == Block.FOOTNOTE:
            notes[block.anchor_id].append(block)
        else:
            paragraphs[block.section_id].append(block)
    tasks_of: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        tasks_of[task.section_id].append(task)

    def block_view(block: Block) -> BlockView:
        codes = list(dict.fromkeys(prose.figure_codes(block.text)))
        keys = prose.footnote_keys(block.text)
        ordered = sorted(
            notes.get(block.pk, []), key=lambda n: keys.index(n.key) if n.key in keys else len(keys)
        )
        footnotes = [block_view(n) for n in ordered]
        for note in footnotes:
            codes += [c for c in note.codes if c not in codes]
        for code in codes:
            figure(code)
        related = [f for f in findings if set(f.codes) & set(codes)]
        return BlockView(block, resolve, footnotes, codes, related)

    views: dict[int, SectionView] = {}
    for section in sections:
        own_blocks = [block_view(b) for b in paragraphs[section.pk]]
        codes = list(section.indicators)
        for b in own_blocks:
            codes += [c for c in b.codes if c not in codes]
        views[section.pk] = SectionView(
            section,
            0,
            own_blocks,
            [f for f in (figure(c) for c in codes) if f is not None],
            tasks_of[section.pk],
            [],
            set(codes),
        )
    labels = outline.numbering(sections, report.template.issuer)
    for section in sections:
        view = views[section.pk]
        view.label = labels.get(section.pk, "")
        first = view.blocks[0].block.text if view.blocks else ""
        view.name = outline.display_name(section, first)
    roots: list[SectionView] = []
    for section in sections:
        node = views[section.pk]
        if section.parent_id:
            node.parent = views[section.parent_id]
            node.parent.children.append(node)
        else:
            roots.append(node)
    _count(roots, findings, 0)
    can_comment_here = comments.can_comment(user, report, roles)
    return Workspace(
        threads=comments.threads(report),
        can_comment=can_comment_here,
        can_answer=comments.can_answer(user, report, roles),
        report=report,
        roles=roles,
        editable=can_edit(user, report, roles)
        or (not report.is_locked and office_may_write(user, report)),
        actions=allowed_actions(user, report, roles),
        sections=roots,
        figures=figures,
        findings=findings,
        previous=previous,
    )


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
