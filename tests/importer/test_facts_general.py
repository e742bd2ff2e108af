"""General rules for reports the importer was not written with: number formats of
press and older reports, short forms of unit words, topics named once for several
paragraphs, sub-totals, comparisons and targets. Each paragraph is written here in
our own words, after the families seen in real reports (shared/devset)."""

from decimal import Decimal

from baocao.importer.figures import find_figures
from tests.importer.test_facts_phrasings import facts_of


def test_thousands_written_in_words_are_counts_and_money():
    text = "nhận 3,25 nghìn hồ sơ; thu 14,6 ngàn tỷ đồng; quà 5 nghìn đồng"
    figures = [(n.kind, n.value) for n in find_figures(text)]
    assert figures == [
        ("count", Decimal("3250")),
        ("money", Decimal("14600000000000")),
        ("money", Decimal("5000")),
    ]


def test_numbers_glued_to_their_unit():
    figures = [(n.value, n.text) for n in find_figures("đàn bò 415con, lúa 2.310ha, 12,5ha ngô")]
    assert figures == [(415, "415"), (2310, "2.310"), (Decimal("12.5"), "12,5")]


def test_hs_and_bo_stand_for_ho_so():
    facts = facts_of(
        "Bộ phận một cửa tiếp nhận 3,4 ngàn HS, đã giải quyết 3.106 bộ hồ sơ, "
        "trong đó 3.100 HS đúng và trước hạn."
    )
    assert facts == {
        "tthc.received": 3400, "tthc.resolved": 3106, "tthc.resolved.timely": 3100,
    }  # fmt: skip


def test_the_topic_named_in_an_earlier_paragraph_carries_on():
    facts = facts_of(
        "Trung tâm Phục vụ hành chính công phường hoạt động ổn định.\n\n"
        "Trong quý, Trung tâm tiếp nhận 4.020 hồ sơ, đã giải quyết 3.998 hồ sơ."
    )
    assert facts == {"tthc.received": 4020, "tthc.resolved": 3998}


def test_files_alone_are_one_stop_files_when_no_field_is_named():
    assert facts_of("Cả huyện đã tiếp nhận 8.115 hồ sơ trong năm.") == {"tthc.received": 8115}


def test_sub_totals_of_a_level_do_not_replace_the_whole():
    facts = facts_of(
        "Toàn tỉnh tiếp nhận 90.500 hồ sơ thủ tục hành chính.\n\n"
        "Riêng cấp xã tiếp nhận mới 41.200 hồ sơ thủ tục hành chính."
    )
    assert facts == {"tthc.received": 90500}


def test_a_topic_named_after_the_figures_does_not_take_them():
    facts = facts_of(
        "Trung tâm Phục vụ hành chính công đã giải quyết 2.400 hồ sơ. Số hồ sơ còn lại "
        "chủ yếu thuộc lĩnh vực đất đai."
    )
    assert facts == {"tthc.resolved": 2400}


def test_comparisons_and_earlier_values_are_not_the_period_figures():
    facts = facts_of(
        "Tỷ lệ hồ sơ trực tuyến tăng từ 31,5% lên 40,2%. Số hồ sơ tiếp nhận tăng 12% so với "
        "cùng kỳ năm trước."
    )
    assert Decimal("31.5") not in facts.values()  # the earlier rate
    assert "tthc.received" not in facts  # 12% is a growth, not a count


def test_next_years_targets_in_a_write_up_are_not_results():
    facts = facts_of(
        "Năm 2025, tổng thu ngân sách nhà nước đạt 12,4 tỷ đồng.\n\n"
        "Năm 2026, xã phấn đấu thực hiện các chỉ tiêu: tổng thu ngân sách nhà nước đạt 15 tỷ đồng."
    )
    assert facts == {"ngansach.revenue": 12_400_000_000}


def test_words_that_void_a_reading_count_only_in_the_figures_own_clause():
    facts = facts_of(
        "Qua rà soát hộ nghèo, hộ cận nghèo cuối năm, xã còn 212 hộ nghèo, chiếm tỷ lệ 2,05%; "
        "hộ cận nghèo là 301 hộ, chiếm tỷ lệ 2,9%."
    )
    assert facts == {
        "giamngheo.poor": 212, "giamngheo.poor_rate": Decimal("2.05"),
        "giamngheo.near_poor": 301, "giamngheo.near_poor_rate": Decimal("2.9"),
    }  # fmt: skip


