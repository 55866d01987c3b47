"""A real browser against the real app: Streamlit on a free local port, Debian's Chromium driven
by Playwright (no browser download: executable_path points at the system Chromium)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.machine import free_port, wait_until_up
from tests.conftest import ROOT

OUTPUT = ROOT / "test-output"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@contextmanager
def running_app(store_dir: Path, centre: str | None = None, **env_overrides: str) -> Iterator[str]:
    """The real app on a free local port, as `make run` starts it or, for a ``centre``, as
    `python -m guidance serve --centre ID` does (its colours as the Streamlit theme)."""
    from guidance.cli import serve_command

    port = free_port()
    env = {**os.environ, "STACKWISE_STORE_DIR": str(store_dir),
           "STACKWISE_QUESTION_LOG": str(Path(store_dir).parent / f"questions-{port}.sqlite3"), **env_overrides}
    if centre:
        command, centre_env = serve_command(centre, port, "127.0.0.1")
        env.update(centre_env)
    else:
        command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                   "--server.address", "127.0.0.1"]
    process = subprocess.Popen(command + ["--server.headless", "true", "--browser.gatherUsageStats", "false"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/_stcore/health", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def app_url(sample_store_dir) -> Iterator[str]:
    with running_app(sample_store_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Chromium is missing: run scripts/install-browser.sh (make test does)"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_call = report.failed
    return report


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1200, "height": 1400}, accept_downloads=True)
    page = context.new_page()
    yield page
    if getattr(request.node, "failed_call", False):  # keep what the browser showed, for CI logs
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / f"FAILED-{request.node.name}.png"), full_page=True)
        (OUTPUT / f"FAILED-{request.node.name}.txt").write_text(page.inner_text("body"))
    context.close()


def send(page, message: str, turn: int):
    """Type the learner's ``turn``-th message of this page into the chat box and wait for its
    reply (two chat messages per turn: the learner's and the reply) and for the box to be back;
    returns the reply."""
    box = page.get_by_test_id("stChatInputTextArea")
    box.wait_for(timeout=90_000)
    box.fill(message)
    box.press("Enter")
    reply = page.get_by_test_id("stChatMessage").nth(2 * turn - 1)
    reply.wait_for(timeout=90_000)
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=90_000)
    return reply


def screenshot(page, name: str) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
