"""The learner's profile: goal and constraints read from each message, carried across turns."""
from __future__ import annotations

from pydantic import BaseModel, Field

from knowledge_base.search import ProgramFilter

from .earned import Earned


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
    skills: list[str] = Field(default_factory=list)
    occupations: list[str] = Field(default_factory=list)
    background: str | None = None
    max_cost: float | None = None
    min_cost: float | None = None
    max_weeks: float | None = None
    max_hours: float | None = None
    delivery: list[str] = Field(default_factory=list)
    pace: str | None = None
    region: str | None = None  # every program must be there (or Canada-wide)
    home_region: str | None = None  # where the learner lives: in-person and hybrid programs must be there
    exclude_types: list[str] = Field(default_factory=list)
    language: str | None = None
    level: list[str] = Field(default_factory=list)
    funding: str | None = None
    completed: list[str] = Field(default_factory=list)
    earned: list[Earned] = Field(default_factory=list)  # credentials handed over, and the programs they count as
    beginner: bool = False
    writes_in: str | None = None  # the language the learner writes: a preference, never a filter
    also_accepts: list[str] = Field(default_factory=list)  # languages said to be fine ("French is fine")

    def program_filter(self, *, exclude_completed: bool = True) -> ProgramFilter:
        """The hard constraints as a filter; programs already completed are left out."""
        return ProgramFilter(
            max_cost=self.max_cost, min_cost=self.min_cost, max_weeks=self.max_weeks, max_hours=self.max_hours,
            delivery=frozenset(self.delivery), pace=self.pace,
            regions=frozenset([self.region]) if self.region else frozenset(),
            language=self.language, levels=frozenset(self.level), funding=self.funding,
            exclude_types=frozenset(self.exclude_types), home_region=self.home_region,
            exclude_ids=frozenset(self.completed) if exclude_completed else frozenset(),
        )

    def constraint_phrases(self) -> list[str]:
        """Short human phrases for the active constraints, in a stable order."""
        phrases = []
        if self.delivery:
            phrases.append(" or ".join(self.delivery))
        if self.pace:
            phrases.append(self.pace)
        if self.region:
            phrases.append(f"in {self.region} (or Canada-wide)")
        if self.home_region:
            phrases.append(f"in person only in {self.home_region}")
        if self.max_cost is not None and self.min_cost is not None:
            phrases.append(f"between ${self.min_cost:,.0f} and ${self.max_cost:,.0f}")
        elif self.max_cost is not None:
            phrases.append("free" if self.max_cost == 0 else f"up to ${self.max_cost:,.0f}")
        elif self.min_cost is not None:
            phrases.append(f"at least ${self.min_cost:,.0f}")
        if self.max_weeks is not None:
            phrases.append(f"at most {self.max_weeks:g} weeks")
        if self.max_hours is not None:
            phrases.append(f"at most {self.max_hours:g} hours a week")
        if self.level:
            phrases.append(" or ".join(self.level) + " level")
        if self.language:
            phrases.append({"fr": "in French", "en": "in English"}.get(self.language, f"in language '{self.language}'"))
        if self.exclude_types:
            phrases.append("not " + " or ".join(t.replace("-", " ") for t in self.exclude_types))
        if self.funding:
            phrases.append("any funding" if self.funding == "*" else f"eligible for {self.funding}")
        return phrases

    def has_constraints(self) -> bool:
        return bool(self.constraint_phrases())
