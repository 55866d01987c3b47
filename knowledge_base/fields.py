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

Every decision is a comparison between fields (which is nearest), never a fixed similarity
threshold, so it holds for catalogues and embedding scales it was not written against.
"""
from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .embeddings import Embedder
    from .schema import Program

FIELDS_FILE = Path(__file__).resolve().parent / "content" / "fields.csv"
NONE_PREFIX = "none:"
# Fields this close to the nearest one count as near too ("healthcare" is both medical office
# work and nursing); a share of the spread of similarities over all fields, so scale-free.
NEAR_SHARE = 0.12


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
        field_map.program_fields = program_fields
        return field_map

    def nearest(self, vector: np.ndarray) -> list[FieldMatch]:
        """The fields nearest ``vector`` (a query vector), best first: the nearest one and
        those almost as near."""
        scores = self.scores(vector)[0]
        order = np.argsort(-scores)
        spread = float(scores[order[0]] - np.median(scores)) or 1e-6
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

    def fields_of(self, program_id: str) -> frozenset[str]:
        return self.program_fields.get(program_id, frozenset())


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / (np.linalg.norm(vector) or 1.0)).astype(np.float32)
