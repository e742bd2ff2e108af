"""Real Word footnotes for python-docx documents.

Why this module exists: python-docx has no footnote API (python-openxml/python-docx#1,
open since 2013; PRs #860/#1392 unmerged), yet the commune report must carry real
footnotes ("11 hộ giải thể ...¹") that Word and LibreOffice put at the page bottom.
This is the small helper the project's library notes recommend (libs.md §1(e)): it adds a
``word/footnotes.xml`` part through python-docx's OPC API and writes the references
into the body. It also reads notes back, for tests and for the importer.

Pure python-docx, no Django.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.document import DocumentPart
from docx.shared import Pt
from docx.text.paragraph import Paragraph

if TYPE_CHECKING:
    from docx.document import Document

# Without this, python-docx loads an existing word/footnotes.xml as an opaque blob
# Part: kept on save, but not editable. Registered at import so every document opened
# after `import baocao.documents.footnotes` has an XML footnotes part.
PartFactory.part_type_for[CT.WML_FOOTNOTES] = XmlPart

FOOTNOTE_TEXT_ID = "FootnoteText"
FOOTNOTE_REFERENCE_ID = "FootnoteReference"

# Notes Word keeps for the rule above the footnote area; they are not footnotes.
# Word numbers them -1 and 0, LibreOffice 0 and 1: go by w:type, not by id.
_SPECIAL_TYPES = {"separator", "continuationSeparator", "continuationNotice"}

# What Word writes in a new footnotes.xml: the separator (-1) and the continuation
# separator (0) notes, each a paragraph with single spacing and no space after.
_FOOTNOTES_SKELETON = f"""
<w:footnotes {nsdecls("w", "r")}>
  <w:footnote w:type="separator" w:id="-1">
    <w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:r><w:separator/></w:r></w:p>
  </w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0">
    <w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:r><w:continuationSeparator/></w:r></w:p>
  </w:footnote>
