"""The question log: one row per turn, in SQLite, redacted, kept for a limited number of days.

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
import sqlite3
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from knowledge_base.store import keep_private

from .models import Reply
from .redaction import redact
from .understanding.reader import MAX_MESSAGE_CHARS

MAX_COMMENT_CHARS = 500  # a feedback comment: the comment box takes no more, and the log keeps no more

_SCHEMA = """
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    centre TEXT NOT NULL,
    asked_at TEXT NOT NULL,
    question TEXT NOT NULL,
    topic TEXT,
    intent TEXT NOT NULL,
    programs TEXT NOT NULL,
    nothing_fit INTEGER NOT NULL,
    rating INTEGER,
    comment TEXT,
    conversation TEXT,
    wants TEXT
);
CREATE INDEX IF NOT EXISTS turns_centre_time ON turns (centre, asked_at);
"""
# Columns added since the first logs: added to an older log when it is opened.
_ADDED = {"conversation": "TEXT", "wants": "TEXT"}
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
    """Opens a connection per call, so threads (Streamlit sessions) can share one log."""

    def __init__(self, path: Path, retention_days: int):
        self.path = Path(path)
        self.retention_days = retention_days
        keep_private(self.path.parent)  # questions and comments are for the service's user alone
        with self._connect() as db:
            db.executescript(_SCHEMA)
            present = {row[1] for row in db.execute("PRAGMA table_info(turns)")}
            for name, kind in _ADDED.items():
                if name not in present:
                    db.execute(f"ALTER TABLE turns ADD COLUMN {name} {kind}")
        for suffix in ("", "-wal", "-shm"):  # a log made before the umask: tightened too
            journal = self.path.with_name(self.path.name + suffix)
            if journal.exists():
                with suppress(OSError):  # another user's file: used as it is, as its folder is
                    journal.chmod(0o600)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def record(self, *, centre: str, question: str, reply: Reply, conversation: str | None = None,
               now: datetime | None = None) -> int:
        now = now or datetime.now(UTC)
        question = question[:MAX_MESSAGE_CHARS]  # as the reader reads it: no more is ever processed
        profile = reply.profile
        wants = {name: value for name in WANTS if (value := getattr(profile, name)) not in (None, [], "")}
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO turns (centre, asked_at, question, topic, intent, programs, nothing_fit, conversation, "
                "wants) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (centre, now.isoformat(), redact(question),
                 redact(reply.topic or profile.goal_label or profile.goal or ""),
                 reply.intent, json.dumps([p.id for p in reply.programs]), int(reply.nothing_fits),
                 conversation_key(conversation) if conversation else None, json.dumps(wants)),
            )
            assert cursor.lastrowid is not None, "an INSERT has a row id"
            return cursor.lastrowid

    def set_feedback(self, turn_id: int, rating: int | None, comment: str | None = None) -> None:
        """The learner's rating (1, -1 or None) and comment, cut to ``MAX_COMMENT_CHARS`` before anything else."""
        comment = (comment or "")[:MAX_COMMENT_CHARS].strip() or None
        with self._connect() as db:
            db.execute("UPDATE turns SET rating = ?, comment = ? WHERE id = ?",
                       (rating, redact(comment) if comment else None, turn_id))

    def purge(self, now: datetime | None = None) -> int:
        """Delete turns older than the retention period; returns how many."""
        cutoff = (now or datetime.now(UTC)) - timedelta(days=self.retention_days)
        with self._connect() as db:
            return db.execute("DELETE FROM turns WHERE asked_at < ?", (cutoff.isoformat(),)).rowcount

    def turns(self, centre: str | None = None, days: int | None = None,
              now: datetime | None = None) -> list[LoggedTurn]:
        query, args = ("SELECT id, centre, asked_at, question, topic, intent, programs, nothing_fit, rating, comment, "
                       "conversation, wants FROM turns WHERE 1=1"), []
        if centre:
            query += " AND centre = ?"
            args.append(centre)
        if days:
            query += " AND asked_at >= ?"
            args.append(((now or datetime.now(UTC)) - timedelta(days=days)).isoformat())
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY asked_at", args).fetchall()
        return [LoggedTurn(id=r[0], centre=r[1], asked_at=datetime.fromisoformat(r[2]), question=r[3], topic=r[4],
                           intent=r[5], programs=json.loads(r[6]), nothing_fit=bool(r[7]), rating=r[8], comment=r[9],
                           conversation=r[10], wants=json.loads(r[11]) if r[11] else {})
                for r in rows]


def conversation_key(conversation_id: str) -> str:
    """What the log keeps of a conversation's id: enough to tell conversations apart, nothing to resume one."""
    return hashlib.sha256(f"stackwise-log {conversation_id}".encode()).hexdigest()[:16]
