"""The outline, the blocks of a section, pasted text and góp ý through the editor's
endpoints: versions required, the section shown again, refusals in Vietnamese."""

import json

import pytest
from django.urls import reverse

from baocao.accounts.models import Membership
from baocao.reports.models import AuditEntry, Block, Comment, Report, Section
from baocao.web.editor.paste import html_to_blocks, text_to_blocks
from tests.factories import demo_draft, make_user

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def clerk(db):
    return make_user("11560", Membership.CLERK, first_name="Mai")


@pytest.fixture
def draft(db):
    return demo_draft()


def economy(report) -> Section:
    return report.sections.get(title="Lĩnh vực kinh tế")


def body(section):
    return list(section.blocks.exclude(kind=Block.FOOTNOTE).order_by("position", "pk"))


def test_adding_a_section_redirects_to_it_with_a_computed_number(client, clerk, draft):
    client.force_login(clerk)
    section = economy(draft)
    url = reverse("outline_change", args=[draft.pk, section.pk, "them"])
    data = {"title": "Công tác chuyển đổi số", "where": "after", "version": draft.version}
    response = client.post(url, data, **HTMX)
    added = draft.sections.get(title="Công tác chuyển đổi số")
    assert response.status_code == 204
    assert response["HX-Redirect"].endswith(f"?muc={added.pk}")
    page = client.get(response["HX-Redirect"]).content.decode()
    assert '<span class="num">2.</span> Công tác chuyển đổi số' in page
    # The same page's next change is based on an outline that moved on: refused.
    again = client.post(url, data | {"title": "Mục khác"}, **HTMX)
    assert again.status_code == 409 and "tải lại trang" in again.content.decode()


def test_outline_changes_without_a_version_are_refused(client, clerk, draft):
    client.force_login(clerk)
    section = economy(draft)
    for action in ("doi-ten", "len", "xoa"):
        url = reverse("outline_change", args=[draft.pk, section.pk, action])
        response = client.post(url, {"title": "X", "confirm": "1"}, **HTMX)
        assert response.status_code == 400, action
    assert draft.sections.filter(pk=section.pk, title="Lĩnh vực kinh tế").exists()


def test_removing_a_section_needs_confirmation_and_is_in_the_history(client, clerk, draft):
    client.force_login(clerk)
    section = economy(draft)
    url = reverse("outline_change", args=[draft.pk, section.pk, "xoa"])
    refused = client.post(url, {"version": draft.version}, **HTMX)
    assert refused.status_code == 422 and Section.objects.filter(pk=section.pk).exists()
    done = client.post(url, {"version": draft.version, "confirm": "1"}, **HTMX)
    assert done.status_code == 204 and not Section.objects.filter(pk=section.pk).exists()
    history = client.get(reverse("report_history", args=[draft.pk])).content.decode()
    assert "xóa mục «Lĩnh vực kinh tế»" in history and "Đề cương" in history


def test_adding_splitting_and_merging_paragraphs(client, clerk, draft):
    client.force_login(clerk)
    section = economy(draft)
    first = body(section)[0]
    add = reverse("add_block", args=[draft.pk, section.pk])
    response = client.post(
        add,
        {"anchor": first.pk, "where": "after", "version": section.version, "section": section.pk},
        **HTMX,
    )
    assert response.status_code == 200
    new = body(section)[1]
    html = response.content.decode()
    # Only the new paragraph is drawn, right after the one it follows.
    assert new.text == "" and f'hx-swap-oob="afterend:#block-{first.pk}"' in html
    assert f'id="block-{new.pk}"' in html and f'id="sec-{section.pk}"' not in html
    focus = json.loads(response["HX-Trigger-After-Settle"])["baocao:focus"]
    assert focus == {"id": new.pk, "caret": 0}
    section.refresh_from_db()
    event = json.loads(response["HX-Trigger"])["baocao:section"]
    assert event == {"id": section.pk, "version": section.version}
    split = reverse("block_change", args=[draft.pk, new.pk, "tach"])
    text = "Đoạn một. Đoạn hai."
    client.post(split, {"text": text, "at": 10, "version": new.version}, **HTMX)
    new.refresh_from_db()
    second = body(section)[2]
    assert new.text == "Đoạn một." and second.text == "Đoạn hai."
    merge = reverse("block_change", args=[draft.pk, second.pk, "gop"])
    client.post(merge, {"text": "Đoạn hai.", "version": second.version}, **HTMX)
    new.refresh_from_db()
    assert new.text == "Đoạn một. Đoạn hai." and not Block.objects.filter(pk=second.pk).exists()


