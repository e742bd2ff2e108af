"""The rule language: checks and formulas over the figures of one report.

A rule is one expression over indicator values. It is compiled once, when it
is saved (``compile_rule``), and evaluated many times (``Expression.evaluate``).
The grammar (``rule.lark``) is the whole language: there is no way to call
Python, read files or loop.

Values
    ``tthc.received``              this report's value of an indicator (its code
                                   from the catalog)
    ``prev(tthc.received)``        the previous period's value
    ``last_year(tthc.received)``   the same period last year
    ``target(ngansach.revenue)``   the unit's plan figure for the year (dự toán,
                                   chỉ tiêu kế hoạch)
    ``1527``, ``0.5``              numbers: digits with a decimal *dot*; no
                                   thousands separators, no exponent
    ``true``, ``false``

    Numbers are exact decimals (money up to 10^14 đồng adds up to the đồng:
    ``0.1 + 0.2 == 0.3`` holds). Division keeps 60 significant digits, so
    compare computed rates with ``near`` rather than ``==``.

Operators, from loosest to tightest
    ``or``;  ``and``;  ``not``;  ``== != < <= > >=`` (one per comparison:
    write ``a <= b and b <= c``, not ``a <= b <= c``);  ``+ -``;  ``* /``;
    unary ``-``;  parentheses.

Functions
    ``abs(x)``                  absolute value
    ``min(a, b, ...)``          smallest; ``max(...)`` largest; ``sum(...)`` total
    ``round(x, n)``             x to n decimals (0..10, half away from zero, as
                                in Excel and in hand-written reports); ``round(x)``
                                = ``round(x, 0)``
    ``if(cond, a, b)``          a when cond holds, else b
    ``has(x)``                  true when x has a value (is reported)
    ``coalesce(x, y, ...)``     the first of its arguments that has a value
    ``near(a, b, tol)``         true when |a - b| <= tol
    ``near(a, b, 1%)``          true when |a - b| <= 1% of |b|

Tolerance: the canonical form is ``near(a, b, tol)``. ``a == b ± tol`` (or
``+-``, easier to type) is accepted as a shorthand for it and only after
``==``; ``+-`` always means ``±``, so write ``a == b + -1`` with a space if
that is what you mean.

Missing values (not reported) are not zero. A rule that needs a value that is
missing is *not applicable*: ``evaluate`` returns ``None``, and no finding is
raised. Division by zero is not applicable too. ``has`` and ``coalesce`` look
at missingness on purpose, and ``and``/``or`` follow three-valued logic: a
false side makes ``and`` false, a true side makes ``or`` true, even when the
other side is not applicable. ``if`` evaluates only the branch it takes.

Examples
    tthc.received == tthc.received.online + tthc.received.direct
                     + tthc.received.carried_over
    tthc.resolved <= tthc.received
    near(tthc.online_payment.rate,
         tthc.online_payment.paid / tthc.online_payment.eligible * 100, 0.01)
    ngansach.revenue.own_pct_estimate == ngansach.revenue.own
                                         / target(ngansach.revenue.own) * 100 ± 0.5%
    not has(prev(hotich.birth)) or hotich.birth <= 3 * prev(hotich.birth)
    coalesce(tthc.withdrawn, 0) + coalesce(tthc.rejected, 0) <= tthc.resolved

Errors are ``RuleError`` with a Vietnamese message for the person writing the
rule (where the syntax breaks and what is missing, the closest catalog code to
a misspelt one). Rules are limited to 2,000 characters and 50 levels of
nesting.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from lark.exceptions import VisitError

from baocao.rules.builder import MAX_DEPTH, Builder, Kind, Reference
from baocao.rules.closures import Evaluator, Result
from baocao.rules.errors import RuleError
from baocao.rules.syntax import parse

# This module is the interface callers use; behind it, syntax.py parses a rule
# and explains syntax errors, builder.py checks the parse tree and wires up the
# closures of closures.py, which do the arithmetic. errors.py holds RuleError.

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Expression",
    "MappingValues",
    "RuleError",
    "Values",
    "compile_rule",
]

MAX_LENGTH = 2000


class Values(Protocol):
    """The figures a rule reads; ``None`` means not reported, which is not 0."""

    def current(self, code: str) -> Decimal | None: ...

    def previous(self, code: str) -> Decimal | None: ...

    def last_year(self, code: str) -> Decimal | None: ...

    def target(self, code: str) -> Decimal | None: ...


class MappingValues:
    """Values held in plain mappings of code to number, for tests and simple callers."""

    def __init__(
        self,
        current: Mapping[str, Decimal | int | None],
        previous: Mapping[str, Decimal | int | None] | None = None,
        last_year: Mapping[str, Decimal | int | None] | None = None,
        targets: Mapping[str, Decimal | int | None] | None = None,
    ):
        self._current = _decimals(current)
        self._previous = _decimals(previous)
        self._last_year = _decimals(last_year)
        self._targets = _decimals(targets)

    def current(self, code: str) -> Decimal | None:
        return self._current.get(code)

    def previous(self, code: str) -> Decimal | None:
        return self._previous.get(code)

    def last_year(self, code: str) -> Decimal | None:
        return self._last_year.get(code)

    def target(self, code: str) -> Decimal | None:
        return self._targets.get(code)


def _decimals(values: Mapping[str, Decimal | int | None] | None) -> dict[str, Decimal]:
    """Copy ``values`` as Decimals, leaving out None (missing) entries."""
    result = {}
    for code, value in (values or {}).items():
        if type(value) is Decimal and value.is_finite():
            result[code] = value  # a figure as the database gives it (most of them): as is
            continue
        if value is None:
            continue
        # A float would bring binary rounding into money; make the caller choose.
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise TypeError(f"{code}: {value!r} is not a Decimal or an int")
        if not Decimal(value).is_finite():
            raise ValueError(f"{code}: {value!r} is not a finite number")
        result[code] = Decimal(value)
    return result


# How explain() names what a rule read, by the Values method that read it.
_LABELS = {
    "current": "{}",
    "previous": "prev({})",
    "last_year": "last_year({})",
    "target": "target({})",
}


@dataclass(frozen=True)
class Expression:
    """A compiled rule. Equal when the texts are equal."""

    text: str
    codes: frozenset[str]
    kind: Kind  # "condition" for a check, "number" for a formula
    _evaluate: Evaluator = field(repr=False, compare=False)
    _reads: tuple[tuple[str, str], ...] = field(repr=False, compare=False)

    def evaluate(self, values: Values) -> Result:
        """The rule's value, or None when it is not applicable (see the module doc)."""
        return self._evaluate(values)

    def explain(self, values: Values) -> dict[str, Decimal | None]:
        """Every value the rule refers to, in the order written, for a finding's message."""
        return {
            _LABELS[source].format(code): getattr(values, source)(code)
            for source, code in self._reads
        }


