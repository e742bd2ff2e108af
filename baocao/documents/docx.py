"""The report as a DOCX in the legal format: Nghị định 30/2020/NĐ-CP Phụ lục I for the
People's Committee (UBND), Hướng dẫn 36-HD/VPTW for the Party committee (Đảng ủy).
Sizes and rules come from shared/reference/vn-regulations.md §2.2-2.3 and §3.2; the
places where the sources disagree are noted in docx_page.py and docs/decisions.md.

The page: A4, Times New Roman everywhere, a borderless two-column header table
(issuer and number | national motto or Party title, place and date), the type and
title, the numbered outline, real Word footnotes (footnotes.py), the closing sentence,
a borderless footer table (Nơi nhận | signature) and page numbers from page 2.

In the outline: list items are a real two-level Word list ("-" then "+", one
numbering definition), tables real Word tables (ruled, header rows bold and
repeated on every page, merged cells as merged cells).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree
from lxml.etree import SubElement

from baocao.documents import footnotes, layout
from baocao.documents.docx_page import BODY, Format, blank_document, format_of
from baocao.documents.layout import text_width_pt
from baocao.documents.model import (
    DocumentModel,
    Footnote,
    ListItem,
    SectionOut,
    Table,
)
from baocao.documents.model import (
    Paragraph as ParagraphOut,
)
from baocao.reports import prose

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO2 = "Độc lập - Tự do - Hạnh phúc"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
SIGNATURE_SPACE_PT = 72  # room for the signature and the seal
# The header table reaches 1 cm into the left margin, as official headers commonly do:
# the issuer's column then holds "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG" (8 cm at 14 pt) on one
# line and the right column a long place name with the date.
HEADER_INDENT_CM = -1.0
# List items: the marker where a body paragraph's first line starts (1 cm), the text
# 0.5 cm after it; a second-level item one step further in.
LIST_INDENTS_CM = ((1.5, 0.5), (2.0, 0.5))  # (left, hanging) for ilvl 0 and 1
LIST_MARKERS = ("-", "+")
W_R, W_RPR, W_T, W_B, W_I, W_U, W_SZ = (
    qn(f"w:{tag}") for tag in ("r", "rPr", "t", "b", "i", "u", "sz")
)
W_JC, W_SPACING, W_VAL, W_BEFORE = qn("w:jc"), qn("w:spacing"), qn("w:val"), qn("w:before")
W_P, W_PPR, W_PSTYLE = qn("w:p"), qn("w:pPr"), qn("w:pStyle")
XML_SPACE = qn("xml:space")


def render_docx(doc: DocumentModel) -> bytes:
    """The report as the bytes of a .docx file."""
    return docx_bytes(docx_document(doc))


def docx_bytes(document) -> bytes:
    """The saved file. An element given empty text is written as `<w:t/>`, not
    `<w:t></w:t>`: the same XML either way, and the bytes a saved file opened again
    writes (which is what this renderer wrote when it finished the page that way)."""
    text = etree._Element.text  # lxml's own: python-docx's classes redefine .text
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):
            for element in part.element.xpath("//*[text()='']"):
                text.__set__(element, None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_document(doc: DocumentModel):
    """The report as a python-docx Document, not yet saved: services.py adds the page's
    finishing to it before the one save (saving, then opening the file again to finish
    it, cost 10-20 ms of CPU of each `baocao render`)."""
    fmt = format_of(doc)
    document = Document(io.BytesIO(blank_document(fmt)))
    props = document.core_properties
    props.title = f"{doc.doc_type} {doc.title}"
    props.author = props.last_modified_by = " ".join(layout.issuer_lines(doc))
    props.comments = props.keywords = ""
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0)
    if layout.is_party(doc):
        _party_header(document, doc, fmt)
    else:
        _state_header(document, doc, fmt)
    _type_and_title(document, doc, fmt)
    notes = {str(note.number): note for note in doc.footnotes}
    bullets = _bullet_numbering(document)
    for section in doc.sections:
        _section(document, section, notes, bullets)
    if doc.closing:
        closing = _add_paragraph(document, BODY, doc.closing)
        closing._p.pPr.append(OxmlElement("w:keepNext"))  # stays with the signature
    _footer(document, doc, fmt)
    return document


# -- header -----------------------------------------------------------------------------


def _state_header(document, doc: DocumentModel, fmt: Format) -> None:
    """ND 30: issuer with a short rule | Quốc hiệu, Tiêu ngữ with a rule as long as it;
    then "Số" and the place and date on one line (a second row keeps them level)."""
    left_cm, right_cm = fmt.header_cm
    table = _borderless_table(document, 2, fmt.header_cm, indent_cm=HEADER_INDENT_CM)
    left, right = table.cell(0, 0), table.cell(0, 1)
    first = True
    if doc.issuer_parent:
        _line(left, doc.issuer_parent, fmt.parent, first=first)
        first = False
    issuer = layout.issuer_lines(doc)
    for text in issuer:
        _line(left, text, fmt.issuer, bold=True, first=first)
        first = False
    # ND 30: a rule 1/3-1/2 as long as the issuer's name, centred under it.
    widest = max((text_width_pt(t, fmt.issuer) for t in issuer), default=0)
    _rule(left, 0.4 * widest, Cm(left_cm).pt)
    _line(right, MOTTO, fmt.motto, bold=True, first=True)
    _line(right, MOTTO2, fmt.motto2, bold=True)
    _rule(right, text_width_pt(MOTTO2, fmt.motto2), Cm(right_cm).pt)
    _line(table.cell(1, 0), doc.number_line, fmt.number, first=True, before=6)
    _line(table.cell(1, 1), doc.place_date, fmt.place, italic=True, first=True, before=6)


def _party_header(document, doc: DocumentModel, fmt: Format) -> None:
    """HD 36: parent, issuer in bold, "*", "Số ...-BC/ĐU" | "ĐẢNG CỘNG SẢN VIỆT NAM" with
    a rule as long as it, then the place and date."""
    right_cm = fmt.header_cm[1]
    table = _borderless_table(document, 1, fmt.header_cm, indent_cm=HEADER_INDENT_CM)
    left, right = table.cell(0, 0), table.cell(0, 1)
    first = True
    if doc.issuer_parent:
        _line(left, doc.issuer_parent, fmt.parent, first=True)
        first = False
    for text in layout.issuer_lines(doc):
        _line(left, text, fmt.issuer, bold=True, first=first)
        first = False
    _line(left, "*", fmt.issuer)
    _line(left, doc.number_line, fmt.number)
    _line(right, PARTY, fmt.motto, bold=True, first=True)
    _rule(right, text_width_pt(PARTY, fmt.motto), Cm(right_cm).pt)
    _line(right, doc.place_date, fmt.place, italic=True, before=4)


def _borderless_table(document, rows: int, widths_cm: tuple[float, float], *, indent_cm: float = 0):
    table = document.add_table(rows=rows, cols=2)
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    if indent_cm:
        indent = OxmlElement(
            "w:tblInd", attrs={qn("w:w"): str(Cm(indent_cm).twips), qn("w:type"): "dxa"}
        )
        _insert_table_property(tbl_pr, indent)
    else:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(OxmlElement(f"w:{edge}", attrs={qn("w:val"): "nil"}))
    _insert_table_property(tbl_pr, borders)
    # No cell padding, so a column's width is its text width (the rules are centred
    # by indents computed from it).
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margins.append(OxmlElement(f"w:{edge}", attrs={qn("w:w"): "0", qn("w:type"): "dxa"}))
    _insert_table_property(tbl_pr, margins)
    # LibreOffice follows w:gridCol and ignores cell widths alone (libs.md §1e).
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    return table


# Word rejects a file whose w:tblPr children are out of schema order.
_TBL_PR_ORDER = ("w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")


def _insert_table_property(tbl_pr, element) -> None:
    tag = element.tag
    names = [qn(name) for name in _TBL_PR_ORDER]
    later = _TBL_PR_ORDER[names.index(tag) + 1 :]
    tbl_pr.insert_element_before(element, *later, "w:tblCaption", "w:tblDescription")


def _line(
    cell,
    text: str,
    size: int,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    first: bool = False,
    before: float = 0,
    align=WD_ALIGN_PARAGRAPH.CENTER,
):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    ppr = paragraph._p.get_or_add_pPr()  # a new paragraph's: empty
    if before:
        SubElement(ppr, W_SPACING, {W_BEFORE: str(Pt(before).twips)})
    SubElement(ppr, W_JC, {W_VAL: align.xml_value})
    _styled_run(paragraph._p, text, size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _styled_run(p, text: str, size: int, *, bold=False, italic=False, underline=False):
    """A run of `text` at `size` pt, written as python-docx's font properties write it
    (rPr children in schema order: b, i, sz, u) but directly: that property API looks
    up the schema order for every element it adds, most of the header's and footer's
    time."""
    r = SubElement(p, W_R)
    rpr = SubElement(r, W_RPR)
    if bold:
        SubElement(rpr, W_B)
    if italic:
        SubElement(rpr, W_I)
    SubElement(rpr, W_SZ, {W_VAL: str(size * 2)})  # half-points
    if underline:
        SubElement(rpr, W_U, {W_VAL: "single"})
    t = SubElement(r, W_T)
    t.text = text
    if len(text.strip()) < len(text):  # as python-docx's add_t
        t.set(XML_SPACE, "preserve")
    return r


def _rule(container, width_pt: float, area_pt: float) -> None:
    """A solid horizontal line `width_pt` long, centred in `area_pt`: the top border of
    an empty paragraph squeezed by equal indents. Word and LibreOffice both draw a
    paragraph border between the indents, which a text underline could not do for
    a line shorter or longer than its text."""
    paragraph = container.add_paragraph()
    side = str(Pt(max(0.0, (area_pt - width_pt) / 2)).twips)
    ppr = paragraph._p.get_or_add_pPr()  # a new paragraph's: empty; children in schema order
    border = SubElement(ppr, qn("w:pBdr"))
    top = {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1", qn("w:color"): "000000"}
    SubElement(border, qn("w:top"), top)
    # 3 pt before keeps the line off the descenders above it; the line is 4 pt high.
    spacing = {W_BEFORE: str(Pt(3).twips), qn("w:after"): "0", qn("w:line"): str(Pt(4).twips)}
    SubElement(ppr, W_SPACING, {**spacing, qn("w:lineRule"): "exact"})
    SubElement(ppr, qn("w:ind"), {qn("w:left"): side, qn("w:right"): side, qn("w:firstLine"): "0"})
    SubElement(SubElement(ppr, W_RPR), W_SZ, {W_VAL: "8"})


# -- body -------------------------------------------------------------------------------


def _type_and_title(document, doc: DocumentModel, fmt: Format) -> None:
    kind = _line(document, doc.doc_type, fmt.doc_type, bold=True, before=18)
    kind.paragraph_format.keep_with_next = True
    title = document.add_paragraph()
    ppr = title._p.get_or_add_pPr()
    SubElement(ppr, qn("w:keepNext"))
    SubElement(ppr, W_JC, {W_VAL: "center"})
    text_pt = Mm(210 - fmt.margins_mm[2] - fmt.margins_mm[3]).pt
    lines = layout.title_lines(doc.title, fmt.title, text_pt)
    for i, line in enumerate(lines):
        run = _styled_run(title._p, line, fmt.title, bold=True)
        if i < len(lines) - 1:
            SubElement(run, qn("w:br"))
    if layout.is_party(doc):
        # Party practice (HD 11-HD/VPTW, kept by HD 36): five hyphens under the title.
        _line(document, "-----", fmt.title)
    else:
        # ND 30 Phụ lục I: a solid line 1/3-1/2 as long as the title line under it.
        longest = max(text_width_pt(line, fmt.title) for line in lines)
        _rule(document, min(longest, text_pt) / 3, text_pt)
    document.paragraphs[-1].paragraph_format.space_after = Pt(6)


def _section(document, section: SectionOut, notes: dict[str, Footnote], bullets: str) -> None:
    heading = layout.heading_text(section)
    if heading:
        _add_paragraph(document, f"Heading{min(section.level, 3)}", heading)
    for block in section.blocks:
        if isinstance(block, Table):
            _table(document, block, notes)
        elif isinstance(block, ListItem):
            paragraph = _add_paragraph(document, BODY)
            _list_item(paragraph, block.level, bullets)
            _prose_paragraph(paragraph, block.runs, notes)
        elif isinstance(block, ParagraphOut):
            _prose_paragraph(_add_paragraph(document, BODY), block.runs, notes)
    for line in layout.task_lines(section):
        _add_paragraph(document, BODY, line)
    for child in section.children:
        _section(document, child, notes, bullets)


def _bullet_numbering(document) -> str:
    """Add the report's bullet list to numbering.xml: "-" at level 0, "+" at level 1,
    each with its indents; returns the w:numId list items refer to."""
    numbering = document.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.iterchildren(qn("w:abstractNum"))]
    abstract_id = str(max(ids, default=0) + 1)
    abstract = OxmlElement("w:abstractNum", attrs={qn("w:abstractNumId"): abstract_id})
    abstract.append(OxmlElement("w:multiLevelType", attrs={qn("w:val"): "hybridMultilevel"}))
    for ilvl, (marker, (left, hanging)) in enumerate(
        zip(LIST_MARKERS, LIST_INDENTS_CM, strict=True)
    ):
        lvl = OxmlElement("w:lvl", attrs={qn("w:ilvl"): str(ilvl)})
        lvl.append(OxmlElement("w:start", attrs={qn("w:val"): "1"}))
        lvl.append(OxmlElement("w:numFmt", attrs={qn("w:val"): "bullet"}))
        lvl.append(OxmlElement("w:lvlText", attrs={qn("w:val"): marker}))
        lvl.append(OxmlElement("w:lvlJc", attrs={qn("w:val"): "left"}))
        ppr = OxmlElement("w:pPr")
        ppr.append(
            OxmlElement(
                "w:ind",
                attrs={qn("w:left"): str(Cm(left).twips), qn("w:hanging"): str(Cm(hanging).twips)},
            )
        )
        lvl.append(ppr)
        rpr = OxmlElement("w:rPr")  # the marker in the body font, not Symbol
        rpr.append(
            OxmlElement(
                "w:rFonts",
                attrs={qn(f"w:{a}"): layout.FONT for a in ("ascii", "hAnsi", "cs")},
            )
        )
        lvl.append(rpr)
        abstract.append(lvl)
    # Schema order: every w:abstractNum before the first w:num.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.iterchildren(qn("w:num"))]
    num_id = str(max(num_ids, default=0) + 1)
    num = OxmlElement("w:num", attrs={qn("w:numId"): num_id})
    num.append(OxmlElement("w:abstractNumId", attrs={qn("w:val"): abstract_id}))
    numbering.append(num)
    return num_id


def _list_item(paragraph, level: int, num_id: str) -> None:
    """Make the paragraph a list item: numPr (list and level) and the level's indents
    (the body style's first-line indent would otherwise win over the list's)."""
    ilvl = max(0, min(level, len(LIST_MARKERS)) - 1)
    left, hanging = LIST_INDENTS_CM[ilvl]
    ppr = paragraph._p.pPr
    numpr = OxmlElement("w:numPr")
    numpr.append(OxmlElement("w:ilvl", attrs={qn("w:val"): str(ilvl)}))
    numpr.append(OxmlElement("w:numId", attrs={qn("w:val"): num_id}))
    ppr.append(numpr)  # after w:pStyle, as the schema orders them
    ppr.append(
        OxmlElement(
            "w:ind",
            attrs={qn("w:left"): str(Cm(left).twips), qn("w:hanging"): str(Cm(hanging).twips)},
        )
    )


def _table(document, table: Table, notes: dict[str, Footnote]) -> None:
    """A ruled Word table as wide as the text; cells placed on the grid with their
    spans, then merged (python-docx writes gridSpan and vMerge)."""
    columns = table.columns
    if not columns:
        return
    out = document.add_table(rows=len(table.rows), cols=columns)
    tbl_pr = out._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(
            OxmlElement(
                f"w:{edge}",
                attrs={qn("w:val"): "single", qn("w:sz"): "4", qn("w:space"): "0",
                       qn("w:color"): "000000"},
            )
        )  # fmt: skip
    _insert_table_property(tbl_pr, borders)
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    width = Mm(210 - 30 - 15).emu // columns
    for column in out.columns:
        column.width = width
        for cell in column.cells:
            cell.width = width
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c >= columns:
                break
            last_row = min(r + cell.rowspan, len(table.rows)) - 1
            last_col = min(c + cell.colspan, columns) - 1
            for rr in range(r, last_row + 1):
                for cc in range(c, last_col + 1):
                    taken.add((rr, cc))
            target = out.cell(r, c)
            if (last_row, last_col) != (r, c):
                target = target.merge(out.cell(last_row, last_col))
            paragraph = target.paragraphs[0]
            pf = paragraph.paragraph_format
            pf.first_line_indent = Pt(0)
            pf.space_before = pf.space_after = Pt(2)
            if cell.header or cell.is_figure:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            runs = cell.runs
            if cell.header:
                runs = [prose.Run(r.text, True, r.italic, r.footnote, r.missing,
                                  underline=r.underline) for r in runs]  # fmt: skip
            _prose_paragraph(paragraph, runs, notes)
            c = last_col + 1
    for r in range(min(table.header_rows, len(table.rows))):
        tr_pr = out.rows[r]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        tr_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page


def _add_paragraph(document, style_id: str, text: str = "") -> Paragraph:
    """A body paragraph of a style (by id), built as XML directly: python-docx's
    property API searches the schema order for every element it adds, which was most
    of the rendering time. Formatting lives in the styles (docx_page.py)."""
    # Made in the body's own tree (SubElement): a loose OxmlElement is a document of
    # its own, slower to make, and a report made close to a thousand of them.
    body = document.element.body
    p = body.makeelement(W_P)
    SubElement(SubElement(p, W_PPR), W_PSTYLE, {W_VAL: style_id})
    if text:
        _add_run(p, text)
    body.sectPr.addprevious(p)
    return Paragraph(p, document._body)


def _add_run(p, text: str, *, bold=False, italic=False, underline=False, missing=False):
    r = SubElement(p, W_R)
    if bold or italic or underline or missing:
        rpr = SubElement(r, W_RPR)  # children in schema order: b, i, highlight, u
        if bold:
            SubElement(rpr, W_B)
        if italic:
            SubElement(rpr, W_I)
        if missing:  # a draft's visible gap
            SubElement(rpr, qn("w:highlight"), {W_VAL: "yellow"})
        if underline:
            SubElement(rpr, W_U, {W_VAL: "single"})
    SubElement(r, W_T, {XML_SPACE: "preserve"}).text = text


def _prose_paragraph(paragraph, runs: list[prose.Run], notes: dict[str, Footnote]) -> None:
    for run in runs:
        if run.footnote is None:
            _add_run(
                paragraph._p,
                run.text,
                bold=run.bold,
                italic=run.italic,
                underline=run.underline,
                missing=run.missing,
            )
            continue
        note = notes[run.footnote]
        # The reference goes at the end of what is written so far: exactly where the
        # prose put the [^key] marker.
        footnotes.add_footnote(paragraph, "", runs=[(r.text, _run_format(r)) for r in note.runs])


def _run_format(run: prose.Run) -> dict:
    """A footnote run's formatting, for footnotes.add_footnote."""
    formatting: dict = {}
    if run.bold:
        formatting["bold"] = True
    if run.italic:
        formatting["italic"] = True
    if run.underline:
        formatting["underline"] = True
    if run.missing:
        formatting["highlight_color"] = WD_COLOR_INDEX.YELLOW  # a draft's visible gap
    return formatting