def test_revenue_share_of_the_estimate_and_the_year_before():
    facts = facts_of(
        "Thu ngân sách trên địa bàn ước đạt 31,08 tỷ đồng, đạt 92,3% dự toán, bằng 104% so với "
        "cùng kỳ."
    )
    assert facts == {
        "ngansach.revenue": 31_080_000_000, "ngansach.revenue.own_pct_estimate": Decimal("92.3"),
    }  # fmt: skip


def test_letters_without_a_unit_word_and_citizens_received():
    assert facts_of("Văn thư: văn bản đến 517, văn bản đi 306.") == {
        "vanban.incoming": 517, "vanban.outgoing": 306,
    }  # fmt: skip
    assert facts_of("Chủ tịch UBND xã tiếp 14 lượt công dân (định kỳ 12, đột xuất 02).") == {
        "tiepdan.sessions": 14
    }


def test_crops_and_livestock_are_not_rice_or_budget():
    facts = facts_of(
        "Diện tích ngô 215ha, rau màu 1.040ha; tổng đàn lợn 2.870con, đàn gia cầm 41,5 nghìn con."
    )
    assert facts == {}


def test_late_files_alone_are_late_resolutions_and_overdue_follows_files_in_progress():
    assert facts_of("Một cửa: 57 hồ sơ trễ hạn do phần mềm lỗi.") == {"tthc.resolved.late": 57}
    facts = facts_of(
        "Bộ phận một cửa còn 40 hồ sơ đang giải quyết, trong đó 33 hồ sơ chưa đến hạn, "
        "7 hồ sơ đã quá hạn."
    )
    assert facts == {
        "tthc.in_progress": 40, "tthc.in_progress.within_deadline": 33,
        "tthc.in_progress.overdue": 7,
    }  # fmt: skip


def test_files_in_progress_within_the_time_limit_are_both_counts():
    facts = facts_of("Trung tâm đang giải quyết 96 hồ sơ trong thời hạn quy định.")
    assert facts == {"tthc.in_progress": 96, "tthc.in_progress.within_deadline": 96}


def test_a_short_bracket_does_not_cut_a_label_off_its_figure():
    facts = facts_of(
        "Tổng số hồ sơ yêu cầu giải quyết thủ tục hành chính (TTHC) trong năm là 8.410 bộ."
    )
    assert facts == {"tthc.received": 8410}


def test_service_levels_are_not_figures():
    facts = facts_of(
        "Hồ sơ tiếp nhận qua dịch vụ công trực tuyến mức độ 3, 4 đạt 41,7% tại Trung tâm Phục vụ "
        "hành chính công."
    )
    assert facts == {"tthc.online.rate": Decimal("41.7")}


def test_files_resolved_or_in_progress_in_the_period_are_the_files_received():
    facts = facts_of(
        "Trung tâm tiếp nhận mới 2.900 hồ sơ, kỳ trước chuyển sang 300 hồ sơ, lũy kế đã và đang "
        "giải quyết trong kỳ là 3.200 hồ sơ."
    )
    assert facts["tthc.received"] == 3200
    assert facts["tthc.received.carried_over"] == 300
    assert "tthc.in_progress" not in facts


def test_on_time_without_an_early_bucket_includes_early():
    two = facts_of("Một cửa đã giải quyết 640 hồ sơ (638 hồ sơ đúng hạn, 2 hồ sơ quá hạn).")
    assert two == {
        "tthc.resolved": 640, "tthc.resolved.timely": 638, "tthc.resolved.late": 2,
    }  # fmt: skip
    three = facts_of(
        "Một cửa đã giải quyết 640 hồ sơ, trong đó trước hạn 600 hồ sơ, đúng hạn 38 hồ sơ, "
        "quá hạn 2 hồ sơ."
    )
    assert three["tthc.resolved.on_time"] == 38 and three["tthc.resolved.early"] == 600


