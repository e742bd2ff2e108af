"""The rule language: what a rule means, and what its writer is told when it is wrong."""

import contextlib
from datetime import timedelta
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from baocao.rules.language import MappingValues, RuleError, compile_rule

D = Decimal
INDICATORS = Path(__file__).parents[2] / "baocao" / "data" / "indicators.yaml"


def catalog_codes() -> set[str]:
    groups = yaml.safe_load(INDICATORS.read_text(encoding="utf-8"))
    return {code for group in groups.values() for code in group}


def evaluate(text, current=None, **others):
    return compile_rule(text).evaluate(MappingValues(current or {}, **others))


def error_of(text, known_codes=None) -> RuleError:
    with pytest.raises(RuleError) as info:
        compile_rule(text, known_codes)
    return info.value


BREAKDOWN = (
    "tthc.received == tthc.received.online + tthc.received.direct + tthc.received.carried_over"
)
SEED_TTHC = {
    "tthc.received": 1527,
    "tthc.received.online": 1356,
    "tthc.received.direct": 159,
    "tthc.received.carried_over": 12,
}


# --- Arithmetic -----------------------------------------------------------------


def test_decimal_addition_is_exact():
    assert evaluate("0.1 + 0.2") == D("0.3")
    assert evaluate("0.1 + 0.2 == 0.3") is True


def test_money_near_ten_to_the_fourteen_adds_up_to_the_dong():
    assert evaluate("99999999999999 + 0.01 - 99999999999999") == D("0.01")


def test_multiplication_binds_tighter_than_addition():
    assert evaluate("2 + 3 * 4") == 14


def test_parentheses_group_first():
    assert evaluate("(2 + 3) * 4") == 20


def test_subtraction_runs_left_to_right():
    assert evaluate("10 - 4 - 3") == 3


def test_division_runs_left_to_right():
    assert evaluate("100 / 5 / 2") == 10


def test_division_gives_decimals():
    assert evaluate("1 / 8") == D("0.125")


def test_unary_minus():
    assert evaluate("-3 * -2") == 6
    assert evaluate("- -1") == 1


def test_division_by_zero_is_not_applicable():
    assert evaluate("1 / 0") is None


def test_division_by_a_reported_zero_is_not_applicable():
    assert evaluate("a.paid / a.eligible * 100", {"a.paid": 0, "a.eligible": 0}) is None


def test_result_does_not_depend_on_the_callers_decimal_context():
    with localcontext() as context:
        context.prec = 5
        assert evaluate("123456789 + 1") == D("123456790")


# --- Comparisons and logic -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 < 2", True),
        ("2 <= 2", True),
        ("3 > 4", False),
        ("4 >= 5", False),
        ("1 == 1.0", True),
        ("1 != 2", True),
    ],
)
def test_comparisons(text, expected):
    assert evaluate(text) is expected


def test_and_or_not():
    assert evaluate("not (1 > 2) and (2 > 1 or 1 > 2)") is True


def test_not_binds_looser_than_comparison():
    assert evaluate("not 1 > 2") is True


def test_true_and_false_literals():
    assert evaluate("true or false") is True


def test_conditions_compare_with_equals():
    assert evaluate("has(a.x) == has(a.y)", {"a.x": 1}) is False


def test_kind_tells_a_check_from_a_formula():
    assert compile_rule("a.x > 0").kind == "condition"
    assert compile_rule("a.x * 2").kind == "number"


# --- Missing values ---------------------------------------------------------------


def test_missing_value_makes_the_rule_not_applicable():
    current = dict(SEED_TTHC)
    del current["tthc.received.online"]
    assert evaluate(BREAKDOWN, current) is None


def test_zero_is_a_value_not_a_missing_one():
    assert evaluate("a.x == 0", {"a.x": 0}) is True
    assert evaluate("has(a.x)", {"a.x": 0}) is True


def test_missing_left_side_of_a_comparison_is_not_applicable():
    assert evaluate("a.x <= 5", {}) is None