</w:footnotes>
"""

# The run children that python-docx's Paragraph.text turns into characters.
_RUN_TEXT_TAGS = {qn(f"w:{tag}") for tag in ("t", "tab", "br", "cr", "noBreakHyphen", "ptab")}


# -- styles ---------------------------------------------------------------------------


def ensure_footnote_styles(
    document: Document, *, font_name: str = "Times New Roman", text_size_pt: float = 12
) -> None:
    """Add the "Footnote Text" and "Footnote Reference" styles when the document lacks them.

    python-docx's default template has neither, and without "Footnote Reference"
    LibreOffice (and Word) draw the note numbers full size, not superscript. Idempotent:
    a style already present (by id, or by Word's built-in name) is left as it is.
    """
    if _find_style(document, FOOTNOTE_TEXT_ID, "footnote text") is None:
        _add_footnote_text_style(document, font_name, text_size_pt)
    if _find_style(document, FOOTNOTE_REFERENCE_ID, "footnote reference") is None:
        _add_footnote_reference_style(document)


def _find_style(document: Document, style_id: str, builtin_name: str) -> BaseOxmlElement | None:
    # Word writes built-in names in lower case ("footnote text"), pandoc in title case,
    # and a localised Word may use another style id: match the id or the name.
    styles = document.styles.element
    style = styles.get_by_id(style_id)
    if style is not None:
        return style
    for candidate in styles.style_lst:
        if (candidate.name_val or "").lower() == builtin_name:
            return candidate
    return None


def _add_footnote_text_style(document: Document, font_name: str, text_size_pt: float) -> None:
    # builtin=True: no w:customStyle, so Word treats it as its own "footnote text"
    # instead of adding a second one next to it.
    style = document.styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
    if document.styles.element.get_by_id("Normal") is not None:
        style.base_style = document.styles["Normal"]
    _set_fonts(style.element, font_name)
    style.font.size = Pt(text_size_pt)
    fmt = style.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    # The body's first-line indent (ND 30: 1-1.27 cm) lives on Normal; notes do not take it.
    fmt.first_line_indent = Pt(0)


def _add_footnote_reference_style(document: Document) -> None:
    style = document.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER, builtin=True)
    style.font.superscript = True


def _set_fonts(style_element: BaseOxmlElement, font_name: str) -> None:
    # font.name sets only ascii/hAnsi; Vietnamese text may be classed eastAsia or cs by
    # Word's script detection, and then falls back to the theme font unless all four are set.
    rFonts = style_element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rFonts.set(qn(attr), font_name)


# -- writing notes --------------------------------------------------------------------


def add_footnote(
    paragraph: Paragraph, text: str, *, runs: list[tuple[str, dict[str, Any]]] | None = None
) -> int:
    """Append a footnote reference at the end of `paragraph` and return the new note's id.

    Call it right after adding the text the note belongs to, then keep adding runs:
    the marker lands exactly where the prose puts it. `text` is the note's text; `runs`
    gives formatted runs instead, e.g. [("Trong đó: ", {"bold": True}), ("...", {})],
    where each dict sets python-docx Font attributes (bold, italic, underline, ...).
    """
    document = _document_of(paragraph)
    ensure_footnote_styles(document)
    text_id = _style_id(document, FOOTNOTE_TEXT_ID, "footnote text")
    reference_id = _style_id(document, FOOTNOTE_REFERENCE_ID, "footnote reference")

    footnotes = _footnotes_part(document, create=True)
    note_id = _next_note_id(footnotes.element)
    note = _new_note(note_id, text_id, reference_id)
    footnotes.element.append(note)
    note_paragraph = Paragraph(note.find(qn("w:p")), footnotes)
    for run_text, formatting in runs if runs is not None else [(text, {})]:
        _add_formatted_run(note_paragraph, run_text, formatting)

    paragraph._p.append(_new_reference_run(note_id, reference_id))
    return note_id


def _document_of(paragraph: Paragraph) -> Document:
    part = paragraph.part
    # Footnote references are only valid in the main story, not in headers or notes.
    if not isinstance(part, DocumentPart):
        raise ValueError("footnotes can only be added to paragraphs of the document body")
    return part.document


def _style_id(document: Document, style_id: str, builtin_name: str) -> str:
    style = _find_style(document, style_id, builtin_name)
    return style.styleId if style is not None else style_id


def _new_note(note_id: int, text_style_id: str, reference_style_id: str) -> BaseOxmlElement:
    # As Word writes a note: the styled paragraph, the number mark (w:footnoteRef),
    # then a space run before the text.
    note = OxmlElement("w:footnote", attrs={qn("w:id"): str(note_id)})
    p = OxmlElement("w:p")
    note.append(p)
    p.get_or_add_pPr().style = text_style_id
    mark = p.add_r()
    mark.get_or_add_rPr().style = reference_style_id
    mark.append(OxmlElement("w:footnoteRef"))
    p.add_r().text = " "
    return note


def _add_formatted_run(paragraph: Paragraph, text: str, formatting: dict[str, Any]) -> None:
    run = paragraph.add_run(text)
    for name, value in formatting.items():
        # setattr on an unknown name would silently add a Python attribute instead.
        if not hasattr(run.font, name):
            raise ValueError(f"unknown run format {name!r}")
        setattr(run.font, name, value)


def _new_reference_run(note_id: int, reference_style_id: str) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    run.get_or_add_rPr().style = reference_style_id
    run.append(OxmlElement("w:footnoteReference", attrs={qn("w:id"): str(note_id)}))
    return run


def _next_note_id(footnotes: BaseOxmlElement) -> int:
    # Continue after the highest id in use: pandoc starts at 9, LibreOffice at 2.
    ids = [_note_id(note) for note in footnotes.iterchildren(qn("w:footnote"))]
    return max([0, *(i for i in ids if i is not None)]) + 1


def _note_id(element: BaseOxmlElement) -> int | None:
    # Imported files are untrusted: a note or reference without a numeric id is skipped.
    try:
        return int(element.get(qn("w:id"), ""))
    except ValueError:
        return None


def _footnotes_part(document: Document, *, create: bool) -> XmlPart | None:
    document_part = document.part
    try:
        part = document_part.part_related_by(RT.FOOTNOTES)
    except KeyError:
        if not create:
            return None
        return _create_footnotes_part(document)
    if not isinstance(part, XmlPart):
        part = _make_editable(document_part, part)
    return part


def _create_footnotes_part(document: Document) -> XmlPart:
    document_part = document.part
    part = XmlPart(
        PackURI("/word/footnotes.xml"),
        CT.WML_FOOTNOTES,
        parse_xml(_FOOTNOTES_SKELETON.strip()),
        document_part.package,
    )
    # The package writer derives the [Content_Types].xml override from the part's
    # content type, so relating the part is all that is needed.
    document_part.relate_to(part, RT.FOOTNOTES)
    _point_settings_at_separators(document)
    return part


def _point_settings_at_separators(document: Document) -> None:
    # Word does not need <w:footnotePr> in settings.xml, so none is added. But a
    # template that once had notes may still list its separator ids there; keep them
    # pointing at the separators just created rather than at notes that do not exist.
    footnote_pr = document.settings.element.find(qn("w:footnotePr"))
    if footnote_pr is None:
        return
    specials = footnote_pr.iterchildren(qn("w:footnote"))
    for special, note_id in zip(specials, ("-1", "0"), strict=False):  # Word lists 0 to 2
        special.set(qn("w:id"), note_id)


def _make_editable(document_part: DocumentPart, blob_part: Part) -> XmlPart:
    # A document opened before this module was imported holds footnotes.xml as a blob
    # Part; swap in an XmlPart parsed from the same bytes under the same relationship.
    part = XmlPart.load(
        blob_part.partname, blob_part.content_type, blob_part.blob, blob_part.package
    )
    for rel in document_part.rels.values():
        if not rel.is_external and rel.target_part is blob_part:
            rel._target = part
    return part


# -- reading notes --------------------------------------------------------------------


def footnotes_of(document: Document) -> dict[int, str]:
    """Return the real notes of `document` by id, with their text, in part order.

    Works on documents from this module, Word, LibreOffice (ids from 2) and pandoc (ids
    from 9). A note of several paragraphs gives its paragraphs joined by newlines.
    """
    part = _footnotes_part(document, create=False)
    if part is None:
        return {}
    notes: dict[int, str] = {}
    for note in part.element.iterchildren(qn("w:footnote")):
        note_id = _note_id(note)
        if note_id is None or note.get(qn("w:type"), "normal") in _SPECIAL_TYPES:
            continue
        paragraphs = [p.text.strip() for p in note.iterchildren(qn("w:p"))]
        notes[note_id] = "\n".join(paragraphs)
    return notes


def footnote_references(document: Document) -> list[tuple[int, int, int]]:
    """Return (note id, body paragraph index, character offset) for each reference.

    The index is into ``document.paragraphs`` and the offset into that paragraph's
    ``.text``: the number of characters before the marker. In document order.
    References inside tables are not listed; the report puts its notes in the prose.
    """
    references: list[tuple[int, int, int]] = []
    for index, p in enumerate(document.element.body.iterchildren(qn("w:p"))):
        references.extend(
            (note_id, index, offset) for note_id, offset in _references_in_paragraph(p)
        )
    return references


def _references_in_paragraph(p: BaseOxmlElement) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    offset = 0
    for run in p.iter(qn("w:r")):
        if _enclosing_paragraph(run) is not p:
            continue  # a run inside a text box belongs to that box's own paragraph
        # Paragraph.text counts only runs directly in the paragraph or in its hyperlinks;
        # a reference in, say, a tracked insertion still gets the offset reached so far.
        parent = run.getparent()
        counted = parent is p or (parent.tag == qn("w:hyperlink") and parent.getparent() is p)
        for child in run.iterchildren():
            if child.tag == qn("w:footnoteReference"):
                note_id = _note_id(child)
                if note_id is not None:
                    found.append((note_id, offset))
            elif counted and child.tag in _RUN_TEXT_TAGS:
                offset += len(str(child))
    return found


def _enclosing_paragraph(element: BaseOxmlElement) -> BaseOxmlElement | None:
    parent = element.getparent()
    while parent is not None and parent.tag != qn("w:p"):
        parent = parent.getparent()
    return cast("BaseOxmlElement | None", parent)