def test_a_slash_after_a_counting_word_pairs_two_counts():
    # visits and persons of one reception, written "a lượt/b lượt người"
    figures = [
        n.value for n in find_figures("tiếp 27 lượt/31 lượt người; 02 lượt đoàn/18 lượt người")
    ]
    assert figures == [27, 31, 2, 18]
    facts = facts_of(
        "Trong quý, lãnh đạo UBND xã đã tiếp 27 lượt/31 lượt người đến khiếu nại, kiến nghị."
    )
    assert facts == {"tiepdan.sessions": 27, "tiepdan.persons": 31}


def test_a_figure_right_after_tang_or_giam_is_a_change_not_the_level():
    facts = facts_of(
        "Trong tháng đã tiếp 09 lượt công dân đến phản ánh, khiếu nại. So với tháng trước, "
        "số lượt tiếp công dân giảm 12 lượt."
    )
    assert facts == {"tiepdan.sessions": 9}
    # "giảm còn" names the level
    assert facts_of("Tỷ lệ hộ nghèo của xã giảm còn 1,85%.") == {
        "giamngheo.poor_rate": Decimal("1.85")
    }


def test_poor_households_lost_written_verb_figure_noun():
    facts = facts_of(
        "Công tác giảm nghèo: năm qua toàn xã giảm được 61 hộ nghèo (giảm 2,04%), "
        "cuối năm còn 118 hộ nghèo, chiếm 3,9%."
    )
    assert facts == {
        "giamngheo.poor_change": -61, "giamngheo.poor": 118,
        "giamngheo.poor_rate": Decimal("3.9"),
    }  # fmt: skip


def test_outcomes_listed_under_the_files_received_keep_their_stage():
    facts = facts_of(
        "Bộ phận một cửa phường tiếp nhận 2.034 hồ sơ, trong đó đã giải quyết trước hạn "
        "1.502 hồ sơ, giải quyết đúng hạn 488 hồ sơ, đang giải quyết 44 hồ sơ."
    )
    assert facts == {
        "tthc.received": 2034, "tthc.resolved.early": 1502, "tthc.resolved.on_time": 488,
        "tthc.in_progress": 44,
    }  # fmt: skip
    # a part naming no stage of its own is still refused under another total
    facts = facts_of(
        "Văn phòng đăng ký đất đai đã giải quyết 64 hồ sơ đất đai, trong đó 9 hồ sơ đính chính."
    )
    assert "datdai.received.correction" not in facts


def test_a_short_gloss_in_brackets_does_not_cut_the_label():
    facts = facts_of(
        "Tại Bộ phận một cửa, tỷ lệ số hóa đầu vào và đầu ra (kết quả giải quyết) cùng đạt 97%."
    )
    assert facts.get("tthc.digitized.result_rate") == 97


def test_a_span_of_time_does_not_cut_the_label_off_the_next_figure():
    facts = facts_of(
        "Thu ngân sách nhà nước trên địa bàn phường 6 tháng đầu năm ước đạt 7,35 tỷ đồng, "
        "đạt 58,2% dự toán, bằng 96% so với cùng kỳ."
    )
    assert facts == {
        "ngansach.revenue": 7350000000, "ngansach.revenue.own_pct_estimate": Decimal("58.2"),
    }  # fmt: skip


def test_vuot_gives_the_excess_not_the_share_of_the_estimate():
    facts = facts_of("Tổng thu ngân sách xã đạt 9,4 tỷ đồng, vượt 12% dự toán được giao.")
    assert facts == {"ngansach.revenue": 9400000000}


def test_members_listed_after_hien_co():
    facts = facts_of("Đảng bộ phường hiện có 19 chi bộ, 612 đảng viên (9 đảng viên dự bị).")
    assert facts == {"dang.members": 612, "dang.members.probationary": 9}
    # members praised or admitted are not the party's size
    assert facts_of("Đảng bộ hiện có 19 chi bộ; khen thưởng 25 đảng viên xuất sắc.") == {}


def test_a_year_of_targets_opened_by_the_year():
    facts = facts_of(
        "Năm 2026, xã phấn đấu giảm tỷ lệ hộ nghèo còn 0,9%, tổng thu ngân sách đạt 14 tỷ đồng."
    )
    assert facts == {}


