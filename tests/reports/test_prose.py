from decimal import Decimal

import pytest

from baocao.reports import prose


def resolve_with(values, facts=None):
    return prose.resolver({k: Decimal(str(v)) for k, v in values.items()}, facts or {})


def test_placeholders_are_found_with_code_format_and_span():
    text = "tiếp nhận {{tthc.received}} hồ sơ, rút {{tthc.withdrawn|pad}} hồ sơ"
    found = prose.placeholders(text)
    assert [(p.code, p.format) for p in found] == [("tthc.received", ""), ("tthc.withdrawn", "pad")]
    assert text[found[0].start : found[0].end] == "{{tthc.received}}"


def test_figures_render_the_vietnamese_way():
    resolve = resolve_with(
        {
            "tthc.received": 1527,
            "tthc.withdrawn": 3,
            "ngansach.revenue": 11015000000,
            "tthc.online.rate": "88.73",
        }
    )
    text = "{{tthc.received}} hồ sơ; rút {{tthc.withdrawn|pad}}; thu {{ngansach.revenue|ty}} đồng; đạt {{tthc.online.rate}}%"
    assert prose.plain(text, resolve) == "1.527 hồ sơ; rút 03; thu 11 tỷ 15 triệu đồng; đạt 88,73%"


def test_a_reported_zero_renders_as_zero():
    assert (
        prose.plain("từ chối: {{tthc.rejected|pad}} hồ sơ", resolve_with({"tthc.rejected": 0}))
        == "từ chối: 00 hồ sơ"
    )
    assert (
        prose.plain("{{tthc.feedback}} phản ánh", resolve_with({"tthc.feedback": 0}))
        == "0 phản ánh"
    )


def test_a_missing_figure_is_marked_in_a_draft():
    runs = prose.runs("tiếp nhận {{tthc.received}} hồ sơ", resolve_with({}))
    assert "".join(r.text for r in runs) == "tiếp nhận [chưa có số liệu: tthc.received] hồ sơ"
    assert [r.missing for r in runs] == [False, True, False]


def test_a_missing_figure_blocks_a_final_document():
    with pytest.raises(prose.MissingValue) as caught:
        prose.runs("tiếp nhận {{tthc.received}} hồ sơ", resolve_with({}), final=True)
    assert caught.value.code == "tthc.received"


def test_report_facts_fill_in():
    resolve = resolve_with({}, {"unit": "phường Thạch Khôi", "period": "tháng 11"})
    assert (
        prose.plain("trên địa bàn {{unit}} trong {{period}}", resolve)
        == "trên địa bàn phường Thạch Khôi trong tháng 11"
    )


def test_footnote_markers_become_reference_runs_where_the_prose_puts_them():
    runs = prose.runs("trên địa bàn[^1]. Tiếp theo[^b]", resolve_with({}))
    assert [(r.text, r.footnote) for r in runs] == [
        ("trên địa bàn", None),
        ("", "1"),
        (". Tiếp theo", None),
        ("", "b"),
    ]
    assert prose.footnote_keys("a[^1] b[^dkkd]") == ["1", "dkkd"]


def test_bold_and_italic_runs():
    runs = prose.runs("**Nội vụ:** nội dung *để báo cáo*", resolve_with({}))
    assert [(r.text, r.bold, r.italic) for r in runs] == [
        ("Nội vụ:", True, False),
        (" nội dung ", False, False),
        ("để báo cáo", False, True),
    ]


def test_an_unpaired_asterisk_stays_as_text():
    runs = prose.runs("Điểm * chưa đóng", resolve_with({}))
    assert "".join(r.text for r in runs) == "Điểm * chưa đóng"
    assert not any(r.italic for r in runs)


def test_figure_codes_leave_out_report_facts():
    assert prose.figure_codes("{{unit}} có {{dang.members}} đảng viên, {{period}}") == [
        "dang.members"
    ]
