from baocao.reports.editing import save_block
from baocao.reports.models import Block
from baocao.reports.services import save_value
from baocao.rules.text import check_text, report_findings
from tests.factories import make_report


def paragraph(report) -> Block:
    return Block.objects.filter(section__report=report, kind=Block.PARAGRAPH).order_by("pk").first()


def rules_of(findings) -> list[str]:
    return [f.rule for f in findings]


def test_a_placeholder_naming_no_indicator_is_an_error(db):
    report = make_report()
    save_block(block=paragraph(report), text="Tiếp nhận {{tthc.recieved}} hồ sơ.")
    found = [f for f in check_text(report) if f.rule == "text.unknown_code"]
    assert found and found[0].is_error and "tthc.recieved" in found[0].message


def test_a_figure_the_prose_shows_without_a_value_is_an_error_until_entered(db):
    report = make_report()
    save_block(block=paragraph(report), text="Tiếp nhận {{tthc.received}} hồ sơ.")
    missing = [f for f in check_text(report) if f.codes == ("tthc.received",)]
    assert missing and missing[0].rule == "text.missing_value"
    assert "Tổng số hồ sơ tiếp nhận" in missing[0].message or "tiếp nhận" in missing[0].message
    save_value(report=report, code="tthc.received", value="1.527")
    assert not [f for f in check_text(report) if f.codes == ("tthc.received",)]


def test_a_footnote_marker_without_its_note_is_an_error(db):
    report = make_report()
    save_block(block=paragraph(report), text="Hồ sơ[^zz].")
    assert "text.footnote_missing" in rules_of(check_text(report))


def test_report_findings_puts_errors_first(db):
    report = make_report()
    findings = report_findings(report)
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=lambda s: s != "error")
