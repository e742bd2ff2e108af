"""The Word round trip: a downloaded DOCX uploaded unchanged proposes nothing; one
figure and one sentence changed with python-docx propose exactly those two changes,
which the command stores (or, with --dry-run, does not); refusals store nothing."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from baocao import vn
from baocao.importer.update import apply_changes, baseline, propose
from baocao.offices.models import UpdateProposal
from baocao.reports.errors import ReportError
from baocao.reports.models import AuditEntry, Block, Report, Value
from tests.factories import demo_report

SENTENCE = "Duy trì công tác quản lý nhà nước"
EDITED = "Tăng cường công tác quản lý nhà nước"


def test_unchanged_round_trip_for_every_demo_report_of_both_communes(db):
    reports = list(
        Report.objects.filter(unit__code__in=["11002", "11086"]).select_related("unit", "template")
    )
    assert len(reports) == 2 * 2 * 13
    for report in reports:
        proposal = propose(report, baseline(report))
        assert proposal.empty, (report.pk, str(report), proposal.changes[:2])
        assert proposal.ignored == [], str(report)


def edited_docx(report, code, new_value):
    """The report's DOCX with one figure and one sentence changed in python-docx."""
    shown = vn.format_number(Value.objects.get(report=report, indicator__code=code).value)
    document = Document(io.BytesIO(baseline(report)))
    figure = sentence = False
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if not figure and shown in run.text and "hồ sơ" in run.text:
                run.text = run.text.replace(shown, new_value, 1)
                figure = True
            if not sentence and SENTENCE in run.text:
                run.text = run.text.replace(SENTENCE, EDITED, 1)
                sentence = True
    assert figure and sentence
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def report(db):
    return demo_report("11002", "2025-11")


def test_edited_round_trip_proposes_exactly_the_two_changes(report):
    data = edited_docx(report, "tthc.received", "1.600")
    proposal = propose(report, data)
    assert len(proposal.changes) == 2, proposal.changes
    text, figure = sorted(proposal.changes, key=lambda c: c["kind"] == "figure")
    assert figure["kind"] == "figure" and figure["code"] == "tthc.received"
    assert (figure["old"], figure["new"], figure["value"]) == ("1.527", "1.600", "1600")
    # the new value breaks the breakdown of received files: the finding comes with it
    assert any(f["error"] and "1.600" in f["message"] for f in figure["findings"])
    assert text["kind"] == "block" and text["action"] == "changed"
    assert text["new"] == text["old"].replace(SENTENCE, EDITED)
    assert ["+", "Tăng"] in text["diff"] and ["-", "Duy"] in text["diff"]


def test_accepting_stores_value_and_text_with_history(report):
    user = get_user_model().objects.get(username="thachkhoi")
    proposal = propose(report, edited_docx(report, "tthc.received", "1.600"), user=user)
    assert apply_changes(report, proposal.changes, user=user) == 2
    assert Value.objects.get(report=report, indicator__code="tthc.received").value == 1600
    block = Block.objects.get(pk=next(c for c in proposal.changes if c["kind"] == "block")["id_of"])
    assert EDITED in block.text
    entries = AuditEntry.objects.filter(report=report, user=user)
    assert entries.filter(action="value", target="tthc.received", new="1.600").exists()
    assert entries.filter(action="block", target=f"block:{block.pk}").exists()
    # a second upload of the same file now proposes nothing
    assert propose(report, edited_docx_after(report)).empty


def edited_docx_after(report):
    return baseline(report)


def test_a_change_made_in_between_refuses_the_stale_one(report):
    from baocao.reports.services import save_value

    proposal = propose(report, edited_docx(report, "tthc.received", "1.600"))
    save_value(report=report, code="tthc.received", value="1.530")
    with pytest.raises(ReportError):
        apply_changes(report, proposal.changes)
    assert Value.objects.get(report=report, indicator__code="tthc.received").value == 1530
    assert (
        SENTENCE
        in Block.objects.get(
            pk=next(c for c in proposal.changes if c["kind"] == "block")["id_of"]
        ).text
    )  # all or nothing


