"""Retrieval orchestration: hard filters from the profile, hybrid search, relevance, ranking."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from knowledge_base.catalogue import Catalogue
from knowledge_base.schema import CredentialType, Level, Passage, Program
from knowledge_base.search import Hit
from knowledge_base.text import STOPWORDS, fold, keys, words

from .constraints import RELAXABLE, ProgramFilter
from .profile import Profile

# A program is relevant to a goal when it sits in one of the goal's fields of work (see
# knowledge_base.fields), when one of its skills or occupations names the goal, or when its
# text holds every word of a short goal ("python", "forklift"). Fields the learner refused
# ("no sales jobs") rule a program out unless it is also in the goal's own fields.
POOL = 40  # programs searched before the gate and the ranking
ORDERED_POOL = 400  # the same when they are put in order of cost or length
MIN_COVERAGE = 0.6  # of a goal's term keys; a goal of one or two keys must be covered fully
MEANING_NOISE = 0.02  # e5 similarities closer than this say nothing about which passage answers
PASSAGE_LEXICAL_WEIGHT = 0.3
SECOND_QUOTE_SHARE = 0.99  # a second passage of the same document is quoted when it scores this close
RELATIVE_FLOOR = 0.55  # keep programs whose score is at least this share of the best one's
# A program that fits the constraints must also be nearly as close to the goal as the
# catalogue's best program in the goal's fields (with or without constraints): this share of
# the best one's lead over the catalogue's median. "ECE under $300" finds no ECE program under
# $300 and says so, instead of listing cheap programs from other fields.
KEEP_SHARE = 0.4
# The fields list speaks for a goal only when the search agrees with it: this share of the goal's
# nearest programs in the whole catalogue (as many as the fields hold, AGREE_TOP at most) lie in
# the goal's fields. Otherwise the search decides:
# a program must be this share of the way from the median to the closest program.
AGREE_SHARE = 0.5
AGREE_TOP = 10
SEARCH_SHARE = 0.5
ORDERED_SHOWN = 3  # programs shown for "the least expensive", "the shortest"
BAR_MIN_PROGRAMS = 20  # a catalogue's median says little below this size: the bar is not applied


@dataclass(frozen=True)
class Gate:
    """What a program needs to be about a goal, from one look at the whole catalogue: the goal's
    similarity to every program and to what the learner refused, worked out once a turn."""

    bar: float | None  # the similarity it needs (None: the catalogue is too small to say)
    by_fields: bool  # the goal's fields agree with the search, so a program must be in one of them
    similarities: np.ndarray | None = None  # the goal's, to every program (rows of the program index)
    refused: np.ndarray | None = None  # what the learner refused, to every program


_UNSET = Gate(None, False)  # a gate the caller did not give
OTHER_LANGUAGE = 0.25  # ranking cost of a program in another language than the learner's, when none was asked



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

    def is_relevant(self, hit: Hit[Program], profile: Profile, matched: list[str], gate: Gate | None = None) -> bool:
        """About the goal and not about what the learner refused: named by its skills or
        occupations, in the goal's fields when the search agrees with them, or else close
        enough by the search's own scale, or holding the goal's words."""
        program = hit.record
        if profile.avoid_words and (_keys(" ".join(profile.avoid_words)) - _keys(profile.goal or "")) \
                & _keys(program.title):
            return False  # its title names what the learner refused ("NOT wordpress")
        gate = gate or Gate(None, bool(profile.fields))
        if gate.refused is not None and gate.refused[self.catalogue.program_index.position[program.id]] \
                > hit.similarity:
            return False  # nearer what the learner refused than what they asked for
        if gate.by_fields:
            in_field = bool(self.catalogue.fields.fields_of(program.id) & set(profile.fields))
            if matched or (in_field and (gate.bar is None or hit.similarity >= gate.bar)):
                return True
            if self._is_own_field(profile):
                # The goal is one of the catalogue's own fields, which are its words: outside them, only
                # a title that says the goal in other forms of its words ("Phlebotomist" for "phlebotomy").
                return _title_says(profile.goal or "", program.title)
        elif matched or (gate.bar is not None and hit.similarity >= gate.bar):
            return True
        if gate.bar is not None and hit.similarity < gate.bar:
            return False
        goal = profile.goal or ""
        needed = 1.0 if len(_keys(goal)) <= 2 else MIN_COVERAGE
        return hit.lexical > 0 and self.coverage(goal, program) >= needed

    def _is_own_field(self, profile: Profile) -> bool:
        """Whether the goal is one of the catalogue's own fields: most of its words are the words of
        the catalogue's fields it is in ("speech pathology"), not one facet of a longer aim."""
        derived = self.catalogue.fields.derived
        own = frozenset().union(*(derived[f] for f in profile.fields if f in derived))
        wanted = _keys(profile.goal or "")
        return bool(own) and bool(wanted) and len(wanted & own) * 2 >= len(wanted)

    def query_text(self, profile: Profile) -> str:
        parts = [profile.goal or "", *expansions(profile.goal or "")]
        parts += [s for s in profile.skills + profile.occupations if fold(s) not in fold(profile.goal or "")]
        return " ".join(p for p in parts if p).strip()

    def query_vector(self, profile: Profile) -> np.ndarray | None:
        """The meaning of the goal: as read from the learner's own clauses, else its words."""
        if profile.goal_vector is not None:
            return np.asarray(profile.goal_vector, dtype=np.float32)
        query = self.query_text(profile)
        return self.catalogue.embed(query) if query else None

    def recommend(self, profile: Profile, flt: ProgramFilter, limit: int = 5,
                  vector: np.ndarray | None = None, gate: Gate = _UNSET,
                  order: str | None = None) -> list[Recommendation]:
        """``gate``: what a program needs, when the caller has it already; ``order``: "cost" or
        "weeks" puts every relevant program in that order, cheapest or shortest first."""
        query = self.query_text(profile)
        if not query and not profile.fields:
            return []
        vector = self.query_vector(profile) if vector is None else vector
        # "the cheapest": every relevant program is in the running, not only the nearest forty
        hits = self.catalogue.search_programs(query, flt, limit=POOL if order is None else ORDERED_POOL, vector=vector)
        gate = self.gate(profile, vector) if gate is _UNSET else gate
        ranked = []
        for hit in hits:
            rec = self._rank(hit, profile)
            if self.is_relevant(hit, profile, rec.matched, gate):
                ranked.append(rec)
        ranked.sort(key=lambda r: r.score, reverse=True)
        if order is not None:  # "the least expensive of those": the few cheapest, not a list
            return sorted(ranked, key=lambda r: _order_value(r.program, order))[:min(limit, ORDERED_SHOWN)]
        if ranked:
            floor = ranked[0].score * RELATIVE_FLOOR
            ranked = [r for r in ranked if r.score >= floor]
        # Programs in another language than the learner's come after theirs, never dropped.
        ranked.sort(key=lambda r: r.score - self._language_cost(r.program, profile), reverse=True)
        return ranked[:limit]

    def _language_cost(self, program: Program, profile: Profile) -> float:
        """After the learner's language, the catalogue's own main language, which a program of no
        known language is taken to be in; a third language last (a French writer in an English
        catalogue reads its English programs before its Spanish ones)."""
        wanted = profile.language or profile.writes_in
        language = program.language or self.catalogue.main_language
        if profile.language or not wanted or not language or language == wanted or language in profile.also_accepts:
            return 0.0
        return OTHER_LANGUAGE if language == self.catalogue.main_language else 2 * OTHER_LANGUAGE

    def gate(self, profile: Profile, vector: np.ndarray | None) -> Gate:
        """What a program needs to be about the goal. When most of the goal's nearest programs in
        the whole catalogue sit in the goal's fields, the fields speak for it and the bar comes
        from the best program in them (KEEP_SHARE of its lead over the median); otherwise the
        search alone decides (SEARCH_SHARE of the closest program's lead)."""
        if vector is None:
            return Gate(None, bool(profile.fields))
        vectors = self.catalogue.program_index.vectors
        scores = vectors @ vector
        refused = vectors @ np.asarray(profile.avoid_vector, dtype=np.float32) if profile.avoid_vector else None
        if len(self.catalogue.programs) < BAR_MIN_PROGRAMS:
            return Gate(None, bool(profile.fields), scores, refused)
        median = float(np.median(scores))
        rows = [self.catalogue.field_rows[f] for f in profile.fields if f in self.catalogue.field_rows]
        if rows:
            members = np.concatenate(rows)
            top = max(3, min(AGREE_TOP, len(members), len(scores) - 1))  # a small field is judged on its size
            nearest = np.argpartition(-scores, top)[:top]
            in_fields = np.isin(nearest, members)
            if in_fields.mean() >= AGREE_SHARE:
                best = float(scores[members].max())
                return Gate(median + KEEP_SHARE * (best - median), True, scores, refused)
        return Gate(median + SEARCH_SHARE * (float(scores.max()) - median), False, scores, refused)

    def browse(self, profile: Profile, flt: ProgramFilter, limit: int = 5) -> list[Recommendation]:
        """Programs that meet the constraints when no field was named: in the learner's
        language first, then those that start soonest, stackable ones before the rest;
        credentials earned through their components (listed at no cost) last."""
        allowed = np.flatnonzero(flt.mask(self.catalogue.columns))
        records = self.catalogue.program_index.records
        graph = self.catalogue.graph

        def order(program: Program):
            awarded = graph.is_stack_target(program.id) and not program.cost
            other_language = self._language_cost(program, profile) > 0
            start = program.next_start.toordinal() if program.next_start else 10**7
            elsewhere = bool(profile.region) and program.region not in profile.region
            return (awarded, elsewhere, other_language, start, not program.stacks_into, program.title)

        chosen = sorted((records[i] for i in allowed), key=order)[:limit]
        return [Recommendation(p, 0.0, 0.0, []) for p in chosen]

    def relaxations(self, profile: Profile, flt: ProgramFilter, vector: np.ndarray | None = None,
                    gate: Gate = _UNSET) -> list[Relaxation]:
        """For each active constraint, the programs that would fit without it."""
        if not self.query_text(profile) and not profile.fields:
            return []
        vector = self.query_vector(profile) if vector is None else vector
        gate = self.gate(profile, vector) if gate is _UNSET else gate  # the same for every constraint dropped
        found = []
        for constraint in RELAXABLE:
            if getattr(flt, constraint.field) in (None, frozenset()):
                continue
            loosened = flt.replace(**{constraint.field: None})
            programs = [r.program for r in self.recommend(profile, loosened, limit=3, vector=vector, gate=gate)]
            if programs:
                found.append(Relaxation(constraint.name, programs))
        return found

    def _rank(self, hit: Hit[Program], profile: Profile) -> Recommendation:
        program = hit.record
        matched = _matched_phrases(program, profile)
        named = {fold(x).strip() for x in profile.skills if x}
        goal_keys = _keys(profile.goal or "")
        named |= {fold(x).strip() for x in profile.occupations if len(_keys(x)) >= 2 or _keys(x) == goal_keys}
        matched += [p for p in (*program.skills, *program.occupations) if fold(p).strip() in named and p not in matched]
        score = hit.score * 20 + hit.similarity
        score += 0.12 * min(len(matched), 3)
        if profile.goal and _phrase_in_program(profile.goal, program):
            score += 0.15
        program_fields = self.catalogue.fields.fields_of(program.id)
        if profile.fields and profile.fields[0] in program_fields:
            score += 0.1
        if program.credential_type.value in profile.prefer_types:
            score += 0.15  # the type the learner named ("a diploma in nursing")
        near = profile.near or profile.home_region
        if near and program.region == near:
            score += 0.1  # near where the learner is: a preference
        wanted_language = profile.language or profile.writes_in
        if wanted_language and program.language == wanted_language and wanted_language != "en":
            score += 0.05
        if profile.beginner:
            if program.level == Level.INTRODUCTORY:
                score += 0.12
            elif program.level == Level.ADVANCED:
                score -= 0.12
            if not program.prerequisites and program.credential_type not in _AWARDED_FOR_COMPONENTS:
                score += 0.05
        missing = [p for p in program.prerequisites if p not in profile.completed]
        if missing:  # an advisor names the first step before the one that needs it
            score -= 0.08
        return Recommendation(program, score, hit.similarity, matched)

    def passages(self, question: str, limit: int = 2, language: str | None = None) -> list[Hit[Passage]]:
        """The passages that answer ``question``: the best one, and others nearly as good;
        those written in ``language`` when the knowledge base has any.

        Passages are ranked by meaning plus a share of their normalised BM25 score: words
        every document shares ("micro-credential") weigh little in BM25, so the question's
        distinctive word ("pay", "badge") decides between passages close in meaning.
        """
        hits = self.catalogue.search_passages(question, limit=12, language=language)
        if not hits:
            return []
        top_lexical = max(h.lexical for h in hits) or 1.0
        # Similarities are put on the same 0..1 scale as the lexical share (best hit 1, the
        # median 0), so neither decides alone whatever the model's range of similarities; a
        # spread narrower than MEANING_NOISE is no difference in meaning, and is not stretched
        # into one (passages within 0.003 of each other took turns at the top).
        sims = sorted(h.similarity for h in hits)
        low, high = sims[len(sims) // 2], sims[-1]
        spread = max(high - low, MEANING_NOISE)

        def score(hit: Hit[Passage]) -> float:
            return (hit.similarity - low) / spread + PASSAGE_LEXICAL_WEIGHT * hit.lexical / top_lexical

        scored = sorted(hits, key=score, reverse=True)
        best = scored[0]
        same_document = [h for h in scored[1:] if h.record.document_id == best.record.document_id
                         and score(h) >= score(best) * SECOND_QUOTE_SHARE]
        return [best, *same_document][:limit]


def _order_value(program: Program, order: str) -> tuple[bool, float]:
    """A program's place in the order asked for: an unknown cost or length last."""
    value = program.cost if order == "cost" else program.duration_weeks
    return value is None, value if value is not None else 0.0


def _title_says(goal: str, title: str) -> bool:
    """Whether every content word of ``goal`` is in ``title``, as the same word or one of its family
    (the first six letters shared: "phlebotomy", "phlebotomist")."""
    wanted = [w for w in words(goal) if w not in STOPWORDS and len(w) > 2]
    said = [w for w in words(title) if len(w) > 2]
    return bool(wanted) and all(any(w[:6] == t[:6] for t in said) for w in wanted)


@lru_cache(maxsize=20_000)  # bounded and thread-safe: a long-running process never holds every program's keys
def _keys(text: str) -> frozenset[str]:
    """Term keys of a program's text or of a phrase (goal, title, skill, occupation), read once:
    ranking checks the same texts and phrases for every hit of every search."""
    return frozenset(keys(text))


_AWARDED_FOR_COMPONENTS = (CredentialType.CERTIFICATE, CredentialType.DIPLOMA, CredentialType.DEGREE)


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
