"""The benchmark: ingest, chat turns beside the same work alone and beside a langchain peer,
quiet and under load, cold start, memory, and install, at several catalogue sizes.

    python -m benchmarks run --sizes 1000 10000 [--workdir DIR] [--out FILE.json] [--install]

Every figure stands beside its floor, measured in the same run, interleaved with it:

- ingest beside embedding the same texts with the same model in the same batches, and beside
  langchain-chroma's ``add_texts`` of the same texts, on a generated catalogue of
  ``--ingest-sample`` programs, three times in rotating order;
- a chat turn beside the same work alone (its own embeddings and searches, replayed) and
  beside the peer's filtered ``similarity_search``, turn by turn in one fresh chat process,
  three processes quiet and three with another process spinning on one core;
- 20 concurrent conversations while a refresh is ingested and published (``benchmarks.load``).

Each phase records the machine's load average while it ran; repeated figures are the median
of the runs with their minimum and maximum. A store kept in ``--workdir`` by an earlier run
of the same size is used again instead of being ingested anew (its build time is then not
measured again).
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from ingest import IngestOptions, ingest_paths
from knowledge_base.embeddings import get_embedder
from knowledge_base.schema import Program
from knowledge_base.versions import CatalogueVersions
from stackwise.errors import StackwiseError
from stackwise.settings import get_settings

from . import synthetic
from .machine import LoadWatch, busy_cores, describe, settle

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 3
INGEST_SAMPLE = 500  # programs ingested three ways, three times, for the ingest figures
CONVERSATIONS = 40
COLD_STARTS = 3


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def spread(values: list[float], digits: int = 1) -> dict:
    """The median of repeated figures, with the lowest and the highest."""
    return {"median": round(statistics.median(values), digits), "min": round(min(values), digits),
            "max": round(max(values), digits), "runs": len(values)}


def serving_env() -> dict[str, str]:
    """A chat process's environment: the serving defaults (one engine thread), not the
    harness's batch settings; no vector served from a cache of texts seen earlier."""
    env = {k: v for k, v in os.environ.items() if k != "STACKWISE_EMBEDDING_THREADS"}
    return {**env, "STACKWISE_INDEX_DEFAULTS": "false", "STACKWISE_EMBEDDING_CACHE": "0"}


# ---- ingest ---------------------------------------------------------------------------------

def measure_ingest(rows: list[dict], base: Path, sample: int, repeats: int, peer: bool) -> dict:
    """Ingest, its embedding floor and the peer's ingest of the same ``sample`` programs,
    ``repeats`` times in rotating order."""
    rows = rows[:sample]
    csv_path = synthetic.write(rows, base / f"ingest-sample-{len(rows)}.csv")
    programs = [Program.from_row(r) for r in rows]
    texts = [p.embedding_text() for p in programs]
    embedder = get_embedder()
    embedder.encode_uncached(texts[:8], query=False)  # the model is loaded before anything is timed

    def floor() -> float:
        started = time.perf_counter()
        embedder.encode_uncached(texts, query=False)
        return time.perf_counter() - started

    def ours() -> float:
        folder = Path(tempfile.mkdtemp(dir=base))
        settings = get_settings().with_store(folder).model_copy(update={"index_defaults": False})
        started = time.perf_counter()
        report = ingest_paths([csv_path], settings, IngestOptions(progress=False))
        seconds = time.perf_counter() - started
        shutil.rmtree(folder)
        if report.stored != len(rows):
            raise StackwiseError(f"benchmark ingest stored {report.stored} of {len(rows)}: {report.summary()}")
        return seconds

    def theirs() -> float:
        from .peer import Peer

        folder = Path(tempfile.mkdtemp(dir=base))
        seconds = Peer(folder, embedder).ingest(programs)
        shutil.rmtree(folder)
        return seconds

    steps = {"floor": floor, "stackwise": ours, **({"peer": theirs} if peer else {})}
    names = list(steps)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    with LoadWatch() as watch:
        for run in range(repeats):
            for name in names[run % len(names):] + names[:run % len(names)]:
                seconds[name].append(steps[name]())
    result = {"sample": len(rows), **watch.summary(),
              "per_s": {name: spread([len(rows) / s for s in values]) for name, values in seconds.items()},
              "stackwise_vs_floor": spread([o / f for o, f in zip(seconds["stackwise"], seconds["floor"])], 2)}
    if peer:
        result["peer_vs_floor"] = spread([p / f for p, f in zip(seconds["peer"], seconds["floor"])], 2)
    return result


