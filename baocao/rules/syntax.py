"""Reading a rule's text with the grammar (``rule.lark``), and telling the
person who wrote it where the syntax breaks, in words a clerk can act on."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import lark
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput

from baocao.cache import kept
from baocao.rules.errors import RuleError


def parse(text: str) -> Tree:
    """The parse tree of ``text``; RuleError with a Vietnamese message if it does not parse."""
    try:
        return _parser().parse(text)
    except UnexpectedInput as error:
        raise _syntax_error(text, error) from None


@cache
def _parser() -> Lark:
    """The LALR parser, built from the grammar once and kept under var/cache/: building
    its tables takes 30-50 ms, loading them 2 ms (a command's start-up, issue 18)."""
    source = Path(__file__).with_name("rule.lark")
    options = {"parser": "lalr", "lexer": "basic"}
    options |= {"propagate_positions": True, "maybe_placeholders": True}
    return kept(
        "rule-parser",
        [source],
        lambda: Lark(source.read_text(encoding="utf-8"), **options),
        key=f"{sorted(options.items())}{lark.__version__}",
        load=Lark.load,
        dump=lambda parser, f: parser.save(f),
    )


# LALR merges look-aheads, so the parser's "expected" set is too wide to quote
# (a comma is "expected" everywhere). It answers one question reliably: is an
# operand wanted here? The rest comes from the tokens written before the error.
_OPERAND_WANTED = frozenset({"NUMBER", "NAME"})
_COMPARISONS = frozenset({"EQ", "NE", "LT", "LE", "GT", "GE"})
_OPERANDS = frozenset({"NUMBER", "NAME", "_LPAR", "_NOT", "TRUE", "FALSE"})


def _syntax_error(text: str, error: UnexpectedInput) -> RuleError:
    if isinstance(error, UnexpectedCharacters):
        line, column = error.line, error.column
        detail = _bad_character(text, error.pos_in_stream)
    else:
        token = getattr(error, "token", None)
        at_end = token is None or token.type in ("$END", "<EOF>")
        before = _tokens_before(text, len(text) if at_end else token.start_pos)
        wants_operand = bool(_OPERAND_WANTED & set(getattr(error, "expected", ())))
        if at_end:
            line, column = _end_position(text)
            detail = _unexpected_end(before, wants_operand)
        else:
            line, column = token.line, token.column
            detail = _unexpected_token(text, token, before, wants_operand)
    return RuleError(f"Quy tắc sai cú pháp ở dòng {line}, cột {column}: {detail}.", line, column)


def _bad_character(text: str, position: int) -> str:
    char = text[position]
    if char == "=":
        return "so sánh bằng viết là «==»; quy tắc không gán giá trị bằng «=»"
    if char == "!":
        return "so sánh khác viết là «!=»; phủ định viết là «not»"
    if char in "&|":
        return "viết «and», «or» thay cho «&», «|»"
    if char in "'\"":
        return "quy tắc không dùng chuỗi chữ trong dấu nháy"
    if char == ".":
        return "dấu «.» chỉ dùng giữa các phần của mã chỉ tiêu (tthc.received) và trong số thập phân (0.5)"
    if any(c.isupper() for c in text[position : position + 2]):
        return "mã chỉ tiêu và tên hàm viết bằng chữ thường"
    if char.isalpha():
        return f"chữ «{char}» không dùng được: mã chỉ tiêu chỉ gồm chữ thường không dấu, số, «_» và «.»"
    shown = char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
    return f"ký tự «{shown}» không dùng được trong quy tắc"


def _unexpected_end(before: list[Token], wants_operand: bool) -> str:
    if wants_operand and before:
        return _missing_operand_after(before[-1])
    if _open_parentheses(before):
        return "thiếu dấu đóng ngoặc «)»"
    return "quy tắc chưa viết xong"


def _unexpected_token(text: str, token: Token, before: list[Token], wants_operand: bool) -> str:
    shown = f"«{token}»"
    previous = before[-1] if before else None
    adjacent = previous is not None and previous.end_pos == token.start_pos
    open_parentheses = _open_parentheses(before)
    in_call = bool(open_parentheses) and open_parentheses[-1]
    if token.type == "_PLUSMINUS":
        return "dấu «±» (hoặc «+-») chỉ dùng sau «==», ví dụ «a == b ± 1»"
    if token.type == "_PERCENT":
        return "dấu «%» chỉ dùng cho sai số: «near(a, b, 1%)» hoặc «a == b ± 1%»"
    if adjacent and previous.type == token.type == "STAR":
        return "không có phép lũy thừa «**»"
    if wants_operand:
        return _missing_operand_after(previous) if previous else f"thiếu toán hạng trước {shown}"
    if token.type in _COMPARISONS:
        return (
            "không viết hai phép so sánh nối tiếp; hãy tách bằng «and», ví dụ «a <= b and b <= c»"
        )
    if token.type == "_RPAR" and not open_parentheses:
        return "thừa dấu đóng ngoặc «)»"
    if (
        token.type == "_COMMA"
        and adjacent
        and previous.type == "NUMBER"
        and text[token.end_pos :][:1].isdigit()
    ):
        return "số thập phân viết bằng dấu chấm (0.5), không dùng dấu phẩy"
    if token.type == "_COMMA" and not in_call:
        return "dấu phẩy «,» chỉ dùng để ngăn cách các đối số của hàm"
    if adjacent and previous.type == "NUMBER" and token.startswith("e"):
        return "không viết số mũ như «1e3»; hãy viết đủ chữ số: 1000"
    if token.type in _OPERANDS:
        if in_call:
            return f"thiếu dấu phẩy hoặc phép toán trước {shown}"
        return f"thiếu phép toán trước {shown}"
    return f"không chờ {shown} ở đây"


def _missing_operand_after(previous: Token) -> str:
    if previous.type == "_COMMA":
        return "thiếu đối số sau dấu phẩy «,»"
    if previous.type == "_LPAR":
        return "trong ngoặc chưa có gì sau «(»"
    return f"thiếu toán hạng sau «{previous}»"


def _open_parentheses(tokens: list[Token]) -> list[bool]:
    """The parentheses still open after ``tokens``: True for a function's, False for a group."""
    stack: list[bool] = []
    for previous, token in zip([None, *tokens], tokens, strict=False):
        if token.type == "_LPAR":
            stack.append(previous is not None and previous.type == "NAME")
        elif token.type == "_RPAR" and stack:
            stack.pop()
    return stack


def _tokens_before(text: str, position: int) -> list[Token]:
    """The tokens before ``position``; re-lexing is cheap and errors are rare."""
    tokens = []
    try:
        for token in _parser().lex(text):
            if token.start_pos >= position:
                break
            tokens.append(token)
    except UnexpectedCharacters:
        pass
    return tokens


def _end_position(text: str) -> tuple[int, int]:
    """Line and column just after the last character written."""
    end = len(text.rstrip())
    line = text.count("\n", 0, end) + 1
    column = end - (text.rfind("\n", 0, end) + 1) + 1
    return line, column
