"""Retrieval orchestration: hard filters from the profile, hybrid search, relevance, ranking."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from knowledge_base.catalogue import Catalogue
from knowledge_base.schema import CredentialType, Level, Passage, Program
from knowledge_base.search import Hit, ProgramFilter
from knowledge_base.text import fold, keys

from .profile import Profile

# A program is relevant to a goal when one of its skills or occupations names the goal, when
# its text covers most of the goal's words and is loosely related in meaning, or when it is
# very close in meaning alone. Calibrated with benchmarks/calibrate_relevance.py on the sample
# and evaluation catalogues: off-topic goals ("veterinary surgery", "real estate agent") stay
# below every rule.
STRONG_SIMILARITY = 0.45
COVERED_SIMILARITY = 0.20
MIN_COVERAGE = 0.6  # of a goal's term keys; a goal of one or two keys must be covered fully
PASSAGE_SIMILARITY = 0.35
PASSAGE_LEXICAL_WEIGHT = 0.3
SECOND_QUOTE_SHARE = 0.85  # a further passage is quoted only when it scores this close to the best
RELATIVE_FLOOR = 0.55  # keep programs whose score is at least this share of the best one's

# Constraint name (as the learner would hear it) -> ProgramFilter field, in the order they are offered.
_RELAXABLE = {
    "max_cost": "max_cost", "delivery": "delivery", "region": "regions", "max_weeks": "max_weeks",
    "max_hours": "max_hours", "pace": "pace", "level": "levels", "language": "language", "funding": "funding",
}


@dataclass
class Recommendation:
    """A program that fits, with the evidence for recommending it."""

    program: Program
    score: float
    similarity: float
    matched: list[str]  # goal skills and occupations the program names


@dataclass
class Relaxation:
    """Dropping one constraint would let these programs fit."""

    constraint: str
    programs: list[Program]


class Recommender:
    """Finds and ranks programs for a profile within a catalogue."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue

    def program_keys(self, program: Program) -> frozenset[str]:
        return _keys(program.search_text())

    def coverage(self, goal: str, program: Program) -> float:
        """Share of the goal's term keys that the program's text contains (or an expansion of)."""
        wanted = _keys(goal)
        if not wanted:
            return 0.0
        present = self.program_keys(program)
        best = len(wanted & present) / len(wanted)
        for alternative in expansions(goal):
            alt_keys = _keys(alternative)
            if alt_keys and alt_keys <= present:
                best = max(best, 1.0 if len(wanted) <= 2 else best + len(alt_keys) / len(wanted))
        return min(best, 1.0)

    def is_relevant(self, hit: Hit[Program], profile: Profile, matched: list[str]) -> bool:
        if matched or hit.similarity >= STRONG_SIMILARITY:
            return True
        goal = profile.goal or ""
        needed = 1.0 if len(_keys(goal)) <= 2 else MIN_COVERAGE
        return hit.similarity >= COVERED_SIMILARITY and self.coverage(goal, hit.record) >= needed

    def query_text(self, profile: Profile) -> str:
        parts = [profile.goal or "", *expansions(profile.goal or "")]
        parts += [s for s in profile.skills + profile.occupations if fold(s) not in fold(profile.goal or "")]
        return " ".join(p for p in parts if p).strip()

    def recommend(self, profile: Profile, flt: ProgramFilter, limit: int = 5,
                  vector: np.ndarray | None = None) -> list[Recommendation]:
        query = self.query_text(profile)
        if not query:
            return []
        vector = self.catalogue.embed(query) if vector is None else vector
        hits = self.catalogue.search_programs(query, flt, limit=30, vector=vector)
        ranked = []
        for hit in hits:
            rec = self._rank(hit, profile)
            if self.is_relevant(hit, profile, rec.matched):
                ranked.append(rec)
        ranked.sort(key=lambda r: r.score, reverse=True)
        if ranked:
            floor = ranked[0].score * RELATIVE_FLOOR
            ranked = [r for r in ranked if r.score >= floor]
        return ranked[:limit]

    def relaxations(self, profile: Profile, flt: ProgramFilter, vector: np.ndarray | None = None) -> list[Relaxation]:
        """For each active constraint, the programs that would fit without it."""
        query = self.query_text(profile)
        if not query:
            return []
        vector = self.catalogue.embed(query) if vector is None else vector
        found = []
        for name, attribute in _RELAXABLE.items():
            value = getattr(flt, attribute)
            if value in (None, frozenset()):
                continue
            loosened = dataclasses.replace(flt, **{attribute: _empty(value)})
            programs = [r.program for r in self.recommend(profile, loosened, limit=3, vector=vector)]
            if programs:
                found.append(Relaxation(name, programs))
        return found

    def _rank(self, hit: Hit[Program], profile: Profile) -> Recommendation:
        program = hit.record
        matched = _matched_phrases(program, profile)
        score = hit.score * 20 + hit.similarity
        score += 0.12 * min(len(matched), 3)
        if profile.goal and _phrase_in_program(profile.goal, program):
            score += 0.15
        if profile.beginner:
            if program.level == Level.INTRODUCTORY:
                score += 0.12
            elif program.level == Level.ADVANCED:
                score -= 0.12
            if not program.prerequisites and program.credential_type not in _AWARDED_FOR_COMPONENTS:
                score += 0.05
        return Recommendation(program, score, hit.similarity, matched)

    def passages(self, question: str, limit: int = 2) -> list[Hit[Passage]]:
        """The passages that answer ``question``: the best one, and others nearly as good.

        Passages are ranked by meaning plus a share of their normalised BM25 score: words
        every document shares ("micro-credential") weigh little in BM25, so the question's
        distinctive word ("pay", "badge") decides between passages close in meaning.
        """
        hits = self.catalogue.search_passages(question, limit=12)
        relevant = [h for h in hits if h.similarity >= PASSAGE_SIMILARITY or (h.lexical > 0 and h.similarity >= 0.25)]
        if not relevant:
            return []
        top_lexical = max(h.lexical for h in relevant) or 1.0
        scored = sorted(relevant, key=lambda h: h.similarity + PASSAGE_LEXICAL_WEIGHT * h.lexical / top_lexical,
                        reverse=True)
        best = scored[0].similarity + PASSAGE_LEXICAL_WEIGHT * scored[0].lexical / top_lexical
        return [h for h in scored
                if h.similarity + PASSAGE_LEXICAL_WEIGHT * h.lexical / top_lexical >= best * SECOND_QUOTE_SHARE][:limit]


