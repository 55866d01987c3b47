"""What a language model changes, measured on an evaluation set:

    STACKWISE_LLM_MODEL=... STACKWISE_LLM_BASE_URL=http://127.0.0.1:8080/v1 \\
        python -m benchmarks.language_model --questions ../shared/eval/questions_messy.jsonl \\
        --catalogue ../shared/eval/catalogue.csv

prints the evaluation's SUMMARY line without and with the model (the scorer drives the chat
command, whose reader then asks the model), then a SUMMARY of every turn replayed in this
process: the share read by the model (the rest fell back to the rules), the share of rewrites
used and refused by the checker with the reasons, and the time the model adds per turn. With
no model configured it says so and stops.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from guidance.assistant import Assistant
from guidance.models import Conversation
from ingest.pipeline import IngestOptions, ingest_paths
from stackwise.settings import Settings, get_settings

from .harness import percentile

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


@dataclass
class Replay:
    """Every turn of a question set, answered with and without the model."""

    turns: int = 0
    read_by: Counter[str] = field(default_factory=Counter)
    worded_by: Counter[str] = field(default_factory=Counter)
    refusals: Counter[str] = field(default_factory=Counter)
    added_read_ms: list[float] = field(default_factory=list)  # the model's reply time less the rules'
    phrase_ms: list[float] = field(default_factory=list)

    def summary(self) -> str:
        worded = sum(self.worded_by.values()) or 1
        def ms(values: list[float], share: float) -> str:
            return f"{percentile(values, share):.0f}" if values else "n/a"
        return (f"SUMMARY turns={self.turns} read_by_model={self.read_by['model'] / max(self.turns, 1):.2f} "
                f"rewrites={sum(self.worded_by.values())} used={self.worded_by['model'] / worded:.2f} "
                f"refused={self.worded_by['catalogue'] / worded:.2f} "
                f"added_read_ms_p50={ms(self.added_read_ms, 0.5)} added_read_ms_p95={ms(self.added_read_ms, 0.95)} "
                f"phrase_ms_p50={ms(self.phrase_ms, 0.5)} phrase_ms_p95={ms(self.phrase_ms, 0.95)}")


def replay(cases: list[dict], rules: Assistant, model: Assistant) -> Replay:
    """Each case's turns through both assistants; the model's replies are also reworded."""
    result = Replay()
    for case in cases:
        with_rules, with_model = Conversation(id=case["id"]), Conversation(id=case["id"])
        for message in case["turns"]:
            started = time.perf_counter()
            rules.reply(message, with_rules)
            rules_ms = (time.perf_counter() - started) * 1000
            reader = model.reader
            before = Counter(getattr(reader, "counts", {}))
            started = time.perf_counter()
            reply = model.reply(message, with_model)
            result.added_read_ms.append((time.perf_counter() - started) * 1000 - rules_ms)
            result.read_by.update(Counter(getattr(reader, "counts", {})) - before)
            result.turns += 1
            if model.phraser is None:
                continue
            started = time.perf_counter()
            wording = model.phraser.word(reply, message, model.catalogue, reply.profile.writes_in or "en")
            if wording is None:
                continue
            wording.result()
            result.phrase_ms.append((time.perf_counter() - started) * 1000)
            result.worded_by[wording.by] += 1
            result.refusals.update(problem.split(":")[0] for problem in wording.problems)
    return result


def score(questions: Path, catalogue: Path, store: Path, with_model: bool) -> str:
    """The scorer's SUMMARY line, with the chat command reading through the model or not."""
    env = dict(os.environ)
    if not with_model:
        env.pop("STACKWISE_LLM_MODEL", None)
    run = subprocess.run([sys.executable, str(SCORER), "--questions", str(questions), "--catalogue", str(catalogue),
                          "--store", str(store)], capture_output=True, text=True, env=env, cwd=ROOT)
    lines = [line for line in run.stdout.splitlines() if line.startswith("SUMMARY")]
    return lines[-1] if lines else f"the scorer failed: {run.stderr.strip()[-300:]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.language_model", description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--catalogue", type=Path, required=True)
    parser.add_argument("--store", type=Path, help="a store holding the catalogue (else one is built)")
    args = parser.parse_args(argv)
    settings = get_settings()
    if not settings.llm_model:
        print("No language model configured: set STACKWISE_LLM_MODEL (and STACKWISE_LLM_BASE_URL) to measure one.")
        return 1
    store = args.store or Path(tempfile.mkdtemp(prefix="stackwise-llm-"))
    if args.store is None:
        ingest_paths([args.catalogue], Settings(store_dir=store), IngestOptions(progress=False))
    cases = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"rules: {score(args.questions, args.catalogue, store, with_model=False)}")
    print(f"model: {score(args.questions, args.catalogue, store, with_model=True)}")
    model_settings = settings.with_store(store).model_copy(update={"index_defaults": False})
    rules = Assistant.open(model_settings.model_copy(update={"llm_model": None}))
    model = Assistant.open(model_settings)
    result = replay(cases, rules, model)
    print(result.summary())
    for reason, count in result.refusals.most_common(5):
        print(f"refused {count}: {reason}")
    rules.close()
    model.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
