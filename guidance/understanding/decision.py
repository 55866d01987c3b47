"""What to answer: every precedence rule between intents, in one place.

``decide`` takes what a message says (an ``Observation``, from the rules or a checked language
model) and the conversation around it (``Context``), and returns a ``Decision``: the intent,
the programs it is about, and what the turn does with the learner's profile. Nothing here reads
text or changes the profile; handlers then answer the intent they are given, and only fall back
when the catalogue's plan for it turns out empty.
"""
from __future__ import annotations

from dataclasses import dataclass

from knowledge_base.schema import Program
from knowledge_base.stacking import StackGraph

from ..constraints import CONSTRAINTS, ProgramFilter
from ..profile import Profile
from .observation import Cue, Intent, Observation

# Intents about programs the message names (or the ones just shown).
NEEDS_PROGRAMS = frozenset({Intent.COMPARE, Intent.PROGRAM, Intent.STACK, Intent.REQUIREMENTS, Intent.PREREQUISITES})
_CONSTRAINT_FIELDS = frozenset(c.profile for c in CONSTRAINTS if c.profile is not None)


@dataclass(frozen=True)
class Context:
    """The conversation a message arrives in."""

    previous: Profile  # the profile before this message
    graph: StackGraph
    shown: tuple[Program, ...] = ()  # the programs just shown, in order
    plan_target: Program | None = None  # the credential of the last plan


@dataclass(frozen=True)
class Decision:
    intent: Intent
    named: tuple[Program, ...] = ()  # the programs it is about
    keeps_profile: bool = False  # checks a program's facts: the learner's wishes stay as they were
    takes_aim: bool = False  # the message's aim becomes the learner's goal
    browse: bool = False  # constraints and no aim: list what fits
    refines_only: bool = False  # states constraints and nothing else ("only online please")
    also_define: bool = False  # a concept question beside the main one ("...does my experience count?")
    wants_pathway: bool = False  # a search that also asks how it adds up
    passages: str = ""  # what the documents are searched for


def decide(observation: Observation, context: Context) -> Decision:
    """The intent of the message in its conversation, and what follows from it."""
    o = observation
    if o.says(Cue.RESET):
        return Decision(Intent.RESET)
    if o.says(Cue.INSTRUCTIONS):
        return Decision(Intent.REFUSE)
    if o.stated is not None:
        decision = _stated(o, context)
    else:
        decision = _read(o, context)
    return _followed_through(decision, o, context)


def _read(o: Observation, c: Context) -> Decision:
    """The rules' precedence: greetings, then questions about named programs, then concepts, then search."""
    named = list(o.named)
    meant = _plan_asked(o, c, named)
    if meant is not None:  # "show me the plan for it", "what would I still need for the certificate?"
        intent, named = Intent.REQUIREMENTS, [meant]
    else:
        intent = _intent(o, c, named)
    concept = o.says(Cue.CONCEPT)
    if intent == Intent.STACK and not named and not o.refers_to_shown and not c.shown:
        intent = Intent.DEFINITION if concept and o.topic is None else Intent.SEARCH
    if intent in (Intent.SEARCH, Intent.DEFINITION) and o.refers_to_shown and o.topic is None \
            and not o.says_constraints and o.says(Cue.ASKS_ABOUT_PROGRAM):
        intent, named = Intent.PROGRAM, list(c.shown[:1])  # "how much is it?": the program just shown
    if len(named) == 1 and intent in (Intent.SEARCH, Intent.PROGRAM) and not o.done and (
            o.says(Cue.CLAIM_CHECK) or (o.says(Cue.ABOUT_IT) and o.says(Cue.QUESTION) and not o.from_aim)):
        # "the data science diploma at Lakeshore is $890 yeah?", "the PM one, is it online?": the
        # facts of that program, and the learner's wishes stay as they were.
        return Decision(Intent.PROGRAM, tuple(named), keeps_profile=True, passages=o.masked)
    passages = o.masked
    if intent == Intent.DEFINITION or (intent == Intent.SEARCH and o.topic is not None):
        passages = o.question or o.folded
    return Decision(intent, tuple(named), passages=passages,
                    also_define=concept and (intent == Intent.PROGRAM
                                             or (intent == Intent.SEARCH and o.topic is not None)),
                    wants_pathway=o.says(Cue.STACK) and intent == Intent.SEARCH,
                    **_search(intent, o, c))


