"""The staff insights' tables and CSV export, computed from logged turns without a log or an app."""
from __future__ import annotations

from datetime import UTC, datetime

from guidance.insights import Gap, export_csv, gaps_table, top_topics
from guidance.journal import LoggedTurn


def logged(question: str, topic: str | None = None, *, rating: int | None = None, comment: str | None = None,
           programs: tuple[str, ...] = ()) -> LoggedTurn:
    return LoggedTurn(id=1, centre="c", asked_at=datetime(2027, 1, 10, 12, tzinfo=UTC), question=question,
                      topic=topic, intent="search", programs=list(programs), nothing_fit=not programs, rating=rating,
                      comment=comment)


def test_top_topics_are_counted_case_blind_and_ties_keep_the_order_first_asked():
    turns = [logged("q", "Welding"), logged("q", "cloud"), logged("q", "cloud "), logged("q", "welding"),
             logged("q", "nursing")]
    assert top_topics(turns).values.tolist() == [["welding", 2], ["cloud", 2], ["nursing", 1]]
    assert top_topics(turns, limit=1)["topic"].tolist() == ["welding"]


def test_the_export_quotes_as_a_csv_writer_does_and_leaves_an_unrated_turn_blank():
    turns = [logged('say "hi", then\nleave', "a,b", programs=("HV-1", "HV-2")),
             logged("-5", rating=-1, comment="=1+1")]
    assert export_csv(turns) == (
        "asked_at,centre,question,topic,intent,programs,nothing_fit,rating,comment\n"
        '2027-01-10T12:00:00+00:00,c,"say ""hi"", then\nleave","a,b",search,HV-1;HV-2,0,,\n'
        "2027-01-10T12:00:00+00:00,c,-5,,search,,1,-1,'=1+1\n")
    assert export_csv([]) == "asked_at,centre,question,topic,intent,programs,nothing_fit,rating,comment\n"


def test_a_gap_row_shows_three_other_wordings_at_most():
    gap = Gap(example="vet", count=5, questions=["vet", "vets", "veterinary", "vet school", "animal doctor"])
    assert gaps_table([gap]).to_dict("records") == [
        {"asked": 5, "example": "vet", "also": "vets | veterinary | vet school"}]
    assert gaps_table([]).columns.tolist() == ["asked", "example", "also"]
