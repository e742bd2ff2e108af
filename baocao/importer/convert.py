"""Word 97-2003 (.doc), OpenDocument (.odt) and RTF files, converted to DOCX by
LibreOffice headless, then read as DOCX.

Each conversion runs with its own LibreOffice profile in a temporary folder (two
uploads at once do not share one) and in its own process group, killed whole at
the time limit: a file that makes LibreOffice hang is refused, not waited for.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from baocao.importer.errors import ImportRefused

TIMEOUT_SECONDS = 60
log = logging.getLogger(__name__)

NAMES = {"doc": "Word 97-2003 (.doc)", "odt": "OpenDocument (.odt)", "rtf": "RTF"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, kind: str, *, timeout: float = TIMEOUT_SECONDS) -> bytes:
    binary = soffice()
    if binary is None:
        raise ImportRefused(
            f"Máy chủ chưa cài LibreOffice nên chưa đọc được tệp {NAMES[kind]}. "
            "Hãy mở tệp bằng Word và lưu thành .docx rồi tải lại."
        )
    with tempfile.TemporaryDirectory(prefix="baocao-import-") as tmp:
        work = Path(tmp)
        source = work / f"report.{kind}"
        source.write_bytes(data)
        command = [
            binary,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        run(command, timeout, f"tệp {NAMES[kind]}")
        target = work / "out" / "report.docx"
        if not target.exists():
            raise ImportRefused(
                f"Không chuyển được tệp {NAMES[kind]} sang .docx: tệp hỏng hoặc không đúng "
                "định dạng. Hãy mở bằng Word và lưu thành .docx."
            )
        return target.read_bytes()


def run(command: list[str], timeout: float, what: str) -> None:
    """Run a converter in its own process group; past the time limit the whole group
    is killed and the file refused."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        log.warning("conversion timed out after %ss: %s", timeout, command[0])
        raise ImportRefused(
            f"Đọc {what} quá thời gian cho phép ({int(timeout)} giây): tệp quá phức tạp hoặc "
            "hỏng. Hãy lưu lại thành .docx hoặc tách nhỏ rồi tải lại."
        ) from None
    if process.returncode != 0:
        log.warning("conversion failed (%s): %s", process.returncode, err[-500:])