def test_a_list_level_change_saves_what_was_typed(client, clerk, draft):
    client.force_login(clerk)
    block = body(economy(draft))[1]
    url = reverse("block_change", args=[draft.pk, block.pk, "kieu"])
    data = {"kind": "item", "level": "2", "text": "Ý phụ mới.", "version": block.version}
    response = client.post(url, data, **HTMX)
    block.refresh_from_db()
    assert (block.kind, block.level, block.text) == ("item", 2, "Ý phụ mới.")
    event = json.loads(response["HX-Trigger"])["baocao:block"]
    assert event == {"id": block.pk, "version": block.version, "kind": "item", "level": 2}


def test_a_table_is_added_and_edited_cell_by_cell(client, clerk, draft):
    client.force_login(clerk)
    section = economy(draft)
    add = reverse("add_block", args=[draft.pk, section.pk])
    data = {"kind": "table", "rows": 2, "columns": 2, "version": section.version}
    client.post(add, data, **HTMX)
    table = section.blocks.get(kind=Block.TABLE)
    url = reverse("block_change", args=[draft.pk, table.pk, "bang"])
    cells = {
        "cell-0-0": "Chỉ tiêu",
        "cell-0-1": "Số",
        "cell-1-0": "Hộ mới",
        "cell-1-1": "{{dkkd.new}}",
    }
    client.post(url, cells | {"version": 1, "header": "1"}, **HTMX)
    response = client.post(url, {"version": 2, "op": "add-row", "header": "1"}, **HTMX)
    assert response.status_code == 200
    table.refresh_from_db()
    assert [[c["text"] for c in r] for r in table.data["rows"]] == [
        ["Chỉ tiêu", "Số"],
        ["Hộ mới", "{{dkkd.new}}"],
        ["", ""],
    ]
    html = response.content.decode()
    assert "table-preview" in html and "<th>Chỉ tiêu</th>" in html
    stale = client.post(url, {"version": 1, "op": "add-col"}, **HTMX)
    assert stale.status_code == 409


def test_pasting_from_word_keeps_marks_and_lists_only(client, clerk, draft):
    client.force_login(clerk)
    block = body(economy(draft))[1]
    html = (
        '<p class=MsoNormal><b>Kết quả</b> <span style="font-style:italic;color:red;'
        'font-family:Arial">nổi bật</span></p>'
        "<p style='mso-list:l0 level1 lfo1'><![if !supportLists]>-<![endif]>Ý một</p>"
        "<p style='mso-list:l0 level2 lfo1'><![if !supportLists]>o<![endif]>Ý phụ</p>"
        '<script>alert(1)</script><img src="x">'
    )
    url = reverse("block_change", args=[draft.pk, block.pk, "dan"])
    data = {"html": html, "text": "Đầu. Cuối.", "at": 5, "version": block.version}
    assert client.post(url, data, **HTMX).status_code == 200
    section = economy(draft)
    blocks = body(section)
    at = [b.pk for b in blocks].index(block.pk)
    pasted = [(b.kind, b.level, b.text) for b in blocks[at : at + 4]]
    assert pasted == [
        ("paragraph", 0, "Đầu. **Kết quả** *nổi bật*"),
        ("item", 1, "Ý một"),
        ("item", 2, "Ý phụ"),
        ("paragraph", 0, "Cuối."),
    ]
    assert not any("<" in b.text or "alert" in b.text for b in blocks)


