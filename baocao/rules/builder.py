"""From parse tree to closures: checking a rule's types, functions and depth.

The builder walks the tree ``syntax.parse`` gives, refuses what makes no sense
(a number where a condition is wanted, an unknown function, too many arguments,
too deep a nesting) with a Vietnamese RuleError, and wires the closures of
``closures.py`` together. It also records every indicator code the rule reads.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from lark import Transformer_NonRecursive, v_args

from baocao.rules.closures import (
    CONTEXT,
    Evaluator,
    all_of,
    any_of,
    apply,
    choice,
    comparison,
    constant,
    first_present,
    gather,
    near_absolute,
    near_relative,
    presence,
    product_chain,
    rounding,
    sum_chain,
)
from baocao.rules.errors import RuleError

# Levels of nesting (parentheses, functions, operators); callers read it from language.py.
MAX_DEPTH = 50

Kind = Literal["number", "condition"]


@dataclass(frozen=True)
class Reference:
    """One indicator value written in a rule, and where."""

    source: str  # the Values method that reads it
    code: str
    position: int
    line: int
    column: int


@dataclass(frozen=True)
class _Node:
    """A checked piece of a rule and the closure that computes it."""

    evaluate: Evaluator
    kind: Kind
    depth: int  # nesting, bounded so evaluation never nears Python's recursion limit
    start: int
    end: int
    line: int
    column: int
    literal: Decimal | None = None  # the value of a number written as such
    code: str | None = None  # set on a bare indicator code


@dataclass(frozen=True)
class _Percent:
    """A relative tolerance such as ``1%``, only allowed as near()'s last argument."""

    fraction: Decimal
    line: int
    column: int


_KIND_NAMES = {"number": "một số", "condition": "một điều kiện đúng/sai"}

_COMPARE = {
    "EQ": operator.eq,
    "NE": operator.ne,
    "LT": operator.lt,
    "LE": operator.le,
    "GT": operator.gt,
    "GE": operator.ge,
}

# name: (fewest arguments, most arguments or None, builder method, how to write it)
_FUNCTIONS: dict[str, tuple[int, int | None, str, str]] = {
    "abs": (1, 1, "_abs", "abs(x)"),
    "min": (1, None, "_min", "min(a, b, ...)"),
    "max": (1, None, "_max", "max(a, b, ...)"),
    "sum": (1, None, "_sum", "sum(a, b, ...)"),
    "round": (1, 2, "_round", "round(x, 2)"),
    "if": (3, 3, "_if", "if(điều_kiện, a, b)"),
    "has": (1, 1, "_has", "has(tthc.received)"),
    "coalesce": (1, None, "_coalesce", "coalesce(x, 0)"),
    "near": (3, 3, "_near", "near(a, b, 0.5) hoặc near(a, b, 1%)"),
    "prev": (1, 1, "_previous", "prev(tthc.received)"),
    "last_year": (1, 1, "_last_year", "last_year(tthc.received)"),
    "target": (1, 1, "_target", "target(ngansach.revenue)"),
}