def test_a_false_side_makes_and_false_even_when_the_other_is_missing():
    assert evaluate("a.x > 0 and 1 > 2", {}) is False


def test_a_true_side_makes_or_true_even_when_the_other_is_missing():
    assert evaluate("a.x > 0 or 2 > 1", {}) is True


def test_and_with_a_missing_side_and_a_true_side_is_not_applicable():
    assert evaluate("a.x > 0 and 2 > 1", {}) is None


def test_not_of_missing_is_not_applicable():
    assert evaluate("not a.x > 0", {}) is None


def test_sum_min_max_need_every_value():
    for text in ("sum(a.x, a.y)", "min(a.x, a.y)", "max(a.x, a.y)"):
        assert evaluate(text, {"a.x": 1}) is None


def test_missing_value_reported_as_none_in_mapping_counts_as_missing():
    assert evaluate("has(a.x)", {"a.x": None}) is False


def test_mapping_values_refuse_floats():
    with pytest.raises(TypeError):
        MappingValues({"a.x": 0.1})


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_mapping_values_refuse_numbers_that_are_not_finite(value):
    with pytest.raises(ValueError):
        MappingValues({"a.x": Decimal(1)}, previous={"a.x": value})


def test_mapping_values_hold_decimals_and_leave_out_missing_figures():
    values = MappingValues({"a.x": 7, "b.y": None, "c.z": Decimal("2.5000")})
    assert values.current("a.x") == Decimal(7) and type(values.current("a.x")) is Decimal
    assert values.current("b.y") is None
    assert str(values.current("c.z")) == "2.5000"


# --- Previous period, last year, target ---------------------------------------------


def test_prev_reads_the_previous_period():
    result = evaluate(
        "tthc.received - prev(tthc.received)",
        {"tthc.received": 1527},
        previous={"tthc.received": 1400},
    )
    assert result == 127


def test_last_year_reads_the_same_period_last_year():
    result = evaluate("last_year(a.x) * 2", {"a.x": 1}, last_year={"a.x": 21})
    assert result == 42


def test_target_reads_the_plan_figure():
    result = evaluate(
        "ngansach.revenue.own / target(ngansach.revenue.own) * 100",
        {"ngansach.revenue.own": 3882000000},
        targets={"ngansach.revenue.own": 5000000000},
    )
    assert result == D("77.64")


def test_missing_previous_value_is_not_applicable():
    assert evaluate("a.x > prev(a.x)", {"a.x": 5}) is None


def test_codes_lists_every_code_whatever_the_period():
    expression = compile_rule("prev(a.b) + last_year(a.c) + target(a.d) + a.e + a.e")
    assert expression.codes == {"a.b", "a.c", "a.d", "a.e"}


def test_explain_gives_each_value_read_in_the_order_written():
    expression = compile_rule("a.x > prev(a.x) + last_year(a.y) + target(a.z) + a.x")
    values = MappingValues({"a.x": 7}, previous={"a.x": 5}, targets={"a.z": 9})
    assert list(expression.explain(values).items()) == [
        ("a.x", D(7)),
        ("prev(a.x)", D(5)),
        ("last_year(a.y)", None),
        ("target(a.z)", D(9)),
    ]


# --- Functions ------------------------------------------------------------------------


def test_abs():
    assert evaluate("abs(a.x - a.y)", {"a.x": 3, "a.y": 10}) == 7


def test_min_and_max():
    assert evaluate("min(3, 1, 2)") == 1
    assert evaluate("max(3, 1, 2)") == 3


def test_sum():
    assert evaluate("sum(a.x, a.y, 0.5)", {"a.x": 1, "a.y": 2}) == D("3.5")


def test_round_half_away_from_zero_as_in_reports():
    assert evaluate("round(2.5)") == 3
    assert evaluate("round(-2.5)") == -3


def test_round_to_decimals_is_exact():
    # 1.005 is not representable as a float, which would round it down to 1.0.
    assert evaluate("round(1.005, 2)") == D("1.01")


