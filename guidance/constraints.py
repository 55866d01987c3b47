"""The constraints a learner (or a career centre) can put on programs: one table, ``CONSTRAINTS``.

Each entry says everything about one constraint: the ``ProgramFilter`` field that holds its
value and the ``Profile`` field it is read into; how it tests one record (``fits``, the
reference) and every program at once (``mask``, over the catalogue's columns; the tests hold
the two equal); the same test as a Chroma ``where`` clause, for querying the store directly;
what it is called and how it is said back to the learner, in their language; and whether
dropping it is offered when nothing fits. Filtering, masks, labels, relaxation and the
profile's filter are all driven by the table, so adding a constraint is one entry here plus
its reading (``understanding/constraints.py``) and the ``Profile`` field it is read into.

Unknown values never pass a constraint: a program without a listed cost is not "under $500".
"""
from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from knowledge_base.columns import ProgramColumns
from knowledge_base.schema import CANADA_WIDE, Program
from knowledge_base.text import fold

from .i18n import N_, Text

ANY_FUNDING = "*"  # a funding constraint met by any listed funding source
Where = dict[str, Any]


@dataclass(frozen=True)
class Constraint:
    """One constraint; ``value`` below is the filter's value for it, never empty."""

    name: str  # what the code and the JSON call it: ``breaks``, relaxations ("max_cost", "region")
    field: str  # the ProgramFilter field
    fits: Callable[[Any, Program], bool]
    mask: Callable[[Any, ProgramColumns], np.ndarray]
    where: Callable[[Any], Where | None] = lambda value: None  # None: checked after the query
    many: bool = False  # the value is a set of accepted (or refused) values
    profile: str | None = None  # the Profile field it is read into; None: set by a centre, never by the learner
    called: str | None = None  # what it is called ("your budget"): "Without your budget: ..."
    label: str | None = None  # its heading in the profile the learner sees ("Budget")
    say: Callable[[Any, Text, ProgramFilter], str | None] | None = None  # said back: "up to $1,000"
    relax: int | None = None  # its place among the constraints offered to drop when nothing fits
    judges: str | None = None  # the Program field it reads: a catalogue that records it for no program cannot judge it
    unrecorded: str | None = None  # said when the catalogue records that field for no program
    merge: str = "replace"  # how a value said now meets the profile's: "replace" (newest wins) or "union"
    yields_to: str | None = None  # a Profile field whose value puts this constraint aside (home, by a place asked for)


def _labels(values, t: Text) -> str:
    return t.either([t.label(v) for v in sorted(values)])


def _say_home(value: str, t: Text, flt: ProgramFilter) -> str | None:
    """Where the learner lives, as far as it narrows the delivery they asked for: nothing more
    for online programs, the place alone for in-person ones."""
    delivery = set(flt.delivery or ())
    if delivery == {"online"}:
        return None  # every online program is near enough
    if delivery and "online" not in delivery:
        return t("in {region} (or anywhere in the country)", region=t.place(value))
    return t("online, or in person in {region}", region=t.place(value))


def _say_max_cost(value: float, t: Text, flt: ProgramFilter) -> str:
    if flt.min_cost is not None:
        return t("between {low} and {high}", low=t.amount(flt.min_cost), high=t.amount(value))
    return t("free") if value == 0 else t("up to {amount}", amount=t.amount(value))


def _say_min_cost(value: float, t: Text, flt: ProgramFilter) -> str | None:
    return None if flt.max_cost is not None else t("at least {amount}", amount=t.amount(value))


def _say_language(value: str, t: Text, flt: ProgramFilter) -> str:
    return {"fr": t("in French"), "en": t("in English")}.get(value, t("in language '{code}'", code=value))


def _say_max_total_hours(value: float, t: Text, flt: ProgramFilter) -> str:
    if flt.min_total_hours is not None:
        return t("{low} to {high} hours in all", low=t.number(flt.min_total_hours), high=t.number(value))
    return t.plural("at most {n} hour in all", "at most {n} hours in all", value)


def _say_min_total_hours(value: float, t: Text, flt: ProgramFilter) -> str | None:
    return None if flt.max_total_hours is not None else t.plural("at least {n} hour in all",
                                                                 "at least {n} hours in all", value)


def _funded(value: str, program: Program) -> bool:
    if value == ANY_FUNDING:
        return bool(program.funding)
    return any(fold(value) in fold(source) for source in program.funding)


