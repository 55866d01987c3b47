"""The staff insights' tables and CSV export, computed from logged turns without a log or an app;
and from a real log of realistic conversations with the real assistant."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from guidance import Conversation
from guidance.i18n import text
from guidance.insights import Gap, catalogue_gaps, export_csv, gaps_table, top_topics, wanted_text
from guidance.journal import LoggedTurn, QuestionLog


def logged(question: str, topic: str | None = None, *, rating: int | None = None, comment: str | None = None,
           programs: tuple[str, ...] = (), conversation: str | None = None, intent: str = "search",
           wants: dict | None = None) -> LoggedTurn:
    return LoggedTurn(id=1, centre="c", asked_at=datetime(2027, 1, 10, 12, tzinfo=UTC), question=question,
                      topic=topic, intent=intent, programs=list(programs), nothing_fit=not programs, rating=rating,
                      comment=comment, conversation=conversation, wants=wants or {})


def test_topics_count_learners_and_a_follow_up_counts_under_its_conversations_aim():
    turns = [logged("q", "Welding", conversation="a"), logged("cheaper?", None, conversation="a"),
             logged("hi", None, conversation="b", intent="greeting"), logged("q", "cloud", conversation="b"),
             logged("q", "cloud ", conversation="c"), logged("q", "welding", conversation="d"),
             logged("start over", None, conversation="d", intent="reset"), logged("q", "nursing", conversation="d")]
    assert top_topics(turns).values.tolist() == [["welding", 2, 3], ["cloud", 2, 2], ["nursing", 1, 1]]
    assert top_topics(turns, limit=1)["topic"].tolist() == ["welding"]


def test_the_export_quotes_as_a_csv_writer_does_and_leaves_an_unrated_turn_blank():
    turns = [logged('say "hi", then\nleave', "a,b", programs=("HV-1", "HV-2"), conversation="k1"),
             logged("-5", rating=-1, comment="=1+1", conversation="k1", wants={"max_cost": 800.0})]
    assert export_csv(turns) == (
        "asked_at,centre,conversation,question,topic,intent,programs,nothing_fit,wanted,rating,comment\n"
        '2027-01-10T12:00:00+00:00,c,k1,"say ""hi"", then\nleave","a,b",search,HV-1;HV-2,0,,,\n'
        "2027-01-10T12:00:00+00:00,c,k1,-5,\"a,b\",search,,1,\"up to $1,000\",-1,'=1+1\n")
    assert export_csv([]) == "asked_at,centre,conversation,question,topic,intent,programs,nothing_fit,wanted,rating," \
                             "comment\n"


def test_what_a_learner_wanted_is_said_in_the_pages_language_with_the_budgets_band():
    wants = {"region": ["Manitoba"], "language": "fr", "delivery": ["online"], "max_cost": 1500.0}
    assert wanted_text(wants) == "Manitoba · in French · online · up to $2,000"
    assert wanted_text(wants, text("fr")) == "Manitoba · en français · en ligne · jusqu'à 2\u00a0000 $"
    assert wanted_text({"max_cost": 0}) == "free" and wanted_text({}) == ""


def test_a_gap_row_shows_two_other_wordings_at_most():
    gap = Gap(topic="veterinary", wanted="", learners=4, count=5,
              questions=["vet", "vets", "veterinary", "vet school", "animal doctor"])
    assert gaps_table([gap]).to_dict("records") == [
        {"learners": 4, "asked": 5, "topic": "veterinary", "wanted": "", "example": "vet", "also": "vets | veterinary"}]
    assert gaps_table([]).columns.tolist() == ["learners", "asked", "topic", "wanted", "example", "also"]


def test_a_log_of_realistic_conversations_reads_as_a_manager_would_act_on_it(sample_assistant, tmp_path):
    """Learners chat with the real assistant and the real log: the tables name aims, not leftover
    words, count learners, and put a gap with what was wanted."""
    log = QuestionLog(tmp_path / "q.sqlite3", retention_days=365)
    start = datetime(2027, 2, 1, 9, tzinfo=UTC)
    conversations = [
        ["I work days in a warehouse and want to get into data analysis, online", "cheaper?", "the first one"],
        ["hi", "data analysis, something I can do at night", "is any of it online?"],
        ["scuba diving instructor in Nova Scotia, under $1,500"],
        ["I'd love to become a scuba diving instructor, Nova Scotia, budget 1200"],
        ["cybersecurity", "what is a micro-credential?"],
    ]
    for number, turns in enumerate(conversations):
        conversation = Conversation(id=f"learner-{number}")
        for step, question in enumerate(turns):
            reply = sample_assistant.reply(question, conversation)
            log.record(centre="c", question=question, reply=reply, conversation=conversation.id,
                       now=start + timedelta(hours=number, minutes=step))
    turns = log.turns("c")
    topics = top_topics(turns)
    first = topics.iloc[0].tolist()
    assert first[1:] == [2, 5] and "data" in first[0], topics  # two learners, five questions with follow-ups
    assert not any(word in " ".join(topics["topic"]) for word in ("warehouse", "days", "hi", "cheaper", "love"))
    scuba = topics[topics["topic"].str.contains("scuba")]
    assert scuba["topic"].tolist() == ["scuba diving instructor"] and scuba["learners"].tolist() == [2]
    gaps = catalogue_gaps(turns)
    assert gaps and gaps[0].learners == 2 and "scuba" in gaps[0].topic, gaps
    assert gaps[0].wanted == "Nova Scotia · up to $2,000"
