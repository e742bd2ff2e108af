"""Writing a report in the editor as a clerk does, with keyboard and mouse in
chromium: sections added, renamed, moved, removed; paragraphs written, split, made
list items at two levels; bold, italic, underline; a table; a stale save and its
choice; text pasted from Word; góp ý. Each ends with the downloaded DOCX opened and
checked. Screenshots go to var/screenshots/ (the README's come from here)."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from playwright.sync_api import Page, expect

from baocao.accounts.models import Membership
from baocao.reports.editing import save_block
from baocao.reports.models import Block, Comment, Section
from tests.browser.test_report_flow import log_in
from tests.factories import demo_draft, make_user


def download_docx(page: Page) -> Document:
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Word (.docx)").click()
    return Document(io.BytesIO(download.value.path().read_bytes()))


def paragraph_with(doc: Document, text: str):
    found = [p for p in doc.paragraphs if text in p.text]
    assert found, f"«{text}» is not in the document"
    return found[0]


def list_level(paragraph) -> int | None:
    """The Word list level of a paragraph (0 for "-", 1 for "+"), None if not a list."""
    ppr = paragraph._p.pPr
    if ppr is None or ppr.numPr is None or ppr.numPr.ilvl is None:
        return None
    return int(ppr.numPr.ilvl.get(qn("w:val")))


def wait_saved(page: Page) -> None:
    """Past the editor's pause before saving (800 ms), every save answered. (The live
    server shares one SQLite connection between requests: two at once would collide,
    which a real server, with a connection per thread, does not do.)"""
    page.wait_for_timeout(1000)
    expect(page.locator("#save-state")).to_contain_text("Đã lưu", timeout=15_000)
    page.wait_for_load_state("networkidle")


def open_section(page: Page, base: str, report, title: str) -> Section:
    section = report.sections.get(title=title)
    page.goto(f"{base}/bao-cao/{report.pk}/soan/?muc={section.pk}")
    return section


def clerk_page(page: Page, base: str):
    report = demo_draft()  # Phường Thủy Nguyên, tháng 11/2025, from the template
    make_user(report.unit, Membership.CLERK, username="thuynguyen", first_name="Lan")
    page.set_default_timeout(15_000)
    log_in(page, base, "thuynguyen")
    return report


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_clerk_writes_a_new_section(demo, live_server, browser_page: Page, screenshots):
    page, base = browser_page, live_server.url
    report = clerk_page(page, base)
    open_section(page, base, report, "Lĩnh vực kinh tế")

    # A new section after this one: numbered by its place, never typed.
    page.get_by_text("Sửa mục này").click()
    page.get_by_label("Thêm mục mới").fill("Công tác chuyển đổi số")
    page.get_by_role("button", name="Thêm mục", exact=True).click()
    expect(page.locator("#outline a[aria-current=page]")).to_have_text("2. Công tác chuyển đổi số")

    # Write: a paragraph with bold, italic and underline from the keyboard.
    page.get_by_role("button", name="+ Đoạn văn").click()
    text = page.locator("textarea.block-text")
    expect(text).to_be_focused()
    page.keyboard.type("Triển khai ")
    page.keyboard.press("Control+b")
    page.keyboard.type("nền tảng số")
    page.keyboard.press("End")
    page.keyboard.type(" cho ")
    page.keyboard.press("Control+i")
    page.keyboard.type("người dân")
    page.keyboard.press("End")
    page.keyboard.type(", ")
    page.keyboard.press("Control+u")
    page.keyboard.type("đúng hạn")
    page.keyboard.press("End")
    page.keyboard.type(". Kết quả cụ thể:")
    wait_saved(page)
    # Enter splits at the cursor; "- " makes a list item; Tab takes it a level down.
    page.keyboard.press("Enter")
    expect(page.locator("textarea.block-text")).to_have_count(2)
    page.keyboard.type("- Cấp mã định danh cho hộ kinh doanh")
    wait_saved(page)
    page.keyboard.press("Enter")
    expect(page.locator("textarea.block-text")).to_have_count(3)
    page.keyboard.press("Tab")
    page.keyboard.type("Hướng dẫn tại nhà văn hóa tổ dân phố")
    wait_saved(page)

    # A figure in the text is one piece: Backspace next to it selects it whole.
    page.locator("details.edit-text").first.evaluate("d => { d.open = true; }")
    first = page.locator("textarea.block-text").first
    first.click()
    first.press("End")
    first.type(" Đã có {{dkkd.new}}")
    first.press("Backspace")
    assert (
        page.evaluate(
            "() => { const t = document.querySelector('textarea.block-text');"
            " return t.value.slice(t.selectionStart, t.selectionEnd); }"
        )
        == "{{dkkd.new}}"
    )
    first.press("End")
    first.type(" hộ mới.")
    wait_saved(page)

    # A 2 × 2 table with a header row and a figure in a cell.
    page.get_by_label("Số hàng").fill("2")
    page.get_by_label("Số cột").fill("2")
    page.get_by_role("button", name="+ Bảng").click()
    page.get_by_label("Ô hàng 1, cột 1").fill("Chỉ tiêu")
    page.get_by_label("Ô hàng 1, cột 2").fill("Số hộ")
    page.get_by_label("Ô hàng 2, cột 1").fill("Thành lập mới")
    page.get_by_label("Ô hàng 2, cột 2").fill("{{dkkd.new}}")
    page.get_by_label("Ô hàng 2, cột 2").press("Tab")
    wait_saved(page)
    expect(page.locator(".table-preview th").first).to_have_text("Chỉ tiêu")
    page.screenshot(path=screenshots / "soan-muc-moi.png", full_page=True)

    section = report.sections.get(title="Công tác chuyển đổi số")
    blocks = list(section.blocks.order_by("position", "pk"))
    assert [(b.kind, b.level) for b in blocks] == [
        ("paragraph", 0),
        ("item", 1),
        ("item", 2),
        ("table", 0),
    ]
    assert blocks[0].text == (
        "Triển khai **nền tảng số** cho *người dân*, __đúng hạn__. Kết quả cụ thể:"
        " Đã có {{dkkd.new}} hộ mới."
    )
    new_households = report.values.get(indicator__code="dkkd.new").value

    doc = download_docx(page)
    heading = paragraph_with(doc, "Công tác chuyển đổi số")
    assert heading.text.startswith("2.")
    body = paragraph_with(doc, "Triển khai nền tảng số")
    assert [r.text for r in body.runs if r.bold] == ["nền tảng số"]
    assert [r.text for r in body.runs if r.italic] == ["người dân"]
    assert [r.text for r in body.runs if r.underline] == ["đúng hạn"]
    assert f"Đã có {int(new_households)} hộ mới." in body.text
    first_item = paragraph_with(doc, "Cấp mã định danh cho hộ kinh doanh")
    second_item = paragraph_with(doc, "Hướng dẫn tại nhà văn hóa tổ dân phố")
    assert (list_level(first_item), list_level(second_item)) == (0, 1)
    assert not first_item.text.startswith(("-", "+"))
    table = next(t for t in doc.tables if t.cell(0, 0).text == "Chỉ tiêu")
    assert [c.text for c in table.rows[1].cells] == ["Thành lập mới", str(int(new_households))]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_outline_changes_a_stale_save_and_a_paste_from_word(
    demo, live_server, browser_page: Page, screenshots
):
    page, base = browser_page, live_server.url
    report = clerk_page(page, base)
    page.on("dialog", lambda dialog: dialog.accept())

    # Move "Công tác thu, chi ngân sách" up, rename it; remove "Công tác giải phóng mặt bằng".
    open_section(page, base, report, "Công tác thu, chi ngân sách")
    page.get_by_text("Sửa mục này").click()
    page.get_by_role("button", name="↑ Lên").click()
    expect(page.locator("#outline a[aria-current=page]")).to_have_text(
        "1. Công tác thu, chi ngân sách"
    )
    page.get_by_text("Sửa mục này").click()
    page.get_by_label("Tên mục", exact=True).fill("Thu, chi ngân sách")
    page.get_by_role("button", name="Lưu tên mục").click()
    expect(page.locator("#outline a[aria-current=page]")).to_have_text("1. Thu, chi ngân sách")
    open_section(page, base, report, "Công tác giải phóng mặt bằng (GPMB)")
    page.get_by_text("Sửa mục này").click()
    page.get_by_role("button", name="Xóa mục này").click()
    expect(page.locator("#outline")).not_to_contain_text("giải phóng mặt bằng")

    # Someone else saves a paragraph while it is open here: the save is refused with
    # their text and a choice; the clerk keeps her own.
    section = open_section(page, base, report, "Thu, chi ngân sách")
    block = section.blocks.filter(kind=Block.PARAGRAPH).order_by("position").first()
    other = make_user(report.unit, Membership.LEADER, first_name="Hùng")
    save_block(block=block, text="Bản của lãnh đạo.", user=other, expected_version=block.version)
    page.locator(f"#block-{block.pk} summary").first.click()
    field = page.locator(f"#text-{block.pk}")
    field.fill("Thu ngân sách ước đạt {{ngansach.revenue|ty}} đồng, vượt dự toán.")
    field.press("Tab")
    toast = page.locator("#toast .toast")
    expect(toast).to_contain_text("Bản của lãnh đạo.")
    page.get_by_role("button", name="Ghi đè bằng bản của tôi").click()
    wait_saved(page)
    block.refresh_from_db()
    assert block.text.startswith("Thu ngân sách ước đạt")

    # Pasted from Word: bold, italic and the two-level list kept; fonts and colours gone.
    field = page.locator(f"#text-{block.pk}")
    field.click()
    field.press("End")
    blocks = page.locator(f"#sec-{section.pk} > .blocks > article.block")
    before = blocks.count()
    word = (
        '<p class=MsoNormal><span style="font-family:Arial;color:red">Trong đó: </span>'
        "<b>thu tiền sử dụng đất</b> <i>tăng mạnh</i></p>"
        "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'>"
        "<![if !supportLists]>-<![endif]>Thu thuế ngoài quốc doanh</p>"
        "<p class=MsoListParagraph style='mso-list:l0 level2 lfo1'>"
        "<![if !supportLists]>o<![endif]>Hộ kinh doanh cá thể</p>"
    )
    page.evaluate(
        """([id, html]) => {
          const t = document.getElementById(id);
          const data = new DataTransfer();
          data.setData("text/html", html);
          data.setData("text/plain", "Trong đó: thu tiền sử dụng đất tăng mạnh");
          t.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [f"text-{block.pk}", word],
    )
    expect(blocks).to_have_count(before + 2)
    wait_saved(page)
    page.screenshot(path=screenshots / "dan-tu-word.png")

    doc = download_docx(page)
    texts = [p.text for p in doc.paragraphs]
    assert not any("Công tác giải phóng mặt bằng (GPMB)" in t for t in texts)
    assert not any("kiểm đếm tài sản trên đất" in t for t in texts)  # its paragraph
    heading = paragraph_with(doc, "Thu, chi ngân sách")
    assert heading.text.startswith("1.")
    assert texts.index(heading.text) < texts.index(paragraph_with(doc, "Lĩnh vực kinh tế").text)
    pasted = paragraph_with(doc, "thu tiền sử dụng đất")
    assert "vượt dự toán." in pasted.text and "Bản của lãnh đạo" not in pasted.text
    assert [r.text for r in pasted.runs if r.bold] == ["thu tiền sử dụng đất"]
    assert [r.text for r in pasted.runs if r.italic] == ["tăng mạnh"]
    assert all(r.font.color.rgb is None or str(r.font.color.rgb) != "FF0000" for r in pasted.runs)
    assert list_level(paragraph_with(doc, "Thu thuế ngoài quốc doanh")) == 0
    assert list_level(paragraph_with(doc, "Hộ kinh doanh cá thể")) == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_leader_comments_and_the_clerk_answers(
    demo, live_server, browser_page: Page, screenshots
):
    page, base = browser_page, live_server.url
    report = demo_draft()
    make_user(report.unit, Membership.LEADER, username="thuynguyen.lanhdao", first_name="Hùng")
    make_user(report.unit, Membership.CLERK, username="thuynguyen", first_name="Lan")
    page.set_default_timeout(15_000)
    log_in(page, base, "thuynguyen.lanhdao")
    section = open_section(page, base, report, "Lĩnh vực kinh tế")
    block = section.blocks.filter(kind=Block.PARAGRAPH).order_by("position").first()
    page.locator(f"#block-{block.pk} .new-comment summary").click()
    page.locator(f"#comment-{block.pk}").fill("Nêu rõ số hộ thành lập mới so với tháng trước.")
    page.locator(f"#comment-fig-{block.pk}").select_option("dkkd.total")
    page.get_by_role("button", name="Gửi góp ý").first.click()
    expect(page.locator(f"#comments-{block.pk} .thread")).to_contain_text("Nêu rõ số hộ")
    expect(page.locator("#outline .badge.comment")).to_have_text("1")
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, base, "thuynguyen")
    page.goto(f"{base}/bao-cao/{report.pk}/soan/?muc=gop-y")
    page.get_by_role("link", name="Hùng").first.click()
    thread = page.locator(f"#comments-{block.pk} .thread")
    expect(thread).to_contain_text("về số liệu")
    thread.get_by_placeholder("Trả lời góp ý").fill("Đã bổ sung trong đoạn.")
    thread.get_by_role("button", name="Trả lời").click()
    expect(thread).to_contain_text("Đã bổ sung trong đoạn.")
    page.screenshot(path=screenshots / "gop-y.png")
    thread.get_by_role("button", name="Đã giải quyết").click()
    expect(page.locator(f"#comments-{block.pk} .thread.resolved")).to_contain_text("Đã giải quyết")
    expect(page.locator("#outline .badge.comment")).to_have_count(0)
    comment = Comment.objects.get(report=report, parent=None)
    assert comment.resolved_at is not None and comment.indicator == "dkkd.total"

    # Comments are not part of the document, and block nothing.
    doc = download_docx(page)
    assert not any("Nêu rõ số hộ" in p.text for p in doc.paragraphs)
    assert paragraph_with(doc, "Lĩnh vực kinh tế")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typing_through_a_split_loses_nothing(demo, live_server, browser_page: Page):
    """Keys typed while Enter's split is on its way are held and land in the new
    paragraph; "-" that arrives before the split's answer and " " after it still make
    a sub-item (the kind change waits for the text save and takes its version)."""
    page, base = browser_page, live_server.url
    report = clerk_page(page, base)
    open_section(page, base, report, "Lĩnh vực kinh tế")
    page.get_by_text("Sửa mục này").click()
    page.get_by_label("Thêm mục mới").fill("Công tác chuyển đổi số")
    page.get_by_role("button", name="Thêm mục", exact=True).click()
    expect(page.locator("#outline a[aria-current=page]")).to_have_text("2. Công tác chuyển đổi số")
    page.get_by_role("button", name="+ Đoạn văn").click()
    expect(page.locator("textarea.block-text")).to_be_focused()
    page.keyboard.type("Kết quả cụ thể:")
    # No pause: the keys go out while the split is still being answered.
    page.keyboard.press("Enter")
    page.keyboard.type("- Cấp mã định danh cho hộ kinh doanh")
    wait_saved(page)
    page.keyboard.press("Enter")
    page.keyboard.type("+")
    expect(page.locator("textarea.block-text")).to_have_count(3)
    page.keyboard.type(" Hướng dẫn nộp hồ sơ trực tuyến")
    wait_saved(page)
    expect(page.locator("#toast .toast")).to_have_count(0)  # no stale-version refusal

    section = report.sections.get(title="Công tác chuyển đổi số")
    blocks = list(section.blocks.order_by("position", "pk"))
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("paragraph", 0, "Kết quả cụ thể:"),
        ("item", 1, "Cấp mã định danh cho hộ kinh doanh"),
        ("item", 2, "Hướng dẫn nộp hồ sơ trực tuyến"),
    ]
    doc = download_docx(page)
    items = [paragraph_with(doc, t) for t in ("Cấp mã định danh", "Hướng dẫn nộp hồ sơ")]
    assert [list_level(p) for p in items] == [0, 1]
    assert not any(p.text.startswith(("-", "+")) for p in items)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_number_pasted_from_word_is_bound_to_its_figure(demo, live_server, browser_page: Page):
    """A number pasted inside text that equals one of the section's figures is offered
    to be bound; once bound, the paragraph holds the figure, and the DOCX prints it."""
    from baocao import vn

    page, base = browser_page, live_server.url
    report = clerk_page(page, base)
    section = open_section(page, base, report, "Lĩnh vực kinh tế")
    value = max(
        v
        for v in report.values.filter(indicator__code__in=section.indicators).values_list(
            "value", flat=True
        )
        if v >= 10 and not 1900 <= v <= 2100
    )
    code = report.values.filter(indicator__code__in=section.indicators, value=value)[0]
    code = code.indicator.code
    shown = vn.format_number(value)
    paragraphs = section.blocks.filter(kind=Block.PARAGRAPH).exclude(text__contains="[^")
    block = paragraphs.order_by("position").first()  # one without footnotes: all replaced
    page.locator(f"#block-{block.pk} summary").first.click()
    field = page.locator(f"#text-{block.pk}")
    field.fill("")
    field.focus()
    page.evaluate(
        """([id, html]) => {
          const t = document.getElementById(id);
          const data = new DataTransfer();
          data.setData("text/html", html);
          data.setData("text/plain", "x");
          t.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [f"text-{block.pk}", f"<p class=MsoNormal><b>Trong tháng</b> có {shown} hộ.</p>"],
    )
    offer = page.locator("#toast .offers li")
    expect(offer).to_contain_text(f"«{shown}»")
    offer.get_by_role("button", name="Gắn số liệu").click()
    wait_saved(page)
    expect(page.locator("#toast .toast.error")).to_have_count(0)
    block.refresh_from_db()
    assert block.text == f"**Trong tháng** có {{{{{code}}}}} hộ."
    doc = download_docx(page)
    assert f"Trong tháng có {shown} hộ." in paragraph_with(doc, "Trong tháng có").text
