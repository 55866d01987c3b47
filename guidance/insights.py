"""What a centre's learners asked: volume, topics, catalogue gaps, feedback; for the staff page."""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import pandas as pd

from knowledge_base.escaping import csv_cell
from knowledge_base.text import keys

from .journal import LoggedTurn

SIMILAR = 0.5  # share of term keys two questions have in common to count as the same gap
EXPORT_COLUMNS = ["asked_at", "centre", "question", "topic", "intent", "programs", "nothing_fit", "rating", "comment"]


@dataclass(frozen=True)
class Gap:
    """Questions nothing in the catalogue fit, grouped by similar wording."""

    example: str
    count: int
    questions: list[str]


@dataclass(frozen=True)
class Feedback:
    helpful: int
    not_helpful: int
    comments: list[tuple[int, str]]  # (rating, comment)

    @property
    def ratio(self) -> float | None:
        rated = self.helpful + self.not_helpful
        return self.helpful / rated if rated else None


def _counts(values: Sequence[Hashable], name: str, count: str) -> pd.DataFrame:
    """Columns ``name`` and ``count``: how often each value occurs, in the order first seen."""
    return pd.Series(values, dtype=object, name=name).value_counts(sort=False).rename(count).reset_index()


def questions_per_day(turns: list[LoggedTurn]) -> pd.DataFrame:
    """Columns ``day`` (a date) and ``questions``: one row per day with a question, oldest first."""
    return _counts([t.asked_at.date() for t in turns], "day", "questions").sort_values("day", ignore_index=True)


def top_topics(turns: list[LoggedTurn], limit: int = 10) -> pd.DataFrame:
    """Columns ``topic`` and ``questions``: the ``limit`` most asked topics, ties in the order first asked."""
    topics = _counts([(t.topic or _intent_label(t.intent)).strip().lower() for t in turns], "topic", "questions")
    return topics.sort_values("questions", ascending=False, kind="stable", ignore_index=True).head(limit)


def _intent_label(intent: str) -> str:
    return {"definition": "questions about credentials", "greeting": "greetings", "reset": "start over"}.get(
        intent, intent)


def catalogue_gaps(turns: list[LoggedTurn]) -> list[Gap]:
    """Nothing-fit questions, clustered greedily by overlap of their term keys, largest first."""
    groups: list[tuple[set[str], list[str]]] = []
    for turn in (t for t in turns if t.nothing_fit):
        wording = keys(turn.topic or turn.question)
        for group_keys, questions in groups:
            overlap = len(wording & group_keys) / max(1, min(len(wording), len(group_keys)))
            if wording and overlap >= SIMILAR:
                questions.append(turn.question)
                group_keys |= wording
                break
        else:
            groups.append((set(wording), [turn.question]))
    gaps = [Gap(example=questions[0], count=len(questions), questions=questions) for _, questions in groups]
    return sorted(gaps, key=lambda g: -g.count)


def gaps_table(gaps: list[Gap], others: int = 3) -> pd.DataFrame:
    """Columns ``asked``, ``example`` and ``also`` (up to ``others`` more wordings, joined by ``|``), one row a gap."""
    return pd.DataFrame({"asked": [g.count for g in gaps], "example": [g.example for g in gaps],
                         "also": [" | ".join(g.questions[1:1 + others]) for g in gaps]})


def feedback(turns: list[LoggedTurn]) -> Feedback:
    return Feedback(
        helpful=sum(t.rating == 1 for t in turns), not_helpful=sum(t.rating == -1 for t in turns),
        comments=[(t.rating or 0, t.comment) for t in turns if t.comment],
    )


def _export_row(turn: LoggedTurn) -> list[object]:
    return [turn.asked_at.isoformat(), turn.centre, turn.question, turn.topic or "", turn.intent,
            ";".join(turn.programs), int(turn.nothing_fit), "" if turn.rating is None else turn.rating,
            turn.comment or ""]


def export_csv(turns: list[LoggedTurn]) -> str:
    """The turns as CSV in ``EXPORT_COLUMNS``, every cell written as text a spreadsheet will not run (``csv_cell``)."""
    table = pd.DataFrame([_export_row(t) for t in turns], columns=EXPORT_COLUMNS, dtype=object)
    return table.map(csv_cell).to_csv(index=False, lineterminator="\n")
