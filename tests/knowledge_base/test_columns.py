"""The array form of a filter must agree with the per-program check on every program."""
import csv
import itertools

import pytest

from knowledge_base.columns import ProgramColumns
from knowledge_base.defaults import sample_catalogue
from knowledge_base.schema import Program
from knowledge_base.search import ANY_FUNDING, ProgramFilter

PROGRAMS = [Program.from_row(row) for row in csv.DictReader(sample_catalogue().open(encoding="utf-8"))]
# Records with unknown values, which must fail every constraint on that field.
PROGRAMS += [Program.model_validate({"id": "BARE-1", "title": "Bare", "provider": "Nowhere College",
                                     "credential_type": "short-course", "description": "Nothing else known."})]
COLUMNS = ProgramColumns(PROGRAMS)

CONSTRAINTS = {
    "max_cost": [0.0, 800.0, 2500.0],
    "max_weeks": [4.0, 12.0],
    "max_hours": [5.0],
    "delivery": [frozenset({"online"}), frozenset({"in-person", "hybrid"}), frozenset({"by pigeon"})],
    "pace": ["self-paced", "cohort"],
    "regions": [frozenset({"Alberta"}), frozenset({"Ontario", "Quebec"}), frozenset({"Atlantis"})],
    "language": ["fr", "en", "de"],
    "levels": [frozenset({"introductory"}), frozenset({"intermediate", "advanced"})],
    "funding": [ANY_FUNDING, "OSAP", "osap micro", "stronger", "aide financiere", "No Such Grant"],
    "exclude_ids": [frozenset({"HV-DAT101", "BARE-1", "NOT-AN-ID"})],
    "providers": [frozenset({"Harbourview College"}), frozenset({"Nowhere College", "Unknown"})],
    "scope_regions": [frozenset({"British Columbia"})],
    "scope_languages": [frozenset({"fr"}), frozenset({"en", "fr"})],
}


def filters():
    yield ProgramFilter()
    for name, values in CONSTRAINTS.items():  # each constraint alone
        for value in values:
            yield ProgramFilter(**{name: value})
    for (a, va), (b, vb) in itertools.combinations([(n, v[0]) for n, v in CONSTRAINTS.items()], 2):
        yield ProgramFilter(**{a: va, b: vb})  # and every pair


@pytest.mark.parametrize("flt", list(filters()), ids=repr)
def test_mask_agrees_with_accepts(flt):
    expected = [flt.accepts(p) for p in PROGRAMS]
    assert flt.mask(COLUMNS).tolist() == expected


def test_the_constraints_are_not_vacuous():
    """Each constraint above keeps some programs and drops others on the sample catalogue."""
    for name, values in CONSTRAINTS.items():
        kept = [ProgramFilter(**{name: v}).mask(COLUMNS).sum() for v in values]
        assert any(0 < k < len(PROGRAMS) for k in kept), name