@v_args(meta=True)
class Builder(Transformer_NonRecursive):
    """Turns the parse tree into closures, checking types, functions and depth.

    Non-recursive, so a pathological tree is refused by the depth check rather
    than by a RecursionError.
    """

    def __init__(self, text: str):
        super().__init__(visit_tokens=False)
        self.text = text
        self.references: dict[int, Reference] = {}  # by position of the code

    # Leaves

    def number(self, meta, children):
        value = Decimal(str(children[0]))
        return self._leaf(meta, constant(value), "number", literal=value)

    def true(self, meta, children):
        return self._leaf(meta, constant(True), "condition")

    def false(self, meta, children):
        return self._leaf(meta, constant(False), "condition")

    def code(self, meta, children):
        name = str(children[0])
        if name in _FUNCTIONS:
            raise RuleError(
                f"«{name}» là tên hàm, cần viết kèm ngoặc: {_FUNCTIONS[name][3]}",
                meta.line,
                meta.column,
            )
        self._refer("current", name, meta.start_pos, meta.line, meta.column)
        # methodcaller runs in C: a code is read on every evaluation.
        return self._leaf(meta, operator.methodcaller("current", name), "number", code=name)

    def percent(self, meta, children):
        fraction = CONTEXT.scaleb(Decimal(str(children[0])), -2)
        return _Percent(fraction, meta.line, meta.column)

    # Operators

    def group(self, meta, children):
        # Parentheses count as a level, so `((((x))))` is as deep as it looks.
        inner = children[0]
        return self._node(meta, inner.evaluate, inner.kind, [inner])

    def neg(self, meta, children):
        operand = self._number(children[1], "Dấu «-»")
        if operand.literal is not None:  # keep `-0.5` a literal number
            value = CONTEXT.minus(operand.literal)
            return self._node(meta, constant(value), "number", [operand], literal=value)
        return self._node(meta, apply(CONTEXT.minus, operand.evaluate), "number", [operand])

    def sum(self, meta, children):
        first, steps, operands = self._chain(children)
        return self._node(meta, sum_chain(first, steps), "number", operands)

    def product(self, meta, children):
        first, steps, operands = self._chain(children)
        return self._node(meta, product_chain(first, steps), "number", operands)

    def compare(self, meta, children):
        left, op, right = children
        if op.type in ("EQ", "NE"):
            if left.kind != right.kind:
                raise RuleError(
                    f"Phép «{op}» so sánh hai giá trị khác loại: «{self._snippet(left)}» là "
                    f"{_KIND_NAMES[left.kind]}, «{self._snippet(right)}» là {_KIND_NAMES[right.kind]}",
                    meta.line,
                    meta.column,
                )
        else:
            self._number(left, f"Phép so sánh «{op}»")
            self._number(right, f"Phép so sánh «{op}»")
        evaluate = comparison(_COMPARE[op.type], left.evaluate, right.evaluate)
        return self._node(meta, evaluate, "condition", [left, right])

    def near_sugar(self, meta, children):
        left, _, right, tolerance = children
        return self._near(meta, "near", [left, right, tolerance])

    def not_(self, meta, children):
        operand = self._condition(children[0], "«not»")
        return self._node(meta, apply(operator.not_, operand.evaluate), "condition", [operand])

    def conjunction(self, meta, children):
        operands = [self._condition(child, "«and»") for child in children]
        return self._node(meta, all_of([o.evaluate for o in operands]), "condition", operands)

    def disjunction(self, meta, children):
        operands = [self._condition(child, "«or»") for child in children]
        return self._node(meta, any_of([o.evaluate for o in operands]), "condition", operands)

    # Functions

    def arguments(self, meta, children):
        return list(children)

    def call(self, meta, children):
        name, arguments = str(children[0]), children[1] or []
        if name not in _FUNCTIONS:
            import difflib  # only for a rule that calls an unknown function

            close = difflib.get_close_matches(name, list(_FUNCTIONS), n=1)
            hint = f"Có phải «{close[0]}»?" if close else "Các hàm: " + ", ".join(_FUNCTIONS) + "."
            raise RuleError(f"Không có hàm «{name}». {hint}", meta.line, meta.column)
        fewest, most, method, usage = _FUNCTIONS[name]
        if not fewest <= len(arguments) <= (most or len(arguments)):
            raise RuleError(_arity_message(name, fewest, most, usage), meta.line, meta.column)
        for argument in arguments[: 2 if name == "near" else None]:
            if isinstance(argument, _Percent):
                raise RuleError(
                    "Dấu «%» chỉ dùng cho sai số của near, ví dụ near(a, b, 1%)",
                    argument.line,
                    argument.column,
                )
        return getattr(self, method)(meta, name, arguments)

    def _abs(self, meta, name, args):
        x = self._number(args[0], f"Hàm {name}")
        return self._node(meta, apply(CONTEXT.abs, x.evaluate), "number", args)

    def _min(self, meta, name, args):
        return self._node(meta, gather(min, self._numbers(args, name)), "number", args)

    def _max(self, meta, name, args):
        return self._node(meta, gather(max, self._numbers(args, name)), "number", args)

    def _sum(self, meta, name, args):
        first, *rest = self._numbers(args, name)
        steps = tuple((False, term) for term in rest)
        return self._node(meta, sum_chain(first, steps), "number", args)

    def _round(self, meta, name, args):
        x = self._number(args[0], f"Hàm {name}")
        digits = args[1].literal if len(args) == 2 else Decimal(0)
        if digits is None or digits != digits.to_integral_value() or not 0 <= digits <= 10:
            raise RuleError(
                "Hàm round cần số chữ số thập phân là một số nguyên từ 0 đến 10, ví dụ round(x, 2)",
                meta.line,
                meta.column,
            )
        exponent = Decimal(1).scaleb(-int(digits))
        return self._node(meta, rounding(x.evaluate, exponent), "number", args)

    def _if(self, meta, name, args):
        condition = self._condition(args[0], "Hàm if (đối số thứ nhất)")
        then, otherwise = args[1], args[2]
        self._same_kind(meta, name, [then, otherwise])
        evaluate = choice(condition.evaluate, then.evaluate, otherwise.evaluate)
        return self._node(meta, evaluate, then.kind, args)

    def _has(self, meta, name, args):
        return self._node(meta, presence(args[0].evaluate), "condition", args)

    def _coalesce(self, meta, name, args):
        self._same_kind(meta, name, args)
        return self._node(meta, first_present([a.evaluate for a in args]), args[0].kind, args)

    def _near(self, meta, name, args):
        left = self._number(args[0], f"Hàm {name}")
        right = self._number(args[1], f"Hàm {name}")
        tolerance = args[2]
        if isinstance(tolerance, _Percent):
            evaluate = near_relative(left.evaluate, right.evaluate, tolerance.fraction)
            return self._node(meta, evaluate, "condition", [left, right])
        self._number(tolerance, f"Sai số của {name}")
        evaluate = near_absolute(left.evaluate, right.evaluate, tolerance.evaluate)
        return self._node(meta, evaluate, "condition", [left, right, tolerance])

    def _previous(self, meta, name, args):
        return self._reference(meta, name, args[0], "previous")

    def _last_year(self, meta, name, args):
        return self._reference(meta, name, args[0], "last_year")

    def _target(self, meta, name, args):
        return self._reference(meta, name, args[0], "target")

    # Helpers

    def _reference(self, meta, name: str, argument: _Node, source: str) -> _Node:
        if argument.code is None:
            raise RuleError(
                f"Hàm {name} cần một mã chỉ tiêu, ví dụ {_FUNCTIONS[name][3]}",
                meta.line,
                meta.column,
            )
        # Same position as the plain reading of the code: this replaces it.
        self._refer(source, argument.code, argument.start, argument.line, argument.column)
        evaluate = operator.methodcaller(source, argument.code)
        return self._node(meta, evaluate, "number", [argument])

    def _refer(self, source: str, code: str, start: int, line: int, column: int) -> None:
        self.references[start] = Reference(source, code, start, line, column)

    def _chain(self, children) -> tuple[Evaluator, tuple, list[_Node]]:
        """Split `a + b - c` (or `a * b / c`) into the first operand and (op, operand) steps."""
        operands, operators = children[0::2], children[1::2]
        for index, operand in enumerate(operands):
            self._number(operand, f"Phép «{operators[max(index - 1, 0)]}»")
        steps = tuple(
            (op.type in ("MINUS", "SLASH"), operand.evaluate)
            for op, operand in zip(operators, operands[1:], strict=True)
        )
        return operands[0].evaluate, steps, operands

    def _numbers(self, args: list[_Node], name: str) -> list[Evaluator]:
        return [self._number(arg, f"Hàm {name}").evaluate for arg in args]

    def _number(self, node: _Node, where: str) -> _Node:
        if node.kind != "number":
            raise RuleError(
                f"{where} cần một số, nhưng «{self._snippet(node)}» là một điều kiện đúng/sai",
                node.line,
                node.column,
            )
        return node

    def _condition(self, node: _Node, where: str) -> _Node:
        if node.kind != "condition":
            raise RuleError(
                f"{where} cần một điều kiện đúng/sai, nhưng «{self._snippet(node)}» là một số",
                node.line,
                node.column,
            )
        return node

    def _same_kind(self, meta, name: str, nodes: list[_Node]) -> None:
        if len({node.kind for node in nodes}) > 1:
            raise RuleError(
                f"Hàm {name} cần các giá trị cùng loại: cùng là số hoặc cùng là điều kiện",
                meta.line,
                meta.column,
            )

    def _snippet(self, node: _Node) -> str:
        text = " ".join(self.text[node.start : node.end].split())
        return text if len(text) <= 40 else text[:39] + "…"

    def _leaf(self, meta, evaluate: Evaluator, kind: Kind, **extra) -> _Node:
        return self._node(meta, evaluate, kind, [], **extra)

    def _node(self, meta, evaluate: Evaluator, kind: Kind, children: list, **extra) -> _Node:
        depth = 1 + max((c.depth for c in children if isinstance(c, _Node)), default=-1)
        if depth > MAX_DEPTH:
            raise RuleError(
                f"Quy tắc lồng nhau quá sâu: tối đa {MAX_DEPTH} tầng "
                "(ngoặc, hàm, phép toán lồng trong nhau).",
                meta.line,
                meta.column,
            )
        return _Node(
            evaluate, kind, depth, meta.start_pos, meta.end_pos, meta.line, meta.column, **extra
        )


def _arity_message(name: str, fewest: int, most: int | None, usage: str) -> str:
    if fewest == most:
        count = f"đúng {fewest}"
    elif most is None:
        count = f"ít nhất {fewest}"
    else:
        count = f"{fewest} hoặc {most}"
    return f"Hàm {name} cần {count} đối số: {usage}"