def _intent(o: Observation, c: Context, named: list[Program]) -> Intent:
    if o.says(Cue.GREETING):
        return Intent.GREETING
    completed_now = bool(o.done) and bool(named)
    targets_named = [p for p in named if c.graph.is_stack_target(p.id)]
    if completed_now and (o.says(Cue.PROGRESS, Cue.STACK, Cue.REQUIREMENTS) or (targets_named and len(named) > 1)):
        return Intent.PROGRESS
    if named and o.says(Cue.PREREQUISITES) and not completed_now:
        return Intent.PREREQUISITES
    if o.says(Cue.STACK) and (named or o.refers_to_shown or (not o.topic and not completed_now)):
        return Intent.STACK
    if named and o.says(Cue.REQUIREMENTS):
        return Intent.REQUIREMENTS
    if o.says(Cue.PROGRESS) and (c.previous.completed or o.done):
        return Intent.PROGRESS
    if len(named) >= 2 and not o.done:
        return Intent.COMPARE
    if len(named) == 1 and not o.done and o.topic is None:
        return Intent.PROGRAM
    if completed_now and o.topic is None:
        return Intent.PROGRESS
    if o.says(Cue.CONCEPT) and o.topic is None and not o.says(Cue.ASKS_FOR_PROGRAMS) \
            and not (o.says(Cue.BROWSE) and _filters(o, c)):
        return Intent.DEFINITION
    return Intent.SEARCH


def _plan_asked(o: Observation, c: Context, named: list[Program]) -> Program | None:
    """The credential whose plan a message asks for with no aim of its own and nothing done, or None."""
    if o.says(Cue.GREETING) or not o.says(Cue.REQUIREMENTS, Cue.PROGRESS) or o.topic is not None \
            or (o.done and named) or c.previous.completed:
        return None
    return credential_meant(o, c, named)


def credential_meant(o: Observation, c: Context, named: list[Program]) -> Program | None:
    """The credential a plan question is about: one it names; else the one a program it names
    counts towards ("if I do Excel first"); else one just shown, of the type it says ("the
    certificate"); else the one most of what was shown counts towards; else the last plan's."""
    graph = c.graph
    for program in named:
        if graph.is_stack_target(program.id):
            return program
    up = graph.common_target(named) if named else None
    if up is not None:
        return graph.programs[up]
    kinds = set(o.sets.get("prefer_types") or ())
    shown = [p for p in c.shown if graph.is_stack_target(p.id) and (not kinds or p.credential_type.value in kinds)]
    if shown:
        return shown[0]
    common = graph.common_target(c.shown) if c.shown else None
    if common is not None:
        return graph.programs[common]
    return c.plan_target


def _stated(o: Observation, c: Context) -> Decision:
    """A language model's intent, already checked to have the programs it needs."""
    intent = o.stated
    assert intent is not None
    named = o.named
    if o.refers_to_shown and intent in NEEDS_PROGRAMS and intent != Intent.STACK:
        named = c.shown[:1] if intent == Intent.PROGRAM else c.shown
    passages = o.question or o.masked
    return Decision(intent, tuple(named), passages=passages, wants_pathway=o.says(Cue.STACK)
                    and intent == Intent.SEARCH, **_search(intent, o, c))


def _search(intent: Intent, o: Observation, c: Context) -> dict[str, bool]:
    """For a search: whether it takes a new aim, lists what fits, or only narrows the last one."""
    if intent != Intent.SEARCH:
        return {}
    if o.topic is not None:
        return {"takes_aim": True}
    browse = not c.previous.goal and not c.previous.fields and (
        o.says_constraints or "funding" in o.sets or "region" in o.sets or o.says(Cue.BROWSE)
        or (o.stated is not None and _filters(o, c)))
    return {"browse": browse, "refines_only": o.changes(c.previous)}


def _followed_through(decision: Decision, o: Observation, c: Context) -> Decision:
    """What an intent becomes once the catalogue's stacks are looked at: a narrowing right after
    a plan plans again; requirements of a program that is no credential are its ladder or its
    prerequisites; the stack of a credential is what it requires."""
    graph, named = c.graph, decision.named
    if decision.refines_only and c.plan_target is not None:  # "only online please" after a plan
        return _as(decision, Intent.REQUIREMENTS, (c.plan_target,))
    if decision.intent == Intent.REQUIREMENTS and named and not any(graph.is_stack_target(p.id) for p in named):
        return _as(decision, Intent.STACK if named[0].stacks_into else Intent.PREREQUISITES, named)
    if decision.intent == Intent.STACK:
        if not named and graph.common_target(c.shown) is None:
            return _as(decision, Intent.DEFINITION, named)
        if named and not named[0].stacks_into and graph.is_stack_target(named[0].id):
            return _as(decision, Intent.REQUIREMENTS, named)
    return decision


def _as(decision: Decision, intent: Intent, named: tuple[Program, ...]) -> Decision:
    return Decision(intent, named, keeps_profile=decision.keeps_profile, passages=decision.passages)


def _filters(o: Observation, c: Context) -> bool:
    """Whether, with this message, the learner has any constraint (or completed programs)."""
    return c.previous.program_filter() != ProgramFilter() or bool(o.done) \
        or any(name in _CONSTRAINT_FIELDS for name in o.sets)
