"""What one message says, read against its conversation: an ``Observation``, nothing decided yet.

A reader (the rules, or a language model checked against the catalogue) observes; then
``decision.decide`` chooses what to answer and ``Profile.apply`` merges what was observed into
the learner's profile. An observation never changes after it is made.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from knowledge_base.schema import Program

from ..profile import MERGES
from .topic import Topic


class Intent(StrEnum):
    SEARCH = "search"  # recommend programs for a goal, or list what fits the constraints
    DEFINITION = "definition"  # a question about concepts, answered from documents
    COMPARE = "compare"  # two or more named programs side by side
    PROGRAM = "program"  # a question about one named program
    STACK = "stack"  # how a program stacks into larger credentials
    REQUIREMENTS = "requirements"  # what a credential requires
    PROGRESS = "progress"  # what is left after completed programs
    PREREQUISITES = "prerequisites"  # what to take before a program
    RESET = "reset"
    GREETING = "greeting"
    REFUSE = "refuse"  # instructions aimed at the assistant itself


class Cue(StrEnum):
    """What kind of thing a message says, each read by a rule of the language, not by topic."""

    RESET = "reset"  # "start over"
    INSTRUCTIONS = "instructions"  # aimed at the assistant itself ("ignore your rules")
    GREETING = "greeting"  # a greeting or thanks and nothing else
    STACK = "stack"  # how things add up ("does it stack into anything?")
    REQUIREMENTS = "requirements"  # what a credential takes ("what's in it?")
    PROGRESS = "progress"  # what is left ("what do I still need?")
    PREREQUISITES = "prerequisites"  # what comes first ("can I start right away?")
    COMPARE = "compare"  # "which is better", "versus"
    CONCEPT = "concept"  # a question about credentials themselves ("are badges worth it?")
    BROWSE = "browse"  # "anything...?", "show me what you have"
    ASKS_FOR_PROGRAMS = "asks for programs"  # "recommend", "looking for", "which courses"
    ASKS_ABOUT_PROGRAM = "asks about a program"  # "how much", "when does it start"
    CLAIM_CHECK = "claim check"  # "...is $890 yeah?", "can you confirm"
    ABOUT_IT = "about it"  # "is it...", "c'est..."
    QUESTION = "question"
    REFERENCE = "reference"  # "those", "them", "that one": points back at what was shown


@dataclass(frozen=True)
class Observation:
    """Everything one message says, in the terms of the profile and of the catalogue."""

    language: str  # the language it is written in
    folded: str = ""  # the message, folded (accents and case)
    masked: str = ""  # the same, without what was read as constraints, places and names: the aim's words
    cues: frozenset[Cue] = frozenset()
    sets: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))  # profile field → value said now
    named: tuple[Program, ...] = ()  # programs the message names, in the order it names them
    done: tuple[Program, ...] = ()  # programs it says the learner completed
    refers_to_shown: bool = False  # "those", "them": what was just shown
    topic: Topic | None = None  # the aim it states, if any
    aim: Mapping[str, Any] | None = None  # the aim as profile fields (``Profile.GOAL_FIELDS``)
    from_aim: bool = False  # the topic comes from a clause that states a wish, not passing words
    question: str = ""  # the clauses that ask something, for the documents' search
    says_constraints: bool = False  # it states a constraint ("under $500", "cheaper", "the shortest")
    order: str | None = None  # "cost" or "weeks": the cheapest or shortest first
    brief: bool = True  # a short request, not a life story: its aim can be judged by its words
    stated: Intent | None = None  # the intent a language model read (the rules' readings leave it None)
    read_by: str = "rules"

    def __post_init__(self) -> None:
        unknown = set(self.sets) - MERGES.keys()
        if unknown:
            raise ValueError(f"an observation cannot set {sorted(unknown)}")
        object.__setattr__(self, "sets", MappingProxyType(dict(self.sets)))
        if self.aim is not None:
            object.__setattr__(self, "aim", MappingProxyType(dict(self.aim)))

    def says(self, *cues: Cue) -> bool:
        return any(cue in self.cues for cue in cues)

    def changes(self, profile: Any) -> bool:
        """Whether merging it would change any constraint or preference of ``profile``."""
        return bool(self.done) or any(getattr(profile, name) != value for name, value in self.sets.items()
                                      if name != "background")
