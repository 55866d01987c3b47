"""Versions under stress: a build killed mid-way, and readers in another process during switches."""
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from knowledge_base.versions import CatalogueVersions
from tests.conftest import ROOT, current_store, ingest

pytestmark = pytest.mark.slow
HEADER = "id,title,provider,credential_type,description,skills\n"


def catalogue(path, count, prefix="K", topic="welding"):
    rows = [f"{prefix}-{n},{topic.title()} module {n},Test Polytechnic,short-course,"
            f"Hands-on {topic} practice number {n} with safety and quality checks,{topic}" for n in range(count)]
    path.write_text(HEADER + "\n".join(rows) + "\n")
    return path


def test_a_build_killed_at_any_point_leaves_the_previous_version_serving(settings, tmp_path):
    ingest(settings, catalogue(tmp_path / "small.csv", 3))
    versions = CatalogueVersions(settings)
    big = catalogue(tmp_path / "big.csv", 1500, prefix="B")
    process = subprocess.Popen([sys.executable, "-m", "ingest", str(big), "--store", str(settings.store_dir),
                                "--quiet"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not (versions.folder / "v0002").exists():  # the draft exists: the build is under way
        assert process.poll() is None and time.monotonic() < deadline, "the build ended before it could be killed"
        time.sleep(0.05)
    time.sleep(1.0)  # let it write part of the draft
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert versions.current() == "v0001"
    store = current_store(settings)
    assert sorted(p.id for p in store.all_programs()) == ["K-0", "K-1", "K-2"]
    hits = store.nearest_programs(store.embedder.embed_query("welding"), 5)
    assert {h.id for h in hits} == {"K-0", "K-1", "K-2"}
    report = ingest(settings, catalogue(tmp_path / "small.csv", 4))  # the next build starts by removing the draft
    assert report.version == "v0002" and versions.is_complete("v0002")
    assert sorted(p.id for p in current_store(settings).all_programs()) == ["K-0", "K-1", "K-2", "K-3"]


def test_queries_in_another_process_never_fail_while_versions_switch(settings, tmp_path):
    ingest(settings, catalogue(tmp_path / "base.csv", 20))
    chat = subprocess.Popen([sys.executable, "-m", "guidance", "chat", "--json", "--store", str(settings.store_dir)],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "STACKWISE_INDEX_DEFAULTS": "false"})
    replies: list[dict] = []
    stop = threading.Event()

    def ask_continuously():
        n = 0
        while not stop.is_set():
            chat.stdin.write(json.dumps({"conversation": f"c{n}", "message": "I want to learn welding"}) + "\n")
            chat.stdin.flush()
            replies.append(json.loads(chat.stdout.readline()))
            n += 1

    chat.stdin.write(json.dumps({"conversation": "first", "message": "welding"}) + "\n")
    chat.stdin.flush()
    assert json.loads(chat.stdout.readline())["programs"], "the reader is up"
    asker = threading.Thread(target=ask_continuously)
    asker.start()

    def answered(count: int) -> None:  # a condition, not a clock: the deadline only ends a hung run
        deadline = time.monotonic() + 300
        while len(replies) < count and asker.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)

    try:
        for round_number in range(3):
            answered(len(replies) + 3)  # the reader is answering when the ingest starts
            ingest(settings, catalogue(tmp_path / f"round{round_number}.csv", 5, prefix=f"R{round_number}"))
        answered(len(replies) + 3)
    finally:
        stop.set()
        asker.join(timeout=60)
        # The reader loads a new version beside the current one and answers from it once it is
        # loaded: ask until it does (each reply comes back, so this waits on the reader alone).
        for _ in range(2000):
            chat.stdin.write(json.dumps({"conversation": "last", "message": "I want to learn welding"}) + "\n")
            chat.stdin.flush()
            last = json.loads(chat.stdout.readline())
            if any(p["id"].startswith("R2-") for p in last.get("programs", [])):
                break
            time.sleep(0.05)
        chat.stdin.close()
        chat.wait(timeout=60)
        chat.stdout.close()
    assert len(replies) >= 12, "the reader kept answering during the switches"
    assert all("error" not in reply and reply["programs"] for reply in replies)
    assert CatalogueVersions(settings).current() == "v0004"
    assert any(p["id"].startswith("R2-") for p in last["programs"]), "the reader moved to the newest version"
