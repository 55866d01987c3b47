"""Check questions.jsonl against labels.csv: every labelled title exists, and the row score.py would look up for
it (the first row with that title, compared case-insensitively) meets the question's constraints under score.py's
rules (cost empty = 0; level, delivery, language, region compared exactly). Also: ids unique, no_programs
questions carry no labels, every other question has at least one. Run: python check.py
"""
import csv
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent


def violations(r: dict, c: dict) -> list[str]:
    out = []
    cost = float(r["cost"] or 0)
    if "max_cost" in c and cost > c["max_cost"]:
        out.append(f"cost {cost} > {c['max_cost']}")
    if "delivery" in c and r["delivery"] not in c["delivery"]:
        out.append(f"delivery {r['delivery']}")
    if "language" in c and r["language"] != c["language"]:
        out.append(f"language {r['language']!r}")
    if "region" in c and r["region"] not in c["region"] + ["Canada-wide"]:
        out.append(f"region {r['region']!r}")
    if "level" in c and r["level"] not in c["level"]:
        out.append(f"level {r['level']!r}")
    if "max_weeks" in c and float(r["duration_weeks"] or 0) > c["max_weeks"]:
        out.append(f"weeks {r['duration_weeks']}")
    return out


def main() -> int:
    rows = list(csv.DictReader(open(HERE / "labels.csv", encoding="utf-8-sig", newline="")))
    first = {}
    for r in rows:
        first.setdefault(r["title"].strip().lower(), r)
    cases = [json.loads(line) for line in open(HERE / "questions.jsonl", encoding="utf-8") if line.strip()]
    errors = []
    ids = Counter(c["id"] for c in cases)
    errors += [f"{i}: id repeated" for i, n in ids.items() if n > 1]
    for c in cases:
        titles = c.get("top3_any_titles", [])
        if c.get("no_programs") and titles:
            errors.append(f"{c['id']}: no_programs but labelled")
        if not c.get("no_programs") and not titles:
            errors.append(f"{c['id']}: no label")
        for t in titles:
            r = first.get(t.strip().lower())
            if r is None:
                errors.append(f"{c['id']}: {t!r} not in labels.csv")
                continue
            for v in violations(r, c.get("constraints", {})):
                errors.append(f"{c['id']}: {t!r} ({r['id']}) breaks {v}")
    cats = Counter(c["category"] for c in cases)
    print(f"{len(cases)} questions, {sum(len(c.get('top3_any_titles', [])) for c in cases)} labels; "
          f"categories {dict(cats)}; no_programs {sum(1 for c in cases if c.get('no_programs'))}")
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
