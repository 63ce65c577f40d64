"""Processes a test run leaves behind: every process the suite starts (app servers, browsers,
CLI runs, their worker processes) inherits PLANKB_TEST_RUN, so they can be found by it even
after they were orphaned and re-parented."""
from __future__ import annotations

import os
import signal
import time
import uuid

MARK = "PLANKB_TEST_RUN"


def new_run_mark() -> str:
    """Mark this process and everything it starts from now on."""
    os.environ[MARK] = uuid.uuid4().hex
    return os.environ[MARK]


def marked_processes(mark: str) -> list[tuple[int, str]]:
    """(pid, command line) of live processes carrying `mark`, this process excluded."""
    found = []
    needle = f"{MARK}={mark}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{entry}/stat") as f:
                state, ppid = f.read().rsplit(")", 1)[1].split()[:2]
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:  # ended meanwhile, or not ours to read
            continue
        if state == "Z":  # a zombie has ended already
            continue
        if int(ppid) == os.getpid() and "multiprocessing.resource_tracker" in cmd:
            continue  # this process's own resource tracker: it ends with this process
        found.append((int(entry), cmd))
    return found


def wait_for_none(mark: str, seconds: float) -> list[tuple[int, str]]:
    """The marked processes still alive after waiting up to `seconds` for them to end."""
    deadline = time.monotonic() + seconds
    while True:
        left = marked_processes(mark)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def kill(processes: list[tuple[int, str]]) -> None:
    for pid, _ in processes:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
