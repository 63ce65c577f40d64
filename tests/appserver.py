"""Start and stop `plankb app` on a free localhost port (browser tests and the load benchmark)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(home: Path, seconds: float = 90) -> tuple[subprocess.Popen, str]:
    """Run `plankb app` with PLANKB_HOME=home; returns the process and its URL once healthy.

    The server's output goes to home/app.log (never to an unread pipe that could fill up).

    Raises:
        RuntimeError: the app did not answer its health check in time (with the log's tail).
    """
    port = free_port()
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / "app.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "app.cli", "app", "--port", str(port)], cwd=ROOT,
                                env={**os.environ, "PLANKB_HOME": str(home)}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc, url
        except OSError:
            time.sleep(0.5)
    stop_app(proc)
    raise RuntimeError(f"app did not start: {log_path.read_text(errors='replace')[-2000:]}")


def stop_app(proc: subprocess.Popen, timeout: float = 10) -> None:
    """End a server process the tests started: terminate, then kill if it does not go."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
