"""labels.csv from udemy_courses.csv, mechanically: one canonical row per distinct row of the export.

Same id as the mapping (course_id); the 6 rows the export repeats exactly are kept once (as the ingest does).
The 5 records an unbalanced quote garbled (their title holds the rest of the record) are left out.
Every value is read from the export; nothing is guessed:
  cost      'Free' -> 0, else the number in `price` (USD)
  level     'Beginner Level' -> introductory, 'Intermediate Level' -> intermediate,
            'Expert Level' -> advanced, 'All Levels' -> '' (no restriction), as in mapping.toml
  duration_weeks, hours_per_week, region, language: empty (the export has no such column;
            `content_duration` is hours of video in all, kept as content_hours)
  content_hours: '1.5 hours' -> 1.5, '1 hour' -> 1, '35 mins' -> 0.583, 'N questions' (practice tests) -> empty
Run: python make_labels.py
"""
import csv
from pathlib import Path

HERE = Path(__file__).parent
LEVEL = {"Beginner Level": "introductory", "Intermediate Level": "intermediate",
         "Expert Level": "advanced", "All Levels": ""}
COLUMNS = ["id", "title", "provider", "credential_type", "cost", "currency", "delivery", "pace", "region",
           "level", "duration_weeks", "hours_per_week", "language", "funding", "url", "subject",
           "content_hours", "content_duration", "is_paid", "num_subscribers"]


def hours(text: str) -> str:
    parts = text.split()
    if len(parts) != 2:
        return ""
    n, unit = parts
    if unit in ("hour", "hours"):
        return n
    if unit == "mins":
        return str(round(float(n) / 60, 3))
    return ""


def main() -> None:
    seen, out, garbled = {}, [], []
    with open(HERE / "udemy_courses.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["course_id"] in seen:
                assert seen[r["course_id"]] == r, f"id {r['course_id']} repeated with different values"
                continue
            seen[r["course_id"]] = r
            if "https://" in r["course_title"]:
                # an unbalanced quote in the export joined this record with the next one: the title
                # holds the rest of the record (5 rows, 5 records lost); the ingest rejects them too
                garbled.append(r["course_id"])
                continue
            out.append({
                "id": r["course_id"], "title": r["course_title"], "provider": "Udemy",
                "credential_type": "short-course",
                "cost": "0" if r["price"].strip().lower() == "free" else r["price"],
                "currency": "USD", "delivery": "online", "pace": "self-paced", "region": "",
                "level": LEVEL[r["level"]], "duration_weeks": "", "hours_per_week": "", "language": "",
                "funding": "", "url": r["url"], "subject": r["subject"],
                "content_hours": hours(r["content_duration"]), "content_duration": r["content_duration"],
                "is_paid": r["is_paid"], "num_subscribers": r["num_subscribers"],
            })
    with open(HERE / "labels.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(out)
    print(f"labels.csv: {len(out)} rows; left out {len(garbled)} garbled records: {garbled}")


if __name__ == "__main__":
    main()