def ensure_store(size: int, csv_path: Path, base: Path) -> tuple[Path, dict]:
    """The store of the whole catalogue: one an earlier run kept in ``base``, else ingested now
    (as staff do, in its own process, timed)."""
    store_dir = base / f"store-{size}"
    settings = get_settings().with_store(store_dir)
    versions = CatalogueVersions(settings)
    if versions.current():
        current = versions.open(versions.current())
        count = current.programs.count()
        current.close()
        if count == size:
            return store_dir, {"built": "kept from an earlier run"}
    shutil.rmtree(store_dir, ignore_errors=True)
    started = time.perf_counter()
    with LoadWatch() as watch:
        subprocess.run([sys.executable, "-m", "ingest", str(csv_path), "--store", str(store_dir), "--quiet"],
                       cwd=ROOT, check=True, env={**os.environ, "STACKWISE_INDEX_DEFAULTS": "false"})
    seconds = time.perf_counter() - started
    return store_dir, {"built": "now", "ingest_s": round(seconds, 1), "per_s": round(size / seconds, 1),
                       **watch.summary()}


def ensure_peer(store_dir: Path, folder: Path) -> Path:
    """The peer's collection of the same programs, with the very vectors of the store."""
    from .peer import Peer

    settings = get_settings().with_store(store_dir)
    versions = CatalogueVersions(settings)
    store = versions.open(versions.current())
    peer = Peer(folder, get_embedder())
    if peer.count() != store.programs.count():
        peer.store.reset_collection()  # not the folder: Chroma keeps one client per path in a process
        peer.copy_from(store)
    store.close()
    return folder


# ---- chat -----------------------------------------------------------------------------------

def start_probe(store_dir: Path, *flags: str) -> tuple[subprocess.Popen, float, dict]:
    """A fresh chat process that has answered its first question; the seconds from its start
    to that answer; and the start-up stages it reported."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.chat_probe", str(store_dir), *flags], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True, env=serving_env())
    word, _, stages = process.stdout.readline().partition(" ")
    if word != "FIRST":
        raise StackwiseError(f"the chat probe did not start: {word!r}")
    return process, time.perf_counter() - started, json.loads(stages)


def cold_starts(store_dir: Path, count: int = COLD_STARTS) -> dict:
    starts = []
    for _ in range(count):
        process, seconds, stages = start_probe(store_dir, "--first-only")
        with process:  # closes its pipe once it has ended
            process.wait(timeout=600)
        starts.append((seconds, stages))
    starts.sort(key=lambda start: start[0])
    return {**spread([s for s, _ in starts], 2), "stages": starts[len(starts) // 2][1]}


def probe_run(store_dir: Path, peer_dir: Path | None, csv_path: Path, conversations: int) -> dict:
    flags = ["--conversations", str(conversations), "--catalogue", str(csv_path)]
    if peer_dir:
        flags += ["--peer", str(peer_dir)]
    process, _, _ = start_probe(store_dir, *flags)
    with process:
        probe = json.loads(process.stdout.readline())
        process.wait(timeout=1200)
    return probe


def latency(values: list[float]) -> dict:
    return {"p50": round(percentile(values, 0.5), 1), "p95": round(percentile(values, 0.95), 1),
            "p99": round(percentile(values, 0.99), 1)}


def chat_runs(store_dir: Path, peer_dir: Path | None, csv_path: Path, conversations: int, repeats: int,
              busy: int) -> tuple[dict, list[dict]]:
    """``repeats`` fresh chat processes, each playing every conversation, with ``busy`` cores
    kept busy by other processes meanwhile."""
    runs, probes = [], []
    for _ in range(repeats):
        with busy_cores(busy), LoadWatch() as watch:
            probe = probe_run(store_dir, peer_dir, csv_path, conversations)
        probes.append(probe)
        run = {"turn": latency(probe["turns_ms"]), "floor": latency(probe["floors_ms"]),
               "peak_mb": probe["peak_mb"], **watch.summary()}
        run["p95_vs_floor"] = run["turn"]["p95"] / run["floor"]["p95"]
        if probe["peer_ms"]:
            run["peer"] = latency(probe["peer_ms"])
            run["p50_vs_peer"] = run["turn"]["p50"] / run["peer"]["p50"]
        runs.append(run)
    summary = {"busy_cores": busy, "turns": len(probes[0]["turns_ms"]),
               "texts_embedded_per_turn": round(statistics.mean(probes[0]["texts_embedded"]), 2),
               "load_mean": round(statistics.mean(r["load_mean"] for r in runs), 2),
               "load_max": max(r["load_max"] for r in runs),
               "peak_mb": spread([r["peak_mb"] for r in runs])}
    for side in ("turn", "floor", "peer"):
        if side in runs[0]:
            summary[side] = {q: spread([r[side][q] for r in runs]) for q in ("p50", "p95", "p99")}
    summary["p95_vs_floor"] = spread([r["p95_vs_floor"] for r in runs], 2)
    if "p50_vs_peer" in runs[0]:
        summary["p50_vs_peer"] = spread([r["p50_vs_peer"] for r in runs], 2)
    return summary, probes


def measure_load(size: int, store_dir: Path, base: Path) -> dict:
    """20 conversations in one serving process while a refresh is ingested and published."""
    out = base / f"load-{size}.json"
    with LoadWatch() as watch:
        subprocess.run([sys.executable, "-m", "benchmarks.load", "--size", str(size), "--store", str(store_dir),
                        "--conversations", "20", "--turns", "8", "--refreshes", "1", "--out", str(out)],
                       cwd=ROOT, check=True, env=serving_env(), stdout=subprocess.DEVNULL)
    result = json.loads(out.read_text())
    keep = ("conversations", "turns_sent", "replies", "errors", "p50_ms", "p95_ms", "p99_ms", "throughput_per_s",
            "versions_published", "switch_s", "refresh_build_s", "chat_process_peak_mb")
    return {**{k: result[k] for k in keep}, **watch.summary()}


def measure_install() -> dict:
    """A clean virtual environment with the runtime requirements, as ``make run`` makes it,
    with pip's cache off (what a fresh machine downloads): seconds and size."""
    with tempfile.TemporaryDirectory() as folder:
        venv = Path(folder) / "venv"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-cache-dir",
                        "-r", str(ROOT / "requirements.txt")], check=True)
        seconds = time.perf_counter() - started
        size = sum(f.stat().st_size for f in venv.rglob("*") if f.is_file() and not f.is_symlink())
    return {"seconds": round(seconds, 1), "venv_mb": round(size / 1024 ** 2)}


