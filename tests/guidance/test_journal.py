import sqlite3
from datetime import UTC, datetime, timedelta

from guidance import Conversation
from guidance.handoff import conversation_summary
from guidance.insights import catalogue_gaps, export_csv, feedback, questions_per_day, top_topics
from guidance.journal import QuestionLog
from guidance.redaction import redact


def test_redaction_removes_emails_and_phone_numbers_only():
    text = ("Email me at jo.smith+jobs@example.co.uk or call (416) 555-0199 / +1 604.555.0123; "
            "budget $1,250 in 2027, 12 weeks, CAD 450")
    assert redact(text) == ("Email me at [email] or call [phone] / [phone]; budget $1,250 in 2027, 12 weeks, CAD 450")


def test_each_turn_is_logged_redacted_with_nothing_else(sample_assistant, tmp_path):
    log = QuestionLog(tmp_path / "q.sqlite3", retention_days=30)
    conversation = Conversation()
    found = sample_assistant.reply("I'm jo@example.com, I want to become a data analyst", conversation)
    missing = sample_assistant.reply("veterinary surgery please, call 902-555-0142", conversation)
    first = log.record(centre="harbourview", question="I'm jo@example.com, I want to become a data analyst",
                       reply=found)
    log.record(centre="harbourview", question="veterinary surgery please, call 902-555-0142", reply=missing)
    log.set_feedback(first, 1, "Great, thanks! reach me at jo@example.com")
    turns = log.turns("harbourview")
    assert [t.question for t in turns] == ["I'm [email], I want to become a data analyst",
                                           "veterinary surgery please, call [phone]"]
    assert turns[0].programs == [c.id for c in found.programs] and not turns[0].nothing_fit
    assert turns[1].nothing_fit and turns[1].programs == []
    assert (turns[0].rating, turns[0].comment) == (1, "Great, thanks! reach me at [email]")
    columns = [row[1] for row in sqlite3.connect(tmp_path / "q.sqlite3").execute("PRAGMA table_info(turns)")]
    assert columns == ["id", "centre", "asked_at", "question", "topic", "intent", "programs", "nothing_fit",
                       "rating", "comment", "conversation", "wants"]


def test_a_log_written_before_conversations_were_kept_gains_their_columns(sample_assistant, tmp_path):
    path = tmp_path / "q.sqlite3"
    with sqlite3.connect(path) as db:  # the first schema
        db.execute("CREATE TABLE turns (id INTEGER PRIMARY KEY AUTOINCREMENT, centre TEXT NOT NULL, asked_at TEXT "
                   "NOT NULL, question TEXT NOT NULL, topic TEXT, intent TEXT NOT NULL, programs TEXT NOT NULL, "
                   "nothing_fit INTEGER NOT NULL, rating INTEGER, comment TEXT)")
        db.execute("INSERT INTO turns (centre, asked_at, question, topic, intent, programs, nothing_fit) VALUES "
                   "('c', '2027-01-10T12:00:00+00:00', 'welding?', 'welding', 'search', '[]', 1)")
    log = QuestionLog(path, retention_days=3650)
    log.record(centre="c", question="cheaper?", reply=sample_assistant.reply("welding", Conversation()),
               conversation="abc", now=datetime(2027, 1, 11, tzinfo=UTC))
    old, new = log.turns("c")
    assert (old.conversation, old.wants) == (None, {}) and new.conversation not in (None, "abc")


def test_retention_deletes_old_turns(sample_assistant, tmp_path):
    log = QuestionLog(tmp_path / "q.sqlite3", retention_days=30)
    reply = sample_assistant.reply("welding", Conversation())
    now = datetime(2027, 3, 1, tzinfo=UTC)
    log.record(centre="c", question="old", reply=reply, now=now - timedelta(days=31))
    log.record(centre="c", question="recent", reply=reply, now=now - timedelta(days=29))
    assert log.purge(now=now) == 1
    assert [t.question for t in log.turns("c")] == ["recent"]


def test_insights_group_gaps_count_days_and_rate_feedback(sample_assistant, tmp_path):
    log = QuestionLog(tmp_path / "q.sqlite3", retention_days=365)
    day = datetime(2027, 1, 10, 12, tzinfo=UTC)
    asked = [("veterinary surgery courses", 0), ("vet surgery training?", 0), ("veterinary surgery in Ontario", 1),
             ("airline pilot", 1), ("I want to become a data analyst", 1)]
    ids = [log.record(centre="c", question=q, reply=sample_assistant.reply(q, Conversation()),
                      now=day + timedelta(days=d)) for q, d in asked]
    log.set_feedback(ids[4], 1)
    log.set_feedback(ids[3], -1, "nothing for bakers")
    turns = log.turns("c")
    per_day = questions_per_day(turns).itertuples(index=False)
    assert [(d.isoformat(), n) for d, n in per_day] == [("2027-01-10", 2), ("2027-01-11", 3)]
    gaps = catalogue_gaps(turns)
    assert [(g.learners, g.count, g.example) for g in gaps] == [(2, 2, "veterinary surgery courses"),
                                                                 (1, 1, "veterinary surgery in Ontario"),
                                                                 (1, 1, "airline pilot")], "Ontario is asked apart"
    assert gaps[1].wanted == "Ontario"
    assert tuple(top_topics(turns).iloc[0]) == ("veterinary surgery", 2, 2)
    rated = feedback(turns)
    assert (rated.helpful, rated.not_helpful, rated.ratio, rated.comments) == (1, 1, 0.5, [(-1, "nothing for bakers")])
    exported = export_csv(turns).splitlines()
    assert exported[0].startswith("asked_at,centre,conversation,question") and len(exported) == 6


def test_handoff_summary_has_the_goal_constraints_and_programs(sample_assistant):
    conversation = Conversation()
    sample_assistant.reply("I want to become a data analyst, online, under $1,000. My email is a@b.ca", conversation)
    summary = conversation_summary(conversation, sample_assistant.title_of)
    assert "Goal: data analyst" in summary and "Looking for: online, up to $1,000" in summary
    assert "Spreadsheet Analytics for the Workplace (HV-DAT101)" in summary and "a@b.ca" not in summary


def test_handoff_summary_is_written_in_the_learners_language(sample_assistant):
    conversation = Conversation(language="fr")
    sample_assistant.reply("Je veux devenir analyste de données, en ligne, moins de 1 000 $", conversation)
    summary = conversation_summary(conversation, sample_assistant.title_of)
    assert summary.startswith("Résumé de la conversation Stackwise\nObjectif : ")
    assert "Recherche : en ligne" in summary and "Programmes abordés : " in summary
    assert "Goal" not in summary and "Looking for" not in summary


def test_a_long_question_and_comment_are_cut_to_their_caps_before_anything_else(sample_assistant, tmp_path):
    from guidance.journal import MAX_COMMENT_CHARS
    from guidance.understanding.reader import MAX_MESSAGE_CHARS

    log = QuestionLog(tmp_path / "q.sqlite3", retention_days=30)
    reply = sample_assistant.reply("welding", Conversation())
    turn = log.record(centre="default", question="welding " * 100_000, reply=reply)
    log.set_feedback(turn, -1, "more evening options " * 100_000)
    [logged] = log.turns()
    assert len(logged.question) <= MAX_MESSAGE_CHARS and logged.question.startswith("welding welding")
    assert len(logged.comment) <= MAX_COMMENT_CHARS and logged.comment.startswith("more evening options")
