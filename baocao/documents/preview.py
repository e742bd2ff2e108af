"""The HTML preview of a report: the document model, ready for a template."""

from baocao.documents.model import DocumentModel, build_document
from baocao.reports.models import Report


def report_preview(report: Report) -> DocumentModel:
    return build_document(report, final=False)
