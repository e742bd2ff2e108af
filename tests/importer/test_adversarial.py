"""Whatever the bytes, the importer answers with a result or an ImportRefused: never
another exception (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baocao.importer.errors import ImportRefused
from baocao.importer.extract import extract
from tests.importer.make import docx_bytes

WORDS = st.sampled_from(
    [
        "tiếp",
        "nhận",
        "giải",
        "quyết",
        "hồ",
        "sơ",
        "trong",
        "đó",
        "gồm",
        "(",
        ")",
        ";",
        ":",
        ",",
        ".",
        "đạt",
        "%",
        "tỷ",
        "triệu",
        "đồng",
        "1.527",
        "03",
        "465/547",
        "88,73",
        "hộ",
        "nghèo",
        "trực",
        "tuyến",
        "đúng",
        "hạn",
        "quá",
        "hạn",
        "khai",
        "sinh",
        "¹",
        "²",
        "-",
        "+",
        "I.",
        "1.",
        "a)",
        "**",
    ]
)
settings.register_profile("importer", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


def answers(data: bytes, filename: str) -> None:
    try:
        extract(data, filename, rules=False)
    except ImportRefused as refused:
        assert str(refused)


@settings(settings.get_profile("importer"))
@given(st.binary(max_size=3000), st.sampled_from(["r.txt", "r.docx", "r.pdf", "r"]))
def test_random_bytes(data, filename):
    answers(data, filename)


@settings(settings.get_profile("importer"))
@given(st.lists(WORDS, min_size=0, max_size=300))
def test_random_report_words(words):
    text = "Báo cáo của Ủy ban nhân dân xã về kết quả thực hiện nhiệm vụ tháng mười. " * 3
    answers((text + " ".join(words)).encode(), "r.txt")


@settings(settings.get_profile("importer"))
@given(st.integers(min_value=0, max_value=4000), st.binary(min_size=1, max_size=64))
def test_a_docx_damaged_anywhere(at, garbage):
    data = bytearray(
        docx_bytes("Báo cáo kết quả thực hiện nhiệm vụ tháng 10 của Ủy ban nhân dân xã.")
    )
    at = at % len(data)
    data[at : at + len(garbage)] = garbage
    answers(bytes(data), "r.docx")