def test_households_paid_after_the_amount():
    facts = facts_of(
        "Hội đồng bồi thường giải phóng mặt bằng đã chi trả 3,6 tỷ đồng cho 21 hộ dân "
        "bị thu hồi đất."
    )
    assert facts == {
        "gpmb.compensation_amount": 3600000000, "gpmb.compensation_households": 21,
    }  # fmt: skip


def test_a_later_figure_of_the_same_code_must_be_read_clearly_better():
    # the earlier payments of the district come later and only a little nearer their words
    facts = facts_of(
        "Đợt này, 18 hộ của xã được chi trả số tiền bồi thường gần 2,1 tỷ đồng. "
        "Trước đó huyện đã chi trả 2 đợt với số tiền 40 tỷ đồng."
    )
    assert facts["gpmb.compensation_amount"] == 2100000000


def test_a_list_of_kinds_counts_them_all():
    facts = facts_of(
        "Trong quý, xã nhận được 17 đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh của công dân; "
        "đã giải quyết 15 đơn."
    )
    assert facts == {"donthu.received": 17, "donthu.resolved": 15}
    facts = facts_of("Tổng số đơn tố cáo và khiếu nại chuyển đến Ủy ban trong năm là 9 đơn.")
    assert facts == {"donthu.received": 9}
    # two words of one kind (petitions) are that kind
    assert facts_of("Xã nhận 6 đơn đề nghị, phản ánh về đất đai.") == {"donthu.petition": 6}
    assert facts_of("Bộ phận một cửa tiếp nhận trực tiếp và trực tuyến 730 hồ sơ.") == {
        "tthc.received": 730
    }


def test_business_files_named_after_the_figure():
    facts = facts_of("Quý này phường giải quyết được 58 hồ sơ đăng ký hộ kinh doanh.")
    assert facts == {"dkkd.total": 58}


def test_the_rate_at_the_start_of_the_year_is_not_the_period_s():
    facts = facts_of(
        "Tỷ lệ hộ nghèo của phường đầu năm là 2,7%, đến cuối năm giảm còn 1,9%; "
        "hộ cận nghèo còn 2,2%."
    )
    assert facts == {
        "giamngheo.poor_rate": Decimal("1.9"), "giamngheo.near_poor_rate": Decimal("2.2"),
    }  # fmt: skip


def test_a_figure_inside_a_total_s_breakdown_is_not_that_total_again():
    facts = facts_of(
        "Tổng thu ngân sách xã ước đạt 31,2 tỷ đồng (trong đó thu ngân sách trên địa bàn "
        "ước đạt 4,6 tỷ đồng)."
    )
    assert facts == {"ngansach.revenue": 31200000000}


def test_a_comma_before_three_digits_of_whole_things_is_a_thousands_mark():
    figures = [(n.kind, n.value) for n in find_figures("nhận 2,418 hồ sơ; cấy 3,125 ha; 1,5 tỷ")]
    assert figures[:2] == [("count", 2418), ("decimal", Decimal("3.125"))]
    assert facts_of("Năm qua bộ phận một cửa tiếp nhận 2,418 hồ sơ.") == {"tthc.received": 2418}


def test_other_crops_and_livestock_are_not_rice_or_the_winter_crop():
    facts = facts_of(
        "Lúa vụ mùa năng suất 57 tạ/ha, sản lượng thóc 2.870 tấn; cây sắn năng suất 160 tạ/ha, "
        "sản lượng 960 tấn; sản lượng thịt lợn hơi 310 tấn."
    )
    assert facts == {"nongnghiep.rice_yield": 57, "nongnghiep.rice_output": 2870}
    assert facts_of("Cây ngô vụ mùa cho năng suất 51 tạ/ha.") == {}
    # one crop of the winter crop is not the winter crop
    assert facts_of("Vụ đông năm nay nông dân trồng 64 ha khoai tây.") == {}
    facts = facts_of("Diện tích cây vụ đông đạt 188 ha (ngô 90 ha, rau màu 98 ha).")
    assert facts == {"nongnghiep.winter_crop_area": 188}
    # "điều kiện" is not cashew: a common word is no rival
    facts = facts_of("Nhờ điều kiện thời tiết thuận lợi, năng suất lúa đạt 63 tạ/ha.")
    assert facts == {"nongnghiep.rice_yield": 63}