# -- the command ------------------------------------------------------------------------


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("importreport", str(path), *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_command_dry_run_then_update(report, tmp_path):
    path = tmp_path / "sua.docx"
    path.write_bytes(edited_docx(report, "tthc.received", "1.600"))
    audit_before = AuditEntry.objects.filter(report=report).count()
    code, out, _ = run(path, "--unit", "11002", "--period", "2025-11", "--update", "--dry-run")
    assert code == 0
    assert "2 thay đổi" in out and "1.527 → 1.600" in out and "[-Duy-]{+Tăng+}" in out
    assert "không lưu" in out
    assert Value.objects.get(report=report, indicator__code="tthc.received").value == 1527
    assert AuditEntry.objects.filter(report=report).count() == audit_before
    code, out, _ = run(
        path, "--unit", "11002", "--period", "2025-11", "--template", "ubnd-monthly", "--update"
    )
    assert code == 0 and "Đã lưu 2 thay đổi" in out
    assert Value.objects.get(report=report, indicator__code="tthc.received").value == 1600
    assert AuditEntry.objects.filter(report=report).count() == audit_before + 2


def test_command_unchanged_file(report, tmp_path):
    path = tmp_path / "nguyen.docx"
    path.write_bytes(baseline(report))
    code, out, _ = run(
        path, "--unit", "11002", "--period", "2025-11", "--template", "ubnd-monthly", "--update"
    )
    assert code == 0 and "không có thay đổi" in out


def test_command_refusals_store_nothing(report, tmp_path):
    path = tmp_path / "sua.docx"
    path.write_bytes(edited_docx(report, "tthc.received", "1.600"))
    count = AuditEntry.objects.count()
    # another unit in the file's header: both named
    other = demo_report("11086", "2025-11")
    code, _, err = run(
        path, "--unit", "11086", "--period", "2025-11", "--template", "ubnd-monthly", "--update"
    )
    assert code == 1 and "Thạch Khôi" in err and "Đại Sơn" in err and str(other.unit.code) in err
    # another period
    code, _, err = run(
        path, "--unit", "11002", "--period", "2025-10", "--template", "ubnd-monthly", "--update"
    )
    assert code == 1 and "tháng 11" in err and "tháng 10" in err
    # an approved report
    Report.objects.filter(pk=report.pk).update(status=Report.APPROVED)
    code, _, err = run(
        path, "--unit", "11002", "--period", "2025-11", "--template", "ubnd-monthly", "--update"
    )
    assert code == 1 and "duyệt" in err
    Report.objects.filter(pk=report.pk).update(status=Report.DRAFT)
    # a user who may not edit it
    code, _, err = run(
        path, "--unit", "11002", "--period", "2025-11", "--template", "ubnd-monthly", "--update",
        "--user", "thanhpho",
    )  # fmt: skip
    assert code == 1 and "không được sửa" in err
    # not a DOCX at all
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"not a zip")
    code, _, err = run(bad, "--unit", "11002", "--period", "2025-11", "--update")
    assert code == 2 and err.startswith("Lỗi:")
    assert AuditEntry.objects.count() == count
    assert Value.objects.get(report=report, indicator__code="tthc.received").value == 1527


# -- the upload page ------------------------------------------------------------------------


def test_upload_page_review_and_accept_one(client, report):
    member = get_user_model().objects.get(username="thachkhoi.tthc")
    client.force_login(member)
    page = client.get(reverse("word_upload", args=[report.pk]))
    assert "Tải Word để sửa" in page.content.decode()
    upload = SimpleUploadedFile("sua.docx", edited_docx(report, "tthc.received", "1.600"))
    response = client.post(reverse("word_upload", args=[report.pk]), {"file": upload})
    proposal = UpdateProposal.objects.get(report=report, user=member)
    assert response.status_code == 302
    review = client.get(response["Location"]).content.decode()
    assert "1.527" in review and "1.600" in review and "<ins>Tăng</ins>" in review
    changes = proposal.changes["changes"]
    figure = next(c for c in changes if c["kind"] == "figure")
    text = next(c for c in changes if c["kind"] == "block")
    # the TTHC centre's member may change its figure, not the economy office's paragraph
    assert figure["allowed"] is True and text["allowed"] is False
    response = client.post(response["Location"], {"accept": [str(figure["id"]), str(text["id"])]})
    assert response.status_code == 409  # a change they may not make is refused, nothing stored
    assert Value.objects.get(report=report, indicator__code="tthc.received").value == 1527
    response = client.post(reverse("word_review", args=[report.pk, proposal.pk]), {
        "accept": [str(figure["id"])]
    })  # fmt: skip
    assert response.status_code == 302
    assert Value.objects.get(report=report, indicator__code="tthc.received").value == 1600
    assert AuditEntry.objects.filter(report=report, user=member, target="tthc.received").exists()
    assert SENTENCE in Block.objects.get(pk=text["id_of"]).text


def test_upload_unchanged_says_no_change(client, report):
    client.force_login(get_user_model().objects.get(username="thachkhoi"))
    upload = SimpleUploadedFile("nguyen.docx", baseline(report))
    response = client.post(reverse("word_upload", args=[report.pk]), {"file": upload}, follow=True)
    assert "Không có thay đổi" in response.content.decode()
    assert not UpdateProposal.objects.filter(report=report).exists()


def test_upload_refused_for_city_and_approved(client, report):
    client.force_login(get_user_model().objects.get(username="thanhpho"))
    upload = SimpleUploadedFile("sua.docx", baseline(report))
    response = client.post(reverse("word_upload", args=[report.pk]), {"file": upload})
    assert response.status_code == 422 and "không được sửa" in response.content.decode()
    Report.objects.filter(pk=report.pk).update(status=Report.APPROVED)
    client.force_login(get_user_model().objects.get(username="thachkhoi"))
    upload = SimpleUploadedFile("sua.docx", baseline(report))
    response = client.post(reverse("word_upload", args=[report.pk]), {"file": upload})
    assert response.status_code == 422 and "duyệt" in response.content.decode()
    assert not UpdateProposal.objects.filter(report=report).exists()
    assert Decimal(1527) == Value.objects.get(report=report, indicator__code="tthc.received").value


