"""The upload page: a clerk or leader uploads a report file (DOCX, PDF, TXT) for one
of their units and a period; the reviewer sees its text with each proposed figure
highlighted, keeps, corrects or rejects each, and saves the draft (store.py).

Between the two steps the file waits under var/uploads/ named by a random token
that only the uploader's session knows; saving reads it again (the extraction is
deterministic) and removes it."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from baocao import vn
from baocao.accounts.access import can_view_unit, roles_for, visible_units
from baocao.accounts.models import Membership
from baocao.catalog.models import Indicator, Unit
from baocao.importer import convert, legacy, safety
from baocao.importer.errors import ImportRefused
from baocao.importer.extract import Extraction, extract
from baocao.importer.facts import Fact
from baocao.importer.models import ArchiveImport
from baocao.importer.store import parse_period, store_extraction
from baocao.reports.errors import ReportError
from baocao.reports.services import parse_figure

UPLOADERS = {Membership.CLERK, Membership.LEADER, Membership.ADMIN}
SESSION_KEY = "importer_uploads"


def _upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _units(user):
    units = visible_units(user).filter(kind__in=Unit.COMMUNE_KINDS).order_by("name")
    return [u for u in units if roles_for(user, u) & UPLOADERS]


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    units = _units(request.user)
    form = {"unit": request.POST.get("unit", ""), "period": request.POST.get("period", "")}
    if request.method == "GET":
        return render(request, "importer/upload.html", {"units": units, "form": form})
    unit = _unit_or_404(request.user, form["unit"])
    try:
        period = parse_period(form["period"].strip())
        data, filename = _read_upload(request)
        extract(data, filename, max_bytes=safety.max_upload_bytes(), rules=False)
    except (ImportRefused, ReportError) as error:
        context = {"units": units, "form": form, "error": str(error)}
        return render(request, "importer/upload.html", context, status=400)
    token = secrets.token_hex(16)
    (_upload_dir() / token).write_bytes(data)
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {"unit": unit.code, "period": period.key, "filename": filename}
    request.session[SESSION_KEY] = uploads
    return redirect("importer:review", token=token)


def _unit_or_404(user, code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if (
        unit is None
        or unit.kind not in Unit.COMMUNE_KINDS
        or not can_view_unit(user, unit)
        or not roles_for(user, unit) & UPLOADERS
    ):
        raise Http404("Không tìm thấy đơn vị.")
    return unit


def _read_upload(request) -> tuple[bytes, str]:
    upload = request.FILES.get("file")
    if upload is None:
        raise ImportRefused("Chưa chọn tệp báo cáo (DOCX, PDF hoặc TXT).")
    safety.check_size(upload.size, safety.max_upload_bytes())  # refused unread when too big
    return upload.read(), Path(upload.name).name


@login_required
@require_http_methods(["GET", "POST"])
def review(request, token: str):
    meta = request.session.get(SESSION_KEY, {}).get(token)
    path = _upload_dir() / token
    if meta is None or not token.isalnum() or not path.is_file():
        raise Http404("Không tìm thấy tệp đã tải lên.")
    unit = _unit_or_404(request.user, meta["unit"])
    extraction = extract(path.read_bytes(), meta["filename"], rules=False)
    error = None
    if request.method == "POST":
        try:
            facts = reviewed_facts(extraction.facts, request.POST)
            report = store_extraction(
                extraction, unit=unit, period=meta["period"], user=request.user, facts=facts
            )
        except ReportError as exc:
            error = str(exc)
        else:
            path.unlink(missing_ok=True)
            uploads = request.session.get(SESSION_KEY, {})
            uploads.pop(token, None)
            request.session[SESSION_KEY] = uploads
            return redirect("report_editor", report.pk)
    context = {
        "unit": unit,
        "period": parse_period(meta["period"]),
        "filename": meta["filename"],
        "document": extraction.document,
        "reading": how_read(extraction),
        "paragraphs": highlighted(extraction),
        "rows": fact_rows(extraction.facts, request.POST if error else None),
        "error": error,
    }
    return render(request, "importer/review.html", context, status=400 if error else 200)


def how_read(extraction: Extraction) -> list[str]:
    """What was converted on the way, for the reviewer (legacy fonts, .doc, OCR)."""
    source = extraction.source
    out = []
    if source.converted_from == "ocr" or source.format == "image":
        out.append("Bản quét: chữ đọc bằng nhận dạng ký tự (OCR); mỗi số liệu cần được đối chiếu.")
    elif source.converted_from:
        out.append(f"Tệp {convert.NAMES[source.converted_from]} đã được chuyển sang .docx để đọc.")
    if source.converted:
        out.append(
            f"Văn bản gõ bằng bảng mã {legacy.NAMES[source.converted]} đã được chuyển sang Unicode."
        )
    return out


def reviewed_facts(facts: list[Fact], post) -> list[Fact]:
    """The facts as the reviewer left them: rejected ones out, corrected ones with the
    value typed (Vietnamese number formats: 1.527; 88,73; 11 tỷ 15 triệu)."""
    out = []
    for i, fact in enumerate(facts):
        # a figure read by OCR has no default: the reviewer keeps or rejects it
        decision = post.get(f"decision-{i}", "keep" if fact.confidence is None else "")
        if decision == "reject":
            continue
        if decision != "keep":
            raise ReportError(
                f"Số liệu «{fact.quote[:60]}» đọc từ bản quét (OCR): hãy xem lại và chọn "
                "Nhận hoặc Bỏ trước khi lưu."
            )
        typed = post.get(f"value-{i}", "").strip()
        value = fact.value
        if typed and typed != vn.format_number(fact.value):
            try:
                value = parse_figure(typed)
            except ReportError as error:
                raise ReportError(f"Số liệu «{fact.quote[:60]}»: {error}") from None
        out.append(
            Fact(
                fact.code,
                value,
                fact.unit,
                fact.quote,
                fact.start,
                fact.end,
                fact.number_start,
                fact.number_end,
                fact.score,
                fact.confidence,
            )
        )
    return out


def fact_rows(facts: list[Fact], post) -> list[dict]:
    names = dict(
        Indicator.objects.filter(code__in={f.code for f in facts}).values_list("code", "name")
    )
    rows = []
    for i, f in enumerate(facts):
        shown = vn.format_number(f.value)
        rows.append(
            {
                "index": i,
                "fact": f,
                "name": names.get(f.code, f.code),
                "value": post.get(f"value-{i}", shown) if post else shown,
                "rejected": bool(post) and post.get(f"decision-{i}") == "reject",
                # OCR figures start undecided: never stored without a look
                "kept": post.get(f"decision-{i}") == "keep" if post else f.confidence is None,
                "ocr": None if f.confidence is None else vn.format_number(round(f.confidence)),
            }
        )
    return rows


def highlighted(extraction: Extraction) -> list[dict]:
    """The document's paragraphs as pieces of text, each figure a piece of its own that
    names the facts it proposes (a ratio "18/18" proposes two)."""
    text = extraction.source.text
    spans: dict[tuple[int, int], list[int]] = {}
    for i, f in enumerate(extraction.facts):
        if f.number_end > f.number_start:
            spans.setdefault((f.number_start, f.number_end), []).append(i)
    ordered = sorted(spans.items())
    out = []
    for p in extraction.source.paragraphs:
        pieces, pos = [], p.start
        for (s, e), indexes in ordered:
            if s < pos or e > p.end or s < p.start:
                continue
            pieces.append({"text": text[pos:s]})
            pieces.append({"text": text[s:e], "facts": indexes})
            pos = e
        pieces.append({"text": text[pos : p.end]})
        out.append({"pieces": pieces, "note": p.note})
    return out


MAX_ARCHIVE_UPLOAD = 200 * 1024 * 1024  # a year of scanned reports, zipped


@login_required
@require_http_methods(["POST"])
def upload_archive(request):
    """A ZIP of a unit's reports from the upload page: the same job as `baocao import
    ZIP --unit CODE` (each file's period read from the document), then its progress
    page. With the immediate task backend it has run when the page opens; with the
    database backend (BAOCAO_TASKS=db) the page reloads until the worker is done."""
    from baocao.importer import tasks

    units = _units(request.user)
    form = {"unit": request.POST.get("unit", ""), "period": ""}
    unit = _unit_or_404(request.user, form["unit"])
    upload = request.FILES.get("archive")
    try:
        if upload is None:
            raise ImportRefused("Chưa chọn tệp nén (.zip) các báo cáo.")
        if Path(upload.name).suffix.lower() != ".zip":
            raise ImportRefused("Nhập cả năm cần một tệp nén .zip chứa các báo cáo.")
        safety.check_size(upload.size, MAX_ARCHIVE_UPLOAD)
    except ImportRefused as error:
        context = {"units": units, "form": form, "archive_error": str(error)}
        return render(request, "importer/upload.html", context, status=400)
    folder = _upload_dir() / "luu-tru" / secrets.token_hex(16)
    folder.mkdir(parents=True)
    # the name the clerk knows, shown on the progress page; a path from the browser is cut
    path = folder / (Path(upload.name).name.replace("/", "_") or "luu-tru.zip")
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = ArchiveImport.objects.create(
        unit=unit, user=request.user, source=f"{path}", status=ArchiveImport.QUEUED
    )
    tasks.import_archive.enqueue(job.pk, False)  # OCR figures: only through the review
    return redirect("importer:archive", pk=job.pk)


@login_required
def archive_status(request, pk: int):
    """An archive import's progress bar while it runs, then its summary."""
    job = ArchiveImport.objects.select_related("unit").filter(pk=pk).first()
    if job is None or not can_view_unit(request.user, job.unit):
        raise Http404("Không tìm thấy lần nhập.")
    running = job.status in (ArchiveImport.QUEUED, ArchiveImport.RUNNING)
    context = {"job": job, "counts": job.counts(), "running": running}
    return render(request, "importer/archive.html", context)
