"""Facts from reports written as other communes write them: other words, other
order, other punctuation than the seeds. Each test is one commune's paragraph, with
what a careful reader maps and what must stay unmapped."""

from decimal import Decimal

from baocao.importer.facts import extract_facts
from baocao.importer.outline import build_outline
from baocao.importer.readers import txt


def facts_of(text: str) -> dict[str, Decimal]:
    source = txt.read(text.encode())
    facts = extract_facts(source, build_outline(source))
    return {f.code: f.value for f in facts}


def test_one_stop_centre_with_brackets_and_colons():
    facts = facts_of(
        "Trung tâm Phục vụ hành chính công xã đã tiếp nhận 1.204 hồ sơ (trực tuyến: 1.010 hồ sơ; "
        "trực tiếp: 194 hồ sơ). Đã giải quyết 1.150 hồ sơ, trong đó giải quyết đúng hạn 1.148 hồ sơ, "
        "quá hạn 02 hồ sơ; đang giải quyết 54 hồ sơ. Tỷ lệ hồ sơ trực tuyến đạt 83,9%."
    )
    assert facts == {
        "tthc.received": 1204, "tthc.received.online": 1010, "tthc.received.direct": 194,
        # two buckets, "đúng hạn / quá hạn": on time there includes early (timely), as
        # the annotated real reports read it (shared/devset b06)
        "tthc.resolved": 1150, "tthc.resolved.timely": 1148, "tthc.resolved.late": 2,
        "tthc.in_progress": 54, "tthc.online.rate": Decimal("83.9"),
    }  # fmt: skip


def test_one_stop_centre_as_a_list_of_labels():
    facts = facts_of(
        "1. Trung tâm Phục vụ hành chính công\n"
        "- Tổng số hồ sơ TTHC tiếp nhận trong kỳ: 2.310 hồ sơ (trực tuyến 2.105, trực tiếp 205); "
        "số hồ sơ từ kỳ trước chuyển sang: 45 hồ sơ.\n"
        "- Số hồ sơ đã giải quyết: 2.280 hồ sơ, trong đó: trước hạn 1.900 hồ sơ, đúng hạn 375 hồ sơ, "
        "trễ hạn 5 hồ sơ.\n"
        "- Số hồ sơ đang giải quyết: 75 hồ sơ (trong hạn 73, quá hạn 2).\n"
        "- Tỷ lệ thanh toán trực tuyến: 92,5%; tỷ lệ số hóa hồ sơ đạt 98%; tỷ lệ số hóa kết quả "
        "giải quyết TTHC đạt 100%."
    )
    assert facts == {
        "tthc.received": 2310, "tthc.received.online": 2105, "tthc.received.direct": 205,
        "tthc.received.carried_over": 45, "tthc.resolved": 2280, "tthc.resolved.early": 1900,
        "tthc.resolved.on_time": 375, "tthc.resolved.late": 5, "tthc.in_progress": 75,
        "tthc.in_progress.within_deadline": 73, "tthc.in_progress.overdue": 2,
        "tthc.online_payment.rate": Decimal("92.5"), "tthc.digitized.dossier_rate": 98,
        "tthc.digitized.result_rate": 100,
    }  # fmt: skip


def test_a_list_after_trong_do_ends_where_another_total_starts():
    facts = facts_of(
        "3. Hành chính công\nHồ sơ tiếp nhận trong tháng là 640 hồ sơ, trong đó qua dịch vụ công "
        "trực tuyến 590 hồ sơ, chiếm 92,2%; đã giải quyết đúng và trước hạn 615 hồ sơ; số hồ sơ "
        "rút: 4. Không có hồ sơ quá hạn. Tiếp nhận, hướng dẫn 1.320 lượt công dân đến giao dịch."
    )
    assert facts == {
        "tthc.received": 640, "tthc.received.online": 590, "tthc.online.rate": Decimal("92.2"),
        "tthc.resolved.timely": 615, "tthc.withdrawn": 4, "tthc.resolved.late": 0,
        "tthc.visits": 1320,
    }  # fmt: skip


