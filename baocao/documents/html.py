"""The report as one standalone, printable HTML file: inline CSS, footnotes at the
bottom, the same content and numbering as the DOCX (both read model.py and layout.py),
and the same template as the preview on the report page."""

from __future__ import annotations

from django.template.loader import render_to_string

from baocao.documents.model import DocumentModel


def render_html(doc: DocumentModel) -> str:
    return render_to_string("documents/standalone.html", {"doc": doc})