def compile_rule(text: str, known_codes: Collection[str] | None = None) -> Expression:
    """Parse and check ``text`` once; raise RuleError with a Vietnamese message."""
    _check_size(text)
    tree = parse(text)
    builder = Builder(text)
    try:
        root = builder.transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, RuleError):
            raise error.orig_exc from None
        raise
    references = sorted(builder.references.values(), key=lambda ref: ref.position)
    if known_codes is not None:
        _check_codes(references, frozenset(known_codes))
    reads = tuple(dict.fromkeys((ref.source, ref.code) for ref in references))
    return Expression(
        text=text,
        codes=frozenset(ref.code for ref in references),
        kind=root.kind,
        _evaluate=root.evaluate,
        _reads=reads,
    )


def _check_size(text: str) -> None:
    if not text.strip():
        raise RuleError(
            "Quy tắc trống: hãy viết một biểu thức, ví dụ «tthc.resolved <= tthc.received»."
        )
    if len(text) > MAX_LENGTH:
        raise RuleError(
            f"Quy tắc dài {_thousands(len(text))} ký tự, vượt quá giới hạn "
            f"{_thousands(MAX_LENGTH)} ký tự."
        )


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _check_codes(references: list[Reference], known: frozenset[str]) -> None:
    for ref in references:
        if ref.code in known:
            continue
        message = f"Không có chỉ tiêu «{ref.code}» trong danh mục."
        import difflib  # only for a rule that names an unknown code

        close = difflib.get_close_matches(ref.code, sorted(known), n=1)
        if close:
            message += f" Có phải «{close[0]}»?"
        raise RuleError(message, ref.line, ref.column)
