"""The learner's profile: goal and constraints read from each message, carried across turns."""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, Field, field_validator

from .constraints import CONSTRAINTS, ProgramFilter
from .earned import Earned

if TYPE_CHECKING:
    from .understanding.observation import Observation

# The profile fields a message can set, and how a value said now meets the one said before:
# "replace" (the newest wins) or "union" (every value said so far). The constraints' rules are
# in their entries of ``CONSTRAINTS``; preferences rank programs and never filter them.
PREFERENCES = {"prefer_types": "replace", "also_accepts": "union", "beginner": "replace", "near": "replace",
               "background": "replace"}
MERGES: Mapping[str, str] = MappingProxyType(
    {**{c.profile: c.merge for c in CONSTRAINTS if c.profile is not None}, **PREFERENCES})


class Profile(BaseModel):
    """What the assistant understood about the learner so far.

    Hard constraints (cost, length, hours, delivery, pace, region, language, level, funding)
    filter recommendations; ``goal``, ``skills``, ``occupations`` and ``beginner`` rank them.
    """

    goal: str | None = None  # the learner's own words for what they want
    goal_label: str | None = None  # how answers name it back ("leadership and supervision")
    fields: list[str] = Field(default_factory=list)  # covered fields of work the goal is about
    avoid_fields: list[str] = Field(default_factory=list)  # fields the learner refused ("no sales jobs")
    goal_vector: list[float] | None = Field(default=None, exclude=True, repr=False)
    avoid_vector: list[float] | None = Field(default=None, exclude=True, repr=False)  # what they refused, as meaning
    avoid_words: list[str] = Field(default_factory=list)  # what they refused, in their words ("wordpress")
    skills: list[str] = Field(default_factory=list)
    occupations: list[str] = Field(default_factory=list)
    background: str | None = None
    max_cost: float | None = None
    min_cost: float | None = None
    max_weeks: float | None = None
    below_weeks: float | None = None  # a strict limit: "shorter than 8 weeks" (max_weeks: "8 weeks at most")
    max_hours: float | None = None
    max_total_hours: float | None = None  # hours of study in all ("something I can finish in a weekend")
    min_total_hours: float | None = None  # "20+ hours of content"
    delivery: list[str] = Field(default_factory=list)
    pace: str | None = None
    region: list[str] = Field(default_factory=list)  # every program must be in one of these (or anywhere)
    home_region: str | None = None  # the region they say they live in: in-person programs must be there
    near: str | None = None  # the region of a city they mention: programs there come first, never a filter
    exclude_types: list[str] = Field(default_factory=list)
    prefer_types: list[str] = Field(default_factory=list)  # types named as wanted ("grad cert"): ranked first
    language: str | None = None
    level: list[str] = Field(default_factory=list)
    funding: str | None = None
    completed: list[str] = Field(default_factory=list)
    earned: list[Earned] = Field(default_factory=list)  # credentials handed over, and the programs they count as
    beginner: bool = False
    writes_in: str | None = None  # the language the learner writes: a preference, never a filter
    also_accepts: list[str] = Field(default_factory=list)  # languages said to be fine ("French is fine")

    # What one aim sets (``MessageReader.set_goal``), and what a reading keeps when a new aim is
    # about nothing the catalogue offers.
    GOAL_FIELDS: ClassVar[tuple[str, ...]] = ("goal", "goal_label", "fields", "avoid_fields", "goal_vector",
                                              "avoid_vector", "avoid_words", "skills", "occupations")

    def apply(self, observation: Observation, *, take_aim: bool = False) -> Profile:
        """A new profile: this one with what ``observation`` says merged in, each field by its rule
        in ``MERGES``; its aim too when ``take_aim`` (the turn searches for it). A budget said now
        replaces an older bound it contradicts ("under $500" after "over $1,000")."""
        profile = self.model_copy(deep=True)
        profile.writes_in = observation.language
        for name, value in observation.sets.items():
            if MERGES[name] == "union":
                value = sorted(set(getattr(profile, name)) | set(value))
            setattr(profile, name, value)
        if observation.done:
            profile.completed = sorted(set(profile.completed) | {p.id for p in observation.done})
        if "below_weeks" in observation.sets:  # one length limit at a time: the one said last
            profile.max_weeks = None
        elif "max_weeks" in observation.sets:
            profile.below_weeks = None
        for low, high in (("min_cost", "max_cost"), ("min_total_hours", "max_total_hours")):
            # A bound said now replaces an older one it contradicts ("under $500" after "over $1,000").
            below, above = getattr(profile, low), getattr(profile, high)
            if below is not None and above is not None and above < below:
                setattr(profile, low if high in observation.sets else high, None)
        if take_aim and observation.aim is not None:
            for name, value in observation.aim.items():
                setattr(profile, name, _copied(value))
        return profile

    def keep_goal_of(self, other: Profile) -> None:
        """Take ``other``'s aim (every field of ``GOAL_FIELDS``) in place of this one's."""
        for name in self.GOAL_FIELDS:
            setattr(self, name, getattr(other, name))

    @field_validator("region", mode="before")
    @classmethod
    def _regions(cls, value: object) -> object:
        """One region, as a language model or an older conversation gives it, is a list of one."""
        if value is None:
            return []
        return [value] if isinstance(value, str) else value

    def program_filter(self, *, exclude_completed: bool = True) -> ProgramFilter:
        """The hard constraints as a filter (``constraints.CONSTRAINTS`` names the field each is read
        into); programs already completed are left out."""
        values = {}
        for constraint in CONSTRAINTS:
            if constraint.profile is None or (constraint.name == "completed" and not exclude_completed):
                continue
            if constraint.yields_to and getattr(self, constraint.yields_to):
                continue
            value = getattr(self, constraint.profile)
            values[constraint.field] = [value] if constraint.many and isinstance(value, str) else value
        return ProgramFilter(**values)

    def has_constraints(self) -> bool:
        return self.program_filter(exclude_completed=False) != ProgramFilter()


def _copied(value: Any) -> Any:
    return list(value) if isinstance(value, (list, tuple)) else value
