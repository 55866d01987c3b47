"""What a centre's learners asked: volume, topics, catalogue gaps, feedback; for the staff page."""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import pandas as pd

from knowledge_base.escaping import csv_cell
from knowledge_base.text import keys

from .constraints import ProgramFilter
from .i18n import Text, text
from .journal import LoggedTurn

SIMILAR = 0.5  # share of term keys two aims have in common to count as the same gap
EXPORT_COLUMNS = ["asked_at", "centre", "conversation", "question", "topic", "intent", "programs", "nothing_fit",
                  "wanted", "rating", "comment"]
BUDGET_BANDS = (100, 500, 1000, 2000, 5000, 10000, 20000)  # a learner's budget is shown as the band it falls in
NOT_TOPICS = frozenset({"greeting", "reset"})  # turns about nothing the catalogue offers or lacks


@dataclass(frozen=True)
class Gap:
    """What learners asked for that nothing in the catalogue fit: one aim, with what they wanted."""

    topic: str
    wanted: str  # "Manitoba · up to $2,000", or "" when they set nothing
    learners: int  # conversations
    count: int  # questions
    questions: list[str]

    @property
    def example(self) -> str:
        return self.questions[0]


@dataclass(frozen=True)
class Feedback:
    helpful: int
    not_helpful: int
    comments: list[tuple[int, str]]  # (rating, comment)

    @property
    def rated(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def ratio(self) -> float | None:
        return self.helpful / self.rated if self.rated else None


def _counts(values: Sequence[Hashable], name: str, count: str) -> pd.DataFrame:
    """Columns ``name`` and ``count``: how often each value occurs, in the order first seen."""
    return pd.Series(values, dtype=object, name=name).value_counts(sort=False).rename(count).reset_index()


def questions_per_day(turns: list[LoggedTurn]) -> pd.DataFrame:
    """Columns ``day`` (a date) and ``questions``: one row per day with a question, oldest first."""
    return _counts([t.asked_at.date() for t in turns], "day", "questions").sort_values("day", ignore_index=True)


def _clean(topic: str | None) -> str:
    return " ".join((topic or "").split()).lower()


def topics_of(turns: list[LoggedTurn]) -> list[tuple[LoggedTurn, str | None, str]]:
    """Each turn with the aim it belongs to and the conversation it is part of. A follow-up that
    names no aim of its own ("cheaper?", "the second one") belongs to its conversation's aim; a
    greeting or a start-over to none; a question about credentials to "questions about credentials"."""
    current: dict[str, str | None] = {}
    placed: list[tuple[LoggedTurn, str | None, str]] = []
    for turn in turns:
        conversation = turn.conversation or f"turn-{turn.id}"  # a turn logged before conversations were
        if turn.intent == "reset":
            current[conversation] = None
        if turn.intent in NOT_TOPICS:
            placed.append((turn, None, conversation))
            continue
        if turn.intent == "definition" and not turn.topic:
            placed.append((turn, "questions about credentials", conversation))
            continue
        topic = _clean(turn.topic) or current.get(conversation)
        current[conversation] = topic
        placed.append((turn, topic, conversation))
    return placed


def top_topics(turns: list[LoggedTurn], limit: int = 10) -> pd.DataFrame:
    """Columns ``topic``, ``learners`` (conversations) and ``questions``, follow-ups counted under
    their conversation's aim: the ``limit`` most asked, by learners then questions, ties in the
    order first asked."""
    learners: dict[str, set[str]] = {}
    questions: dict[str, int] = {}
    for _, topic, conversation in topics_of(turns):
        if topic:
            learners.setdefault(topic, set()).add(conversation)
            questions[topic] = questions.get(topic, 0) + 1
    table = pd.DataFrame({"topic": list(learners), "learners": [len(c) for c in learners.values()],
                          "questions": [questions[t] for t in learners]})
    return table.sort_values(["learners", "questions"], ascending=False, kind="stable",
                             ignore_index=True).head(limit)


def wanted_text(wants: dict[str, object], t: Text | None = None) -> str:
    """What a learner asked for, as staff read it beside a gap: places, then language, delivery and
    the budget's band as the constraints say them back ("Manitoba · online · up to $2,000")."""
    t = t or text("en")
    parts: list[str] = []
    for name in ("region", "home_region"):
        value = wants.get(name)
        if value:
            parts.append(", ".join(map(t.place, value)) if isinstance(value, list) else t.place(str(value)))
    language, delivery, budget = wants.get("language"), wants.get("delivery"), wants.get("max_cost")
    said = ProgramFilter(language=language if isinstance(language, str) else None,
                         delivery=delivery if isinstance(delivery, list) else None)
    if isinstance(budget, (int, float)):  # "free", "up to" the band's top, or "at least" the last band
        band = next((edge for edge in BUDGET_BANDS if budget <= edge), None)
        said = said.replace(max_cost=float(band if budget else 0)) if band is not None \
            else said.replace(min_cost=float(BUDGET_BANDS[-1]))
    phrases = {constraint.name: phrase for constraint, phrase in said.said(t)}
    return " · ".join(parts + [phrases[name] for name in ("language", "delivery", "max_cost", "min_cost")
                               if name in phrases])


def catalogue_gaps(turns: list[LoggedTurn], t: Text | None = None) -> list[Gap]:
    """Questions nothing fit, grouped by their aim (aims sharing most of their term keys are one)
    and by what the learners wanted (in ``t``'s language); most learners first."""
    groups: list[tuple[set[str], str, str, set[str], list[str]]] = []
    for turn, topic, conversation in topics_of(turns):
        if not turn.nothing_fit or turn.intent in NOT_TOPICS:
            continue
        aim = topic or _clean(turn.question)
        wording, wanted = keys(aim), wanted_text(turn.wants, t)
        for group_keys, label, group_wanted, conversations, questions in groups:
            overlap = len(wording & group_keys) / max(1, min(len(wording), len(group_keys)))
            if group_wanted == wanted and (aim == label or (wording and overlap >= SIMILAR)):
                conversations.add(conversation)
                questions.append(turn.question)
                group_keys |= wording
                break
        else:
            groups.append((set(wording), aim, wanted, {conversation}, [turn.question]))
    gaps = [Gap(topic=label, wanted=wanted, learners=len(conversations), count=len(questions), questions=questions)
            for _, label, wanted, conversations, questions in groups]
    return sorted(gaps, key=lambda g: (-g.learners, -g.count))


def gaps_table(gaps: list[Gap], others: int = 2) -> pd.DataFrame:
    """Columns ``learners``, ``asked``, ``topic``, ``wanted``, ``example`` and ``also`` (up to
    ``others`` more wordings, joined by ``|``), one row a gap."""
    return pd.DataFrame({"learners": [g.learners for g in gaps], "asked": [g.count for g in gaps],
                         "topic": [g.topic for g in gaps], "wanted": [g.wanted for g in gaps],
                         "example": [g.example for g in gaps],
                         "also": [" | ".join(g.questions[1:1 + others]) for g in gaps]})


def feedback(turns: list[LoggedTurn]) -> Feedback:
    return Feedback(
        helpful=sum(t.rating == 1 for t in turns), not_helpful=sum(t.rating == -1 for t in turns),
        comments=[(t.rating or 0, t.comment) for t in turns if t.comment],
    )


def _export_row(turn: LoggedTurn, topic: str | None) -> list[object]:
    return [turn.asked_at.isoformat(), turn.centre, turn.conversation or "", turn.question, topic or "", turn.intent,
            ";".join(turn.programs), int(turn.nothing_fit), wanted_text(turn.wants),
            "" if turn.rating is None else turn.rating, turn.comment or ""]


def export_csv(turns: list[LoggedTurn]) -> str:
    """The turns as CSV in ``EXPORT_COLUMNS`` (the topic as the tables count it: a follow-up under
    its conversation's aim), every cell written as text a spreadsheet will not run (``csv_cell``)."""
    table = pd.DataFrame([_export_row(turn, topic) for turn, topic, _ in topics_of(turns)], columns=EXPORT_COLUMNS,
                         dtype=object)
    return table.map(csv_cell).to_csv(index=False, lineterminator="\n")
