"""The outline: computed numbering, and the clerk's changes to it, each based on the
report's version and kept in the history."""

import json

import pytest

from baocao.reports import outline
from baocao.reports.errors import ConflictError, ReportError
from baocao.reports.models import AuditEntry, Block, Report, Section
from tests.factories import make_report, make_user


def tree(report) -> list[tuple[str, str]]:
    """(label, title) of every section in reading order."""
    report.refresh_from_db()
    sections = list(report.sections.all())
    labels = outline.numbering(sections, report.template.issuer)
    order = []

    def walk(parent):
        for s in sorted((s for s in sections if s.parent_id == parent), key=lambda s: s.position):
            order.append((labels[s.pk], s.title))
            walk(s.pk)

    walk(None)
    return order


def section(report, title) -> Section:
    return report.sections.get(title=title)


def test_ubnd_and_party_numbering_styles():
    assert [outline.label("ubnd", lvl, 2, "1.") for lvl in range(4)] == [
        "II.",
        "2.",
        "1.2",
        "b)",
    ]
    assert [outline.label("dang", lvl, 4, "") for lvl in range(4)] == ["D.", "IV.", "4.", "d)"]
    assert outline.roman(14) == "XIV" and outline.letter(5) == "đ"


def test_numbering_follows_the_position_not_the_typed_number(db):
    report = make_report()
    labels = dict(tree(report))
    titles = {t: lbl for lbl, t in tree(report)}
    assert titles["KẾT QUẢ THỰC HIỆN NHIỆM VỤ"] == "I."
    assert titles["Nông nghiệp"] == "1.1"  # typed "1.2" in the template
    assert "II." in labels


def test_add_rename_move_indent_outdent_and_remove(db):
    report, user = make_report(), make_user()
    v = report.version
    economy = section(report, "Lĩnh vực kinh tế")
    added = outline.add_section(
        report=report,
        anchor=economy,
        where="after",
        title="Công tác mới",
        user=user,
        expected_version=v,
    )
    order = [t for _, t in tree(report)]
    assert order.index("Công tác mới") == order.index("Nông nghiệp") + 1
    assert dict((t, lbl) for lbl, t in tree(report))["Công tác mới"] == "2."
    report.refresh_from_db()
    assert report.version == v + 1
    outline.update_section(
        section=added, title="Công tác chuyển đổi số", user=user, expected_version=report.version
    )
    report.refresh_from_db()
    outline.move_section(section=added, offset=-1, user=user, expected_version=report.version)
    labels = {t: lbl for lbl, t in tree(report)}
    assert labels["Công tác chuyển đổi số"] == "1." and labels["Lĩnh vực kinh tế"] == "2."
    report.refresh_from_db()
    outline.indent_section(
        section=section(report, "Lĩnh vực kinh tế"), user=user, expected_version=report.version
    )
    labels = {t: lbl for lbl, t in tree(report)}
    assert labels["Lĩnh vực kinh tế"] == "1.1" and labels["Nông nghiệp"] == "a)"
    report.refresh_from_db()
    outline.outdent_section(
        section=section(report, "Lĩnh vực kinh tế"), user=user, expected_version=report.version
    )
    assert {t: lbl for lbl, t in tree(report)}["Lĩnh vực kinh tế"] == "2."
    comments = list(
        AuditEntry.objects.filter(report=report, action="outline").values_list("comment", flat=True)
    )
    assert len(comments) == 5 and "thêm mục" in comments


def test_removing_a_section_removes_its_paragraphs_and_keeps_them_in_the_history(db):
    report, user = make_report(), make_user()
    economy = section(report, "Lĩnh vực kinh tế")
    texts = list(
        Block.objects.filter(section__in=[economy, section(report, "Nông nghiệp")]).values_list(
            "text", flat=True
        )
    )
    assert texts
    outline.remove_section(section=economy, user=user, expected_version=report.version)
    assert not Section.objects.filter(
        title__in=["Lĩnh vực kinh tế", "Nông nghiệp"], report=report
    ).exists()
    assert not Block.objects.filter(text__in=texts, section__report=report).exists()
    entry = AuditEntry.objects.get(report=report, action="outline")
    kept = json.loads(entry.old)
    assert kept["title"] == "Lĩnh vực kinh tế" and kept["children"][0]["title"] == "Nông nghiệp"
    assert {b["text"] for b in kept["blocks"]} | {
        b["text"] for b in kept["children"][0]["blocks"]
    } == set(texts)
    assert entry.user == user and "xóa mục" in entry.comment


def test_a_stale_outline_change_is_refused(db):
    report = make_report()
    v = report.version
    outline.add_section(report=report, title="Mục A", expected_version=v)
    with pytest.raises(ConflictError):
        outline.add_section(report=report, title="Mục B", expected_version=v)
    with pytest.raises(ConflictError):
        outline.remove_section(section=section(report, "Mục A"), expected_version=v)
    assert not report.sections.filter(title="Mục B").exists()


def test_outline_limits_are_explained(db):
    report = make_report()
    first = report.sections.filter(parent=None).order_by("position").first()
    with pytest.raises(ReportError, match="ở đầu"):
        outline.move_section(section=first, offset=-1, expected_version=report.version)
    with pytest.raises(ReportError, match="cấp cao nhất"):
        outline.outdent_section(section=first, expected_version=report.version)
    with pytest.raises(ReportError, match="cần có tên"):
        outline.add_section(report=report, title="  ", expected_version=report.version)


def test_a_locked_report_refuses_outline_changes(db):
    report = make_report()
    Report.objects.filter(pk=report.pk).update(status=Report.APPROVED)
    with pytest.raises(ReportError):
        outline.add_section(report=report, title="Mục", expected_version=report.version)


def test_a_runin_section_is_named_after_its_first_words(db):
    s = Section(title="", style=Section.RUNIN)
    text = "2. **Công tác thu, chi ngân sách:** thu {{ngansach.revenue}} đồng."
    assert outline.display_name(s, text) == "Công tác thu, chi ngân sách"
    assert outline.display_name(s, "") == "(Mục chưa đặt tên)"


def test_a_removed_section_comes_back_from_the_history_once(db):
    report, user = make_report(), make_user()
    economy = section(report, "Lĩnh vực kinh tế")
    before = tree(report)
    texts = sorted(
        Block.objects.filter(
            section__report=report, section__in=[economy] + list(economy.children.all())
        ).values_list("kind", "text")
    )
    outline.remove_section(section=economy, user=user, expected_version=report.version)
    entry = AuditEntry.objects.get(report=report, action="outline")
    report.refresh_from_db()
    restored = outline.restore_section(entry=entry, user=user, expected_version=report.version)
    assert tree(report) == before
    again = sorted(
        Block.objects.filter(
            section__report=report, section__in=[restored] + list(restored.children.all())
        ).values_list("kind", "text")
    )
    assert again == texts
    notes = Block.objects.filter(section=restored, kind=Block.FOOTNOTE)
    assert notes and all(n.anchor and n.anchor.section_id == restored.pk for n in notes)
    report.refresh_from_db()
    with pytest.raises(ReportError, match="đã được khôi phục"):
        outline.restore_section(entry=entry, expected_version=report.version)
