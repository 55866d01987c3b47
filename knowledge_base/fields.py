"""Fields of work: the bridge between how learners describe what they want and the catalogue.

A field may have several rows (its description in English, its words in French): a text's
similarity to a field is its best row's.

A learner rarely names a program; they say "work with little kids" or "fix computers". The
shipped taxonomy (``content/fields.csv``) describes about eighty fields of work and study in
everyday words, and a few "none" rows that describe messages with no field at all. Each
catalogue program is placed in the fields nearest its own text and its occupations, so a
field is *covered* when the catalogue has a program there. A learner's words are placed in
the nearest fields the same way: near a covered field, the catalogue can answer; near a
field it lacks (dental hygiene, truck driving) or a "none" row, it cannot, and says so.

The list only seeds the fields. Each catalogue adds its own, derived from it when it is
prepared at ingest (``catalogue_terms``): the subjects, skills and occupations it tags programs
with, and the words and word pairs its titles share, each naming at least ``MIN_GROUP`` programs
and at most ``MAX_SHARE`` of them (a word in more titles says what kind of catalogue it is:
"graduate", "course"). A catalogue of beekeeping courses thus has a field "beekeeping" whatever
the list says, and its programs are in it by their own words, not by a guess.

Every decision is a comparison between fields (which is nearest), never a fixed similarity
threshold, so it holds for catalogues and embedding scales it was not written against.
"""
from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .text import STOPWORDS, keys, term_key, words

if TYPE_CHECKING:
    from .embeddings import Embedder
    from .schema import Program

FIELDS_FILE = Path(__file__).resolve().parent / "content" / "fields.csv"
NONE_PREFIX = "none:"
# Fields this close to the nearest one count as near too ("healthcare" is both medical office
# work and nursing); a share of the spread of similarities over all fields, so scale-free.
NEAR_SHARE = 0.12
MIN_GROUP = 4  # programs a catalogue's own term must name to be one of its fields
MAX_SHARE = 0.08  # a title word in more of the titles than this is the catalogue's kind, not a field
MAX_DERIVED = 2000  # the catalogue's own fields kept, those naming the most programs first
SAMPLE_TITLES = 4  # titles that describe a derived field beside its name


@dataclass(frozen=True)
class FieldMatch:
    name: str
    similarity: float
    covered: bool
    members: tuple[str, ...] = ()  # for a broad area ("skilled trades"): its fields the catalogue covers
    focus: float = 0.0  # how far the nearest field stands above the median field for this text

    @property
    def fields(self) -> tuple[str, ...]:
        """The catalogue fields this match stands for."""
        return self.members if self.members else (self.name,)


