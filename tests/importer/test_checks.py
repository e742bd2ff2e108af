"""Findings on the wording: the unit's name, the months of headings, data windows."""

from baocao.importer.extract import extract
from tests.importer.make import seed_text


def findings_of(text: str) -> list[dict]:
    return extract(text.encode(), "r.txt", rules=False).findings


def rules(findings: list[dict]) -> list[str]:
    return [f["rule"] for f in findings]


def test_the_ward_seed_text_findings():
    findings = findings_of(seed_text("002_c69ecaed7d58e06f"))
    by_rule = {f["rule"]: f for f in findings}
    assert "«phường Thạch Khê»" in by_rule["text.unit_name"]["message"]
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 11" in by_rule["text.heading_month"]["message"]
    assert "tháng 12" in by_rule["text.heading_month"]["message"]
    assert all(f["severity"] == "warning" for f in findings)


def test_the_party_seed_has_two_data_windows():
    (finding,) = findings_of(seed_text("000_a74f68ec347e13c9"))
    assert finding["rule"] == "text.data_window"
    assert (
        "20/09/2025–16/10/2025" in finding["message"]
        and "20/09/2025–19/10/2025" in finding["message"]
    )


REPORT = """ỦY BAN NHÂN DÂN XÃ AN LÃO

BÁO CÁO
Kết quả thực hiện nhiệm vụ tháng 10, phương hướng nhiệm vụ tháng 11 năm 2025

I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG {result}
Xã An Lão tiếp nhận hồ sơ (từ ngày 15/9/2025 đến ngày 14/10/2025). UBND xã An Lão đã hoàn thành.
{extra}
II. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG {plan}
Xã An Lão tiếp tục thực hiện các nhiệm vụ được giao trong tháng tới.
"""


def test_a_consistent_report_has_no_text_finding():
    assert findings_of(REPORT.format(result=10, plan=11, extra="")) == []


def test_a_result_heading_with_another_month():
    assert rules(findings_of(REPORT.format(result=9, plan=11, extra=""))) == ["text.heading_month"]


def test_another_spelling_of_the_unit_but_not_another_unit():
    text = REPORT.format(result=10, plan=11, extra="Phối hợp với xã An Lảo và xã Kiến Thụy.")
    (finding,) = findings_of(text)
    assert finding["rule"] == "text.unit_name" and "«xã An Lảo»" in finding["message"]


def test_windows_written_differently_but_equal_are_one():
    extra = "Hộ tịch: Từ 15/9/2025 - 14/10/2025 đã đăng ký khai sinh."
    assert findings_of(REPORT.format(result=10, plan=11, extra=extra)) == []
    extra = "Hộ tịch: Từ 20/9/2025 đến 19/10/2025 đã đăng ký khai sinh."
    assert rules(findings_of(REPORT.format(result=10, plan=11, extra=extra))) == [
        "text.data_window"
    ]
