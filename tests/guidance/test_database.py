"""The learner-side record on SQLite (the embedded default) and on a real PostgreSQL server: one
schema with versioned migrations, the same log and throttle through either."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from guidance import Conversation
from guidance.database import VERSION, DatabaseError, Location, open_database
from guidance.journal import QuestionLog
from guidance.signin import FREE_FAILURES, SignIn, SignInGuard

pytestmark = pytest.mark.slow


def test_a_url_names_a_server_and_a_path_a_file(tmp_path):
    assert Location.of("postgresql://u:secret@db.example:5432/log").url.startswith("postgresql+psycopg://u:secret@")
    assert "secret" not in Location.of("postgresql://u:secret@db.example:5432/log").shown
    assert Location.of(tmp_path / "q.sqlite3").path == tmp_path / "q.sqlite3"
    with pytest.raises(DatabaseError, match="lost a slash"):
        Location.of(Path("postgresql://u@db.example/log"))  # Path() folds the double slash


def test_a_new_log_is_at_the_latest_schema_on_either_database(tmp_path, postgres_log):
    for where in (tmp_path / "q.sqlite3", postgres_log):
        assert open_database(where).version() == VERSION


def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(DatabaseError, match="127.0.0.1:9"):
        QuestionLog("postgresql://stackwise@127.0.0.1:9/none", retention_days=30)


RECORD = textwrap.dedent("""
    import sys
    from guidance import Assistant, Conversation
    from guidance.journal import QuestionLog
    from stackwise.settings import Settings
    where, store, question = sys.argv[1:4]
    assistant = Assistant.open(Settings(store_dir=store))
    reply = assistant.reply(question, Conversation())
    print(QuestionLog(where, retention_days=30).record(centre="default", question=question, reply=reply))
""")


def test_two_processes_write_one_log_and_see_each_others_feedback(postgres_log, sample_store_dir):
    """Two app processes (as two replicas would) on one PostgreSQL log: both questions are there
    once, and feedback given through one is read through the other."""
    ids = []
    for question in ("welding courses online", "je cherche une formation en comptabilité"):
        done = subprocess.run([sys.executable, "-c", RECORD, postgres_log, str(sample_store_dir), question],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        ids.append(int(done.stdout.strip().splitlines()[-1]))
    log = QuestionLog(postgres_log, retention_days=30)
    assert [t.question for t in log.turns()] == ["welding courses online", "je cherche une formation en comptabilité"]
    log.set_feedback(ids[0], -1, "call me at 613-555-0199")
    seen = subprocess.run([sys.executable, "-c", "import sys, json\nfrom guidance.journal import QuestionLog\n"
                           "t = QuestionLog(sys.argv[1], 30).turns()[0]\nprint(json.dumps([t.rating, t.comment]))",
                           postgres_log], capture_output=True, text=True, timeout=120)
    assert json.loads(seen.stdout) == [-1, "call me at [phone]"]


def test_sign_in_failures_count_across_processes_on_one_database(postgres_log):
    """Guesses spread over replicas share one budget: failures made by another process count here."""
    guess = ("import sys\nfrom guidance.signin import SignInGuard\n"
             "print(SignInGuard(sys.argv[1]).attempt('wrong', lambda g: False, source='203.0.113.7').value)")
    for _ in range(FREE_FAILURES):
        done = subprocess.run([sys.executable, "-c", guess, postgres_log], capture_output=True, text=True, timeout=120)
        assert done.stdout.strip() == "wrong", done.stderr[-2000:]
    guard = SignInGuard(postgres_log)
    assert guard.failures("staff", "203.0.113.7") == FREE_FAILURES
    assert guard.attempt("right", lambda g: g == "right", source="203.0.113.7") == SignIn.WAIT


def test_the_same_log_reads_alike_on_sqlite_and_postgresql(tmp_path, postgres_log, sample_assistant):
    reply = sample_assistant.reply("cyber security certificate under $2,000", Conversation())
    for where in (tmp_path / "q.sqlite3", postgres_log):
        log = QuestionLog(where, retention_days=30)
        turn_id = log.record(centre="c1", question="cyber security certificate under $2,000", reply=reply,
                             conversation="abc")
        log.set_feedback(turn_id, 1)
        turn = log.turns(centre="c1")[0]
        assert (turn.rating, turn.programs, turn.wants) == (1, [p.id for p in reply.programs], {"max_cost": 2000.0})
        assert log.purge() == 0 and len(log.turns()) == 1


def test_todays_sqlite_log_moves_to_postgresql_with_one_command(tmp_path, postgres_log, sample_assistant):
    from guidance.cli import main

    path = tmp_path / "questions.sqlite3"
    log = QuestionLog(path, retention_days=30)
    for question in ("welding online", "pm course ontario??", "c'est quoi un microprogramme?"):
        reply = sample_assistant.reply(question, Conversation())
        turn_id = log.record(centre="default", question=question, reply=reply)
    log.set_feedback(turn_id, 1, "merci")
    guard = SignInGuard(path)
    guard.attempt("wrong", lambda g: False, source="198.51.100.4")
    assert main(["move-log", str(path), postgres_log]) == 0
    moved = QuestionLog(postgres_log, retention_days=30).turns()
    def kept(turns):
        return [(t.question, t.rating, t.comment, t.asked_at) for t in turns]
    assert kept(moved) == kept(log.turns())
    assert SignInGuard(postgres_log).failures("staff", "198.51.100.4") == 1
    assert main(["move-log", str(path), postgres_log]) == 2  # the target holds turns now: nothing counted twice
    assert len(QuestionLog(postgres_log, retention_days=30).turns()) == 3


def test_learners_are_answered_while_the_database_is_down_and_their_turns_follow(sample_assistant):
    """PostgreSQL stopped for a moment: recording a turn never fails the reply; the turn is kept
    and written, in order, with the first one after the database is back."""
    from tests.postgres import new_database, postgres_server

    with postgres_server() as server:
        log = QuestionLog(new_database(server.url), retention_days=30)
        reply = sample_assistant.reply("welding courses", Conversation())
        assert log.record(centre="c", question="before", reply=reply) is not None
        server.stop()
        assert log.record(centre="c", question="while down 1", reply=reply) is None
        assert log.record(centre="c", question="while down 2", reply=reply) is None
        assert log.unsent == 2 and log.dropped == 0
        server.start()
        assert log.record(centre="c", question="after", reply=reply) is not None
        assert log.unsent == 0
        assert [t.question for t in log.turns()] == ["before", "while down 1", "while down 2", "after"]
