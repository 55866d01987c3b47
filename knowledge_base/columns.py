"""The catalogue's filterable fields as arrays, one row per program.

A search tests its filter against every program; at a hundred thousand programs a Python
loop over the records costs a third of a second per search, the same test on arrays about
a millisecond. ``guidance.constraints.ProgramFilter.mask`` composes the tests below; ``.accepts``
stays the reference for one program, and the tests hold the two equal.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

from .schema import Program
from .text import fold

MISSING = -1  # the code of an unknown value: it never passes a test

_CATEGORIES: dict[str, Callable[[Program], str | None]] = {
    "delivery": lambda p: p.delivery.value if p.delivery else None,
    "pace": lambda p: p.pace.value if p.pace else None,
    "level": lambda p: p.level.value if p.level else None,
    "region": lambda p: p.region,
    "language": lambda p: p.language,
    "provider": lambda p: p.provider,
    "credential_type": lambda p: p.credential_type.value,
}
_NUMBERS: dict[str, Callable[[Program], float | None]] = {
    "cost": lambda p: p.cost,
    "duration_weeks": lambda p: p.duration_weeks,
    "hours_per_week": lambda p: p.hours_per_week,
    "least_weeks": lambda p: p.least_weeks,
    "hours_in_all": lambda p: p.hours_in_all,
}


class ProgramColumns:
    """Codes for categorical fields, floats (NaN when unknown) for amounts, and an inverted
    list of programs per funding source."""

    def __init__(self, programs: Sequence[Program]):
        self.size = len(programs)
        self.position = {p.id: i for i, p in enumerate(programs)}
        self._codes: dict[str, dict[str, int]] = {}
        self._categories: dict[str, np.ndarray] = {}
        for name, value_of in _CATEGORIES.items():
            codes: dict[str, int] = {}
            column = np.fromiter(
                (MISSING if (v := value_of(p)) is None else codes.setdefault(v, len(codes)) for p in programs),
                dtype=np.int32, count=self.size)
            self._codes[name], self._categories[name] = codes, column
        self._numbers = {
            name: np.fromiter((np.nan if (n := value_of(p)) is None else n for p in programs),
                              dtype=np.float64, count=self.size)
            for name, value_of in _NUMBERS.items()
        }
        funded: dict[str, list[int]] = {}
        for i, program in enumerate(programs):
            for source in program.funding:
                funded.setdefault(source, []).append(i)
        self._funding = {source: np.asarray(rows, dtype=np.int64) for source, rows in funded.items()}
        self._folded_funding = {source: fold(source) for source in funded}
        self._any_funding = np.fromiter((bool(p.funding) for p in programs), dtype=bool, count=self.size)

    def everything(self) -> np.ndarray:
        return np.ones(self.size, dtype=bool)

    def among(self, field: str, values: Iterable[str]) -> np.ndarray:
        """Programs whose ``field`` is one of ``values`` (unknown never is)."""
        codes = self._codes[field]
        wanted = [codes[v] for v in values if v in codes]
        return np.isin(self._categories[field], wanted)

    def at_most(self, field: str, limit: float) -> np.ndarray:
        """Programs whose ``field`` is known and at most ``limit``."""
        with np.errstate(invalid="ignore"):
            return self._numbers[field] <= limit

    def below(self, field: str, limit: float) -> np.ndarray:
        """Programs whose ``field`` is known and less than ``limit``."""
        with np.errstate(invalid="ignore"):
            return self._numbers[field] < limit

    def at_least(self, field: str, limit: float) -> np.ndarray:
        """Programs whose ``field`` is known and at least ``limit``."""
        with np.errstate(invalid="ignore"):
            return self._numbers[field] >= limit

    def with_any_funding(self) -> np.ndarray:
        return self._any_funding.copy()

    def with_funding_like(self, name: str) -> np.ndarray:
        """Programs listing a funding source whose name contains ``name`` (accents and case aside)."""
        wanted = fold(name)
        mask = np.zeros(self.size, dtype=bool)
        for source, rows in self._funding.items():
            if wanted in self._folded_funding[source]:
                mask[rows] = True
        return mask

    def excluding(self, ids: Iterable[str]) -> np.ndarray:
        mask = np.ones(self.size, dtype=bool)
        rows = [self.position[i] for i in ids if i in self.position]
        mask[rows] = False
        return mask
