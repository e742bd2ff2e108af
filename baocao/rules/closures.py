"""The closures a compiled rule is made of, and the arithmetic they do.

Each takes the Values and returns Decimal, bool or None (not applicable).
None propagates: an operation that needs a missing value is not applicable.
The builder (``builder.py``) checks a rule and wires these together; what they
mean for a rule writer is in the docstring of ``language.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from baocao.rules.language import Values

# Explicit context so results never depend on the caller's decimal context:
# 60 digits keep money (10^14 đồng with cents) exact through sums and products.
CONTEXT = Context(prec=60, Emax=MAX_EMAX, Emin=MIN_EMIN)

Result = Decimal | bool | None
Evaluator = Callable[["Values"], Result]


def constant(value: Decimal | bool) -> Evaluator:
    def evaluate(values: Values) -> Result:
        return value

    return evaluate


def apply(function: Callable, operand: Evaluator) -> Evaluator:
    def evaluate(values: Values) -> Result:
        value = operand(values)
        return None if value is None else function(value)

    return evaluate


def sum_chain(first: Evaluator, steps: tuple[tuple[bool, Evaluator], ...]) -> Evaluator:
    add, subtract = CONTEXT.add, CONTEXT.subtract

    def evaluate(values: Values) -> Result:
        total = first(values)
        if total is None:
            return None
        for negative, term in steps:
            value = term(values)
            if value is None:
                return None
            total = subtract(total, value) if negative else add(total, value)
        return total

    return evaluate


def product_chain(first: Evaluator, steps: tuple[tuple[bool, Evaluator], ...]) -> Evaluator:
    multiply, divide = CONTEXT.multiply, CONTEXT.divide

    def evaluate(values: Values) -> Result:
        result = first(values)
        if result is None:
            return None
        for dividing, factor in steps:
            value = factor(values)
            if value is None or (dividing and not value):  # x / 0 is not applicable
                return None
            result = divide(result, value) if dividing else multiply(result, value)
        return result

    return evaluate


def comparison(compare: Callable, left: Evaluator, right: Evaluator) -> Evaluator:
    def evaluate(values: Values) -> Result:
        a = left(values)
        if a is None:
            return None
        b = right(values)
        return None if b is None else compare(a, b)

    return evaluate


def all_of(operands: list[Evaluator]) -> Evaluator:
    # Three-valued: one false side makes `and` false even if another is not applicable.
    def evaluate(values: Values) -> Result:
        unknown = False
        for operand in operands:
            value = operand(values)
            if value is False:
                return False
            unknown = unknown or value is None
        return None if unknown else True

    return evaluate


def any_of(operands: list[Evaluator]) -> Evaluator:
    def evaluate(values: Values) -> Result:
        unknown = False
        for operand in operands:
            value = operand(values)
            if value is True:
                return True
            unknown = unknown or value is None
        return None if unknown else False

    return evaluate


def gather(pick: Callable, operands: list[Evaluator]) -> Evaluator:
    def evaluate(values: Values) -> Result:
        found = [operand(values) for operand in operands]
        return None if any(value is None for value in found) else pick(found)

    return evaluate


def rounding(operand: Evaluator, exponent: Decimal) -> Evaluator:
    def evaluate(values: Values) -> Result:
        value = operand(values)
        if value is None:
            return None
        try:
            return value.quantize(exponent, rounding=ROUND_HALF_UP, context=CONTEXT)
        except InvalidOperation:  # more digits than the precision: nothing left to round
            return value

    return evaluate


def choice(condition: Evaluator, then: Evaluator, otherwise: Evaluator) -> Evaluator:
    def evaluate(values: Values) -> Result:
        holds = condition(values)
        if holds is None:
            return None
        return then(values) if holds else otherwise(values)

    return evaluate


def presence(operand: Evaluator) -> Evaluator:
    def evaluate(values: Values) -> Result:
        return operand(values) is not None

    return evaluate


def first_present(operands: list[Evaluator]) -> Evaluator:
    def evaluate(values: Values) -> Result:
        for operand in operands:
            value = operand(values)
            if value is not None:
                return value
        return None

    return evaluate


def near_absolute(left: Evaluator, right: Evaluator, tolerance: Evaluator) -> Evaluator:
    def evaluate(values: Values) -> Result:
        a, b, limit = left(values), right(values), tolerance(values)
        if a is None or b is None or limit is None:
            return None
        return CONTEXT.abs(CONTEXT.subtract(a, b)) <= limit

    return evaluate


def near_relative(left: Evaluator, right: Evaluator, fraction: Decimal) -> Evaluator:
    """|a - b| within ``fraction`` of |b|: b is the reference (the computed figure)."""

    def evaluate(values: Values) -> Result:
        a, b = left(values), right(values)
        if a is None or b is None:
            return None
        return CONTEXT.abs(CONTEXT.subtract(a, b)) <= CONTEXT.multiply(CONTEXT.abs(b), fraction)

    return evaluate