def test_civil_status_and_certification_without_totals():
    facts = facts_of(
        "2. Tư pháp, hộ tịch\nCông tác hộ tịch: đăng ký khai sinh 45 trường hợp, khai tử 12 trường "
        "hợp, đăng ký kết hôn 18 cặp, cấp giấy xác nhận tình trạng hôn nhân 60 trường hợp, cấp bản "
        "sao trích lục 120 bản. Chứng thực 350 bản sao từ bản chính, 42 chữ ký, 15 hợp đồng, giao dịch."
    )
    assert facts == {
        "hotich.birth": 45, "hotich.death": 12, "hotich.marriage": 18, "hotich.marital_status": 60,
        "hotich.extract": 120, "chungthuc.copy": 350, "chungthuc.signature": 42,
        "chungthuc.contract": 15,
    }  # fmt: skip


def test_births_broken_down_in_brackets():
    facts = facts_of(
        "Đăng ký khai sinh: 58 trường hợp (đúng hạn 50, quá hạn 3, đăng ký lại 5); đăng ký khai tử: "
        "20 trường hợp; đăng ký kết hôn: 25 trường hợp; thay đổi, cải chính hộ tịch: 6 trường hợp."
    )
    assert facts == {
        "hotich.birth": 58, "hotich.birth.on_time": 50, "hotich.birth.late": 3,
        "hotich.birth.re_registration": 5, "hotich.death": 20, "hotich.marriage": 25,
        "hotich.correction": 6,
    }  # fmt: skip


def test_budget_written_in_words_and_digits():
    facts = facts_of(
        "3. Tài chính\nTổng thu ngân sách nhà nước trên địa bàn tháng 10 ước đạt 5,2 tỷ đồng, đạt 65% "
        "dự toán. Tổng chi ngân sách ước 4 tỷ 350 triệu đồng, trong đó chi đầu tư phát triển 1 tỷ 200 "
        "triệu đồng, chi thường xuyên 3 tỷ 150 triệu đồng, đạt 70% dự toán."
    )
    assert facts == {
        "ngansach.revenue": 5_200_000_000,
        "ngansach.expenditure": 4_350_000_000,
        "ngansach.expenditure.investment": 1_200_000_000,
        "ngansach.expenditure.recurrent": 3_150_000_000,
        "ngansach.expenditure.recurrent_pct_estimate": 70,
        # one revenue figure "đạt 65% dự toán": read as the estimate's share, the way
        # the annotated real reports (shared/devset) read it
        "ngansach.revenue.own_pct_estimate": 65,
    }  # fmt: skip


def test_revenue_with_its_transfer_part():
    facts = facts_of(
        "Thu ngân sách trên địa bàn đạt 8 tỷ 250 triệu đồng, trong đó thu bổ sung có mục tiêu từ "
        "ngân sách thành phố 2 tỷ 100 triệu đồng. Tổng chi ngân sách 6 tỷ 900 triệu đồng, đạt 55% dự toán."
    )
    assert facts == {
        "ngansach.revenue": 8_250_000_000, "ngansach.revenue.transfer": 2_100_000_000,
        "ngansach.expenditure": 6_900_000_000, "ngansach.expenditure.pct_estimate": 55,
    }  # fmt: skip


def test_citizens_and_petitions():
    facts = facts_of(
        "4. Tiếp công dân\nTrong tháng, UBND xã tổ chức tiếp 8 lượt công dân với 10 người; tiếp nhận "
        "6 đơn thư, trong đó 1 đơn khiếu nại, 2 đơn tố cáo, 3 đơn kiến nghị, phản ánh. Đã giải quyết "
        "4 đơn, còn 2 đơn đang giải quyết."
    )
    assert facts == {
        "tiepdan.sessions": 8, "tiepdan.persons": 10, "donthu.received": 6,
        "donthu.complaint": 1, "donthu.denunciation": 2, "donthu.petition": 3,
        "donthu.resolved": 4, "donthu.pending": 2,
    }  # fmt: skip


def test_petitions_with_the_label_before_the_figure():
    facts = facts_of(
        "5. Tiếp công dân\nTiếp nhận 12 đơn (khiếu nại 2, tố cáo 1, kiến nghị, phản ánh 9); "
        "đã giải quyết 10/12 đơn, đạt 83%."
    )
    assert facts == {
        "donthu.received": 12, "donthu.complaint": 2, "donthu.denunciation": 1,
        "donthu.petition": 9, "donthu.resolved": 10,
    }  # fmt: skip


