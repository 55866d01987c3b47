"""The table of constraints: the array form of a filter agrees with the per-program check on every
program, and every entry is complete."""
import csv
import io
import itertools

import pytest

from guidance.constraints import ANY_FUNDING, BY_FIELD, RELAXABLE, ProgramFilter
from guidance.constraints import CONSTRAINTS as TABLE
from guidance.i18n import text
from guidance.profile import Profile
from knowledge_base.columns import ProgramColumns
from knowledge_base.defaults import sample_catalogue
from knowledge_base.schema import Program

CATALOGUE_CSV = io.StringIO(sample_catalogue().read_text(encoding="utf-8"))
PROGRAMS = [Program.from_row(row) for row in csv.DictReader(CATALOGUE_CSV)]
# Records with unknown values, which must fail every constraint on that field.
PROGRAMS += [Program.model_validate({"id": "BARE-1", "title": "Bare", "provider": "Nowhere College",
                                     "credential_type": "short-course", "description": "Nothing else known."}),
             # Only hours in all: a length limit is met at a full-time week (36 hours, 0.9 weeks).
             Program.model_validate({"id": "HOURS-1", "title": "Hours Only", "provider": "Nowhere College",
                                     "credential_type": "short-course", "total_hours": 36})]
COLUMNS = ProgramColumns(PROGRAMS)

CONSTRAINTS = {
    "max_cost": [0.0, 800.0, 2500.0],
    "min_cost": [500.0, 2000.0],
    "exclude_types": [frozenset({"bootcamp"}), frozenset({"micro-credential", "digital-badge"})],
    "max_weeks": [4.0, 12.0, 0.5],
    "below_weeks": [4.0, 52.0],
    "max_hours": [5.0],
    "max_total_hours": [20.0, 100.0],
    "min_total_hours": [50.0],
    "delivery": [frozenset({"online"}), frozenset({"in-person", "hybrid"}), frozenset({"by pigeon"})],
    "pace": ["self-paced", "cohort"],
    "regions": [frozenset({"Alberta"}), frozenset({"Ontario", "Quebec"}), frozenset({"Atlantis"})],
    "home_region": ["Ontario", "Atlantis"],
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


def test_every_constraint_of_the_table_is_tested_above():
    assert set(CONSTRAINTS) == set(BY_FIELD)


def test_every_entry_is_complete():
    for constraint in TABLE:
        if constraint.profile is not None:
            assert constraint.profile in Profile.model_fields, constraint.name
        if constraint.relax is not None:  # offered to drop: it has a name and is said back with a heading
            assert constraint.called and constraint.label and constraint.say, constraint.name
    assert [c.relax for c in RELAXABLE] == list(range(len(RELAXABLE)))


def test_a_profile_becomes_a_filter_and_is_said_back_in_the_table_order():
    profile = Profile(max_cost=1000, delivery=["online"], region="Ontario", level=["introductory"],
                      completed=["HV-DAT101"])
    flt = profile.program_filter()
    assert flt == ProgramFilter(max_cost=1000, delivery=frozenset({"online"}), regions=frozenset({"Ontario"}),
                                levels=frozenset({"introductory"}), exclude_ids=frozenset({"HV-DAT101"}))
    assert profile.program_filter(exclude_completed=False).exclude_ids == frozenset()
    assert flt.phrases(text("en")) == ["online", "in Ontario (or anywhere in the country)", "up to $1,000",
                                       "introductory level"]
    assert flt.phrases(text("fr")) == ["en ligne", "région : Ontario (ou partout au pays)",
                                       "jusqu'à 1\xa0000 $", "niveau débutant"]
    assert ProgramFilter(max_cost=900, min_cost=300).phrases(text("en")) == ["between $300 and $900"]


def test_hours_in_all_meet_a_length_limit_at_a_full_time_week_and_limits_of_their_own():
    hours_only = PROGRAMS[-1]
    assert ProgramFilter(max_weeks=1).accepts(hours_only) and not ProgramFilter(max_weeks=0.5).accepts(hours_only)
    assert ProgramFilter(max_total_hours=40).accepts(hours_only)
    assert not ProgramFilter(min_total_hours=40).accepts(hours_only)
    weeks_and_effort = next(p for p in PROGRAMS if p.duration_weeks and p.hours_per_week and p.total_hours is None)
    assert weeks_and_effort.hours_in_all == round(weeks_and_effort.duration_weeks * weeks_and_effort.hours_per_week, 1)
    assert ProgramFilter(max_total_hours=10, min_total_hours=5).phrases(text("en")) == ["5 to 10 hours in all"]
    assert ProgramFilter(min_total_hours=20).phrases(text("fr")) == ["au moins 20 heures en tout"]


def test_shorter_than_is_less_than():
    sixteen = next(p for p in PROGRAMS if p.duration_weeks == 16)
    assert ProgramFilter(max_weeks=16).accepts(sixteen) and not ProgramFilter(below_weeks=16).accepts(sixteen)
    assert ProgramFilter(below_weeks=16.5).accepts(sixteen)
    assert ProgramFilter(below_weeks=52).phrases(text("en")) == ["shorter than 52 weeks"]


def test_a_filter_knows_only_the_constraints_of_the_table():
    with pytest.raises(TypeError, match="no constraint max_price"):
        ProgramFilter(max_price=100)
    assert ProgramFilter(delivery=[], pace="", max_cost=0).replace(max_cost=None) == ProgramFilter()


def test_home_is_said_only_as_far_as_it_narrows_the_delivery_asked_for():
    t = text("en")
    def said(**values):
        return ProgramFilter(**values).phrases(t)
    assert said(home_region="Manitoba") == ["online, or in person in Manitoba"]
    assert said(home_region="Manitoba", delivery=frozenset({"online"})) == ["online"]  # every online one is near
    assert said(home_region="Manitoba", delivery=frozenset({"in-person"})) == [
        "in-person", "in Manitoba (or anywhere in the country)"]
    assert ProgramFilter(regions=frozenset({"Quebec"})).phrases(text("fr")) == ["région : Québec (ou partout au pays)"]


def test_a_place_asked_for_replaces_home_as_a_requirement():
    """"what about online ones in Nova Scotia?" from a learner living in Manitoba: programs in
    Nova Scotia, not also "in person in Manitoba"; home then only ranks."""
    flt = Profile(home_region="Manitoba", region=["Nova Scotia"], delivery=["online"]).program_filter()
    assert flt.home_region is None and flt.regions == frozenset({"Nova Scotia"})
    assert Profile(home_region="Manitoba").program_filter().home_region == "Manitoba"