def _in_person_near(value: str, program: Program) -> bool:
    """Online, or given where the learner lives (or Canada-wide); an unknown delivery does not pass."""
    if program.delivery is None:
        return False
    return program.delivery.value == "online" or program.region in {value, CANADA_WIDE}


# The three ways a number of a program meets a limit: (test, ProgramColumns method, Chroma operator).
_COMPARISONS: dict[str, tuple[Callable[[float, float], bool], str, str]] = {
    "at most": (operator.le, "at_most", "$lte"), "below": (operator.lt, "below", "$lt"),
    "at least": (operator.ge, "at_least", "$gte")}


def _number(attribute: str, comparison: str) -> dict[str, Any]:
    """``fits``, ``mask`` and ``where`` of a limit on the program's number ``attribute`` (a field
    or a derived view such as ``least_weeks``, a column of ``ProgramColumns`` and a metadata key
    of the store): an unknown number meets no limit."""
    test, method, where = _COMPARISONS[comparison]
    return {"fits": lambda v, p: (n := getattr(p, attribute)) is not None and test(n, v),
            "mask": lambda v, c: getattr(c, method)(attribute, v),
            "where": lambda v: {attribute: {where: v}}}


# In the order the learner's constraints are said back ("online, in Ontario, up to $1,000").
CONSTRAINTS: tuple[Constraint, ...] = (
    Constraint(
        "delivery", "delivery", many=True, profile="delivery", relax=4, judges="delivery",
        unrecorded=N_("This catalogue does not say how its programs are given,"
                       " so online or in person was not checked."),
        fits=lambda v, p: p.delivery is not None and p.delivery.value in v,
        mask=lambda v, c: c.among("delivery", v),
        where=lambda v: {"delivery": {"$in": sorted(v)}},
        called=N_("the delivery mode"), label=N_("Delivery"), say=lambda v, t, f: _labels(v, t)),
    Constraint(
        "pace", "pace", profile="pace", relax=11, judges="pace",
        unrecorded=N_("This catalogue does not give the pace of its programs,"
                       " so self-paced or with a class was not checked."),
        fits=lambda v, p: p.pace is not None and p.pace.value == v,
        mask=lambda v, c: c.among("pace", [v]),
        where=lambda v: {"pace": v},
        called=N_("the pace"), label=N_("Pace"), say=lambda v, t, f: t.label(v)),
    Constraint(
        "region", "regions", many=True, profile="region", relax=5, judges="region",
        unrecorded=N_("This catalogue does not say where its programs are, so the place was not checked."),
        fits=lambda v, p: p.region in v | {CANADA_WIDE},
        mask=lambda v, c: c.among("region", v | {CANADA_WIDE}),
        where=lambda v: {"region": {"$in": sorted(v | {CANADA_WIDE})}},
        # The catalogue's own regions: provinces, states or counties; CANADA_WIDE is its word for anywhere.
        called=N_("the region"), label=N_("Region"),
        say=lambda v, t, f: t("in {region} (or anywhere in the country)",
                              region=t.either(sorted(map(t.place, v))))),
    Constraint(
        "home_region", "home_region", profile="home_region", relax=2, judges="region",
        fits=lambda v, p: _in_person_near(v, p),
        mask=lambda v, c: c.among("delivery", ["online"]) | c.among("region", [v, CANADA_WIDE]),
        where=lambda v: {"$or": [{"delivery": "online"}, {"region": {"$in": sorted({v, CANADA_WIDE})}}]},
        called=N_("in-person near you"), label=N_("In person"),
        say=_say_home, yields_to="region"),  # a place asked for is where programs must be; home only ranks then
    Constraint(
        "max_cost", "max_cost", profile="max_cost", relax=0, judges="cost",
        unrecorded=N_("This catalogue gives no prices, so your budget was not checked."),
        **_number("cost", "at most"),
        called=N_("your budget"), label=N_("Budget"), say=_say_max_cost),
    Constraint(
        "min_cost", "min_cost", profile="min_cost", relax=1, judges="cost",
        unrecorded=N_("This catalogue gives no prices, so your budget was not checked."),
        **_number("cost", "at least"),
        called=N_("the minimum cost"), label=N_("Budget"), say=_say_min_cost),
    # A length limit is met by a program's length, or, where a record gives only its hours in
    # all ("12 hours of video"), by those hours at a full-time week (``Program.least_weeks``).
    Constraint(
        "max_weeks", "max_weeks", profile="max_weeks", relax=6, judges="least_weeks",
        unrecorded=N_("This catalogue gives no lengths, so the length was not checked."),
        **_number("least_weeks", "at most"),
        called=N_("the length"), label=N_("Length"), say=lambda v, t, f: t("at most {weeks}", weeks=t.weeks(v))),
    # "shorter than six months", "under three weeks": less than the limit, which a six-month program is not.
    Constraint(
        "below_weeks", "below_weeks", profile="below_weeks", relax=7, judges="least_weeks",
        unrecorded=N_("This catalogue gives no lengths, so the length was not checked."),
        **_number("least_weeks", "below"),
        called=N_("the length"), label=N_("Length"), say=lambda v, t, f: t("shorter than {weeks}", weeks=t.weeks(v))),
    Constraint(
        "max_total_hours", "max_total_hours", profile="max_total_hours", relax=8, judges="hours_in_all",
        unrecorded=N_("This catalogue gives no hours of study in all, so the hours in all were not checked."),
        **_number("hours_in_all", "at most"),
        called=N_("the hours in all"), label=N_("Hours in all"), say=_say_max_total_hours),
    Constraint(
        "min_total_hours", "min_total_hours", profile="min_total_hours", relax=9, judges="hours_in_all",
        unrecorded=N_("This catalogue gives no hours of study in all, so the hours in all were not checked."),
        **_number("hours_in_all", "at least"),
        called=N_("the hours in all"), label=N_("Hours in all"), say=_say_min_total_hours),
    Constraint(
        "max_hours", "max_hours", profile="max_hours", relax=10, judges="hours_per_week",
        unrecorded=N_("This catalogue gives no hours per week, so the time it takes each week was not checked."),
        **_number("hours_per_week", "at most"),
        called=N_("the hours per week"), label=N_("Time"),
        say=lambda v, t, f: t.plural("at most {n} hour a week", "at most {n} hours a week", v)),
    Constraint(
        "level", "levels", many=True, profile="level", relax=12, judges="level",
        unrecorded=N_("This catalogue gives no levels, so the level was not checked."),
        fits=lambda v, p: p.level is not None and p.level.value in v,
        mask=lambda v, c: c.among("level", v),
        where=lambda v: {"level": {"$in": sorted(v)}},
        called=N_("the level"), label=N_("Level"), say=lambda v, t, f: t("{levels} level", levels=_labels(v, t))),
    Constraint(
        "language", "language", profile="language", relax=13, judges="language",
        unrecorded=N_("This catalogue does not give the language of its programs, so the language was not checked."),
        fits=lambda v, p: p.language == v,
        mask=lambda v, c: c.among("language", [v]),
        where=lambda v: {"language": v},
        called=N_("the language"), label=N_("Language"), say=_say_language),
    Constraint(
        "credential_type", "exclude_types", many=True, profile="exclude_types", relax=3, merge="union",
        fits=lambda v, p: p.credential_type.value not in v,
        mask=lambda v, c: ~c.among("credential_type", v),
        where=lambda v: {"credential_type": {"$nin": sorted(v)}},
        called=N_("the credential types you ruled out"), label=N_("Credential types"),
        say=lambda v, t, f: t("not {types}", types=_labels(v, t))),
    Constraint(
        "funding", "funding", profile="funding", relax=14, judges="funding",
        unrecorded=N_("This catalogue names no funding, so the funding was not checked."),
        fits=_funded,
        mask=lambda v, c: c.with_any_funding() if v == ANY_FUNDING else c.with_funding_like(v),
        called=N_("the funding"), label=N_("Funding"),
        say=lambda v, t, f: t("any funding") if v == ANY_FUNDING else t("eligible for {funding}", funding=v)),
    Constraint(
        "completed", "exclude_ids", many=True, profile="completed", merge="union",
        fits=lambda v, p: p.id not in v,
        mask=lambda v, c: c.excluding(v)),
    # A career centre's scope: set by the centre, never relaxed, whatever the learner asks.
    Constraint(
        "scope", "providers", many=True,
        fits=lambda v, p: p.provider in v,
        mask=lambda v, c: c.among("provider", v),
        where=lambda v: {"provider": {"$in": sorted(v)}},
        called=N_("this centre's catalogue")),
    Constraint(
        "scope", "scope_regions", many=True,
        fits=lambda v, p: p.region in v | {CANADA_WIDE},
        mask=lambda v, c: c.among("region", v | {CANADA_WIDE}),
        where=lambda v: {"region": {"$in": sorted(v | {CANADA_WIDE})}}),
    Constraint(
        "scope", "scope_languages", many=True,
        fits=lambda v, p: p.language in v,
        mask=lambda v, c: c.among("language", v),
        where=lambda v: {"language": {"$in": sorted(v)}}),
)
BY_FIELD = {c.field: c for c in CONSTRAINTS}
RELAXABLE = tuple(sorted((c for c in CONSTRAINTS if c.relax is not None), key=lambda c: c.relax or 0))
_NAMES = {c.name: c.called for c in CONSTRAINTS if c.called}


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, (str, frozenset)) and not value)