def test_documents_in_and_out():
    assert facts_of("Văn phòng tiếp nhận 1.245 văn bản đến; ban hành 356 văn bản đi.") == {
        "vanban.incoming": 1245,
        "vanban.outgoing": 356,
    }


def test_social_protection_and_poverty():
    facts = facts_of(
        "4. Văn hóa - Xã hội\nChi trả trợ cấp hằng tháng cho 1.020 đối tượng (người có công 310, "
        "bảo trợ xã hội 450, hưu trí xã hội 260), tổng kinh phí 1.235.500.000 đồng. Số hộ nghèo đầu "
        "kỳ 48 hộ, cuối kỳ còn 40 hộ (giảm 8 hộ), tỷ lệ hộ nghèo 1,2%. Toàn xã còn 120 hộ cận nghèo, "
        "chiếm 2,7%. Kết quả bình xét: 95,2% hộ gia đình đạt danh hiệu gia đình văn hóa; 12/14 thôn "
        "đạt danh hiệu thôn văn hóa."
    )
    assert facts == {
        "btxh.beneficiaries": 1020, "btxh.beneficiaries.merit": 310,
        "btxh.beneficiaries.social": 450, "btxh.beneficiaries.pension": 260,
        "btxh.amount": 1_235_500_000, "giamngheo.poor": 40, "giamngheo.poor_change": -8,
        "giamngheo.poor_rate": Decimal("1.2"), "giamngheo.near_poor": 120,
        "giamngheo.near_poor_rate": Decimal("2.7"), "vanhoa.families_rate": Decimal("95.2"),
        "vanhoa.groups_cultural": 12, "vanhoa.groups_total": 14,
    }  # fmt: skip


def test_land_construction_and_business_households():
    facts = facts_of(
        "7. Tài nguyên và môi trường\nLĩnh vực đất đai: tiếp nhận 42 hồ sơ, đã giải quyết 35 hồ sơ, "
        "đang giải quyết 7 hồ sơ. Tiếp nhận 14 hồ sơ đề nghị cấp giấy phép xây dựng.\n"
        "8. Kinh tế\nCấp mới giấy chứng nhận đăng ký hộ kinh doanh cho 25 hộ; thay đổi nội dung đăng "
        "ký cho 8 hộ; 3 hộ tạm ngừng kinh doanh, 5 hộ chấm dứt hoạt động. Chi trả tiền bồi thường, "
        "hỗ trợ GPMB cho 12 hộ với tổng số tiền 3,5 tỷ đồng."
    )
    assert facts == {
        "datdai.received": 42, "datdai.resolved": 35, "datdai.pending": 7,
        "xaydung.permits_received": 14, "dkkd.new": 25, "dkkd.changed": 8, "dkkd.suspended": 3,
        "dkkd.dissolved": 5, "gpmb.compensation_households": 12,
        "gpmb.compensation_amount": 3_500_000_000,
    }  # fmt: skip


def test_agriculture():
    facts = facts_of(
        "1. Sản xuất nông nghiệp\nVụ mùa toàn xã gieo cấy 1.250 ha lúa, năng suất bình quân đạt 58,5 "
        "tạ/ha, sản lượng đạt 7.312 tấn. Gieo trồng 210 ha cây vụ đông."
    )
    assert facts == {
        "nongnghiep.rice_yield": Decimal("58.5"), "nongnghiep.rice_output": 7312,
        "nongnghiep.winter_crop_area": 210,
    }  # fmt: skip


def test_party_building():
    facts = facts_of(
        "1. Công tác tổ chức\nĐảng bộ xã hiện có 45 tổ chức cơ sở đảng với 1.820 đảng viên, trong đó "
        "35 đảng viên dự bị. Trong tháng đã chuyển sinh hoạt đảng cho 6 đồng chí. Xét tặng Huy hiệu "
        "40 năm tuổi Đảng cho 12 đồng chí. Ban Công tác 35 họp 2 lần."
    )
    assert facts == {
        "dang.organizations": 45, "dang.members": 1820, "dang.members.probationary": 35,
        "dang.transfers": 6,
    }  # fmt: skip


