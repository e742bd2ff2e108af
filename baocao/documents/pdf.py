"""The report as PDF: the same DOCX converted by LibreOffice headless, so the PDF has
the DOCX's layout and real footnotes and there is one source to keep (libs.md §1).

Each conversion runs in a fresh temporary directory with its own LibreOffice profile:
two soffice processes sharing a profile make the second one silently write no PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from baocao.documents.errors import DocumentError

INSTALL_HINT = (
    "Cài: apt-get install libreoffice-writer-nogui fonts-liberation2 "
    "(hoặc chạy `sudo make system-deps`)."
)
TIMEOUT_SECONDS = 120  # a cold start takes ~1.5 s; a stuck soffice must not hang a request


def soffice_path() -> str | None:
    """The LibreOffice binary: $BAOCAO_SOFFICE, else soffice or libreoffice on PATH."""
    configured = os.environ.get("BAOCAO_SOFFICE")
    if configured:
        return shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


# PDF/A-2b for the archive (ND 30 Art. 26 asks for a long-term format; PDF/A-2 allows
# the transparency of the draft watermark and embeds every font). The JSON form of the
# filter options needs LibreOffice 7.4 or later.
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def render_pdf(
    docx_bytes: bytes, *, timeout: float = TIMEOUT_SECONDS, archive: bool = False
) -> bytes:
    """The DOCX as PDF; `archive` makes it PDF/A-2b (the final document)."""
    soffice = soffice_path()
    if soffice is None:
        raise DocumentError(f"Chưa cài LibreOffice nên không xuất được PDF. {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="baocao-pdf-") as tmp:
        work = Path(tmp)
        source = work / "baocao.docx"
        source.write_bytes(docx_bytes)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDFA_FILTER if archive else "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise DocumentError(
                f"LibreOffice không chuyển xong sang PDF sau {int(timeout)} giây."
            ) from None
        except OSError as error:
            raise DocumentError(f"Không chạy được LibreOffice ({error}). {INSTALL_HINT}") from None
        target = work / "baocao.pdf"
        if result.returncode != 0 or not target.exists():
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
            raise DocumentError(f"LibreOffice không tạo được tệp PDF. {detail[0]}".strip())
        return target.read_bytes()
