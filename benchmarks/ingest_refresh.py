"""Time a first ingest of a file into a new store, then an unchanged re-run.

    python -m benchmarks.ingest_refresh FILE [--mapping FILE.toml]
"""
from __future__ import annotations

import argparse
import tempfile
import time

from ingest import ColumnMapping, IngestOptions, ingest_paths
from stackwise.settings import get_settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--mapping")
    args = parser.parse_args()
    options = IngestOptions(mapping=ColumnMapping.load(args.mapping) if args.mapping else None, progress=False)
    with tempfile.TemporaryDirectory() as folder:
        settings = get_settings().with_store(folder)
        timings = []
        for label in ("first run", "unchanged re-run"):
            started = time.perf_counter()
            report = ingest_paths([args.file], settings, options)
            timings.append(time.perf_counter() - started)
            print(f"{label:17} {timings[-1]:7.2f} s  stored={report.stored} unchanged={report.unchanged} "
                  f"rejected={report.rejected} version={report.version}")
        print(f"re-run / first run: {timings[1] / timings[0]:.1%}")


if __name__ == "__main__":
    main()
