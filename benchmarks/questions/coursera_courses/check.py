"""Check questions.jsonl against labels.csv with score.py's own loader and constraint rules
(../../../../shared/eval/score.py):
  - ids of questions are unique, every question has a category and turns;
  - every id in `top3_any` exists and that exact row meets the question's constraints;
  - every title in `top3_any_titles` exists, and the row score.py would look up for it (the first row with that title,
    compared case-insensitively) meets the constraints;
  - with `max_weeks`, every labelled row states its length (score.py reads an empty length as 0);
  - `no_programs` questions carry no labels, every other question has at least one;
  - the no-match questions really have nothing: a keyword search over titles and skills (and the question's
    constraints) finds no row.
Run: python check.py
"""
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[3] / "shared" / "eval"))
from score import load_catalogue, violations  # noqa: E402  (the scorer's own rules)

# what would have to exist for a no-match question to have an answer (searched in title and skills)
NOTHING = {
    "cs035": r"weld|\bmig\b|\btig\b",
    "cs036": r"\bcdl\b|truck|commercial driv|lorry",
    "cs037": r"",                       # any program at all that is not online (every row is online)
    "cs039": r"dental|dentist|hygien",
    "cs040": r"machine learning|\bML\b|deep learning|neural|apprentissage",
}


def main() -> int:
    by_id, by_title = load_catalogue(str(HERE / "labels.csv"))
    rows = list(csv.DictReader(open(HERE / "labels.csv", encoding="utf-8", newline="")))
    raw = {r["id"]: r for r in rows}
    cases = [json.loads(line) for line in open(HERE / "questions.jsonl", encoding="utf-8") if line.strip()]
    errors = []
    errors += [f"{i}: id repeated" for i, n in Counter(c["id"] for c in cases).items() if n > 1]
    for c in cases:
        qid, cons = c["id"], c.get("constraints", {})
        if not c.get("category") or not c.get("turns"):
            errors.append(f"{qid}: no category or turns")
        labels = c.get("top3_any", []) + c.get("top3_any_titles", [])
        if c.get("no_programs") and labels:
            errors.append(f"{qid}: no_programs but labelled")
        if not c.get("no_programs") and not labels:
            errors.append(f"{qid}: no label")
        for i in c.get("top3_any", []):
            p = by_id.get(i)
            if p is None:
                errors.append(f"{qid}: id {i} not in labels.csv")
                continue
            errors += [f"{qid}: id {i} breaks {v}" for v in violations(p, cons)]
            if "max_weeks" in cons and not raw[i]["duration_weeks"]:
                errors.append(f"{qid}: id {i} has no stated length")
        for t in c.get("top3_any_titles", []):
            p = by_title.get(t.strip().lower())
            if p is None:
                errors.append(f"{qid}: {t!r} not in labels.csv")
                continue
            errors += [f"{qid}: {t!r} (first row {p['id']}) breaks {v}" for v in violations(p, cons)]
        if c.get("no_programs") and qid in NOTHING:
            found = [r["id"] for r in rows
                     if re.search(NOTHING[qid], r["title"] + " | " + r["skills"], re.I)
                     and not violations(by_id[r["id"]], cons)]
            if found:
                errors.append(f"{qid}: no_programs, but {NOTHING[qid]!r} finds {found[:10]}")
    cats = Counter(c["category"] for c in cases)
    print(f"{len(cases)} questions; {sum(len(c.get('top3_any', [])) for c in cases)} labelled ids, "
          f"{sum(len(c.get('top3_any_titles', [])) for c in cases)} labelled titles; categories {dict(cats)}; "
          f"no_programs {sum(1 for c in cases if c.get('no_programs'))}")
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