# ---- a run ----------------------------------------------------------------------------------

def measure(size: int, base: Path, options: dict) -> dict:
    rows = synthetic.generate(size)
    csv_path = synthetic.write(rows, base / f"catalogue-{size}.csv")
    result: dict = {"programs": size}
    log(f"{size}: the whole catalogue")
    store_dir, result["store"] = ensure_store(size, csv_path, base)
    peer_dir = ensure_peer(store_dir, base / f"peer-{size}") if options["peer"] else None
    log(f"{size}: cold starts")
    result["settled_load"] = settle(limit=options["settle_s"])  # what the quiet figures start from
    result["cold_start_s"] = cold_starts(store_dir)
    for name, busy in (("quiet", 0), ("loaded", 1)):
        log(f"{size}: chat, {name}")
        result[name], probes = chat_runs(store_dir, peer_dir, csv_path, options["conversations"],
                                         options["repeats"], busy)
        if name == "quiet":
            result["verdicts"] = {"stackwise": probes[0]["stackwise"], "peer": probes[0]["peer"]}
    if options["load"]:
        log(f"{size}: 20 conversations and a refresh")
        result["load"] = measure_load(size, store_dir, base)
    return result


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def run(sizes: list[int], out: Path | None, workdir: Path | None = None, *, repeats: int = REPEATS,
        ingest_sample: int = INGEST_SAMPLE, conversations: int = CONVERSATIONS, peer: bool = True,
        load: bool = True, install: bool = False, settle_s: float = 240.0) -> dict:
    """Measure each size; catalogues and stores go to ``workdir`` when given (kept, for another
    run or for profiling), else to a temporary folder. Before the ingest and before each size's
    quiet figures the machine is given up to ``settle_s`` seconds to come to rest."""
    options = {"repeats": repeats, "ingest_sample": ingest_sample, "conversations": conversations, "peer": peer,
               "load": load, "settle_s": settle_s}
    started = datetime.now(UTC)
    results = {"machine": describe(), "started": started.isoformat(timespec="seconds"), "options": options,
               "sizes": []}
    with tempfile.TemporaryDirectory() as folder:
        base = Path(workdir or folder)
        base.mkdir(parents=True, exist_ok=True)
        # The first programs of every generated catalogue are the same: ingest is measured once.
        log(f"ingest of {ingest_sample} programs, {repeats} times each way")
        settle(limit=settle_s)
        results["ingest"] = measure_ingest(synthetic.generate(ingest_sample), base, ingest_sample, repeats, peer)
        for size in sizes:
            results["sizes"].append(measure(size, base, options))
    if install:
        log("install from a clean environment")
        results["install"] = measure_install()
    results["minutes"] = round((datetime.now(UTC) - started).total_seconds() / 60, 1)
    from .report import tables

    print(tables(results))
    if out:
        out.write_text(json.dumps(results, indent=2) + "\n")
        print(f"written to {out}")
    return results
