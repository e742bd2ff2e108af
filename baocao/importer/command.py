"""`baocao extract FILE [--json] [--database-rules]`: read a report file and print its
outline, facts and findings (the JSON shape of DESIGN.md with --json). Exit 2 when
refused.

The console script runs it without Django (`main`): the findings come from the rules
shipped with baocao (rules/shipped.py), what a new installation has, and starting
Django alone took more than half of the command's 0.5 s budget (issue 18). With
--database-rules the console script runs the management command instead, which checks
against the database's rules (an administrator's own rules and choices).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from baocao.rules.engine import RuleSet

HELP = "Đọc một báo cáo (.txt, .docx, .pdf): đề mục, số liệu và các điểm cần xem lại."
DATABASE_RULES = "--database-rules"
LABEL = {"error": "LỖI", "warning": "CẢNH BÁO"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parser.add_argument(
        DATABASE_RULES,
        action="store_true",
        help="kiểm tra theo các quy tắc trong cơ sở dữ liệu (quy tắc do quản trị viên "
        "thêm, bật, tắt) thay cho bộ quy tắc đi kèm baocao",
    )


def main(argv: list[str]) -> int:
    """The console script's `baocao extract` without --database-rules (see cli.py)."""
    # allow_abbrev off: cli.py looks for --database-rules written in full.
    parser = argparse.ArgumentParser(prog="baocao extract", description=HELP, allow_abbrev=False)
    add_arguments(parser)
    args = parser.parse_args(argv)
    # What is kept read (var/cache/) lives where settings.py would put it.
    os.environ.setdefault("BAOCAO_VAR", str(Path.cwd() / "var"))
    # Loading the importer, its lexicon and the rules makes ~33,000 objects the cyclic
    # collector tracks, all living as long as the process: it would scan them again and
    # again for nothing (~4 % of the command). They are frozen, and the collector is
    # back on for the reading itself.
    gc.disable()
    try:
        from baocao.importer.lexicon import load_lexicon
        from baocao.rules.shipped import shipped_ruleset

        ruleset = shipped_ruleset()
        load_lexicon()
    finally:
        gc.freeze()
        gc.enable()
    return run(args.file, args.json, ruleset, sys.stdout, sys.stderr)


def run(file: str, as_json: bool, ruleset: RuleSet | None, out: TextIO, err: TextIO) -> int:
    """Extract `file` and print it; `ruleset` None checks with the database's rules."""
    from baocao.importer.errors import ImportRefused
    from baocao.importer.extract import extract_file

    try:
        extraction = extract_file(Path(file), ruleset=ruleset)
    except ImportRefused as exc:
        _write(err, str(exc))
        return 2
    result = extraction.as_json()
    if as_json:
        _write(out, json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_text(result, out)
    return 0


def print_text(result: dict, out: TextIO) -> None:
    from baocao import vn

    doc = result["document"]
    _write(out, f"{doc.get('title') or '(không có tiêu đề)'}")
    _write(out, f"Đơn vị: {doc.get('unit_name')} ({doc.get('unit_code')}), kỳ: {doc.get('period')}")
    _write(out, "\nĐề mục:")
    _print_outline(result["outline"], 1, out)
    _write(out, f"\nSố liệu ({len(result['facts'])}):")
    for fact in result["facts"]:
        _write(
            out,
            f"  {fact['code']:<40} {vn.format_number(fact['value'])} {fact.get('unit') or ''}",
        )
    _write(out, f"\nCần xem lại ({len(result['findings'])}):")
    for f in result["findings"]:
        _write(out, f"  {LABEL.get(f['severity'], f['severity'])} [{f['rule']}] {f['message']}")


def _print_outline(items: list[dict], depth: int, out: TextIO) -> None:
    for item in items:
        _write(out, f"{'  ' * depth}{item.get('number', '')} {item.get('title', '')}".rstrip())
        _print_outline(item.get("children", []), depth + 1, out)


def _write(stream: TextIO, line: str) -> None:
    """A line as Django's OutputWrapper writes it (the management command's output)."""
    stream.write(line if line.endswith("\n") else f"{line}\n")
