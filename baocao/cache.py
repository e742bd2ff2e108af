"""What a process builds from baocao's files at start, kept under var/cache/ for the
next one: a command is a new process each time and has 0.5 s in all (issue 18). The
lexicon and the shipped rules (pickles), the rules' parser, the blank DOCX page. A kept
file is only read from the app's own folder, and is keyed by the files it is made from
(data and code): a changed file makes a new one."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, TypeVar

T = TypeVar("T")


def cache_dir() -> Path | None:
    """var/cache/: the settings' VAR_DIR in a Django process; without Django (`baocao
    extract`) BAOCAO_VAR, or ./var when it exists; None otherwise, then nothing is kept."""
    if "django.conf" in sys.modules:
        from django.conf import settings

        try:
            return Path(settings.VAR_DIR) / "cache"
        except Exception:  # settings not configured, or without VAR_DIR
            pass
    var = os.environ.get("BAOCAO_VAR")
    if var:
        return Path(var).resolve() / "cache"
    default = Path.cwd() / "var"  # settings' default; not made here if it is not there
    return default.resolve() / "cache" if default.is_dir() else None


def kept(
    name: str,
    sources: Iterable[Path],
    build: Callable[[], T],
    *,
    key: str = "",
    suffix: str = "pickle",
    load: Callable[[IO[bytes]], T] = pickle.load,
    dump: Callable[[T, IO[bytes]], object] = lambda value, f: pickle.dump(
        value, f, protocol=pickle.HIGHEST_PROTOCOL
    ),
) -> T:
    """`build()`, or what it gave before from the same `sources` (and `key`: what else
    shapes it, a library's version), read with `load` and written with `dump`."""
    folder = cache_dir()
    if folder is None:
        return build()
    digest = hashlib.sha256(f"{sys.version_info[:2]!r}{key}".encode())
    for source in sources:
        digest.update(source.read_bytes())
    path = folder / f"{name}-{digest.hexdigest()[:16]}.{suffix}"
    try:
        with path.open("rb") as f:
            return load(f)
    except Exception:  # not made yet, or unreadable: built again below
        pass
    value = build()
    try:  # written aside then renamed: a process never reads half a file
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as f:
            dump(value, f)
        os.replace(f.name, path)
    except OSError:
        pass  # a read-only var/ only costs the building again
    return value