@dataclass
class FieldMap:
    """The taxonomy's vectors and which fields the catalogue covers."""

    names: list[str]
    vectors: np.ndarray  # one row per description (a field may have several), unit length
    none: np.ndarray  # flags: rows that describe "no field"
    program_fields: dict[str, frozenset[str]]
    groups: dict[str, tuple[str, ...]]  # broad area -> its fields
    owner: np.ndarray  # for each row of ``vectors``, the index of its field in ``names``
    derived: dict[str, frozenset[str]] = dataclass_field(default_factory=dict)  # the catalogue's own: their term keys
    # for a field of the catalogue's own words, those of its words that name far more ("therapy" for
    # "massage therapy"): a learner who said the pair did not ask for them
    broader: dict[str, frozenset[str]] = dataclass_field(default_factory=dict)

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """Similarity of each vector (rows) to each field (columns): its best row's."""
        rows = np.atleast_2d(vectors) @ self.vectors.T
        out = np.full((rows.shape[0], len(self.names)), -1.0, dtype=np.float32)
        np.maximum.at(out, (slice(None), self.owner), rows)  # type: ignore[arg-type]  # numpy's stub lacks slices
        return out

    @cached_property
    def covered(self) -> frozenset[str]:
        """Fields with at least one program (computed once: every clause of every message asks)."""
        return frozenset(f for fields in self.program_fields.values() for f in fields)

    @classmethod
    def build(cls, embedder: Embedder, programs: Sequence[Program], program_vectors: np.ndarray,
              path: Path = FIELDS_FILE) -> FieldMap:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        row_names = [r["field"].strip() for r in rows]
        row_vectors = embedder.embed([f"{r['field']}: {r['description']}" for r in rows])
        names = list(dict.fromkeys(row_names))
        owner = np.array([names.index(n) for n in row_names])
        first = {name: next(r for r in rows if r["field"].strip() == name) for name in names}
        none = np.array([n.startswith(NONE_PREFIX) for n in names])
        is_group = np.array([first[n]["group"].strip() == "*" for n in names])
        groups = {n: tuple(m for m in names if first[m]["group"].strip() == n)
                  for n, g in zip(names, is_group) if g}
        real = np.flatnonzero(~none & ~is_group)
        field_map = cls(names, row_vectors, none, {}, groups, owner)
        derived = {term: members for term, members in catalogue_terms(programs, program_vectors).items()
                   if term not in names}
        occupations = sorted({o for p in programs for o in p.occupations})
        occupation_field = {}
        if occupations:
            scores = field_map.scores(embedder.embed_queries(occupations))[:, real]
            occupation_field = {o: names[real[int(i)]] for o, i in zip(occupations, scores.argmax(axis=1))}
        program_fields: dict[str, frozenset[str]] = {}
        if len(programs):
            scores = field_map.scores(np.asarray(program_vectors))[:, real]
            for program, row in zip(programs, scores):
                fields = {names[real[int(row.argmax())]]} | {occupation_field[o] for o in program.occupations}
                program_fields[program.id] = frozenset(fields)
            # A program that counts towards a credential shares that credential's field (a solar
            # course inside a clean energy certificate is clean energy too).
            # (By position: a scan of every program per link took hours at 100,000 programs.)
            inherited = dict(program_fields)
            position = {p.id: i for i, p in enumerate(programs)}
            for program in programs:
                for link in program.stacks_into:
                    if link.target in position:
                        own = scores[position[link.target]]
                        inherited[program.id] = inherited[program.id] | {names[real[int(own.argmax())]]}
            program_fields = inherited
        if derived:
            # The catalogue's own fields: named by its words, described by a few of their titles.
            texts = [f"{term}: " + "; ".join(programs[i].title for i in members[:SAMPLE_TITLES])
                     for term, members in derived.items()]
            field_map.vectors = np.vstack([row_vectors, embedder.embed(texts)])
            field_map.owner = np.concatenate([owner, np.arange(len(names), len(names) + len(derived))])
            field_map.names = names + list(derived)
            field_map.none = np.concatenate([none, np.zeros(len(derived), dtype=bool)])
            field_map.derived = {term: frozenset(keys(term)) for term in derived}
            field_map.broader = _broader(derived, field_map.derived)
            for term, members in derived.items():
                for i in members:
                    program_fields[programs[i].id] = program_fields.get(programs[i].id, frozenset()) | {term}
        field_map.program_fields = program_fields
        return field_map

    def nearest(self, vector: np.ndarray, said: str | None = None) -> list[FieldMatch]:
        """The fields nearest ``vector`` (a query vector), best first: the nearest one and
        those almost as near. The catalogue's own fields are reached by their own words only:
        one counts when ``said`` (the text ``vector`` means) holds its words ("indesign"), so
        a clause about nothing the catalogue's titles say never lands in one."""
        scores = self.scores(vector)[0]
        listed = len(self.names) - len(self.derived)
        median = float(np.median(scores[:listed]))
        if self.derived:
            reached = self._reached(keys(said) if said else set())
            for name in list(reached):
                reached -= self.broader.get(name, frozenset())
            own = np.full(len(self.names) - listed, -np.inf, dtype=scores.dtype)
            own[[self._derived_index[name] for name in reached]] = 0.0
            scores[listed:] += own
        order = np.argsort(-scores)
        spread = float(scores[order[0]] - median) or 1e-6
        covered = self.covered
        found = []
        for index in order[:4]:
            if scores[order[0]] - scores[index] > NEAR_SHARE * spread:
                break
            name = self.names[int(index)]
            if name in self.groups:
                members = tuple(f for f in self.groups[name] if f in covered)
                found.append(FieldMatch(name, float(scores[index]), bool(members), members, spread))
            else:
                found.append(FieldMatch(name, float(scores[index]), name in covered and not self.none[index],
                                        focus=spread))
        return found

    def _reached(self, heard: set[str]) -> set[str]:
        """The catalogue's own fields whose every word is in ``heard`` (term keys)."""
        counts: dict[str, int] = {}
        for key in heard:
            for name in self._by_key.get(key, ()):
                counts[name] = counts.get(name, 0) + 1
        return {name for name, count in counts.items() if count == len(self.derived[name])}

    @cached_property
    def _by_key(self) -> dict[str, tuple[str, ...]]:
        """The catalogue's own fields by each of their term keys (every clause of every message asks)."""
        found: dict[str, list[str]] = {}
        for name, its_keys in self.derived.items():
            for key in its_keys:
                found.setdefault(key, []).append(name)
        return {key: tuple(names) for key, names in found.items()}

    @cached_property
    def _derived_index(self) -> dict[str, int]:
        """Each of the catalogue's own fields by its place among them (they follow the list's rows
        in ``names`` in the same order)."""
        return {name: i for i, name in enumerate(self.derived)}

    def fields_of(self, program_id: str) -> frozenset[str]:
        return self.program_fields.get(program_id, frozenset())


