"""A chat process for the benchmark, started fresh as a learner-facing process would be.

Reads questions from stdin (one per line). Answers the first and says FIRST (the parent
times cold start to that line); answers the next five to warm up; then times each question
beside its floor (embedding the question plus one unfiltered Chroma query) and prints one
JSON line with the timings and the process's peak memory.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from guidance import Assistant, Conversation
from knowledge_base.settings import get_settings

WARM_UP = 5


def peak_memory_mb() -> float:
    """This process's own peak resident memory (VmHWM). Not ``ru_maxrss``: after a fork and
    exec it can report the parent's peak instead (the harness's, with a whole ingest in it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> None:
    assistant = Assistant.open(get_settings().with_store(sys.argv[1]))
    questions = iter(line.strip() for line in sys.stdin)
    assistant.reply(next(questions), Conversation())
    print("FIRST", flush=True)
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
        store.nearest_programs(embedder.embed_one(question), 20)
        floors.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"turns_ms": turns, "floors_ms": floors, "peak_mb": peak_memory_mb()}), flush=True)


if __name__ == "__main__":
    main()
