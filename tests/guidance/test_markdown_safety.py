"""Catalogue and learner text shown as itself in Markdown: no link, image or HTML it carries
takes effect. Rendered with a CommonMark parser, as the browser would see it."""
from __future__ import annotations

import csv
import html
import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from guidance import Assistant, Conversation
from guidance.models import Pathway, PathwayStep
from guidance.pathways import plan_dot, plan_markdown, plan_table_html
from knowledge_base.escaping import dot_label, html_link, html_text, md, md_cell, md_link
from knowledge_base.schema import CANONICAL_COLUMNS
from tests.conftest import ingest

RENDER = MarkdownIt("commonmark").enable(["strikethrough", "table"])
HOSTILE = [
    "![tracker](https://img.example/pixel.png)", "[Log in again](https://evil.example/login)",
    "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "<https://evil.example>",
    "**bold** _it_ `code` ~~gone~~", "$x^2$ for $450", "a\\", "[a]: https://evil.example", "[x][a]",
    "line one\n\n# heading\n- item", "Welding (Level 1) – C# and C++ 3.5", "see www.evil.example or https://evil.example",
]


def text_of(rendered: str) -> str:
    """What a reader sees: tags dropped, entities decoded, the invisible word joiners md adds gone."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace("\u2060", "").split())


@pytest.mark.parametrize("text", HOSTILE)
def test_text_is_shown_as_itself(text):
    rendered = RENDER.render(f"Program: **{md(text)}** (provider {md(text)})")
    assert not re.search(r"<(?:a|img|script|h\d|ul|code|em|del)\b", rendered.replace("<strong>", "", 1)), rendered
    assert text_of(rendered).count(" ".join(text.split())) == 2


def test_a_link_address_cannot_end_the_link_early():
    url = 'https://ok.example/a)b[c](https://evil.example) "title"<x>'
    rendered = RENDER.render(md_link("Program page", url))
    links = re.findall(r'<a href="([^"]*)"', rendered)
    assert len(links) == 1 and links[0].startswith("https://ok.example/a%29b%5Bc%5D%28https://evil.example%29")
    assert text_of(rendered) == "Program page"
    assert md_link("Program page", "javascript:alert(1)") == "Program page"


def test_a_table_cell_keeps_its_pipe_and_a_dot_label_its_backslash():
    rendered = RENDER.render("| a | b |\n|---|---|\n| " + md_cell("x | y <script>") + " | z |")
    assert rendered.count("<td>") == 2 and "<script" not in rendered
    assert dot_label('ends with \\') == "ends with \\\\" and dot_label('say "hi"') == 'say \\"hi\\"'


def test_plans_from_a_hostile_catalogue_download_safely():
    title = 'Welding | <script>alert(1)</script> \\'
    pathway = Pathway(target="X-CERT", title="![t](https://img.example/p.png)",
                      steps=[PathwayStep(id="X-1", title=title, status="needed", credits=3)], notes=[f"{title} first"])
    rendered = RENDER.render(plan_markdown(pathway))
    assert "<script" not in rendered and "<img" not in rendered and rendered.count("<td>") == 7
    dot = plan_dot(pathway)
    label = next(line for line in dot.splitlines() if '"X-1" [label=' in line)
    assert re.fullmatch(r'\s*"X-1" \[label="(?:[^"\\]|\\.)*", fillcolor=[^,]+, style="[^"]+"\];', label), label


class _Parsed(HTMLParser):
    """The tags, attributes and text of an HTML fragment, as a browser's parser reads them."""

    def __init__(self, fragment: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(fragment)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("text", HOSTILE)
def test_text_in_html_is_shown_as_itself(text):
    parsed = _Parsed(f'<td data-label="{html_text(text)}">{html_text(text)}</td>')
    assert parsed.tags == [("td", {"data-label": " ".join(text.split())})]
    assert "".join(parsed.text) == " ".join(text.split())


def test_the_plan_table_in_html_links_only_web_addresses_and_escapes_every_cell():
    title = 'Welding "| <script>alert(1)</script> <img src=x onerror=alert(1)>'
    pathway = Pathway(target="X-CERT", title="X", steps=[
        PathwayStep(id="X-1", title=title, status="needed", credits=3),
        PathwayStep(id="X-2", title="Second", status="needed", credits=3)])
    table = plan_table_html(pathway, links={"X-1": 'https://ok.example/a"><script>x</script>',
                                            "X-2": "javascript:alert(1)"})
    tags = [tag for tag, _ in _Parsed(table).tags]
    assert "script" not in tags and "img" not in tags
    assert tags.count("tr") == 3 and tags.count("td") == 2 * tags.count("th")
    links = [attrs for tag, attrs in _Parsed(table).tags if tag == "a"]
    assert links == [{"href": 'https://ok.example/a"><script>x</script>'}]  # one link, its address whole
    assert html_link("Program page", "javascript:alert(1)") == "Program page"


def test_a_hostile_catalogue_is_shown_as_text_in_the_answer(settings, tmp_path):
    """Markdown in a title is shown as text (a title holding a whole web address is rejected at
    ingest as a broken row: ``tests/ingest/test_fair_rows.py``)."""
    path = tmp_path / "hostile.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CANONICAL_COLUMNS)
        writer.writeheader()
        writer.writerow({"id": "H-WLD1",
                         "title": "Welding Basics ![t](//img.example/p.png) [Log in](javascript:alert(1))",
                         "provider": "<img src=x onerror=alert(1)> College", "credential_type": "micro-credential",
                         "description": "Hands-on welding: MIG and stick welding for beginners.",
                         "skills": "welding", "occupations": "welder", "cost": "300", "currency": "CAD",
                         "delivery": "in-person", "region": "Ontario", "language": "en",
                         "url": "https://ok.example/weld)[x](https://evil.example)"})
    report = ingest(settings, path)
    assert report.ok, report.errors
    reply = Assistant.open(settings).reply("I want to learn welding", Conversation())
    assert [card.id for card in reply.programs] == ["H-WLD1"]
    rendered = RENDER.render(reply.answer)
    assert "<img" not in rendered and "evil.example\"" not in rendered
    assert re.findall(r'<a href="([^"]*)"', rendered) == ["https://ok.example/weld%29%5Bx%5D%28https://evil.example%29"]
    assert "Welding Basics ![t](//img.example/p.png) [Log in](javascript:alert(1))" in text_of(rendered)
