"""The legal page of a report DOCX: the two formats (ND 30/2020 for UBND, HD 36-HD/VPTW
for the Party committee) with the size of each element, the styles and page set-up
they imply, and the printed width of a line of text (to size the rules under the
header lines). docx.py writes the content onto this page."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import docx
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from baocao.cache import kept
from baocao.documents import footnotes, layout
from baocao.documents.layout import FONT
from baocao.documents.model import DocumentModel


@dataclass(frozen=True)
class Format:
    """Page set-up and the size (pt) of each element of one legal format."""

    margins_mm: tuple[int, int, int, int]  # top, bottom, left, right
    header_cm: tuple[float, float]  # header table columns; together 1 cm wider than the text
    footer_cm: tuple[float, float]
    parent: int  # cơ quan chủ quản / cấp trên (upright)
    issuer: int  # cơ quan ban hành (bold)
    number: int  # "Số: .../BC-UBND"
    motto: int  # Quốc hiệu, or the Party's "ĐẢNG CỘNG SẢN VIỆT NAM"
    motto2: int  # Tiêu ngữ (UBND only)
    place: int  # place and date (italic)
    doc_type: int  # "BÁO CÁO"
    title: int  # trích yếu
    body: int
    recipients_label: int
    recipients: int
    signer: int
    page_number: int


# ND 30/2020 Phụ lục I: margins top/bottom 20-25, left 30-35, right 15-20 mm (the
# lower bound of each range); Quốc hiệu 12-13 bold, Tiêu ngữ 13-14 bold, issuer 12-13
# bold, "Số" 13, place/date 13-14 italic, type and title 13-14 bold, body 13-14,
# "Nơi nhận" 12 bold italic, recipients 11, signer 13-14 bold, page number 13-14.
ND30 = Format(
    margins_mm=(20, 20, 30, 15),
    header_cm=(6.8, 10.7),  # the Quốc hiệu at 13 pt bold is 9.5 cm wide
    footer_cm=(8.0, 8.5),
    parent=13,
    issuer=13,
    number=13,
    motto=13,
    motto2=14,
    place=14,
    doc_type=14,
    title=14,
    body=14,
    recipients_label=12,
    recipients=11,
    signer=14,
    page_number=14,
)

# HD 36-HD/VPTW Phụ lục 3: "ĐẢNG CỘNG SẢN VIỆT NAM" 15 bold, parent 14, issuer 14
# bold with "*" under it, number 14, place/date 14 italic, type 15-16 bold, title
# 14-15 bold, body 14-15. Margins: the sources disagree (20/20/30/15 in a third-party
# HD 36 summary and the HD 05 note; 25/25/35/15 in a Party handbook); both lie inside
# the ND 30 ranges HD 36 repeats, so we take 20/20/30/15, the same page as UBND's.
# "Nơi nhận": the HD 05 note says underlined, which matches HD 36 Phụ lục 3 as we read
# it (in thường, 14, đứng, gạch chân; recipients 12); a third-party summary says 12
# bold italic like ND 30. We follow the Party's own guidance (underlined).
HD36 = Format(
    margins_mm=(20, 20, 30, 15),
    header_cm=(8.9, 8.6),  # "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG" at 14 pt is 8.0 cm wide
    footer_cm=(8.0, 8.5),
    parent=14,
    issuer=14,
    number=14,
    motto=15,
    motto2=0,
    place=14,
    doc_type=16,
    title=14,
    body=14,
    recipients_label=14,
    recipients=12,
    signer=14,
    page_number=14,
)

BODY = "BodyText"  # style ids of the default template's "Body Text" and "Heading 1-3"


def format_of(doc: DocumentModel) -> Format:
    return HD36 if layout.is_party(doc) else ND30


@functools.cache
def blank_document(fmt: Format) -> bytes:
    """The styled, empty page of a format, made once and kept under var/cache/: setting
    up the styles took a third of the rendering time, and making the page at all
    (python-docx's template is read and its styles rewritten) 30 ms of each `baocao
    render` process. The file's name carries a hash of what shapes the page: the
    format, the code of this module, footnotes.py and layout.py, and python-docx's
    version (its template); a change to any of them makes a new page."""
    modules = [Path(m) for m in (__file__, footnotes.__file__, layout.__file__)]
    return kept(
        "docx-page",
        modules,
        lambda: _make_blank_document(fmt),
        key=f"{fmt!r} {docx.__version__}",
        suffix="docx",
        load=lambda f: f.read(),
        dump=lambda data, f: f.write(data),
    )


def _make_blank_document(fmt: Format) -> bytes:
    document = Document()
    _drop_unused_parts(document)
    _set_up_styles(document, fmt)
    _set_up_page(document, fmt)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _drop_unused_parts(document) -> None:
    """python-docx's template carries a 430 kB stylesWithEffects.xml (Word 2010 UI
    data, not needed to open or print) and a thumbnail of some other document;
    compressing the first on every save took a fifth of the time."""
    for rels in (document.part.rels, document.part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.endswith(("/stylesWithEffects", "/thumbnail")):
                rels.pop(r_id)


def _set_up_styles(document, fmt: Format) -> None:
    styles = document.styles.element
    # The default template carries 100 table styles a report never uses; every style
    # lookup by name (footnotes.py makes a few per note) scans them all.
    for style in list(styles.style_lst):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:default")) != "1":
            styles.remove(style)
    # The default template names theme fonts (Calibri, Cambria) in docDefaults and in
    # the heading styles; a theme attribute overrides w:ascii, so drop them all and name
    # Times New Roman for all four scripts (Vietnamese may be classed eastAsia or cs).
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        _set_fonts(rfonts)
    for color in list(styles.iter(qn("w:color"))):
        color.getparent().remove(color)  # ND 30: black text
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.find(qn("w:sz")).set(qn("w:val"), str(fmt.body * 2))
    rpr.find(qn("w:szCs")).set(qn("w:val"), str(fmt.body * 2))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    normal = document.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr().get_or_add_rFonts())
    normal.font.size = Pt(fmt.body)

    # ND 30 Phụ lục I: body justified, first line indented 1 cm (1-1.27), at least 6 pt
    # between paragraphs, line spacing from single to 1.5 lines.
    body = document.styles["Body Text"]
    body.font.size = Pt(fmt.body)
    _body_paragraph_format(body.paragraph_format)
    for level in (1, 2, 3):
        heading = document.styles[f"Heading {level}"]
        heading.font.size = Pt(fmt.body)
        heading.font.bold = True
        heading.font.italic = False
        _body_paragraph_format(heading.paragraph_format)
        heading.paragraph_format.keep_with_next = True
    footnotes.ensure_footnote_styles(document, font_name=FONT, text_size_pt=12)


def _body_paragraph_format(pf) -> None:
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Cm(1)
    pf.left_indent = Cm(0)
    pf.space_before = Pt(6)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.15


def _set_fonts(rfonts) -> None:
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def _set_up_page(document, fmt: Format) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, bottom, left, right = fmt.margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    # ND 30 Phụ lục I: numbers from 1 in Arabic digits, 13-14 upright, centred in the
    # top margin, none on the first page: a different first page with an empty header.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_page_field(paragraph, fmt.page_number)


def _add_page_field(paragraph, size: int) -> None:
    def run_with(child):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        run._r.append(child)
        return run

    run_with(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "begin"}))
    instr = OxmlElement("w:instrText", attrs={qn("xml:space"): "preserve"})
    instr.text = " PAGE "
    run_with(instr)
    run_with(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "separate"}))
    paragraph.add_run("2").font.size = Pt(size)  # shown until the field updates
    run_with(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "end"}))


# -- the draft mark ---------------------------------------------------------------------

DRAFT_MARK = "DỰ THẢO"
_VML = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office"'
)
# Word's own watermark (Design > Watermark) is this VML text path in the page header;
# LibreOffice imports it as a Fontwork shape and prints it on every page.
_WATERMARK = f"""<w:r {_VML}><w:pict><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136"
 adj="10800" path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>
 <v:textpath on="t" fitshape="t"/></v:shapetype><v:shape id="PowerPlusWaterMarkObject" o:spid="_x0000_s2049"
 type="#_x0000_t136" o:allowincell="f" fillcolor="#a0a0a0" stroked="f"
 style="position:absolute;margin-left:0;margin-top:0;width:430pt;height:143pt;rotation:315;
 z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;
 mso-position-vertical:center;mso-position-vertical-relative:margin">
 <v:fill opacity=".5"/>
 <v:textpath on="t" fitshape="t"
  style="font-family:&quot;Times New Roman&quot;;font-size:1pt;font-weight:bold"
  string="{DRAFT_MARK}"/></v:shape></w:pict></w:r>"""


def mark_draft(document, fmt: Format) -> None:
    """A report not yet approved is a draft whatever its content: "DỰ THẢO" boxed at the
    top right of every page's header, and as a watermark across every page, so a
    printed draft cannot pass for the signed document."""
    from docx.oxml import parse_xml

    section = document.sections[0]
    for header in (section.first_page_header, section.header):
        header.is_linked_to_previous = False
        paragraph = header.add_paragraph() if header.paragraphs[0].text else header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(DRAFT_MARK)
        run.font.size, run.font.bold = Pt(fmt.page_number), True
        border = OxmlElement("w:bdr")
        for name, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1")):
            border.set(qn(name), value)
        run._r.get_or_add_rPr().append(border)
        paragraph._p.append(parse_xml(_WATERMARK))


def keep_with_signature(document) -> None:
    """The last paragraph of the body is kept on the page of the signature block (the
    footer table), as a signed page must hold text of the report, not Nơi nhận and
    the signature alone: "keep with next" on the paragraphs between the last text
    and that table."""
    body = document.element.body
    tables = body.findall(qn("w:tbl"))
    if len(tables) < 2:  # the header table only: no footer to keep with
        return
    node = tables[-1].getprevious()
    while node is not None and node.tag == qn("w:p"):
        node.get_or_add_pPr().get_or_add_keepNext()
        if "".join(node.itertext()).strip():
            break
        node = node.getprevious()


def format_recipients(document) -> None:
    """Nơi nhận lines are prose ("- Thường trực Thành ủy (*để báo cáo*),"): the footer
    table's left cell gets their italic and bold as runs instead of the markers."""
    import copy

    from baocao.reports import prose

    tables = document.element.body.findall(qn("w:tbl"))
    if len(tables) < 2:
        return
    cell = tables[-1].find(qn("w:tr")).find(qn("w:tc"))
    for p in cell.findall(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if "*" not in text and "__" not in text:
            continue
        old = p.findall(qn("w:r"))
        rpr = old[0].find(qn("w:rPr")) if old else None
        for r in old:
            p.remove(r)
        for run in prose.runs(text, lambda placeholder: None):
            r = OxmlElement("w:r")
            props = copy.deepcopy(rpr) if rpr is not None else OxmlElement("w:rPr")
            for flag, tag in ((run.bold, "w:b"), (run.italic, "w:i")):
                if flag and props.find(qn(tag)) is None:
                    props.insert(0, OxmlElement(tag))
            r.append(props)
            t = OxmlElement("w:t", attrs={qn("xml:space"): "preserve"})
            t.text = run.text
            r.append(t)
            p.append(r)