def test_if_chooses_a_branch():
    assert evaluate("if(a.x > 10, 1, 2)", {"a.x": 11}) == 1
    assert evaluate("if(a.x > 10, 1, 2)", {"a.x": 10}) == 2


def test_if_does_not_need_the_branch_it_does_not_take():
    assert evaluate("if(has(a.x), a.x, 0)", {}) == 0


def test_if_with_a_missing_condition_is_not_applicable():
    assert evaluate("if(a.x > 0, 1, 2)", {}) is None


def test_has_tells_reported_from_missing():
    assert evaluate("has(a.x)", {"a.x": 5}) is True
    assert evaluate("has(a.x)", {}) is False


def test_has_looks_at_the_previous_period_too():
    assert evaluate("has(prev(a.x))", {"a.x": 5}) is False


def test_coalesce_takes_the_first_reported_value():
    assert evaluate("coalesce(a.x, a.y, 0)", {"a.y": 5}) == 5


def test_coalesce_keeps_a_reported_zero():
    assert evaluate("coalesce(a.x, 9)", {"a.x": 0}) == 0


def test_coalesce_of_nothing_reported_is_not_applicable():
    assert evaluate("coalesce(a.x, a.y)", {}) is None


# --- Tolerance -----------------------------------------------------------------------


def test_near_with_absolute_tolerance():
    assert evaluate("near(10, 10.05, 0.1)") is True
    assert evaluate("near(10, 10.2, 0.1)") is False


def test_near_includes_its_bound():
    assert evaluate("near(10, 10.1, 0.1)") is True


def test_near_with_percent_is_relative_to_the_second_value():
    assert evaluate("near(101, 100, 1%)") is True
    assert evaluate("near(102, 100, 1%)") is False
    assert evaluate("near(-101, -100, 1%)") is True


def test_plus_minus_is_a_shorthand_for_near():
    assert evaluate("a.x == a.y ± 0.1", {"a.x": D("74.69"), "a.y": D("74.7")}) is True
    assert evaluate("a.x == a.y +- 1%", {"a.x": 102, "a.y": 100}) is False


def test_near_with_a_missing_value_is_not_applicable():
    assert evaluate("near(a.x, 5, 1)", {}) is None


# --- The seeds -------------------------------------------------------------------------


def test_seed_tthc_breakdown_adds_up():
    assert compile_rule(BREAKDOWN, catalog_codes()).evaluate(MappingValues(SEED_TTHC)) is True


def test_seed_revenue_does_not_add_up():
    rule = compile_rule(
        "ngansach.revenue == ngansach.revenue.own + ngansach.revenue.transfer", catalog_codes()
    )
    values = MappingValues(
        {
            "ngansach.revenue": 11015000000,
            "ngansach.revenue.own": 3882000000,
            "ngansach.revenue.transfer": 7233000000,
        }
    )
    assert rule.evaluate(values) is False


@pytest.mark.parametrize(
    "text",
    [
        "tthc.resolved <= tthc.received",
        "near(tthc.online_payment.rate,\n"
        "     tthc.online_payment.paid / tthc.online_payment.eligible * 100, 0.01)",
        "ngansach.revenue.own_pct_estimate == ngansach.revenue.own\n"
        "    / target(ngansach.revenue.own) * 100 ± 0.5%",
        "not has(prev(hotich.birth)) or hotich.birth <= 3 * prev(hotich.birth)",
        "coalesce(tthc.withdrawn, 0) + coalesce(tthc.rejected, 0) <= tthc.resolved",
    ],
)
def test_documented_examples_compile_against_the_catalog(text):
    assert compile_rule(text, catalog_codes()).kind == "condition"


def test_same_text_compiles_to_equal_expressions():
    assert compile_rule("a.x + 1") == compile_rule("a.x + 1")
    assert len({compile_rule("a.x + 1"), compile_rule("a.x + 1")}) == 1


# --- Errors told to the rule's writer ---------------------------------------------------


