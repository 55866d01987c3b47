"""A chat process for the benchmark, started fresh as a learner-facing process would be.

    python -m benchmarks.chat_probe STORE [--first-only]

Reads questions from stdin (one per line). Answers the first and says FIRST with the seconds
its start-up stages took (the parent times cold start to that line); with ``--first-only`` it
stops there. Otherwise it answers the next five to warm up, then times each question beside
its floor (embedding the question plus one unfiltered Chroma query) and prints one JSON line
with the timings and the process's peak memory.
"""
from __future__ import annotations

import time

STARTED = time.perf_counter()  # before the imports below, which are part of a cold start

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from guidance import Assistant, Conversation  # noqa: E402
from knowledge_base.settings import get_settings  # noqa: E402

WARM_UP = 5


def peak_memory_mb() -> float:
    """This process's own peak resident memory (VmHWM). Not ``ru_maxrss``: after a fork and
    exec it can report the parent's peak instead (the harness's, with a whole ingest in it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> None:
    imported = time.perf_counter()
    assistant = Assistant.open(get_settings().with_store(sys.argv[1]))
    opened = time.perf_counter()
    questions = iter(line.strip() for line in sys.stdin)
    assistant.reply(next(questions), Conversation())
    answered = time.perf_counter()
    stages = {"imports_s": imported - STARTED, "open_s": opened - imported, "first_answer_s": answered - opened}
    print("FIRST", json.dumps({name: round(seconds, 2) for name, seconds in stages.items()}), flush=True)
    if "--first-only" in sys.argv[2:]:
        return
    rest = list(questions)
    for question in rest[:WARM_UP]:
        assistant.reply(question, Conversation())
    store, embedder = assistant.catalogue.store, assistant.catalogue.store.embedder
    turns, floors = [], []
    for question in rest:
        started = time.perf_counter()
        assistant.reply(question, Conversation())
        turns.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        store.nearest_programs(embedder.embed_query(question), 20)
        floors.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"turns_ms": turns, "floors_ms": floors, "peak_mb": peak_memory_mb()}), flush=True)


if __name__ == "__main__":
    main()
