"""The secret key that signs sessions and CSRF tokens.

SECRET_KEY from the environment wins. Otherwise a random key is made on first start
and kept in var/secret_key (mode 0600), so sessions survive a restart and every worker
process signs with the same key. It is never derived from anything guessable."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

FILE_NAME = "secret_key"


def configured() -> bool:
    """True when the operator set the key (not the one made on first start)."""
    return bool(os.environ.get("SECRET_KEY"))


def load_or_create(var_dir: Path) -> str:
    if configured():
        return os.environ["SECRET_KEY"]
    path = var_dir / FILE_NAME
    try:
        # O_EXCL: of several processes starting at once, one writes and the others read.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(40):  # another process may be writing it this very moment
            key = path.read_text(encoding="ascii").strip()
            if len(key) >= 50:
                return key
            time.sleep(0.05)
        raise RuntimeError(f"{path} is empty or too short; delete it to make a new key") from None
    key = secrets.token_urlsafe(64)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key + "\n")
    return key
