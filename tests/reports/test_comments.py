"""Góp ý: who may comment, answer and resolve; comments block nothing and stay."""

import pytest

from baocao.accounts.models import Membership
from baocao.reports import comments
from baocao.reports.errors import NotAllowedError, ReportError
from baocao.reports.models import AuditEntry, Block, Report
from tests.factories import make_report, make_user


def paragraph(report) -> Block:
    return Block.objects.filter(section__report=report, kind=Block.PARAGRAPH).order_by("pk").first()


def test_the_leader_comments_the_clerk_answers_and_resolves(db):
    report = make_report()
    leader = make_user(report.unit, Membership.LEADER, first_name="Hùng")
    clerk = make_user(report.unit, Membership.CLERK, first_name="Mai")
    block = paragraph(report)
    thread = comments.add_comment(report=report, user=leader, text="Bổ sung số liệu.", block=block)
    answer = comments.reply(parent=thread, user=clerk, text="Đã bổ sung.")
    assert answer.parent == thread and answer.block == block
    comments.resolve(comment=answer, user=clerk)
    thread.refresh_from_db()
    assert thread.resolved_by == clerk and thread.resolved_at is not None
    [listed] = comments.threads(report)
    assert listed.pk == thread.pk and [a.text for a in listed.answers] == ["Đã bổ sung."]
    kinds = list(
        AuditEntry.objects.filter(report=report, action="comment").values_list("comment", flat=True)
    )
    assert sorted(kinds) == ["góp ý", "trả lời góp ý", "đã giải quyết"]


def test_a_comment_on_a_figure_must_name_one_of_the_paragraph(db):
    report = make_report()
    leader = make_user(report.unit, Membership.LEADER)
    block = paragraph(report)
    block.text = "Tiếp nhận {{tthc.received}} hồ sơ."
    block.save()
    made = comments.add_comment(
        report=report, user=leader, text="Số này lệch.", block=block, indicator="tthc.received"
    )
    assert made.indicator == "tthc.received"
    with pytest.raises(ReportError):
        comments.add_comment(
            report=report, user=leader, text="x", block=block, indicator="tthc.resolved"
        )


def test_the_city_comments_only_once_the_report_is_submitted(db):
    report = make_report()
    city = make_user("31", Membership.CITY_STAFF)
    with pytest.raises(NotAllowedError):
        comments.add_comment(report=report, user=city, text="Góp ý.", block=paragraph(report))
    Report.objects.filter(pk=report.pk).update(status=Report.SUBMITTED)
    report.refresh_from_db()
    assert comments.add_comment(report=report, user=city, text="Góp ý.", block=paragraph(report))
    Report.objects.filter(pk=report.pk).update(status=Report.ACCEPTED)
    report.refresh_from_db()
    with pytest.raises(NotAllowedError):  # accepted: the review is over
        comments.add_comment(report=report, user=city, text="Muộn.", block=paragraph(report))


def test_a_clerk_does_not_comment_and_an_outsider_does_not_answer(db):
    report = make_report()
    clerk = make_user(report.unit, Membership.CLERK)
    leader = make_user(report.unit, Membership.LEADER)
    with pytest.raises(NotAllowedError):
        comments.add_comment(report=report, user=clerk, text="x", block=paragraph(report))
    thread = comments.add_comment(report=report, user=leader, text="x", block=paragraph(report))
    outsider = make_user(None, Membership.CLERK)
    with pytest.raises(NotAllowedError):
        comments.reply(parent=thread, user=outsider, text="y")
    with pytest.raises(ReportError):
        comments.add_comment(report=report, user=leader, text="   ", block=paragraph(report))
