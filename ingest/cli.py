"""The staff command: ``python -m ingest FILE... [options]``, and ``python -m ingest --rollback``."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from knowledge_base.versions import catalogue_versions
from stackwise.errors import StackwiseError
from stackwise.settings import get_settings

from .documents import PDF_TIMEOUT
from .errors import IngestError
from .export import export_csv, export_ctdl
from .mapping import ColumnMapping
from .pipeline import IngestOptions, IngestReport, explain_line, ingest_paths, supported_extensions
from .report import group, unknown_values


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Validate catalogue files and documents and publish them as a new catalogue version.",
    )
    parser.add_argument("paths", nargs="*", metavar="FILE",
                        help=f"files or folders to ingest ({', '.join(supported_extensions())})")
    parser.add_argument("--store", metavar="DIR", help="store folder (default: $STACKWISE_STORE_DIR or ./data/store)")
    parser.add_argument("--mapping", metavar="FILE.toml", help="column mapping: [columns] and [defaults]")
    parser.add_argument("--sheet", metavar="NAME", help="XLSX worksheet (default: the first)")
    parser.add_argument("--source", metavar="NAME", help="tag for the records (default: each file's name)")
    parser.add_argument("--dry-run", action="store_true",
                        help="show what would be added, changed, removed; write nothing")
    parser.add_argument("--prune", action="store_true", help="remove records of the same source missing from the files")
    parser.add_argument("--strict", action="store_true", help="write nothing if any row or file is rejected")
    parser.add_argument("--report", metavar="FILE.json", help="also write the full report as JSON")
    parser.add_argument("--pdf-timeout", type=float, default=PDF_TIMEOUT, metavar="SECONDS",
                        help=f"time allowed to read one PDF (default {PDF_TIMEOUT:g})")
    parser.add_argument("--rollback", action="store_true", help="make the previous catalogue version current again")
    parser.add_argument("--export", metavar="FILE",
                        help="write the current catalogue to FILE: canonical CSV (.csv) or CTDL JSON-LD "
                             "(.jsonld, .json)")
    parser.add_argument("--explain", type=int, metavar="LINE",
                        help="show how the record at LINE of each file is read, field by field; write nothing")
    parser.add_argument("--quiet", action="store_true", help="no progress bar, no column mapping listing")
    return parser


def print_report(report: IngestReport, quiet: bool) -> None:
    if not quiet:
        for file, lines in report.mappings.items():
            print(f"Columns of {file}:")
            for line in lines:
                print(f"  {line}")
    for message in report.file_errors:
        print(f"error: {message}", file=sys.stderr)
    _print_groups(report.errors, "rejected")
    _print_groups(report.notices, "note")
    for unknown in unknown_values(report.errors + report.notices):
        print(f"values: {unknown.advice()}", file=sys.stderr)
    _print_some(report.warnings, "warning: ", "warnings")
    if report.dry_run:
        for label, ids in (("added", report.added), ("changed", report.changed), ("removed", report.removed_ids)):
            if ids:
                print(f"{label} ({len(ids)}): {', '.join(ids)}")


SHOWN = 50  # lines of each kind printed; --report has them all


def _print_groups(problems: list, label: str) -> None:
    """One line per reason with its count and two example rows (every row is in --report);
    a reason only one or two rows have is printed for each of them."""
    prefix = "" if label == "rejected" else f"{label}: "
    for found in group(problems):
        if found.count <= len(found.examples):
            for example in found.examples:
                print(f"{prefix}{example}", file=sys.stderr)
            continue
        examples = ", ".join(f"{e.file}:{e.line}" for e in found.examples)
        print(f"{label}: {found.count} rows, {found.field}: {found.reason} ({examples}, ...)", file=sys.stderr)


def _print_some(items: list, prefix: str, kind: str) -> None:
    for item in items[:SHOWN]:
        print(f"{prefix}{item}", file=sys.stderr)
    if len(items) > SHOWN:
        print(f"... and {len(items) - SHOWN} more {kind} (all of them in --report FILE.json)", file=sys.stderr)


EXPORTERS = {".csv": export_csv, ".jsonld": export_ctdl, ".json": export_ctdl}


def export_current(settings, path: Path) -> int:
    """The current catalogue version written out, for a centre to publish what it curated."""
    writer = EXPORTERS.get(path.suffix.lower())
    if writer is None:
        raise IngestError(f"{path}: --export writes .csv (canonical columns) or .jsonld / .json (CTDL)")
    with catalogue_versions(settings) as versions:
        current = versions.current()
        if current is None:
            raise IngestError(f"{settings.store_dir}: no catalogue version to export yet")
        store = versions.open(current)
    try:
        count = writer(store.all_programs(), path)
    finally:
        store.close()
    print(f"Wrote {count} programs of catalogue version {current} to {path}.")
    return 0


def yield_cpu(niceness: int) -> None:
    """Run this process at a lower priority: on a machine that also serves learners, a
    refresh takes the cores only when the chat processes leave them idle."""
    if niceness > 0 and hasattr(os, "nice"):
        os.nice(niceness)


def main(argv: list[str] | None = None, *, own_process: bool = False) -> int:
    """``own_process``: this process is the staff ingest (``python -m ingest``), which yields
    the CPU to chat processes (``Settings.ingest_niceness``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.paths and not args.rollback and not args.export:
        parser.error("name at least one FILE, or use --rollback or --export FILE")
    if args.export and (args.paths or args.rollback):
        parser.error("--export writes the current catalogue; run it without FILEs or --rollback")
    started = time.perf_counter()
    # A batch job: unless told otherwise, the embedding engine uses every core (a chat process
    # keeps to one, see README "Performance").
    os.environ.setdefault("STACKWISE_EMBEDDING_THREADS", str(os.cpu_count() or 1))
    get_settings.cache_clear()
    if own_process:
        yield_cpu(get_settings().ingest_niceness)
    try:
        settings = get_settings().with_store(args.store)
        if args.rollback:
            with catalogue_versions(settings) as versions:
                name = versions.rollback()
            print(f"Catalogue version {name} is current again.")
            return 0
        if args.export:
            return export_current(settings, Path(args.export))
        options = IngestOptions(
            mapping=ColumnMapping.load(args.mapping) if args.mapping else None, sheet=args.sheet,
            source=args.source, dry_run=args.dry_run, prune=args.prune, strict=args.strict,
            pdf_timeout=args.pdf_timeout, progress=False if args.quiet else None,
        )
        if args.explain is not None:
            print("\n".join(explain_line(args.paths, args.explain, options)))
            return 0
        report = ingest_paths(args.paths, settings, options)
    except StackwiseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print_report(report, args.quiet)
    for line in report.catalogue:
        print(f"catalogue: {line}")
    print(f"{report.summary()} ({time.perf_counter() - started:.1f} s)")
    if args.report:
        with open(args.report, "w", encoding="utf-8") as handle:
            json.dump(report.to_dict(), handle, indent=2, ensure_ascii=False)
    return 0 if report.ok else 1
