"""Time warm chat turns on a store: one warm-up, then each question several times.

    python -m benchmarks.turn_latency --store DIR [--repeat 5]
"""
from __future__ import annotations

import argparse
import statistics
import time

from guidance import Assistant, Conversation
from stackwise.settings import get_settings

QUESTIONS = [
    "I work in retail and want to move into data analysis, online, under $1,000. Where do I start?",
    "Show me online cybersecurity programs under $700.",
    "What is a micro-credential?",
    "Do you have any programs in veterinary surgery?",
    "I live in Alberta and want hands-on welding training.",
    "Je cherche une formation en ligne en analyse de données.",
    "Compare Bookkeeping Essentials and Cloud Accounting with QuickBooks Online.",
    "I want to become an electrician, online",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    assistant = Assistant.open(get_settings().with_store(args.store))
    assistant.reply(QUESTIONS[0], Conversation())
    print(f"open + first turn: {time.perf_counter() - started:.2f} s")
    timings, per_question = [], {q: [] for q in QUESTIONS}
    for _ in range(args.repeat):
        for question in QUESTIONS:
            t0 = time.perf_counter()
            assistant.reply(question, Conversation())
            elapsed = (time.perf_counter() - t0) * 1000
            timings.append(elapsed)
            per_question[question].append(elapsed)
    for question, values in per_question.items():
        print(f"  {statistics.median(values):7.1f} ms  {question[:70]}")
    timings.sort()
    print(f"warm turns: n={len(timings)} p50={statistics.median(timings):.1f} ms "
          f"p95={timings[int(len(timings) * 0.95) - 1]:.1f} ms max={timings[-1]:.1f} ms")


if __name__ == "__main__":
    main()
