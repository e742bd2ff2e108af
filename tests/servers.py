"""A real `baocao serve` in a test: a free loopback port, and waiting until it answers."""

import socket
import subprocess
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(
    base: str, process: subprocess.Popen, seconds: float = 120, log: Path | None = None
) -> None:
    """Until /healthz answers 200: the port opens before the workers have booted, and
    the first start migrates (and may load the demo). Fails with the server's log."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    output = log.read_text() if log and log.exists() else ""
    state = "stopped" if process.poll() is not None else f"did not answer within {seconds:.0f} s"
    raise AssertionError(f"baocao serve {state}:\n{output}")
