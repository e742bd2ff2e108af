"""Import benchmarks (`make bench`): precision and recall of the facts extracted
from each seed against its human annotation, on the development set of real
excerpts (shared/devset: pooled, held-out part, each file), on seed 002 printed and
scanned (OCR), and the time to extract a 10-page report. Issue targets: precision
≥ 0.95 and recall ≥ 0.90; the seeds 1.00; the scan R ≥ 0.90; < 1 s."""

import os
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from baocao.importer.extract import extract
from tests.bench.timing import Target, Timing, below, expect, measure
from tests.importer.make import seed_as_docx

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
NAMES = ("002_c69ecaed7d58e06f", "000_a74f68ec347e13c9")
PAGE = 3_500  # characters of an A4 page of a report in 13-14 pt Times New Roman


def _gold(name: str) -> list[tuple[str, Decimal]]:
    facts = yaml.safe_load((SEEDS / f"{name}.facts.yaml").read_text(encoding="utf-8"))["facts"]
    return [(f["code"], Decimal(str(f["value"]))) for f in facts]


def _matched(found: list[tuple[str, Decimal]], gold: list[tuple[str, Decimal]]) -> int:
    """Facts matching the gold by code and value, each gold fact used once."""
    left = list(gold)
    hits = 0
    for fact in found:
        if fact in left:
            left.remove(fact)
            hits += 1
    return hits


@pytest.mark.bench
@pytest.mark.parametrize("name", NAMES)
def test_bench_facts_precision_and_recall(name):
    text = (SEEDS / f"{name}.txt").read_bytes()
    found = [(f.code, f.value) for f in extract(text, f"{name}.txt", rules=False).facts]
    gold = _gold(name)
    hits = _matched(found, gold)
    precision, recall = hits / len(found), hits / len(gold)
    expect(
        Target(
            f"import: precision on {name}",
            "≥ 0.95",
            f"{precision:.3f} ({hits}/{len(found)})",
            precision >= 0.95,
        ),
        Target(
            f"import: recall on {name}",
            "≥ 0.90",
            f"{recall:.3f} ({hits}/{len(gold)})",
            recall >= 0.90,
        ),
    )


def _ten_pages() -> str:
    text = (SEEDS / f"{NAMES[0]}.txt").read_text(encoding="utf-8")
    more = (SEEDS / f"{NAMES[1]}.txt").read_text(encoding="utf-8")
    return text + "\n\n" + more[: max(0, 10 * PAGE - len(text))]


def _cold(path: Path, runs: int) -> Timing:
    """A new Python process that sets Django up, loads the lexicon and extracts: what
    the first reading after a start costs (the CLI bench times the whole command)."""
    code = (
        "import django, sys; django.setup(); from pathlib import Path; "
        "from baocao.importer.extract import extract; "
        "extract(Path(sys.argv[1]).read_bytes(), sys.argv[1], rules=False)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "baocao.settings"}
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(path)], env=env, check=True)
        wall.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


@pytest.mark.bench
def test_bench_extract_a_ten_page_report(tmp_path):
    text = _ten_pages()
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    cold = _cold(path, runs=3)
    txt = measure(lambda: extract(text.encode(), "report.txt", rules=False), runs=10)
    data = seed_as_docx(NAMES[0])
    docx = measure(lambda: extract(data, "report.docx", rules=False), runs=10)
    print(
        f"\nextract, {len(text) / PAGE:.0f} pages ({len(text)} characters); "
        f"cold, in a new process (Django set-up + lexicon + extract): {cold}"
    )
    expect(
        below(f"extract: TXT of {len(text) / PAGE:.0f} pages, cold (a new process)", cold, 1000),
        below(f"extract: TXT of {len(text) / PAGE:.0f} pages, warm", txt, 1000),
        below("extract: DOCX of the ward seed, warm", docx, 1000),
    )