def test_empty_rule():
    assert "Quy tắc trống" in str(error_of(""))
    assert "Quy tắc trống" in str(error_of("  \n "))


def test_rule_longer_than_2000_characters_is_refused():
    assert str(error_of("1" + " + 1" * 600)) == (
        "Quy tắc dài 2.401 ký tự, vượt quá giới hạn 2.000 ký tự."
    )


def test_rule_of_exactly_2000_characters_is_accepted():
    text = "1" + "+1" * 999 + " "
    assert len(text) == 2000
    assert compile_rule(text).evaluate(MappingValues({})) == 1000


def test_fifty_levels_of_nesting_are_accepted():
    assert evaluate("(" * 50 + "1" + ")" * 50) == 1


def test_fifty_one_levels_of_nesting_are_refused():
    assert "lồng nhau quá sâu" in str(error_of("(" * 51 + "1" + ")" * 51))


@pytest.mark.parametrize("text", ["-" * 1500 + "1", "(" * 999 + "1" + ")" * 999, "not " * 499])
def test_deep_nesting_is_a_rule_error_not_a_recursion_error(text):
    error_of(text)


def test_missing_closing_parenthesis_says_where():
    error = error_of("abs(a.b - a.c")
    assert str(error) == "Quy tắc sai cú pháp ở dòng 1, cột 14: thiếu dấu đóng ngoặc «)»."
    assert (error.line, error.column) == (1, 14)


def test_missing_operand_after_plus():
    assert str(error_of("a.b +")) == "Quy tắc sai cú pháp ở dòng 1, cột 6: thiếu toán hạng sau «+»."


def test_missing_operand_between_operators():
    assert "thiếu toán hạng sau «+»" in str(error_of("a.b + * 2"))


def test_syntax_error_on_a_later_line_gives_that_line():
    error = error_of("a.b\n  and (a.c or")
    assert "ở dòng 2, cột 14: thiếu toán hạng sau «or»" in str(error)
    assert error.line == 2


def test_extra_closing_parenthesis():
    assert "thừa dấu đóng ngoặc «)»" in str(error_of("(a.b + 1))"))


def test_missing_operator_between_values():
    assert "thiếu phép toán trước «a.c»" in str(error_of("a.b a.c"))


def test_missing_comma_between_arguments():
    assert "thiếu dấu phẩy hoặc phép toán trước «2»" in str(error_of("min(1 2)"))


def test_missing_argument_after_comma():
    assert "thiếu đối số sau dấu phẩy «,»" in str(error_of("min(1,"))


def test_chained_comparison_is_refused_with_advice():
    assert "«a <= b and b <= c»" in str(error_of("1 < a.x < 3"))


def test_decimal_comma_is_explained():
    assert "số thập phân viết bằng dấu chấm" in str(error_of("a.x == 74,69"))


def test_exponent_is_explained():
    assert "không viết số mũ" in str(error_of("1e3"))


def test_upper_case_code_is_explained():
    assert "viết bằng chữ thường" in str(error_of("TTHC.RECEIVED > 0"))


def test_single_equals_is_explained():
    assert "so sánh bằng viết là «==»" in str(error_of("a.x = 3"))


def test_plus_minus_outside_equals_is_explained():
    assert "chỉ dùng sau «==»" in str(error_of("a.x +-1"))


def test_percent_outside_a_tolerance_is_explained():
    assert "dấu «%» chỉ dùng cho sai số" in str(error_of("a.x > 5%"))
    assert "Dấu «%» chỉ dùng cho sai số của near" in str(error_of("near(1%, 2, 3)"))


def test_unknown_code_suggests_the_closest_catalog_code():
    error = error_of("tthc.recieved > 0", ["tthc.received", "tthc.resolved"])
    assert (
        str(error) == "Không có chỉ tiêu «tthc.recieved» trong danh mục. Có phải «tthc.received»?"
    )
    assert (error.line, error.column) == (1, 1)


