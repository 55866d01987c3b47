"""A chat process for the benchmark, started fresh as a learner-facing process would be.

    python -m benchmarks.chat_probe STORE [--first-only] [--conversations N] [--peer DIR]
                                          [--catalogue CSV]

Answers one first question and prints FIRST with the seconds its start-up stages took (the
parent times cold start to that line); with ``--first-only`` it stops there. Otherwise it
warms up on a few conversations, then plays the labelled synthetic conversations and times,
turn by turn and interleaved:

- the turn: ``Assistant.reply``, everything a learner waits for;
- its floor: the same work alone (the texts the turn embedded, embedded again by the model,
  and the searches it ran, run again; ``knowledge_base.work``);
- the peer (``--peer``): langchain-chroma's ``similarity_search`` of the whole message with
  the turn's own ``where`` filter (``benchmarks.peer``).

With ``--catalogue`` both answers are judged against the questions' labels: programs that
break a stated constraint, programs outside the field asked about, no program where the
catalogue has some, programs where it has none. Prints one JSON line and exits.
"""
from __future__ import annotations

import time

STARTED = time.perf_counter()  # before the imports below, which are part of a cold start

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

from guidance import Assistant, Conversation  # noqa: E402
from knowledge_base.work import recording  # noqa: E402
from stackwise.settings import get_settings  # noqa: E402

from . import synthetic  # noqa: E402

FIRST_QUESTION = "I work in retail and want to move into data analysis, online, under $1,000. Where do I start?"
WARM_UP = 5  # conversations played before anything is timed


def peak_memory_mb() -> float:
    """This process's own peak resident memory (VmHWM). Not ``ru_maxrss``: after a fork and
    exec it can report the parent's peak instead (the harness's, with a whole ingest in it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmHWM in /proc/self/status")


@dataclass
class Verdicts:
    """What one retriever's answers got wrong, against the questions' labels."""

    shown: int = 0  # programs shown, over all turns
    broken: int = 0  # of those, programs that break a constraint the learner stated
    off_topic: int = 0  # programs outside the field asked about
    on_field_turns: int = 0  # turns that ask for programs in a field
    empty: int = 0  # of those, turns that showed none
    no_fit_turns: int = 0  # turns about a field the catalogue lacks
    shown_where_none_fit: int = 0  # of those, turns that showed programs anyway
    examples: list[str] = field(default_factory=list)

    def judge(self, question: synthetic.Question, ids: list[str], rows: dict[str, dict]) -> None:
        self.shown += len(ids)
        for program_id in ids:
            broken = question.broken(rows[program_id])
            self.broken += bool(broken)
            if broken and len(self.examples) < 3:
                self.examples.append(f"{question.text[:60]!r} -> {program_id} breaks {', '.join(broken)}")
        if question.field is not None:
            self.on_field_turns += 1
            self.empty += not ids
            self.off_topic += sum(question.off_topic(i) for i in ids)
        if question.nothing_fits:
            self.no_fit_turns += 1
            self.shown_where_none_fit += bool(ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--first-only", action="store_true")
    parser.add_argument("--conversations", type=int, default=40)
    parser.add_argument("--peer", type=Path, help="a langchain-chroma folder made by benchmarks.peer")
    parser.add_argument("--catalogue", type=Path, help="the synthetic CSV, to judge answers against the labels")
    args = parser.parse_args()

    imported = time.perf_counter()
    assistant = Assistant.open(get_settings().with_store(args.store))
    opened = time.perf_counter()
    assistant.reply(FIRST_QUESTION, Conversation())
    answered = time.perf_counter()
    stages = {"imports_s": imported - STARTED, "open_s": opened - imported, "first_answer_s": answered - opened}
    print("FIRST", json.dumps({name: round(seconds, 2) for name, seconds in stages.items()}), flush=True)
    if args.first_only:
        return

    embedder = assistant.catalogue.store.embedder
    rows = {}
    if args.catalogue:
        with open(args.catalogue, newline="", encoding="utf-8") as handle:
            rows = {row["id"]: row for row in csv.DictReader(handle)}
    conversations = synthetic.conversations(args.conversations)
    for turns in conversations[:WARM_UP]:
        conversation = Conversation()
        for question in turns:
            assistant.reply(question.text, conversation)
    peak_mb = peak_memory_mb()  # Stackwise's own, before the peer's client and index join the process
    peer = None
    if args.peer:
        from .peer import Peer

        peer = Peer(args.peer, embedder)
        for turns in conversations[:WARM_UP]:
            for question in turns:
                peer.search(question.text, None)

    timings: dict[str, list[float]] = {"turn": [], "floor": [], "peer": []}
    texts_embedded: list[int] = []
    ours, theirs = Verdicts(), Verdicts()
    for turns in conversations:
        conversation = Conversation()
        for question in turns:
            with recording() as work:
                started = time.perf_counter()
                reply = assistant.reply(question.text, conversation)
                timings["turn"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            work.replay(embedder)
            timings["floor"].append((time.perf_counter() - started) * 1000)
            texts_embedded.append(work.texts_embedded)
            shown = [card.id for card in reply.programs]
            if rows:
                ours.judge(question, shown, rows)
            if peer:
                where = reply.profile.program_filter().where()
                started = time.perf_counter()
                found = peer.search(question.text, where)
                timings["peer"].append((time.perf_counter() - started) * 1000)
                if rows:
                    theirs.judge(question, found, rows)
    print(json.dumps({"turns_ms": timings["turn"], "floors_ms": timings["floor"], "peer_ms": timings["peer"],
                      "texts_embedded": texts_embedded, "peak_mb": peak_mb,
                      "stackwise": ours.__dict__ if rows else None,
                      "peer": theirs.__dict__ if rows and peer else None}), flush=True)


if __name__ == "__main__":
    main()