def test_yield_in_tonnes_per_hectare_is_stored_in_quintals():
    assert facts_of("Năng suất lúa vụ xuân ước đạt 6,45 tấn/ha.") == {
        "nongnghiep.rice_yield": Decimal("64.5")
    }


def test_poor_households_helped_are_not_the_stock():
    assert facts_of("Hội Chữ thập đỏ trao quà cho 40 hộ nghèo nhân dịp Tết.") == {}
    assert facts_of("Xây dựng nhà đại đoàn kết cho 3 hộ cận nghèo trong xã.") == {}


def test_one_off_payments_named_next_to_the_figure():
    facts = facts_of("Giải quyết trợ cấp mai táng phí cho 4 trường hợp với số tiền 72 triệu đồng.")
    assert facts == {"btxh.adhoc.cases": 4, "btxh.adhoc.amount": 72000000}


def test_pairs_and_lists_after_a_rate_or_a_verb():
    facts = facts_of("Tỷ lệ thanh toán trực tuyến đạt 64,1% (512/799 hồ sơ có phí).")
    assert facts == {
        "tthc.online_payment.rate": Decimal("64.1"), "tthc.online_payment.paid": 512,
        "tthc.online_payment.eligible": 799,
    }  # fmt: skip
    facts = facts_of(
        "Công an xã đang quản lý 27 đối tượng, 9 cơ sở kinh doanh ngành nghề có điều kiện."
    )
    assert facts == {"antt.managed_subjects": 27, "antt.conditional_businesses": 9}
    facts = facts_of("Chứng thực 1.106 việc, gồm sao y bản chính 1.050 việc, chữ ký 56 việc.")
    assert facts == {"chungthuc.copy": 1050, "chungthuc.signature": 56}


def test_a_zero_stated_for_a_list_of_kinds_is_a_zero_for_each():
    facts = facts_of("Trong quý, xã không nhận được đơn tố cáo, khiếu nại hoặc kiến nghị nào.")
    assert facts == {"donthu.denunciation": 0, "donthu.complaint": 0, "donthu.petition": 0}
    # the list stops at a word that is no kind of its noun
    facts = facts_of("Không phát sinh đơn khiếu nại, tranh chấp đất đai kéo dài.")
    assert facts == {"donthu.complaint": 0}


def test_a_label_naming_files_gives_the_topic_and_its_breakdown_follows():
    facts = facts_of(
        "Số hồ sơ đã giải quyết: 760, trong đó: trước hạn: 512; đúng hạn: 246; quá hạn: 2."
    )
    assert facts == {
        "tthc.resolved": 760, "tthc.resolved.early": 512, "tthc.resolved.on_time": 246,
        "tthc.resolved.late": 2,
    }  # fmt: skip


def test_procedures_offered_online_are_not_files_received_online():
    facts = facts_of(
        "Xã đang áp dụng 301 thủ tục hành chính; số TTHC được cung cấp dịch vụ công trực tuyến "
        "toàn trình là 170."
    )
    assert facts.get("tthc.procedures.full_online") == 170
    assert "tthc.received.online" not in facts


def test_a_five_word_gloss_in_brackets():
    facts = facts_of("Thu ngân sách phường (không kể thu bổ sung) được 2,7 tỷ đồng.")
    assert facts == {"ngansach.revenue.own": 2700000000}


def test_budget_abbreviations():
    facts = facts_of("Tổng thu NSNN trên địa bàn xã đạt 7,08 tỷ đồng; chi NSĐP 6,9 tỷ đồng.")
    assert facts == {"ngansach.revenue": 7080000000, "ngansach.expenditure": 6900000000}


def test_deaths_counted_in_people():
    assert facts_of("Hộ tịch: khai sinh 21 trường hợp, khai tử 7 người.") == {
        "hotich.birth": 21, "hotich.death": 7,
    }  # fmt: skip