def test_rewrite_keeps_marks_figures_and_emphasis():
    from baocao.importer.update import Item, rewrite, segments
    from baocao.reports import prose

    resolve = prose.resolver({"tthc.received": Decimal(1527)}, {"unit": "xã Đại Sơn"})

    def edit(source, new):
        return rewrite(Item("block", None, None, segments(source, resolve)), new)

    source = "**Kinh tế:** trên {{unit}} giải quyết 43 hồ sơ trên địa bàn[^dkkd]."
    new = "Kinh tế: trên xã Đại Sơn giải quyết 999 hồ sơ trên địa bàn."
    assert edit(source, new) == source.replace("43", "999")
    source = "Tiếp nhận {{tthc.received}} hồ sơ[^a], *trong đó* trực tuyến."
    new = "Đã tiếp nhận 1.527 hồ sơ, trong đó trực tuyến và bưu chính."
    assert edit(source, new) == "Đã " + source[:-1].replace("Tiếp", "tiếp") + " và bưu chính."


def test_a_figure_retyped_amid_other_edits_stays_a_figure():
    from baocao.importer.update import Item, rewrite, segments
    from baocao.reports import prose

    resolve = prose.resolver({"tthc.received": Decimal(1527)}, {})
    item = Item("block", None, None, segments("Tiếp nhận {{tthc.received}} hồ sơ.", resolve))
    figures = {}
    assert rewrite(item, "Tiếp nhận 1.600 hồ sơ mới.", figures) == (
        "Tiếp nhận {{tthc.received}} hồ sơ mới."
    )
    assert figures == {"tthc.received": "1.600"}


def test_task_footnote_and_removed_paragraph(report):
    task = report.tasks.order_by("position").first()
    note = Block.objects.filter(section__report=report, kind=Block.FOOTNOTE).first()
    removed = Block.objects.filter(
        section__report=report, kind=Block.PARAGRAPH, text__startswith="Duy trì"
    ).first()
    document = Document(io.BytesIO(baseline(report)))
    body = document.element.body
    for paragraph in document.paragraphs:
        if paragraph.text.endswith(task.text) and task.text:
            paragraph.runs[-1].text = paragraph.runs[-1].text + " trong tháng"
        if paragraph.text == removed.text:
            body.remove(paragraph._p)
    import baocao.documents.footnotes  # noqa: F401 - loads footnotes.xml as XML, editable

    part = next(
        r.target_part for r in document.part.rels.values() if r.reltype.endswith("/footnotes")
    )
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    first = next(n for n in part.element.iter(w + "footnote") if n.get(w + "type") is None)
    texts = [t for t in first.iter(w + "t") if t.text and t.text.strip()]
    texts[-1].text = texts[-1].text + " (đã rà soát)"
    buffer = io.BytesIO()
    document.save(buffer)
    proposal = propose(report, buffer.getvalue())
    kinds = sorted((c["kind"], c.get("action")) for c in proposal.changes)
    assert kinds == [("block", "removed"), ("footnote", "changed"), ("task", "changed")], kinds
    user = get_user_model().objects.get(username="thachkhoi")
    apply_changes(report, proposal.changes, user=user)
    assert report.tasks.get(pk=task.pk).text == task.text + " trong tháng"
    assert not Block.objects.filter(pk=removed.pk).exists()
    assert AuditEntry.objects.filter(report=report, target=f"task:{task.pk}", user=user).exists()
    assert propose(report, baseline(report)).empty
    footnote = next(c for c in proposal.changes if c["kind"] == "footnote")
    assert Block.objects.get(pk=footnote["id_of"]).text.endswith(" (đã rà soát)")
    assert note is not None


def test_stamped_download_round_trip_and_changes_made_since(client, report):
    from baocao.importer.update import for_editing
    from baocao.reports.services import save_value

    client.force_login(get_user_model().objects.get(username="thachkhoi"))
    response = client.get(reverse("word_download", args=[report.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert propose(report, data).empty  # the stamped file unchanged: no change
    edited = Document(io.BytesIO(data))
    for paragraph in edited.paragraphs:
        for run in paragraph.runs:
            if "1.527" in run.text:
                run.text = run.text.replace("1.527", "1.600", 1)
    buffer = io.BytesIO()
    edited.save(buffer)
    # someone else changes the same figure after the download
    other = get_user_model().objects.get(username="thachkhoi.tthc")
    save_value(report=report, code="tthc.received", value="1.530", user=other)
    proposal = propose(report, buffer.getvalue())
    figure = next(c for c in proposal.changes if c["kind"] == "figure")
    assert figure["old"] == "1.530" and "Ngô Minh Tuấn" in figure["stale"]
    assert proposal.later == 1
    # a file downloaded from another report is refused, naming it
    other_report = demo_report("11002", "2025-11", "dang-monthly")
    with pytest.raises(ReportError, match="báo cáo khác"):
        propose(other_report, for_editing(report))
