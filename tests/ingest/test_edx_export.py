"""The real, messy edX export with the shipped mapping: good rows in correctly, broken rows
reported by line, nothing garbled stored."""
import csv

import pytest

from ingest import ColumnMapping
from tests.conftest import ROOT, SHARED_EVAL, current_store, ingest

pytestmark = pytest.mark.slow
EXPORT = SHARED_EVAL / "edx_courses.csv"


def well_formed_urls() -> set[str]:
    """What a careful reader of the export calls a complete row: an edX course page and a level."""
    with open(EXPORT, encoding="utf-8-sig", newline="") as handle:
        return {row["course_url"] for row in csv.DictReader(handle)
                if row["course_url"].startswith("https://www.edx.org/")
                and row["Level"] in ("Introductory", "Intermediate", "Advanced")}


def test_edx_export(settings):
    mapping = ColumnMapping.load(ROOT / "examples" / "mappings" / "edx.toml")
    report = ingest(settings, EXPORT, mapping=mapping, source="edx")
    programs = {p.url: p for p in current_store(settings).all_programs()}

    assert set(programs) == well_formed_urls(), "every complete row, and nothing else"
    repeats = [n for n in report.notices if n.field == "id" and "kept once" in n.reason]
    assert 770 <= report.stored <= 790 and report.rejected + len(repeats) == 2706 - report.stored
    lines = {e.line for e in report.errors}
    assert len(lines) == report.rejected and all(e.file == str(EXPORT) for e in report.errors)

    first = programs["https://www.edx.org/course/how-to-learn-online"]
    assert first.title == "How to Learn Online" and first.provider == "edX"
    assert (first.cost, first.currency, first.duration_weeks, first.hours_per_week) == (49, "USD", 2, 2)
    assert (first.level.value, first.language, first.pace.value, first.delivery.value) == (
        "introductory", "en", "self-paced", "online")
    assert {p.language for p in programs.values()} >= {"en", "es", "fr"}
    assert all(p.level is not None and p.url.startswith("https://www.edx.org/") for p in programs.values())
    assert all(p.source == "edx" for p in programs.values())
    assert not any(p.description in ("NA", "N/A", "None") for p in programs.values()), "a marker is not a text"
    assert programs["https://www.edx.org/course/cs50-for-lawyers"].description is None, "kept without one"

    again = ingest(settings, EXPORT, mapping=mapping, source="edx")
    assert again.stored == 0 and again.unchanged == report.stored and again.version is None, "nothing rewritten"