@pytest.mark.bench
@pytest.mark.pdf
def test_bench_extract_a_ten_page_pdf(tmp_path):
    """A real PDF of ten pages or more: the ten-page text as a Word file (one
    paragraph per line, as a clerk types it), printed to PDF by LibreOffice."""
    from pypdf import PdfReader

    from tests.importer.make import docx_bytes, docx_to_pdf, has_soffice

    if not has_soffice():
        pytest.fail("LibreOffice (soffice) is needed for the PDF benchmark")
    paragraphs = [p for p in _ten_pages().split("\n") if p.strip()]
    data = docx_to_pdf(docx_bytes(*paragraphs), tmp_path)
    pages = len(PdfReader(tmp_path / "report.pdf").pages)
    assert pages >= 10, pages
    timing = measure(lambda: extract(data, "report.pdf", rules=False), runs=5)
    expect(below(f"extract: PDF of {pages} pages (LibreOffice), warm", timing, 1000))


@pytest.mark.bench
def test_bench_devset_precision_and_recall():
    from baocao.importer.scoring import score_dir
    from tests.importer.test_devset import DEVSET, HELD_OUT

    if not DEVSET.is_dir():
        pytest.skip("shared/devset not present")
    pooled, each = score_dir(DEVSET)
    held, _ = score_dir(DEVSET, HELD_OUT)
    held.name = "held-out (" + " ".join(HELD_OUT) + ")"
    seeds, seed_each = score_dir(SEEDS)
    seeds.name = "seeds"
    print("\ndevset, each file:")
    print("\n".join(s.line() for s in each))
    print(pooled.line())
    print(held.line())
    print("\n".join(s.line() for s in seed_each))
    print(seeds.line())
    expect(
        *_precision_recall("import: devset pooled", pooled, 0.95, 0.90),
        *_precision_recall("import: devset held-out", held, 0.95, 0.90),
        *_precision_recall("import: the seeds", seeds, 1.0, 1.0),
    )


def _precision_recall(what: str, s, precision: float, recall: float) -> list[Target]:
    """Two lines of the session's table from a scoring.Score."""
    return [
        Target(
            f"{what}, precision",
            f"≥ {precision:.2f}",
            f"{s.precision:.3f} ({s.hits}/{s.found})",
            s.precision >= precision,
        ),
        Target(
            f"{what}, recall",
            f"≥ {recall:.2f}",
            f"{s.recall:.3f} ({s.hits}/{s.gold})",
            s.recall >= recall,
        ),
    ]


@pytest.mark.bench
@pytest.mark.pdf
def test_bench_seed_printed_and_scanned(tmp_path):
    """Seed 002 rendered to PDF, each page to a 200 dpi grey image (pdftoppm), rebuilt
    as an image-only PDF (img2pdf): read by OCR, R ≥ 0.90 against its annotation."""
    import shutil
    import subprocess

    import img2pdf

    from baocao.importer import ocr
    from baocao.importer.scoring import score
    from tests.importer.make import docx_to_pdf, has_soffice

    if not (has_soffice() and shutil.which("pdftoppm") and ocr.available()):
        pytest.skip("LibreOffice, poppler-utils or tesseract-ocr-vie not installed")
    docx_to_pdf(seed_as_docx(NAMES[0]), tmp_path)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-gray", "-png", str(tmp_path / "report.pdf"), str(tmp_path / "p")],
        check=True, timeout=300,
    )  # fmt: skip
    scan = img2pdf.convert(sorted(str(p) for p in tmp_path.glob("p-*.png")))
    started = time.perf_counter()
    x = extract(scan, "scan.pdf", rules=False)
    seconds = time.perf_counter() - started
    s = score("scan", [(f.code, f.value) for f in x.facts], SEEDS / f"{NAMES[0]}.facts.yaml")
    print(f"\nseed 002 scanned ({x.source.converted_from}, {seconds:.0f} s): {s.line()}")
    assert x.source.converted_from == "ocr"
    expect(*_precision_recall("import: seed 002 printed and scanned (OCR)", s, 0.95, 0.90))