def test_party_members_with_the_breakdown_first():
    facts = facts_of("Tổng số đảng viên toàn Đảng bộ: 2.150 đồng chí (chính thức 2.098, dự bị 52).")
    assert facts == {"dang.members": 2150, "dang.members.probationary": 52}


def test_police_residence_and_propaganda():
    facts = facts_of(
        "9. An ninh trật tự\nCông an xã tiếp nhận, giải quyết 312 hồ sơ cư trú (đăng ký thường trú "
        "120, tạm trú 85, xóa đăng ký thường trú 40, tách hộ 12); tiếp nhận 96 thông báo lưu trú. "
        "Công an xã đang quản lý 45 đối tượng (ma túy 12, hình sự 33). Tổ chức 4 buổi tuyên truyền, "
        "phổ biến pháp luật cho hơn 600 lượt người."
    )
    assert facts == {
        "cutru.received": 312, "cutru.permanent": 120, "cutru.temporary": 85,
        "cutru.permanent_removal": 40, "cutru.split": 12, "cutru.stay_notices": 96,
        "antt.managed_subjects": 45, "antt.propaganda_sessions": 4,
    }  # fmt: skip


def test_figures_that_are_no_indicator_stay_unmapped():
    facts = facts_of(
        "Ban hành 25 quyết định, 18 kế hoạch. Tổ chức 12 cuộc họp, hội nghị. Trường THCS có 450 học "
        "sinh. Ủy ban MTTQ xã vận động ủng hộ 25.500.000 đồng. Đội kiểm tra liên ngành 178 kiểm tra "
        "20 cơ sở. Tổ chức 3 hội nghị tuyên truyền, thu hút 450 lượt người tham gia. Kiểm tra 15 cơ "
        "sở kinh doanh thực phẩm. Hỗ trợ xây 2 nhà đại đoàn kết cho hộ nghèo. Giao 45 thanh niên "
        "nhập ngũ. Tiếp nhận 3 công chức, điều động 2 viên chức."
    )
    assert facts == {}


def test_a_zero_said_in_words():
    facts = facts_of(
        "7. Trung tâm Phục vụ hành chính công\nTrong tháng không có phản ánh, kiến nghị của người "
        "dân, doanh nghiệp trên Cổng dịch vụ công quốc gia. Không có đơn khiếu nại phát sinh."
    )
    assert facts == {"tthc.feedback": 0, "donthu.complaint": 0}


def test_the_next_period_s_targets_are_not_results():
    facts = facts_of(
        "I. KẾT QUẢ\nTổng thu ngân sách ước đạt 5,2 tỷ đồng.\n\n"
        "II. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 11\nPhấn đấu thu ngân sách đạt 6 tỷ đồng; tiếp nhận 100% hồ "
        "sơ trực tuyến."
    )
    assert facts == {"ngansach.revenue": 5_200_000_000}


def test_two_readings_as_good_as_each_other_leave_the_figure_unmapped():
    """ "đúng hạn" is on time for births and for deaths alike: without the total it
    breaks down, the figure is left to the reviewer."""
    assert facts_of("Công tác hộ tịch: đăng ký đúng hạn 34 trường hợp.") == {}


def test_one_stop_desk_with_postal_files_and_a_rate_without_code():
    facts = facts_of(
        "3. Cải cách hành chính\nBộ phận Một cửa tiếp nhận 320 hồ sơ, giải quyết đúng hạn 318 hồ "
        "sơ, đạt 99,4%. Tiếp nhận và trả kết quả qua dịch vụ bưu chính công ích 25 hồ sơ."
    )
    assert facts == {
        "tthc.received": 320,
        "tthc.resolved.timely": 318,  # no "trước hạn" beside it: on time includes early
        "tthc.received.direct": 25,
    }


def test_population_told_in_passing_is_not_the_population_database():
    facts = facts_of(
        "5. An ninh\nHiện toàn xã có 3.250 hộ dân với 12.500 nhân khẩu. Công an xã đăng ký tạm trú "
        "cho 45 người. Xảy ra 2 vụ trộm cắp tài sản, 1 vụ tai nạn giao thông."
    )
    assert facts == {"cutru.temporary": 45}