@lru_cache(maxsize=20_000)  # bounded and thread-safe: a long-running process never holds every program's keys
def _keys(text: str) -> frozenset[str]:
    """Term keys of a program's text or of a phrase (goal, title, skill, occupation), read once:
    ranking checks the same texts and phrases for every hit of every search."""
    return frozenset(keys(text))


_AWARDED_FOR_COMPONENTS = (CredentialType.CERTIFICATE, CredentialType.DIPLOMA, CredentialType.DEGREE)


def _empty(value):
    return frozenset() if isinstance(value, frozenset) else None


def _phrase_in_program(phrase: str, program: Program) -> bool:
    wanted = _keys(phrase)
    return bool(wanted) and any(wanted <= _keys(c) for c in (program.title, *program.skills, *program.occupations))


def _matched_phrases(program: Program, profile: Profile) -> list[str]:
    """Program occupations and skills that name the whole goal, or a two-word part of it."""
    goal = profile.goal or ""
    goal_keys = _keys(goal)
    if not goal_keys:
        return []
    alternatives = [goal_keys, *(_keys(a) for a in expansions(goal))]
    matched = []
    for phrase in (*program.occupations, *program.skills):
        phrase_keys = _keys(phrase)
        if not phrase_keys:
            continue
        names_goal = any(alt and alt <= phrase_keys for alt in alternatives)
        part_of_goal = len(phrase_keys) >= 2 and phrase_keys <= goal_keys
        if names_goal or part_of_goal:
            matched.append(phrase)
    return matched


# Standard abbreviations in Canadian job and program names, both ways.
_ABBREVIATIONS = {
    "human resources": "hr", "information technology": "it", "personal support worker": "psw",
    "artificial intelligence": "ai", "user experience": "ux", "early childhood education": "ece",
    "occupational health and safety": "ohs", "search engine optimization": "seo", "english as a second language": "esl",
    "continuing care assistant": "cca", "heating ventilation and air conditioning": "hvac",
}
_EXPANSIONS = {**_ABBREVIATIONS, **{short: long for long, short in _ABBREVIATIONS.items()}}


def expansions(goal: str) -> list[str]:
    """Other names for (part of) the goal: ``hr`` for human resources and back."""
    folded = f" {' '.join(fold(goal).split())} "
    return [other for name, other in _EXPANSIONS.items() if f" {name} " in folded]