def test_paste_conversion_of_lists_and_plain_text():
    pieces = html_to_blocks("<ul><li>A<ul><li>B <u>gạch</u></li></ul></li></ul>")
    assert [(p.kind, p.level, p.text) for p in pieces] == [
        ("item", 1, "A"),
        ("item", 2, "B __gạch__"),
    ]
    lines = text_to_blocks("Mở đầu\n- Ý một\n+ Ý phụ\n")
    assert [(p.kind, p.level, p.text) for p in lines] == [
        ("paragraph", 0, "Mở đầu"),
        ("item", 1, "Ý một"),
        ("item", 2, "Ý phụ"),
    ]


def test_comments_through_the_editor(client, clerk, draft):
    leader = make_user("11560", Membership.LEADER, first_name="Hùng")
    Report.objects.filter(pk=draft.pk).update(status=Report.APPROVED)  # comments block nothing
    block = body(economy(draft))[0]
    client.force_login(leader)
    url = reverse("add_comment", args=[draft.pk, block.pk])
    response = client.post(url, {"text": "Nêu rõ số hộ."}, **HTMX)
    assert response.status_code == 200 and "Nêu rõ số hộ." in response.content.decode()
    thread = Comment.objects.get(report=draft)
    client.force_login(clerk)
    page = client.get(reverse("report_editor", args=[draft.pk]), {"muc": "gop-y"}).content.decode()
    assert "Nêu rõ số hộ." in page
    client.post(reverse("reply_comment", args=[draft.pk, thread.pk]), {"text": "Đã sửa."}, **HTMX)
    client.post(reverse("resolve_comment", args=[draft.pk, thread.pk]), **HTMX)
    thread.refresh_from_db()
    assert thread.resolved_by == clerk and thread.replies.get().text == "Đã sửa."
    assert AuditEntry.objects.filter(report=draft, action="comment").count() == 3
    refused = client.post(url, {"text": "Thư ký không góp ý."}, **HTMX)
    assert refused.status_code == 403


def test_the_history_offers_to_put_a_removed_section_back(client, clerk, draft):
    client.force_login(clerk)
    section = economy(draft)
    url = reverse("outline_change", args=[draft.pk, section.pk, "xoa"])
    client.post(url, {"version": draft.version, "confirm": "1"}, **HTMX)
    history = client.get(reverse("report_history", args=[draft.pk])).content.decode()
    assert "Khôi phục mục này" in history
    entry = AuditEntry.objects.get(report=draft, action="outline")
    draft.refresh_from_db()
    restore = reverse("restore_section", args=[draft.pk, entry.pk])
    assert client.post(restore, {}).status_code == 302  # no version: refused, told on the page
    assert not draft.sections.filter(title="Lĩnh vực kinh tế").exists()
    response = client.post(restore, {"version": draft.version})
    back = draft.sections.get(title="Lĩnh vực kinh tế")
    assert response["Location"].endswith(f"?muc={back.pk}")
    assert (
        "Khôi phục mục này"
        not in client.get(reverse("report_history", args=[draft.pk])).content.decode()
    )


def test_a_pasted_number_equal_to_a_figure_is_offered_and_bound(client, clerk, draft):
    from baocao import vn

    client.force_login(clerk)
    section = economy(draft)
    value = max(
        v
        for v in draft.values.filter(indicator__code__in=section.indicators).values_list(
            "value", flat=True
        )
        if v >= 10 and not 1900 <= v <= 2100
    )
    code = draft.values.filter(indicator__code__in=section.indicators, value=value).first()
    code = code.indicator.code
    shown = vn.format_number(value)
    block = body(section)[1]
    url = reverse("block_change", args=[draft.pk, block.pk, "dan"])
    html = f"<p>Trong tháng có {shown} hộ.</p>"
    data = {"html": html, "text": "", "at": 0, "version": block.version}
    response = client.post(url, data, **HTMX)
    page = response.content.decode()
    assert "Gắn số liệu" in page and f'"code": "{code}"' in page
    block.refresh_from_db()
    assert block.text == f"Trong tháng có {shown} hộ."
    bind = reverse("block_change", args=[draft.pk, block.pk, "gan"])
    client.post(bind, {"literal": shown, "code": code, "version": block.version}, **HTMX)
    block.refresh_from_db()
    assert block.text == f"Trong tháng có {{{{{code}}}}} hộ."