class ProgramFilter:
    """A value for some of the constraints; a program must meet them all to be recommended.

    Its fields are the table's: ``ProgramFilter(max_cost=500, delivery=frozenset({"online"}))``,
    ``flt.max_cost``; a constraint without a value (None, or an empty set) is not applied."""

    __slots__ = ("_values",)

    def __init__(self, **values: Any):
        unknown = sorted(set(values) - BY_FIELD.keys())
        if unknown:
            raise TypeError(f"ProgramFilter has no constraint {', '.join(unknown)}")
        self._values: dict[str, Any] = {
            name: frozenset(value) if BY_FIELD[name].many else value
            for name, value in values.items() if not _empty(value) and not (BY_FIELD[name].many and not value)}

    def __getattr__(self, name: str) -> Any:
        if name not in BY_FIELD:
            raise AttributeError(f"ProgramFilter has no constraint {name}")
        return self._values.get(name, frozenset() if BY_FIELD[name].many else None)

    def replace(self, **changes: Any) -> ProgramFilter:
        return ProgramFilter(**{**self._values, **changes})

    def active(self) -> Iterator[tuple[Constraint, Any]]:
        """The constraints with a value, in the table's order."""
        return ((c, self._values[c.field]) for c in CONSTRAINTS if c.field in self._values)

    def unjudged(self, recorded: Collection[str]) -> list[Constraint]:
        """The active constraints whose field the catalogue records for no program (``recorded``:
        the fields it does record): applying them would rule out every program."""
        return [c for c, _ in self.active() if c.judges is not None and c.judges not in recorded]

    def failures(self, program: Program) -> list[str]:
        """Names of the constraints ``program`` breaks (empty when it fits), each once."""
        failed: list[str] = []
        for constraint, value in self.active():
            if constraint.name not in failed and not constraint.fits(value, program):
                failed.append(constraint.name)
        return failed

    def accepts(self, program: Program) -> bool:
        return not self.failures(program)

    def mask(self, columns: ProgramColumns) -> np.ndarray:
        """The same test as ``accepts``, for every program of ``columns`` at once."""
        mask = columns.everything()
        for constraint, value in self.active():
            mask &= constraint.mask(value, columns)
        return mask

    def where(self) -> Where | None:
        """The same constraints as a Chroma ``where`` clause (funding is checked afterwards), for
        querying the store directly; retrieval filters in memory, and the tests hold its answers
        equal to Chroma's under this clause."""
        clauses = [clause for c, value in self.active() if (clause := c.where(value)) is not None]
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def said(self, t: Text) -> list[tuple[Constraint, str]]:
        """The constraints said back to the learner, each with its phrase: (delivery, "online")."""
        return [(c, said) for c, value in self.active() if c.say and (said := c.say(value, t, self))]

    def phrases(self, t: Text) -> list[str]:
        """["online", "up to $1,000"]."""
        return [said for _, said in self.said(t)]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProgramFilter) and self._values == other._values

    def __hash__(self) -> int:
        return hash(frozenset(self._values.items()))

    def __repr__(self) -> str:
        return "ProgramFilter(" + ", ".join(f"{k}={v!r}" for k, v in self._values.items()) + ")"


def constraint_name(name: str, t: Text) -> str:
    """What a constraint is called ("your budget", "the delivery mode")."""
    called = _NAMES.get(name)
    return t(called) if called else name
