"""An in-memory snapshot of the store: typed records by id and the search indexes over them."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .columns import ProgramColumns
from .coverage import Coverage
from .fields import FieldMap
from .schema import Passage, Program
from .search import Filter, Hit, passage_index, program_index
from .stacking import StackGraph
from .store import Store
from .text import TokenIndex, fold, keys, words
from .work import note_search


@dataclass(frozen=True)
class Vocabulary:
    """Phrases the catalogue itself uses, for recognising them in a learner's message."""

    skills: frozenset[str]
    occupations: frozenset[str]
    funding: frozenset[str]
    regions: frozenset[str]
    providers: frozenset[str]

    @cached_property
    def phrase_index(self) -> TokenIndex[str]:
        return TokenIndex((phrase, keys(phrase)) for phrase in sorted(self.skills | self.occupations))

    def phrases_close_to(self, text: str) -> list[str]:
        """Skills and occupations whose term keys all appear in ``text``, or that hold all of
        the text's keys ("data analysis" is close to "data analyst" and "data analysis tools")."""
        wanted = keys(text)
        if not wanted:
            return []
        index = self.phrase_index
        return sorted(set(index.within(wanted)) | set(index.covering(wanted)))


class Catalogue:
    """Programs and passages as loaded from a store, ready to search."""

    def __init__(self, store: Store, programs: list[Program], passages: list[Passage],
                 program_vectors: np.ndarray, passage_vectors: np.ndarray):
        """``program_vectors`` and ``passage_vectors``: the records' stored vectors, row for row."""
        self.store = store
        self.programs = {p.id: p for p in programs}
        self.passages = {p.id: p for p in passages}
        self.program_index = program_index(programs, program_vectors)
        self.passage_index = passage_index(passages, passage_vectors)
        self.graph = StackGraph(self.programs)
        self.columns = ProgramColumns(self.program_index.records)

    @classmethod
    def load(cls, store: Store) -> Catalogue:
        """Read every record of ``store``, with its vector, and index it."""
        programs, program_vectors = store.programs_with_vectors()
        passages, passage_vectors = store.passages_with_vectors()
        return cls(store, programs, passages, program_vectors, passage_vectors).prepare()

    def bind(self, store: Store) -> Catalogue:
        """Attach the store this catalogue was read from (after a snapshot load)."""
        self.store = store
        return self

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "store"}

    def program(self, program_id: str) -> Program | None:
        return self.programs.get(program_id)

    def embed(self, text: str) -> np.ndarray:
        return self.store.embedder.embed_query(text)

    def warm_up(self) -> None:
        """Load the model and run one search now rather than during a learner's first question."""
        vector = self.embed("warm up")
        self.search_programs("warm up", None, limit=1, vector=vector)
        self.search_passages("warm up", limit=1, vector=vector)

    def search_programs(self, query: str, flt: Filter | None, limit: int = 20,
                        vector: np.ndarray | None = None) -> list[Hit[Program]]:
        vector = self.embed(query) if vector is None else vector

        def search() -> list[Hit[Program]]:
            return self.program_index.search(query, vector, allowed=_allowed(flt, self.columns),
                                             limit=limit)

        note_search(search)
        return search()

    def search_passages(self, query: str, limit: int = 5, vector: np.ndarray | None = None,
                        language: str | None = None) -> list[Hit[Passage]]:
        """Passages for ``query``; with ``language``, only those written in it (and those whose
        language is unknown) when the knowledge base has any in it, else all of them."""
        vector = self.embed(query) if vector is None else vector
        allowed = self._passages_in(language)

        def search() -> list[Hit[Passage]]:
            return self.passage_index.search(query, vector, allowed=allowed, limit=limit)

        note_search(search)
        return search()

    @cached_property
    def _passage_languages(self) -> np.ndarray:
        return np.array([p.language or "" for p in self.passage_index.records], dtype=object)

    def _passages_in(self, language: str | None) -> np.ndarray | None:
        if not language:
            return None
        written_in = self._passage_languages == language
        return (written_in | (self._passage_languages == "")) if written_in.any() else None

    @cached_property
    def vocabulary(self) -> Vocabulary:
        def phrases(values):
            return frozenset(fold(v).strip() for v in values if v and v.strip())

        programs = self.programs.values()
        return Vocabulary(
            skills=phrases(s for p in programs for s in p.skills),
            occupations=phrases(o for p in programs for o in p.occupations),
            funding=frozenset(f for p in programs for f in p.funding),
            regions=frozenset(p.region for p in programs if p.region),
            providers=frozenset(p.provider for p in programs),
        )

    @cached_property
    def title_words(self) -> TokenIndex[tuple[str, str]]:
        """(title in folded words, program id) by the words of each title: what finds a
        program named in a message (``guidance.understanding.references``)."""
        return TokenIndex(((" ".join(w), p.id), w) for p in self.programs.values() if (w := words(p.title)))

    @cached_property
    def coverage(self) -> Coverage:
        """The words its titles, skills and occupations use and how far an aim must stand out to
        be about something it offers (``knowledge_base.coverage``), measured on this catalogue."""
        records = self.program_index.records
        names = sorted({x for p in records for x in (*p.skills, *p.occupations)})
        return Coverage.measure([p.title for p in records], self.program_index.vectors, self.embed_queries, names)

    @cached_property
    def main_language(self) -> str | None:
        """The language most of its programs are taught in."""
        counts = Counter(p.language for p in self.programs.values() if p.language)
        return counts.most_common(1)[0][0] if counts else None

    def covers(self, aim: list[str], similarities: np.ndarray | None, language: str | None,
               near_programs: bool = True) -> bool:
        """Whether it has anything about an aim (``aim``: its content words; ``similarities``: its
        meaning's to every program, in the program index's order; ``language``: the one it is
        written in; ``near_programs``: as in ``Coverage.covers``)."""
        same_language = language is None or self.main_language is None or language == self.main_language
        # Words in a script no title uses are judged whatever the language said to be.
        other_script = any(not re.search(r"[a-z]", fold(word)) for word in aim)
        return self.coverage.covers(aim, similarities, judge_words=same_language or other_script,
                                    near_programs=near_programs)

    @cached_property
    def recorded(self) -> frozenset[str]:
        """The program fields this catalogue gives for at least one program (an export with no
        prices or levels at all records neither)."""
        found: set[str] = set()
        for program in self.programs.values():
            found |= {name for name, value in program if value not in (None, "", [], ())}
        if found & {"duration_weeks", "total_hours"}:
            found.add("least_weeks")  # a length limit is judged by either
        if "total_hours" in found or {"duration_weeks", "hours_per_week"} <= found:
            found.add("hours_in_all")
        return frozenset(found)

    @cached_property
    def title_vocabulary(self) -> frozenset[str]:
        """Every folded word of every title."""
        return frozenset(w for p in self.programs.values() for w in words(p.title))

    @cached_property
    def document_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        """The term keys of the knowledge base's headings (document titles and sections), and of
        all its passages' text: the concepts its documents explain."""
        passages = list(self.passages.values())
        headings = frozenset(k for p in passages for k in keys(f"{p.document_title} {p.section}"))
        return headings, headings | frozenset(k for p in passages for k in keys(p.text))

    def documents_explain(self, text: str, *, a_field: bool) -> bool:
        """Whether ``text`` (a question's remaining words) is what the documents are about: every
        term of it in their headings ("digital badge", "microprogramme", "stacking"), or, when it
        is near no field of the catalogue (``a_field`` false), anywhere in their text."""
        wanted = keys(text)
        headings, everything = self.document_keys
        return bool(wanted) and wanted <= (headings if a_field else everything)

    @cached_property
    def fields(self) -> FieldMap:
        """Which fields of work the catalogue covers, and each program's fields."""
        return FieldMap.build(self.store.embedder, self.program_index.records, self.program_index.vectors)

    @cached_property
    def field_rows(self) -> dict[str, np.ndarray]:
        """For each covered field, the rows (in the program index) of its programs."""
        rows: dict[str, list[int]] = {}
        position = self.program_index.position
        for program_id, fields in self.fields.program_fields.items():
            for name in fields:
                rows.setdefault(name, []).append(position[program_id])
        return {name: np.asarray(sorted(r), dtype=np.int64) for name, r in rows.items()}

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.store.embedder.embed_queries(texts)

    def prepare(self) -> Catalogue:
        """Build the lazy indexes now, so that no learner's question pays for them."""
        for built in (self.fields, self.field_rows, self._passage_languages, self.vocabulary.phrase_index,
                      self.title_words, self.coverage, self.main_language or "", self.recorded):
            assert built is not None
        return self


def _allowed(flt: Filter | None, columns: ProgramColumns) -> np.ndarray | None:
    return None if flt is None else flt.mask(columns)
