"""The benchmark: ingest, re-ingest, chat latency, cold start and memory at several catalogue sizes.

    python -m benchmarks run --sizes 1000 10000 100000 [--out results.json]

Each measure stands beside its floor, measured in the same run on the same machine: ingest
beside embedding the same texts in batches with the same model; a chat turn beside embedding
one query plus one Chroma query. Figures are printed as a table and written as JSON.
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingest import IngestOptions, ingest_paths
from knowledge_base.embeddings import get_embedder
from knowledge_base.schema import Program
from knowledge_base.settings import get_settings

from . import synthetic

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(size: int, workdir: Path, questions: list[str]) -> dict:
    rows = synthetic.generate(size)
    csv_path = synthetic.write(rows, workdir / f"catalogue-{size}.csv")
    texts = [Program.from_row(r).embedding_text() for r in rows]
    embedder = get_embedder()
    embedder.embed(texts[:64])  # load the model before timing anything

    started = time.perf_counter()
    for start in range(0, len(texts), 256):
        embedder.embed(texts[start:start + 256])
    embed_floor = time.perf_counter() - started

    settings = get_settings().with_store(workdir / f"store-{size}").model_copy(update={"index_defaults": False})
    started = time.perf_counter()
    report = ingest_paths([csv_path], settings, IngestOptions(progress=False))
    ingest_time = time.perf_counter() - started
    assert report.stored == size, report.summary()
    started = time.perf_counter()
    ingest_paths([csv_path], settings, IngestOptions(progress=False))
    reingest_time = time.perf_counter() - started

    return {"programs": size,
            "ingest_s": round(ingest_time, 2), "ingest_per_s": round(size / ingest_time, 1),
            "embed_floor_s": round(embed_floor, 2), "embed_floor_per_s": round(size / embed_floor, 1),
            "ingest_vs_floor": round(ingest_time / embed_floor, 2),
            "reingest_s": round(reingest_time, 2), "reingest_share": round(reingest_time / ingest_time, 4),
            **measure_chat(settings.store_dir, questions)}


COLD_STARTS = 3  # fresh processes timed to their first answer; the figure is their median


def measure_chat(store_dir: Path, questions: list[str]) -> dict:
    """Cold start (the median of three fresh starts), warm turns beside their floor, and peak
    memory, each in a fresh chat process."""
    cold_starts = [cold_start(store_dir, questions[0]) for _ in range(COLD_STARTS - 1)]
    probe = probe_chat_process(store_dir, questions)
    cold_starts.append((probe["cold_start_s"], probe["stages"]))
    cold_starts.sort(key=lambda start: start[0])
    median_seconds, median_stages = cold_starts[len(cold_starts) // 2]
    turns, floors = probe["turns_ms"], probe["floors_ms"]
    return {
        "turn_p50_ms": round(percentile(turns, 0.5), 1), "turn_p95_ms": round(percentile(turns, 0.95), 1),
        "turn_p99_ms": round(percentile(turns, 0.99), 1),
        "floor_p50_ms": round(percentile(floors, 0.5), 1), "floor_p95_ms": round(percentile(floors, 0.95), 1),
        "p95_vs_floor": round(percentile(turns, 0.95) / percentile(floors, 0.95), 2),
        "cold_start_s": round(median_seconds, 2), "cold_start_max_s": round(cold_starts[-1][0], 2),
        "cold_start_stages": median_stages, "chat_peak_mb": probe["peak_mb"], "questions": len(turns),
    }


def start_chat_process(store_dir: Path, first: str, *flags: str) -> tuple[subprocess.Popen, float, dict]:
    """A fresh chat process that has answered ``first``; the seconds from its start to that
    answer; and the start-up stages it reported."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.chat_probe", str(store_dir), *flags], cwd=ROOT,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "STACKWISE_INDEX_DEFAULTS": "false"})
    process.stdin.write(first + "\n")
    process.stdin.flush()
    word, _, stages = process.stdout.readline().partition(" ")
    assert word == "FIRST", word
    return process, time.perf_counter() - started, json.loads(stages)


def cold_start(store_dir: Path, first: str) -> tuple[float, dict]:
    """Seconds from starting a chat process to its first answer, and the stages it reported."""
    process, seconds, stages = start_chat_process(store_dir, first, "--first-only")
    process.stdin.close()
    process.wait(timeout=600)
    return seconds, stages


def probe_chat_process(store_dir: Path, questions: list[str]) -> dict:
    """Everything the chat probe measured, with its own cold start and start-up stages."""
    process, seconds, stages = start_chat_process(store_dir, questions[0])
    process.stdin.write("\n".join(questions) + "\n")
    process.stdin.close()
    probe = json.loads(process.stdout.readline())
    process.wait(timeout=600)
    return {**probe, "cold_start_s": seconds, "stages": stages}


COLUMNS = [("programs", "programs"), ("ingest/s", "ingest_per_s"), ("floor/s", "embed_floor_per_s"),
           ("ingest÷floor", "ingest_vs_floor"), ("re-ingest s", "reingest_s"), ("re-ingest share", "reingest_share"),
           ("p50 ms", "turn_p50_ms"), ("p95 ms", "turn_p95_ms"), ("p99 ms", "turn_p99_ms"),
           ("floor p95 ms", "floor_p95_ms"), ("p95÷floor", "p95_vs_floor"), ("cold start s", "cold_start_s"),
           ("slowest start s", "cold_start_max_s"),
           ("peak MB", "chat_peak_mb")]


def table(results: list[dict]) -> str:
    header = " | ".join(name for name, _ in COLUMNS)
    lines = [f"| {header} |", "|" + "---|" * len(COLUMNS)]
    for result in results:
        lines.append("| " + " | ".join(str(result.get(key, "–")) for _, key in COLUMNS) + " |")
    return "\n".join(lines)


def machine() -> dict:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3
    return {"cpus": os.cpu_count(), "memory_gb": round(memory_gb, 1), "python": platform.python_version(),
            "platform": platform.platform()}


def run(sizes: list[int], out: Path | None, question_count: int, workdir: Path | None = None,
        chat_only: bool = False) -> list[dict]:
    """Measure each size; catalogues and stores go to ``workdir`` when given (kept, for profiling
    afterwards), else to a temporary folder. ``chat_only`` measures only the chat side again,
    on the stores an earlier run kept in ``workdir``."""
    questions = synthetic.questions(question_count)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(workdir or folder)
        base.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            print(f"measuring {size} programs…", file=sys.stderr, flush=True)
            if chat_only:
                results.append({"programs": size, **measure_chat(base / f"store-{size}", questions)})
            else:
                results.append(measure(size, base, questions))
    print(table(results))
    if out:
        out.write_text(json.dumps({"machine": machine(), "results": results}, indent=2))
        print(f"written to {out}")
    return results
