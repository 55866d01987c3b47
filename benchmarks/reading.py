"""How reading behaves: the time to read messages of hostile shapes and growing length (every
pattern is linear), and the field decisions behind "nothing fits" for on- and off-topic goals.

    python -m benchmarks.reading --store DIR
"""
from __future__ import annotations

import argparse
import time

from guidance import Assistant
from guidance.profile import Profile
from guidance.understanding.constraints import read_constraints
from knowledge_base.text import fold
from stackwise.settings import get_settings

SHAPES = {"digits and spaces": "1 ", "long number": "9", "amounts": "$1,000 ", "comparators": "under ",
          "negations": "not remote ", "words": "welding course "}
ON_TOPIC = ["I'd love a job looking after toddlers", "caring for seniors who live alone", "repairing laptops",
            "tech work that isn't programming", "spreadsheets and reports", "metal work and welding",
            "netwrk securty crse", "je voudrais faire des tableaux de bord", "a trade where I build things"]
OFF_TOPIC = ["marine biology", "airline pilot", "music production", "orthodontics", "hairdressing",
             "how long do I bake lasagna", "who wins the game tonight?", "can I trust these"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    args = parser.parse_args()
    print("constraint reading, ms per message (characters: 1,000 / 10,000 / 100,000)")
    for name, unit in SHAPES.items():
        times = []
        for size in (1_000, 10_000, 100_000):
            text = fold((unit * (size // len(unit) + 1))[:size])
            started = time.perf_counter()
            read_constraints(text)
            times.append((time.perf_counter() - started) * 1000)
        print(f"  {name:18} " + " / ".join(f"{t:8.1f}" for t in times))
    assistant = Assistant.open(get_settings().with_store(args.store))
    reader, fields = assistant.reader, assistant.catalogue.fields
    print("\nfield decisions (nearest fields; covered = the catalogue has a program there)")
    for label, messages in (("ON", ON_TOPIC), ("OFF", OFF_TOPIC)):
        for message in messages:
            reading = reader.read(message, Profile())
            vector = assistant.catalogue.embed_queries([message])[0]
            near = ", ".join(f"{m.name} {m.similarity:.3f}{'*' if m.covered else ''}" for m in fields.nearest(vector))
            decided = f"topic {reading.new_topic.fields[:3]}" if reading.new_topic else "no topic"
            print(f"{label:3} {message[:40]:40} -> {decided}\n      near: {near}")


if __name__ == "__main__":
    main()
