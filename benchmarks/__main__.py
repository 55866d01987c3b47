"""python -m benchmarks run --sizes 1000 10000 [--out FILE.json] [--questions 60] [--workdir DIR]"""
from __future__ import annotations

import argparse
from pathlib import Path

import os

# Measure the work itself: no vector is served from a cache of texts seen earlier in the run
# (the floor and the turns embed the same texts). Set before the settings are first read.
os.environ.setdefault("STACKWISE_EMBEDDING_CACHE", "0")

from .harness import run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="Measure Stackwise at several sizes.")
    sub = parser.add_subparsers(dest="command", required=True)
    go = sub.add_parser("run", help="generate catalogues, ingest them, measure chat turns, print a table")
    go.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    go.add_argument("--questions", type=int, default=60)
    go.add_argument("--out", type=Path)
    go.add_argument("--workdir", type=Path, help="keep catalogues and stores here (default: a temporary folder)")
    go.add_argument("--chat-only", action="store_true",
                    help="measure only the chat side again, on the stores a run kept in --workdir")
    args = parser.parse_args()
    if args.chat_only and not args.workdir:
        parser.error("--chat-only needs the --workdir of an earlier run")
    run(args.sizes, args.out, args.questions, args.workdir, args.chat_only)


if __name__ == "__main__":
    main()