def _broader(members: dict[str, list[int]], term_keys: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """For each term, the shorter terms made of its words whose programs it holds less than half of."""
    by_keys = {its_keys: term for term, its_keys in term_keys.items()}
    found: dict[str, frozenset[str]] = {}
    for term, its_keys in term_keys.items():
        held = set(members[term])
        shorter = [by_keys[frozenset({key})] for key in its_keys
                   if len(its_keys) > 1 and frozenset({key}) in by_keys]  # its words that are terms too
        wider = [other for other in shorter if len(held & set(members[other])) * 2 < len(members[other])]
        if wider:
            found[term] = frozenset(wider)
    return found


def catalogue_terms(programs: Sequence[Program], vectors: np.ndarray | None = None) -> dict[str, list[int]]:
    """A catalogue's own fields, each with the positions of its programs: the subjects, skills
    and occupations tagging at least ``MIN_GROUP`` programs, then the words and word pairs its
    titles share (in word families: "nurse" and "nursing" are one), each between ``MIN_GROUP``
    programs and ``MAX_SHARE`` of them (pairs of words side by side only); a word whose programs
    a pair with it names almost all ("health" in "public health") gives way to the pair. With the
    programs' ``vectors``, a term is a field only when its programs are about one thing: nearer
    their own centre than random groups of as many programs are, by ``COHERENCE`` ("online",
    "advanced" name programs about anything). At most ``MAX_DERIVED``, largest first."""
    limit = max(MIN_GROUP, int(MAX_SHARE * len(programs)))
    found: dict[str, set[int]] = {}
    for i, program in enumerate(programs):
        for tag in {*program.skills, *program.occupations}:
            found.setdefault(" ".join(words(tag)), set()).add(i)
    found = {t: m for t, m in found.items() if t and MIN_GROUP <= len(m) < len(programs)}
    by_key: dict[tuple[str, ...], set[int]] = {}
    spelled: dict[tuple[str, ...], Counter[str]] = {}
    for i, program in enumerate(programs):
        said = [w if w not in STOPWORDS and len(w) > 2 and not w.isdigit() else "" for w in words(program.title)]
        # word pairs only of words side by side: "project management", never "master (of) teaching"
        for gram in [(w,) for w in said if w] + [(a, b) for a, b in zip(said, said[1:]) if a and b]:
            key = tuple(term_key(w) for w in gram)
            by_key.setdefault(key, set()).add(i)
            spelled.setdefault(key, Counter())[" ".join(gram)] += 1
    pairs = [(key, members) for key, members in by_key.items() if len(key) == 2 and len(members) >= MIN_GROUP]
    for key, members in by_key.items():
        if not MIN_GROUP <= len(members) <= limit:
            continue
        if len(key) == 1 and any(key[0] in other and len(members) - len(m) < MIN_GROUP for other, m in pairs):
            continue  # the pair names it better
        found.setdefault(spelled[key].most_common(1)[0][0], set()).update(members)
    if vectors is not None and len(vectors) == len(programs) and len(programs) >= 2 * MIN_GROUP:
        baselines: dict[int, float] = {}
        found = {t: m for t, m in found.items() if _coherent(np.asarray(vectors), sorted(m), baselines)}
    ranked = sorted(found.items(), key=lambda item: (-len(item[1]), item[0]))[:MAX_DERIVED]
    return {term: sorted(members) for term, members in ranked}


# How much nearer their own centre a term's programs are than random groups of as many, as a
# share of the way to identical: words that name no subject ("online", "advanced", "specialist",
# "easy") stay under 0.27 on the three real exports measured, subjects ("phlebotomy", "cyber
# security", "play piano") are over 0.3 (docs/architecture.md, "Fields from the catalogue").
COHERENCE = 0.3
_DRAWS = 8


def _coherent(vectors: np.ndarray, members: list[int], baselines: dict[int, float]) -> bool:
    """Whether ``members`` are about one thing: their mean similarity to their own centre is
    ``COHERENCE`` of the way from that of random groups of as many programs (drawn the same way
    every time, and kept by size in ``baselines``) to 1."""
    def closeness(rows: np.ndarray) -> float:
        group = vectors[rows]
        centre = group.mean(axis=0)
        return float((group @ (centre / (np.linalg.norm(centre) or 1.0))).mean())

    size = min(len(members), len(vectors) // 2)
    if size not in baselines:
        draws = np.random.default_rng(size).choice  # the same draws for every group of this size
        baselines[size] = float(np.mean([closeness(draws(len(vectors), size, replace=False))
                                         for _ in range(_DRAWS)]))
    random = baselines[size]
    return closeness(np.asarray(members)) - random >= COHERENCE * (1.0 - random)


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / (np.linalg.norm(vector) or 1.0)).astype(np.float32)
