"""What a run was measured on and under: the machine, its load while a phase ran, and an
external CPU load the harness applies itself."""
from __future__ import annotations

import os
import platform
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def describe() -> dict:
    """The machine and the code: enough for someone else to know what they compare with."""
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gb": round(memory_gb, 1),
            "python": platform.python_version(), "platform": platform.platform(), "commit": _commit()}


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{'+changes' if dirty else ''}"


class LoadWatch:
    """The one-minute load average, read every ``every`` seconds while a phase runs."""

    def __init__(self, every: float = 1.0):
        self.every = every
        self.readings: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while True:
            self.readings.append(os.getloadavg()[0])
            if self._stop.wait(self.every):
                return

    def __enter__(self) -> LoadWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict:
        readings = self.readings or [os.getloadavg()[0]]
        return {"load_mean": round(sum(readings) / len(readings), 2), "load_max": round(max(readings), 2)}


def settle(below: float = 0.5, limit: float = 240.0) -> float:
    """Wait until the one-minute load average is under ``below`` (the work of an earlier phase
    has left the machine), or ``limit`` seconds; the load average when done."""
    started = time.monotonic()
    while os.getloadavg()[0] >= below and time.monotonic() - started < limit:
        time.sleep(2)
    return round(os.getloadavg()[0], 2)


SPIN = "while True: pass"


@contextmanager
def busy_cores(count: int) -> Iterator[list[subprocess.Popen]]:
    """``count`` processes that each keep one core busy until the block ends: another
    program on the same machine, as a shared server or a laptop has."""
    spinners = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(count)]
    try:
        yield spinners
    finally:
        for spinner in spinners:
            spinner.kill()
        for spinner in spinners:
            spinner.wait()


def free_port() -> int:
    """A local port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 180) -> None:
    """Until ``url`` (a server's health address) answers 200, or the server exits; a condition
    waited on, with ``timeout`` only as the limit of a run that never comes up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")
