"""Tables from a results file, and the performance figures of docs/operations.md regenerated from one.

    python -m benchmarks readme [RESULTS.json]   (default: the newest run in benchmarks/results)

The block of docs/operations.md ("Performance") between the two markers below is this module's
output for the newest results file, never typed by hand; a test holds the two equal. The
command keeps its name, ``readme``, from when the block was in the README.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TABLES_PAGE = ROOT / "docs" / "operations.md"  # the page that holds the benchmark block
START = "<!-- benchmarks:start -->"
END = "<!-- benchmarks:end -->"
RUN_FILES = "*-run.json"  # what the harness writes; older files hold earlier formats


def latest() -> Path:
    runs = sorted(RESULTS.glob(RUN_FILES))
    if not runs:
        raise FileNotFoundError(f"no {RUN_FILES} in {RESULTS}")
    return runs[-1]


def _spread(value: dict | None, unit: str = "") -> str:
    if not value:
        return "–"
    if value["runs"] == 1 or value["min"] == value["max"]:
        return f"{value['median']:g}{unit}"
    return f"{value['median']:g}{unit} [{value['min']:g}–{value['max']:g}]"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + \
           ["| " + " | ".join(row) + " |" for row in rows]


def _count(verdicts: dict | None, key: str, of: str | None = None) -> str:
    if not verdicts:
        return "–"
    return f"{verdicts[key]} of {verdicts[of]}" if of else str(verdicts[key])


def tables(results: dict) -> str:
    """Every figure of a run, as Markdown tables."""
    machine, options, sizes, ingest = results["machine"], results["options"], results["sizes"], results["ingest"]
    runs = results.get("runs") or [_run_of(results)]
    where = "; ".join(f"{', '.join(f'{n:,}' for n in run['programs'])} programs on {run['started'][:10]}, code at "
                      f"{run['commit']}, {run['minutes']:g} minutes" for run in runs)
    lines = [
        f"Measured on {machine['cpus']} cores ({machine['cpu']}), {machine['memory_gb']} GB, "
        f"Python {machine['python']}, in {len(runs)} run{'s' if len(runs) > 1 else ''}: {where}. "
        f"A repeated figure is the median of {options['repeats']} runs with [lowest–highest]; \"load\" is the "
        f"machine's one-minute load average while the phase ran (mean, max).",
        "",
        f"**Ingest** of a generated catalogue of {ingest['sample']:,} programs, {options['repeats']} runs of each "
        "side in rotating order: Stackwise's ingest (validation, fields, BM25, Chroma, a published version), the "
        "floor of embedding the same texts with the same model in the same batches, and langchain-chroma's "
        f"`add_texts` of the same texts and metadata. Load while it ran: {ingest['load_mean']:g} (max "
        f"{ingest['load_max']:g}).",
        "",
    ]
    lines += _table(
        ["programs", "Stackwise /s", "floor /s", "Stackwise ÷ floor", "langchain-chroma /s", "peer ÷ floor"],
        [[f"{ingest['sample']:,}", _spread(ingest["per_s"]["stackwise"]), _spread(ingest["per_s"]["floor"]),
          _spread(ingest["stackwise_vs_floor"]), _spread(ingest["per_s"].get("peer")),
          _spread(ingest.get("peer_vs_floor"))]])
    built = [s for s in sizes if s["store"].get("built") == "now"]
    if built:
        lines += ["", "Whole catalogues ingested in this run, as staff do (`python -m ingest`, its own process): " +
                  "; ".join(f"{s['programs']:,} programs in {s['store']['ingest_s']:g} s ({s['store']['per_s']:g}/s)"
                            for s in built) + "."]
    quiet = sizes[0]["quiet"]
    lines += [
        "",
        f"**Chat turns** in a fresh chat process, {quiet['turns']} turns of {options['conversations']} labelled "
        f"conversations (goals, life stories, typos, constraints, definitions, French, a field the catalogue lacks, "
        f"follow-ups), {options['repeats']} processes quiet and {options['repeats']} with another process spinning "
        "on one core. The floor is the same work alone: the texts the turn embedded (about "
        f"{quiet['texts_embedded_per_turn']:g} a turn), embedded again, and the searches it ran, run again. The peer "
        "is langchain-chroma's `similarity_search` of the whole message, with the turn's own `where` filter. "
        "Milliseconds. Each size's quiet runs began once the machine was at rest (load average " +
        ", ".join(f"{s.get('settled_load', '–')} at {s['programs']:,} programs" for s in sizes) + ").",
        "",
    ]
    rows = []
    for s in sizes:
        for name, label in (("quiet", "quiet"), ("loaded", "one core busy")):
            r = s[name]
            rows.append([f"{s['programs']:,}", label, _spread(r["turn"]["p50"]), _spread(r["turn"]["p95"]),
                         _spread(r["floor"]["p95"]), _spread(r["p95_vs_floor"]),
                         _spread(r.get("peer", {}).get("p50")), _spread(r.get("peer", {}).get("p95")),
                         _spread(r.get("p50_vs_peer")), _spread(r["peak_mb"]),
                         f"{r['load_mean']:g}, {r['load_max']:g}"])
    lines += _table(["programs", "machine", "turn p50", "turn p95", "floor p95", "p95 ÷ floor", "peer p50",
                     "peer p95", "turn p50 ÷ peer p50", "peak MB", "load"], rows)
    lines += [
        "",
        "**Answers beside the peer**, judged against the labels written with each question (the first quiet run): "
        "programs shown that break a constraint the learner stated, programs outside the field asked about, turns "
        "that ask for a field the catalogue has and show nothing, turns about a field it lacks that show programs.",
        "",
    ]
    rows = []
    for s in sizes:
        for side in ("stackwise", "peer"):
            v = s["verdicts"].get(side)
            if v:
                rows.append([f"{s['programs']:,}", "Stackwise" if side == "stackwise" else "langchain-chroma",
                             _count(v, "shown"), _count(v, "broken"), _count(v, "off_topic"),
                             _count(v, "empty", "on_field_turns"), _count(v, "shown_where_none_fit", "no_fit_turns")])
    lines += _table(["programs", "retriever", "programs shown", "break a constraint", "outside the field",
                     "no program (of turns asking)", "programs where none fit (of such turns)"], rows)
    loads = [s for s in sizes if s.get("load")]
    if loads:
        lines += ["", "**20 conversations and a refresh** in one serving process (threads, as Streamlit serves "
                  "sessions), with a reading pause of 1–3 s between messages, while the staff ingest re-ingests "
                  "the export with 2% of the programs changed, in its own process, and publishes a new version; "
                  "each conversation sends at least 8 messages and goes on until it has been answered from the "
                  "new version (\"switch\": from publication to the first reply from it).", ""]
        lines += _table(["programs", "replies", "errors", "p50 ms", "p95 ms", "p99 ms", "refresh s",
                         "switch s", "peak MB", "load"],
                        [[f"{s['programs']:,}", f"{s['load']['replies']} of {s['load']['turns_sent']}",
                          str(s["load"]["errors"]), f"{s['load']['p50_ms']:g}", f"{s['load']['p95_ms']:g}",
                          f"{s['load']['p99_ms']:g}", ", ".join(f"{b:g}" for b in s["load"]["refresh_build_s"]),
                          ", ".join(f"{v:g}" for v in s["load"]["switch_s"].values()) or "–",
                          f"{s['load']['chat_process_peak_mb']:g}",
                          f"{s['load']['load_mean']:g}, {s['load']['load_max']:g}"] for s in loads])
    lines += ["", "**Cold start**, from starting a chat process to its first answer (seconds), with its stages "
              "for the median start:", ""]
    lines += _table(["programs", "cold start s", "imports", "open the catalogue", "first answer"],
                    [[f"{s['programs']:,}", _spread(s["cold_start_s"]),
                      *(f"{s['cold_start_s']['stages'][k]:g}" for k in ("imports_s", "open_s", "first_answer_s"))]
                     for s in sizes])
    if results.get("install"):
        install = results["install"]
        lines += ["", f"**Install** of the runtime requirements into a clean virtual environment, pip's cache off: "
                  f"{install['seconds']:g} s, {install['venv_mb']:,} MB."]
    return "\n".join(lines)


def _run_of(results: dict) -> dict:
    return {"started": results["started"], "commit": results["machine"]["commit"], "minutes": results["minutes"],
            "programs": [s["programs"] for s in results["sizes"]], "cpu": results["machine"]["cpu"]}


def merge(paths: list[Path]) -> dict:
    """Runs of different sizes on the same kind of machine as one results file: each size from
    the newest run that measured it, the ingest sample and the machine from the newest run, and
    every run named (``runs``) so the table says which figure came from where."""
    loaded = sorted((json.loads(p.read_text()) for p in paths), key=lambda r: r["started"])
    sizes: dict[int, dict] = {}
    for results in loaded:
        for size in results["sizes"]:
            sizes[size["programs"]] = {**size, "run": results["started"]}
    newest = loaded[-1]
    kept = {s["run"] for s in sizes.values()}
    runs = [{**_run_of(r), "programs": [n for n, s in sorted(sizes.items()) if s["run"] == r["started"]]}
            for r in loaded if r["started"] in kept]
    if len({run["cpu"] for run in runs}) > 1:
        raise ValueError("the runs were made on different processors: " + ", ".join(run["cpu"] for run in runs))
    return {**newest, "sizes": [sizes[n] for n in sorted(sizes)], "runs": runs,
            "install": newest.get("install") or next((r["install"] for r in reversed(loaded) if r.get("install")),
                                                     None)}


def readme_block(results_path: Path) -> str:
    results = json.loads(results_path.read_text())
    source = results_path.relative_to(ROOT) if results_path.is_relative_to(ROOT) else results_path
    return (f"{START}\n<!-- generated by `python -m benchmarks readme` from {source}; edit that, not this -->\n\n"
            f"{tables(results)}\n\n{END}")


def update_readme(results_path: Path | None = None, readme: Path = TABLES_PAGE) -> Path:
    """Replace the block between the markers of ``readme`` (docs/operations.md) with the tables of ``results_path``."""
    results_path = results_path or latest()
    text = readme.read_text()
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise ValueError(f"{readme} has no {START} … {END} block")
    readme.write_text(pattern.sub(lambda _: readme_block(results_path), text, count=1))
    return results_path