def test_unknown_code_inside_prev_is_found_too():
    error = error_of("a.x > prev(tthc.recieved)", ["a.x", "tthc.received"])
    assert "«tthc.recieved»" in str(error)
    assert error.column == 12


def test_unknown_code_far_from_any_gets_no_suggestion():
    assert str(error_of("xyz.abc > 0", ["tthc.received"])) == (
        "Không có chỉ tiêu «xyz.abc» trong danh mục."
    )


def test_any_code_is_accepted_without_a_catalog():
    assert compile_rule("xyz.abc > 0").codes == {"xyz.abc"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abs(1, 2)", "Hàm abs cần đúng 1 đối số"),
        ("near(1, 2)", "Hàm near cần đúng 3 đối số"),
        ("min()", "Hàm min cần ít nhất 1 đối số"),
        ("round(1, 2, 3)", "Hàm round cần 1 hoặc 2 đối số"),
    ],
)
def test_wrong_number_of_arguments(text, message):
    assert str(error_of(text)).startswith(message)


def test_unknown_function_suggests_the_closest():
    assert str(error_of("abss(a.x)")) == "Không có hàm «abss». Có phải «abs»?"


def test_unknown_function_lists_the_functions():
    assert "Các hàm: abs, min, max" in str(error_of("xyz(1)"))


def test_function_name_without_parentheses():
    assert "«abs» là tên hàm, cần viết kèm ngoặc" in str(error_of("abs + 1"))


def test_prev_needs_a_code():
    assert "Hàm prev cần một mã chỉ tiêu" in str(error_of("prev(a.x + 1)"))


def test_round_needs_literal_digits():
    assert "số nguyên từ 0 đến 10" in str(error_of("round(a.x, a.y)"))


def test_arithmetic_on_a_condition_is_refused():
    assert str(error_of("1 + (2 > 1)")) == (
        "Phép «+» cần một số, nhưng «(2 > 1)» là một điều kiện đúng/sai"
    )


def test_and_on_a_number_is_refused():
    assert "«and» cần một điều kiện đúng/sai, nhưng «a.y» là một số" in str(
        error_of("a.x > 1 and a.y")
    )


def test_comparing_a_number_with_a_condition_is_refused():
    assert "so sánh hai giá trị khác loại" in str(error_of("1 == (2 > 1)"))


def test_if_branches_of_different_kinds_are_refused():
    assert "cần các giá trị cùng loại" in str(error_of("if(a.x > 0, 1, true)"))


# --- Security: the grammar is the whitelist ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os')",
        "__import__(os)",
        "().__class__",
        "a.x.__class__",
        "open('x')",
        "lambda: 1",
        "a = 3",
        "1 ** 99999999",
        "'a' * 10",
        "[x for x in a]",
        "a.x; 1",
        "exec(1)",
        "eval(1)",
    ],
)
def test_python_is_not_reachable(text):
    error_of(text)


# --- Properties ----------------------------------------------------------------------------

TOKENS = [
    "a.x", "b.y", "prev(a.x)", "1", "0", "2.5", "(", ")", ",", "+", "-", "*", "/", "==",
    "!=", "<", "<=", ">", ">=", "±", "+-", "%", "and", "or", "not", "true", "abs(",
    "min(", "if(", "has(", "coalesce(", "round(", "near(", "sum(", "target(", "=", "'",
]  # fmt: skip


@settings(deadline=timedelta(seconds=1), max_examples=300)
@given(st.text(max_size=300))
def test_any_text_compiles_or_raises_rule_error(text):
    with contextlib.suppress(RuleError):
        compile_rule(text, ["a.x"])


@settings(deadline=timedelta(seconds=1), max_examples=500)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join))
def test_token_soup_compiles_or_raises_rule_error_and_evaluates_safely(text):
    try:
        expression = compile_rule(text)
    except RuleError:
        return
    for values in (MappingValues({}), MappingValues({"a.x": 0, "b.y": 3}, previous={"a.x": 1})):
        assert isinstance(expression.evaluate(values), Decimal | bool | None)
        expression.explain(values)
