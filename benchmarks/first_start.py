"""First start as a newcomer meets it: a fresh clone, the README's `make run`, and the time until
the first page is usable in a browser (the chat box drawn, after the sample catalogue and the
definitions are indexed into an empty `data/store/`), with the machine's load while it ran.

    python -m benchmarks.first_start [--reuse-venv] [--busy N]

The install (`make install` into the clone's own .venv) is timed apart: it depends on the
package registry and pip's cache, not on the app. ``--reuse-venv`` links this checkout's .venv
instead, to time the first start alone; ``--busy N`` keeps N other processes spinning while it
runs (a shared machine). Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .machine import ROOT, LoadWatch, busy_cores, describe, free_port


def first_start(clone: Path, port: int, reuse_venv: bool) -> float:
    """Seconds from `make run` to the chat box in a real browser."""
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "STREAMLIT_SERVER_PORT": str(port), "STREAMLIT_SERVER_HEADLESS": "true",
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env = {k: v for k, v in env.items() if not k.startswith("STACKWISE_")}  # the defaults, as a newcomer has
    started = time.monotonic()
    # With a linked .venv, make must not install the clone into it: its stamp is taken as made.
    command = ["make", "-o", ".venv/.installed", "run"] if reuse_venv else ["make", "run"]
    process = subprocess.Popen(command, cwd=clone, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), headless=True,
                                                 args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            while True:  # the server is up once it answers at all
                try:
                    page.goto(f"http://127.0.0.1:{port}", timeout=5_000)
                    break
                except Exception:
                    if process.poll() is not None:
                        raise RuntimeError("make run stopped before the page was served") from None
                    time.sleep(0.2)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=600_000)
            elapsed = time.monotonic() - started
            browser.close()
        return elapsed
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.first_start", description=__doc__.split("\n")[0])
    parser.add_argument("--reuse-venv", action="store_true", help="link this checkout's .venv: time the start alone")
    parser.add_argument("--busy", type=int, default=0, help="other processes spinning meanwhile")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stackwise-first-") as work:
        clone = Path(work) / "stackwise"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        install = None
        if args.reuse_venv:
            (clone / ".venv").symlink_to(ROOT / ".venv")
        else:
            started = time.monotonic()
            subprocess.run(["make", "install"], cwd=clone, check=True, stdout=subprocess.DEVNULL)
            install = time.monotonic() - started
        with busy_cores(args.busy), LoadWatch() as load:
            seconds = first_start(clone, free_port(), args.reuse_venv)
        result = {"install_s": None if install is None else round(install, 1), "first_page_s": round(seconds, 1),
                  "busy_processes": args.busy, **load.summary(), "machine": describe()}
    print(json.dumps(result, indent=2))
    print(f"SUMMARY first_page_s={seconds:.1f} install_s={'-' if install is None else f'{install:.1f}'} "
          f"load_mean={result['load_mean']} load_max={result['load_max']} busy={args.busy} "
          f"cpus={result['machine']['cpus']}")


if __name__ == "__main__":
    main()
