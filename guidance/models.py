"""What the assistant returns: a reply with programs, passages, a pathway and its sources."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from knowledge_base.schema import Program

from .profile import Profile

if TYPE_CHECKING:
    from .centres import CentreScope

StepStatus = Literal["done", "needed", "option"]  # taken; required to finish; one of a choice
StepKind = Literal["component", "prerequisite"]  # counts towards the credential; comes before one that does


class StackHint(BaseModel):
    target: str
    title: str
    known: bool = True  # False: a reference to a program this catalogue does not have (never shown as its id)
    credits: float | None = None
    credits_required: float | None = None


class ProgramCard(BaseModel):
    """A recommended program as shown to the learner; every value comes from its record."""

    id: str
    title: str
    provider: str
    credential_type: str
    cost: float | None
    currency: str | None
    delivery: str | None
    pace: str | None
    region: str | None
    language: str | None
    level: str | None
    duration_weeks: float | None
    hours_per_week: float | None
    total_hours: float | None = None
    next_start: date | None
    url: str | None
    funding: list[str] = Field(default_factory=list)
    prerequisites: list[StackHint] = Field(default_factory=list)
    stacks_into: list[StackHint] = Field(default_factory=list)
    reason: str = ""

    @classmethod
    def of(cls, program: Program, reason: str, prerequisites: list[StackHint], stacks: list[StackHint]) -> ProgramCard:
        return cls(
            id=program.id, title=program.title, provider=program.provider,
            credential_type=program.credential_type.value, cost=program.cost, currency=program.currency,
            delivery=program.delivery.value if program.delivery else None,
            pace=program.pace.value if program.pace else None, region=program.region,
            language=program.language, level=program.level.value if program.level else None,
            duration_weeks=program.duration_weeks, hours_per_week=program.hours_per_week,
            total_hours=program.total_hours, next_start=program.next_start, url=program.url,
            funding=list(program.funding),
            prerequisites=prerequisites, stacks_into=stacks, reason=reason,
        )


class Quote(BaseModel):
    """A passage quoted from a knowledge-base document."""

    document_id: str
    document_title: str
    section: str
    text: str
    source: str
    page: int | None = None
    citation: str | None = None


class Source(BaseModel):
    kind: Literal["program", "document"]
    id: str
    title: str
    page: int | None = None
    section: str | None = None
    url: str | None = None


class PathwayStep(BaseModel):
    """One program of a plan; ``kind`` says whether it counts towards the credential itself
    ("component") or is only a prerequisite of one."""

    id: str
    title: str
    credits: float | None = None
    status: StepStatus
    prerequisites: list[str] = Field(default_factory=list)
    kind: StepKind = "component"
    cost: float | None = None
    currency: str | None = None
    duration_weeks: float | None = None
    hours: float | None = None  # hours of study in all
    delivery: str | None = None
    next_start: date | None = None
    fits: bool = True  # meets the learner's stated constraints
    breaks: list[str] = Field(default_factory=list)  # the constraints it does not meet ("max_cost", "delivery")


class Pathway(BaseModel):
    """The plan towards a credential: steps in an order that respects every prerequisite."""

    target: str
    title: str
    credits_required: float | None = None
    credits_done: float = 0
    credits_remaining: float | None = None
    rule: str = ""
    steps: list[PathwayStep] = Field(default_factory=list)
    cheapest: list[str] = Field(default_factory=list)
    fastest: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class Reply(BaseModel):
    """One answer, ready to render as chat (``answer``) or as structured JSON."""

    answer: str
    intent: str
    lead: str = ""  # the opening line of a recommendation, for UIs that show programs as cards
    notes: list[str] = Field(default_factory=list)  # closing remarks (where to start, what it leads to)
    programs: list[ProgramCard] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    pathway: Pathway | None = None
    sources: list[Source] = Field(default_factory=list)
    profile: Profile = Field(default_factory=Profile)
    nothing_fits: bool = False
    topic: str | None = None  # what the turn asked about, when it is not the goal (a field the catalogue lacks)
    worded: str | None = None  # the prose as shown when a language model reworded it (or tried to)
    worded_by: Literal["catalogue", "model"] = "catalogue"  # whose wording ``worded`` is

    def to_json_dict(self, conversation: str | int) -> dict:
        """The chat command's JSON contract (see ../shared/eval/README.md)."""
        data = self.model_dump(mode="json", exclude={"quotes", "lead", "notes", "topic", "worded", "worded_by"})
        profile = data.pop("profile")
        profile = {k: v for k, v in profile.items() if v not in (None, [], False)}
        return {"conversation": conversation, **data, "profile": profile}


HISTORY_TURNS = 100  # turns a conversation keeps, so a long one cannot grow without bound


@dataclass
class Conversation:
    """One learner's conversation: the profile so far and what was last shown."""

    id: str = "default"
    profile: Profile = field(default_factory=Profile)
    shown: list[str] = field(default_factory=list)  # program ids of the last recommendations
    plan_target: str | None = None  # the credential of the last pathway, for follow-ups
    scope: CentreScope | None = None  # the career centre's part of the catalogue, if any
    language: str | None = None  # the language the learner chose for replies (else the one they write in)
    history: list[tuple[str, Reply]] = field(default_factory=list)

    def remember(self, message: str, reply: Reply) -> None:
        """Keep a turn; only the last ``HISTORY_TURNS`` are kept (what is shown and summarised)."""
        self.history.append((message, reply))
        del self.history[:-HISTORY_TURNS]

    def reset(self) -> None:
        self.profile = Profile()
        self.shown = []
        self.plan_target = None
