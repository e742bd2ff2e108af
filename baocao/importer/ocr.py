"""Scanned reports: image-only PDFs and photos of pages (.jpg, .png), read by
Tesseract with its Vietnamese model (Debian tesseract-ocr + tesseract-ocr-vie).

The result is plain text laid out as the txt reader expects (a line in lower case
continues its paragraph), and the confidence Tesseract gives each word: a figure
read by OCR is marked with it and proposed for review, never stored unreviewed.
Bounded: at most MAX_PAGES pages, each in PAGE_TIMEOUT seconds, all in
TOTAL_TIMEOUT; pixels are capped before Tesseract sees them.
"""

from __future__ import annotations

import io
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from baocao.importer.errors import ImportRefused

MAX_PAGES = 30
PAGE_TIMEOUT = 60
TOTAL_TIMEOUT = 600
DPI = 200  # enough for 12-14 pt type; 300 dpi doubles the time for no better figures
MAX_PIXELS = 40_000_000  # an A4 page at 300 dpi is ~8.7 M
LANG = "vie"
log = logging.getLogger(__name__)
# Tesseract's OpenMP threads fight over a small server's cores and make it slower;
# pages read side by side (one process each) use them better. BAOCAO_OCR_WORKERS=1
# reads one page at a time.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
WORKERS = int(os.environ.get("BAOCAO_OCR_WORKERS") or min(2, os.cpu_count() or 1))


@dataclass
class OcrText:
    text: str
    confidence: dict[str, float] = field(default_factory=dict)  # word -> lowest confidence
    pages: int = 0

    def mean(self) -> float:
        values = list(self.confidence.values())
        return sum(values) / len(values) if values else 0.0


def available() -> bool:
    try:
        import pytesseract

        return LANG in pytesseract.get_languages(config="")
    except Exception:  # no binary, or no Vietnamese model
        return False


def _not_installed() -> ImportRefused:
    return ImportRefused(
        "Máy chủ chưa cài Tesseract (tiếng Việt) nên chưa đọc được bản quét. Hãy gửi bản Word "
        "(.docx) hoặc PDF xuất trực tiếp từ Word."
    )


def read_images(images: list, started: float | None = None) -> OcrText:
    """Each PIL image (a page) through Tesseract; paragraphs as blank-line blocks.
    Pages are read WORKERS at a time (one tesseract process each, one OpenMP thread):
    on a quiet two-core server a scan takes half the wall time for the same CPU; the
    text keeps the pages' order and every page still has its time limit."""
    if not available():
        raise _not_installed()
    started = time.monotonic() if started is None else started
    out = OcrText("")
    workers = max(1, min(WORKERS, len(images)))
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        pages = list(pool.map(lambda image: _read_page(image, started), images))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    blocks: list[str] = []
    for page_blocks, confidence in pages:
        blocks.extend(page_blocks)
        for word, conf in confidence.items():
            out.confidence[word] = min(conf, out.confidence.get(word, 100.0))
        out.pages += 1
    out.text = "\n\n".join(blocks)
    return out


def _read_page(image, started: float) -> tuple[list[str], dict[str, float]]:
    import pytesseract

    left = TOTAL_TIMEOUT - (time.monotonic() - started)
    if left <= 0:
        raise _too_slow()
    try:
        data = pytesseract.image_to_data(
            image,
            lang=LANG,
            config="--psm 4",
            timeout=min(PAGE_TIMEOUT, left),
            output_type=pytesseract.Output.DICT,
        )
    except RuntimeError:  # pytesseract's timeout
        raise _too_slow() from None
    confidence: dict[str, float] = {}
    return _page_blocks(data, confidence), confidence


def _page_blocks(data: dict, confidence: dict[str, float]) -> list[str]:
    lines: dict[tuple[int, int, int], list[str]] = {}
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        if not word:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(word)
        conf = float(data["conf"][i])
        if conf >= 0:
            confidence[word] = min(conf, confidence.get(word, 100.0))
    paragraphs: dict[tuple[int, int], list[str]] = {}
    for (block, par, _), words in sorted(lines.items()):
        paragraphs.setdefault((block, par), []).append(" ".join(words))
    return ["\n".join(p) for p in paragraphs.values()]


def _too_slow() -> ImportRefused:
    return ImportRefused(
        f"Đọc bản quét quá thời gian cho phép ({TOTAL_TIMEOUT} giây). Hãy gửi bản Word (.docx) "
        "hoặc tách bản quét thành tệp nhỏ hơn."
    )


def read_image_file(data: bytes) -> OcrText:
    """A photo or scan of a page (.jpg, .png, .tif)."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_PAGES:
            raise ImportRefused(f"Tệp ảnh có {frames} trang, quá {MAX_PAGES} trang cho phép.")
        image.load()
    except Image.DecompressionBombError:
        raise ImportRefused("Ảnh quá lớn (quá nhiều điểm ảnh) để đọc.") from None
    except (UnidentifiedImageError, OSError):
        raise ImportRefused("Tệp ảnh hỏng hoặc không đúng định dạng, không đọc được.") from None
    return read_images([image.convert("L")])


def read_pdf_pages(pdf) -> OcrText:
    """An open pypdfium2 document with no text layer: each page rendered and read."""
    if len(pdf) > MAX_PAGES:
        raise ImportRefused(
            f"Bản quét có {len(pdf)} trang, quá {MAX_PAGES} trang cho phép để đọc bằng OCR."
        )
    started = time.monotonic()
    images = []
    for i in range(len(pdf)):
        page = pdf[i]
        width, height = page.get_size()
        scale = DPI / 72
        if width * height * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / (width * height)) ** 0.5
        images.append(page.render(scale=scale, grayscale=True).to_pil())
    return read_images(images, started)
