"""The staff command: ``python -m ingest FILE... [--store DIR]``."""
from __future__ import annotations

import argparse
import json
import sys
import time

from knowledge_base.errors import StackwiseError
from knowledge_base.settings import get_settings
from knowledge_base.store import Store

from .pipeline import ingest_paths, supported_extensions


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Validate catalogue files and documents and store them in the Stackwise knowledge base.",
    )
    parser.add_argument("paths", nargs="+", metavar="FILE",
                        help=f"files or folders to ingest ({', '.join(supported_extensions())})")
    parser.add_argument("--store", metavar="DIR", help="Chroma folder (default: $STACKWISE_STORE_DIR or ./data/store)")
    parser.add_argument("--report", metavar="FILE.json", help="also write the full report as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    started = time.perf_counter()
    try:
        settings = get_settings().with_store(args.store)
        store = Store.open(settings)
        report = ingest_paths(args.paths, store, progress=False if args.quiet else None)
    except StackwiseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for message in report.file_errors:
        print(f"error: {message}", file=sys.stderr)
    for error in report.errors:
        print(error, file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{report.summary()} ({time.perf_counter() - started:.1f} s)")
    if args.report:
        with open(args.report, "w", encoding="utf-8") as handle:
            json.dump(report.to_dict(), handle, indent=2, ensure_ascii=False)
    return 0 if report.ok else 1
