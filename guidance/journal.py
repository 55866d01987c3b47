"""The question log: one row per turn, in SQLite or PostgreSQL, redacted, kept for a limited number of days.

Stored per turn: centre, time, the question, the topic understood, the programs recommended,
whether nothing fit, and the learner's feedback; every piece of learner text cut to its cap,
then redacted (``guidance.redaction``); and, so staff can count learners rather than messages,
a hash of the conversation's random id and what the learner asked for in the catalogue's terms
(budget, places, language, delivery: values of the constraints, never their words). Nothing else
about the learner is stored.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from .database import DatabaseError, open_database, turns
from .models import Reply
from .redaction import redact
from .understanding.reader import MAX_MESSAGE_CHARS

MAX_UNSENT = 1000  # turns kept in memory while the database is down; older ones are counted, then let go
log = logging.getLogger("stackwise.journal")
MAX_COMMENT_CHARS = 500  # a feedback comment: the comment box takes no more, and the log keeps no more

# What a learner asked for that staff see beside a gap: the profile fields, as values.
WANTS = ("max_cost", "region", "home_region", "language", "delivery")


@dataclass(frozen=True)
class LoggedTurn:
    id: int
    centre: str
    asked_at: datetime
    question: str
    topic: str | None
    intent: str
    programs: list[str]
    nothing_fit: bool
    rating: int | None  # 1 helpful, -1 not helpful
    comment: str | None
    conversation: str | None = None  # a hash of the conversation's id: turns of one learner's chat
    wants: dict[str, object] = field(default_factory=dict)  # WANTS the learner had set: {"max_cost": 2000}


class QuestionLog:
    """The log at a SQLite file or a database URL (``guidance.database``): every replica that
    names the same database writes and reads the same turns."""

    def __init__(self, where: str | Path, retention_days: int):
        self.database = open_database(where)
        self.retention_days = retention_days
        self._lock = threading.Lock()
        self._unsent: list[dict] = []  # turns the database refused (down for a moment), oldest first
        self.dropped = 0  # turns beyond MAX_UNSENT while it stayed down: counted, never kept

    def record(self, *, centre: str, question: str, reply: Reply, conversation: str | None = None,
               now: datetime | None = None) -> int | None:
        """Write one turn; its id, or None when the database cannot be reached right now: the turn
        is then kept in memory and written with the next one (at most ``MAX_UNSENT`` are kept,
        the rest counted in ``dropped``). A server that does not answer costs the reply at most
        ``database.CONNECT_TIMEOUT`` seconds, never an error."""
        now = now or datetime.now(UTC)
        question = question[:MAX_MESSAGE_CHARS]  # as the reader reads it: no more is ever processed
        profile = reply.profile
        wants = {name: value for name in WANTS if (value := getattr(profile, name)) not in (None, [], "")}
        row = {"centre": centre, "asked_at": _utc(now), "question": redact(question),
               "topic": redact(reply.topic or profile.goal_label or profile.goal or ""), "intent": reply.intent,
               "programs": json.dumps([p.id for p in reply.programs]), "nothing_fit": int(reply.nothing_fits),
               "conversation": conversation_key(conversation) if conversation else None, "wants": json.dumps(wants)}
        with self._lock:  # turns that could not be written before: sent first, in order
            rows, self._unsent = [*self._unsent, row], []
        try:
            with self.database.transaction() as db:
                if len(rows) > 1:
                    db.execute(turns.insert(), rows[:-1])
                turn_id = db.execute(turns.insert().values(**row).returning(turns.c.id)).scalar_one()
        except DatabaseError as exc:
            with self._lock:
                kept = [*rows, *self._unsent]
                self.dropped += max(0, len(kept) - MAX_UNSENT)
                self._unsent = kept[-MAX_UNSENT:]
            log.warning("question log unavailable, %d turn(s) kept to send later: %s", len(self._unsent), exc)
            return None
        return int(turn_id)

    @property
    def unsent(self) -> int:
        """Turns kept in memory because the database could not be reached (sent with the next one)."""
        with self._lock:
            return len(self._unsent)

    def set_feedback(self, turn_id: int, rating: int | None, comment: str | None = None) -> None:
        """The learner's rating (1, -1 or None) and comment, cut to ``MAX_COMMENT_CHARS`` before anything else."""
        comment = (comment or "")[:MAX_COMMENT_CHARS].strip() or None
        with self.database.transaction() as db:
            db.execute(turns.update().where(turns.c.id == turn_id)
                       .values(rating=rating, comment=redact(comment) if comment else None))

    def purge(self, now: datetime | None = None) -> int:
        """Delete turns older than the retention period; returns how many."""
        cutoff = (now or datetime.now(UTC)) - timedelta(days=self.retention_days)
        with self.database.transaction() as db:
            return db.execute(turns.delete().where(turns.c.asked_at < _utc(cutoff))).rowcount

    def turns(self, centre: str | None = None, days: int | None = None,
              now: datetime | None = None) -> list[LoggedTurn]:
        query = select(turns.c.id, turns.c.centre, turns.c.asked_at, turns.c.question, turns.c.topic,
                       turns.c.intent, turns.c.programs, turns.c.nothing_fit, turns.c.rating, turns.c.comment,
                       turns.c.conversation, turns.c.wants)
        if centre:
            query = query.where(turns.c.centre == centre)
        if days:
            query = query.where(turns.c.asked_at >= _utc((now or datetime.now(UTC)) - timedelta(days=days)))
        with self.database.transaction() as db:
            rows = db.execute(query.order_by(turns.c.asked_at, turns.c.id)).all()
        return [LoggedTurn(id=r[0], centre=r[1], asked_at=datetime.fromisoformat(r[2]), question=r[3], topic=r[4],
                           intent=r[5], programs=json.loads(r[6]), nothing_fit=bool(r[7]), rating=r[8], comment=r[9],
                           conversation=r[10], wants=json.loads(r[11]) if r[11] else {})
                for r in rows]


def _utc(moment: datetime) -> str:
    """A time as the log stores it: ISO 8601 in UTC, so that text order is time order."""
    return moment.astimezone(UTC).isoformat()


def conversation_key(conversation_id: str) -> str:
    """What the log keeps of a conversation's id: enough to tell conversations apart, nothing to resume one."""
    return hashlib.sha256(f"stackwise-log {conversation_id}".encode()).hexdigest()[:16]
