"""python -m benchmarks run --sizes 1000 10000 [--out FILE.json] [--workdir DIR] [--install]
python -m benchmarks readme [RESULTS.json]
python -m benchmarks merge RUN.json RUN.json --out DATE-run.json"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

# Measure the work itself: no vector is served from a cache of texts seen earlier in the run
# (the floor and the turns embed the same texts). The harness's own process ingests, as staff
# do, with every core; chat processes get the serving defaults (``harness.serving_env``).
# Set before the settings are first read.
os.environ.setdefault("STACKWISE_EMBEDDING_CACHE", "0")
os.environ.setdefault("STACKWISE_EMBEDDING_THREADS", str(os.cpu_count() or 1))

from . import harness, report  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="Measure Stackwise at several sizes.")
    sub = parser.add_subparsers(dest="command", required=True)
    go = sub.add_parser("run", help="measure ingest, chat turns quiet and loaded, the peer, load, cold start")
    go.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    go.add_argument("--out", type=Path, help="write the results here (benchmarks/results/DATE-run.json for the README)")
    go.add_argument("--workdir", type=Path, help="keep catalogues and stores here; a kept store is used again")
    go.add_argument("--repeats", type=int, default=harness.REPEATS)
    go.add_argument("--ingest-sample", type=int, default=harness.INGEST_SAMPLE)
    go.add_argument("--conversations", type=int, default=harness.CONVERSATIONS)
    go.add_argument("--no-peer", action="store_true", help="leave out langchain-chroma")
    go.add_argument("--no-load", action="store_true", help="leave out the 20 conversations and a refresh")
    go.add_argument("--install", action="store_true", help="also time an install into a clean environment")
    show = sub.add_parser("readme", help="regenerate the README's performance tables from a results file")
    show.add_argument("results", type=Path, nargs="?", help="default: the newest benchmarks/results/*-run.json")
    join = sub.add_parser("merge", help="runs of different sizes as one results file (each size from its newest run)")
    join.add_argument("runs", type=Path, nargs="+")
    join.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "merge":
        args.out.write_text(json.dumps(report.merge(args.runs), indent=2) + "\n")
        print(f"written to {args.out}")
        return
    if args.command == "readme":
        print(f"README regenerated from {report.update_readme(args.results)}")
        return
    harness.run(args.sizes, args.out, args.workdir, repeats=args.repeats, ingest_sample=args.ingest_sample,
                conversations=args.conversations, peer=not args.no_peer, load=not args.no_load, install=args.install)


if __name__ == "__main__":
    main()
