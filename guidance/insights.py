"""What a centre's learners asked: volume, topics, catalogue gaps, feedback; for the staff page."""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date

from knowledge_base.text import keys

from knowledge_base.escaping import csv_row
from .journal import LoggedTurn

SIMILAR = 0.5  # share of term keys two questions have in common to count as the same gap


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


def questions_per_day(turns: list[LoggedTurn]) -> list[tuple[date, int]]:
    return sorted(Counter(t.asked_at.date() for t in turns).items())


def top_topics(turns: list[LoggedTurn], limit: int = 10) -> list[tuple[str, int]]:
    topics = Counter((t.topic or _intent_label(t.intent)).strip().lower() for t in turns)
    return topics.most_common(limit)


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


def feedback(turns: list[LoggedTurn]) -> Feedback:
    return Feedback(
        helpful=sum(t.rating == 1 for t in turns), not_helpful=sum(t.rating == -1 for t in turns),
        comments=[(t.rating or 0, t.comment) for t in turns if t.comment],
    )


def export_csv(turns: list[LoggedTurn]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["asked_at", "centre", "question", "topic", "intent", "programs", "nothing_fit", "rating", "comment"])
    for t in turns:
        writer.writerow(csv_row([t.asked_at.isoformat(), t.centre, t.question, t.topic or "", t.intent,
                                 ";".join(t.programs), int(t.nothing_fit), "" if t.rating is None else t.rating,
                                 t.comment or ""]))
    return buffer.getvalue()