# -- footer -----------------------------------------------------------------------------


def _footer(document, doc: DocumentModel, fmt: Format) -> None:
    """Nơi nhận on the left, level with the signer's title line; the signature block on
    the right: authority (TM./KT. or T/M), title, room to sign, name."""
    table = _borderless_table(document, 1, fmt.footer_cm)
    # The signature block is never split over two pages.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.cell(0, 0), table.cell(0, 1)
    party = layout.is_party(doc)
    label = _line(
        left,
        "Nơi nhận:",
        fmt.recipients_label,
        bold=not party,
        italic=not party,
        underline=party,
        first=True,
        before=12,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    label.paragraph_format.keep_with_next = True
    for line in layout.recipient_lines(doc):
        # A recipient is prose: "(*để báo cáo*)" prints in italics, as the format asks.
        paragraph = left.add_paragraph()
        SubElement(paragraph._p.get_or_add_pPr(), W_JC, {W_VAL: "left"})
        for part in prose.runs(line, lambda placeholder: None):
            _styled_run(paragraph._p, part.text, fmt.recipients, bold=part.bold, italic=part.italic)
    first = True
    for text in (doc.signer_authority, doc.signer_deputy, doc.signer_title):
        if text:
            _line(right, text, fmt.signer, bold=True, first=first, before=12 if first else 0)
            first = False
    name = _line(right, doc.signer_name, fmt.signer, bold=True, first=first)
    name.paragraph_format.space_before = Pt(SIGNATURE_SPACE_PT)
    # Word always keeps a paragraph after a table at the end of the body; write it
    # (1 pt high, so it cannot push a blank page) rather than leave Word to repair it.
    end = document.add_paragraph()
    end.paragraph_format.space_before = end.paragraph_format.space_after = Pt(0)
    end.paragraph_format.line_spacing = Pt(1)
