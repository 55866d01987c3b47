"""Concurrent conversations against one process, as Streamlit serves sessions (threads), while
the staff ingest (a separate process, as in real use) publishes new catalogue versions.

    python -m benchmarks.load --size 10000 --conversations 20 --turns 8 [--think 2] [--out FILE.json]
    python -m benchmarks.load --size 100000 --store WORKDIR/store-100000 ...   (a store the harness kept)

Each conversation waits a "reading time" between its messages (``--think`` seconds on average,
0 for a stress test where every conversation fires back to back), sends at least ``--turns``
messages, and goes on until the refreshes are published and it has been answered from the new
catalogue, so that every switch happens while learners chat.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from guidance import Assistant, Conversation
from knowledge_base.versions import CatalogueVersions
from stackwise.settings import get_settings

from . import synthetic
from .chat_probe import peak_memory_mb
from .harness import percentile

ROOT = Path(__file__).resolve().parent.parent


def run(size: int, conversations: int, turns: int, refreshes: int, think: float, store: Path | None = None,
        rollback: bool = False) -> dict:
    """``store``: a store the harness kept (``python -m benchmarks run --workdir``) holding the
    synthetic catalogue of ``size`` programs, used instead of ingesting one first.
    ``rollback``: each switch publishes the previous version again instead of building one."""
    # The harness's labelled conversations, played one after another: every kind of message.
    questions = [q.text for c in synthetic.conversations(conversations * turns, seed=5) for q in c]
    with tempfile.TemporaryDirectory() as folder:
        settings = get_settings().with_store(store or Path(folder) / "store").model_copy(
            update={"index_defaults": False})
        rows = synthetic.generate(size)
        if store is None:
            _ingest(synthetic.write(rows, Path(folder) / "catalogue.csv"), settings.store_dir)  # not in this process
        versions = CatalogueVersions(settings)
        # A refresh is the same export again, with changes, under the same source: the rows it
        # does not change stay unchanged.
        current = versions.open(versions.current())
        source = current.programs.get(limit=1, include=["metadatas"])["metadatas"][0]["source"]
        current.close()
        assistant = Assistant.open(settings)
        assistant.reply(questions[0], Conversation())  # a warm process, as a server is; cold start is measured apart
        latencies: list[float] = []
        errors: list[str] = []
        seen: dict[str, float] = {}  # catalogue version -> when a reply first came from it
        published: dict[str, float] = {}  # version -> when CURRENT named it (the file's time)
        builds: list[float] = []  # seconds each refresh took, build and publish
        serving_peak: list[float] = []  # the process's peak memory when the first refresh began
        lock = threading.Lock()
        refreshed = threading.Event()  # set when every refresh is published
        answered_after: dict[int, bool] = {}  # conversations answered since then
        sent = [0]

        def converse(index: int) -> None:
            conversation = Conversation(id=f"c{index}")
            pause = random.Random(index)
            turn = 0
            # Every conversation sends its turns, and goes on until the refreshes are done and it
            # has been answered once more after them: the switch happens while learners chat.
            while turn < turns or (not (refreshed.is_set() and answered_after.get(index)) and turn < 100 * turns):
                if think:
                    time.sleep(think * pause.uniform(0.5, 1.5))
                question = questions[(index * turns + turn) % len(questions)]
                turn += 1
                after = refreshed.is_set()
                started = time.perf_counter()
                try:
                    reply = assistant.reply(question, conversation)
                    reply_version = assistant.version
                    assert reply.answer
                    with lock:
                        seen.setdefault(reply_version, time.time())
                except Exception as exc:  # counted, not raised: the point is to see every failure
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)
                    sent[0] += 1
                    # Answered from the newest version, not merely after it was published: a large
                    # version loads in the background for seconds while the current one answers.
                    if after and reply_version == versions.current():
                        answered_after[index] = True

        run_id = int(time.time())

        def refresh() -> None:
            spacing = max(1.0, turns * think / (refreshes + 1))  # spread the switches over the run
            for n in range(refreshes):
                time.sleep(spacing)
                if n == 0:
                    serving_peak.append(peak_memory_mb())
                began, before = time.perf_counter(), versions.current()
                if rollback:  # publish the previous version again: a switch without a build
                    _run_ingest("--rollback", "--store", str(settings.store_dir))
                else:
                    changed = [dict(r) for r in rows]
                    update = f"{run_id}-{n + 1}"  # new in every run, so each refresh changes the current version
                    for i, row in enumerate(changed[n::50]):  # change 2% of the programs: all prices,
                        row["cost"] = str(float(row["cost"] or 0) + n + 1 + run_id % 1000)
                        if i % 2:  # and half of their descriptions (embedded again)
                            row["description"] += f" Revised in update {update}."
                    _ingest(synthetic.write(changed, Path(folder) / f"refresh{n}.csv"), settings.store_dir, source)
                builds.append(round(time.perf_counter() - began, 1))
                if versions.current() != before:
                    published[versions.current()] = (settings.store_dir / "CURRENT").stat().st_mtime
            refreshed.set()

        threads = [threading.Thread(target=converse, args=(i,)) for i in range(conversations)]
        refresher = threading.Thread(target=refresh)
        started = time.perf_counter()
        refresher.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        refresher.join()
        elapsed = time.perf_counter() - started
        return {
            "programs": size, "conversations": conversations, "turns_sent": sent[0] + len(errors),
            "replies": len(latencies), "errors": len(errors), "error_examples": errors[:3],
            "p50_ms": round(percentile(latencies, 0.5), 1) if latencies else None,
            "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
            "p99_ms": round(percentile(latencies, 0.99), 1) if latencies else None,
            "throughput_per_s": round(len(latencies) / elapsed, 1), "think_s": think,
            "versions_published": len(published), "versions_answered_from": sorted(seen),
            # from a version's publication to the first reply answered from it
            "switch_s": {v: round(seen[v] - t, 1) for v, t in published.items() if v in seen},
            "refresh_build_s": builds,
            "chat_process_peak_mb": peak_memory_mb(),
            "chat_peak_before_first_refresh_mb": serving_peak[0] if serving_peak else None,
        }


def _ingest(path: Path, store_dir: Path, source: str | None = None) -> None:
    """The staff ingest, in its own process as in real use."""
    _run_ingest(str(path), "--store", str(store_dir), "--quiet", *(("--source", source) if source else ()))


def _run_ingest(*arguments: str) -> None:
    subprocess.run([sys.executable, "-m", "ingest", *arguments], cwd=ROOT, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--turns", type=int, default=8)
    parser.add_argument("--refreshes", type=int, default=2)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--store", type=Path, help="a store kept by the harness (--workdir) with the --size catalogue")
    parser.add_argument("--rollback", action="store_true",
                        help="switch versions by rolling back (needs a store with two published versions)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result = run(args.size, args.conversations, args.turns, args.refreshes, args.think, args.store, args.rollback)
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))
    sys.exit(1 if result["errors"] or result["replies"] != result["turns_sent"] else 0)


if __name__ == "__main__":
    main()
