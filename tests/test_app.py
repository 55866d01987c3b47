"""The Streamlit app driven through AppTest, on the real assistant and the sample store."""
import pytest
from streamlit.testing.v1 import AppTest

from knowledge_base.settings import get_settings
from tests.conftest import ROOT


@pytest.fixture
def app(monkeypatch, sample_store_dir) -> AppTest:
    monkeypatch.setenv("STACKWISE_STORE_DIR", str(sample_store_dir))
    get_settings.cache_clear()
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_a_question_gets_program_cards_and_sources(app):
    app.chat_input[0].set_value("I want to become a data analyst, online, under $1,000").run()
    assert not app.exception
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    text = markdown_text(app)
    assert "**Spreadsheet Analytics for the Workplace**" in text
    assert "Stacks into **Certificate in Data Analytics** (3 of 12 credits)" in text
    assert app.expander[0].label.startswith("Sources")
    sidebar = "\n".join(m.value for m in app.sidebar.markdown)
    assert "**Goal:** data analyst" in sidebar and "**Budget:** up to $1,000" in sidebar


def test_a_definition_is_quoted_with_its_document(app):
    app.chat_input[0].set_value("What is a micro-credential?").run()
    assert not app.exception
    assert "What is a micro-credential?" in markdown_text(app)
    assert "Document: What is a micro-credential?" in "\n".join(m.value for m in app.expander[0].markdown)


def test_starter_question_and_start_over(app):
    starters = [b for b in app.button if b.key and b.key.startswith("starter-")]
    assert len(starters) == 4
    starters[1].click().run()
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    next(b for b in app.sidebar.button if b.label == "Start over").click().run()
    assert not app.chat_message and not app.exception


def test_embed_mode_hides_the_page_title(monkeypatch, sample_store_dir):
    monkeypatch.setenv("STACKWISE_STORE_DIR", str(sample_store_dir))
    get_settings.cache_clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.context = {"is_embedded": True}
    at.run()
    assert not at.title and not at.exception
    at.chat_input[0].set_value("welding in Alberta").run()
    assert "Welding Fundamentals" in markdown_text(at)


def test_a_pathway_shows_diagram_plan_table_and_downloads(app):
    app.chat_input[0].set_value("How do I get the cyber defence certificate? I've done Security Foundations").run()
    assert not app.exception
    assert "Your pathway to Certificate in Cyber Defence" in markdown_text(app)
    dot = app.get("graphviz_chart")[0].proto.spec
    assert '"CC-SEC101"' in dot and "(done)" in dot and "(needed)" in dot
    table = app.dataframe[0].value
    assert list(table["title"]) == ["Security Foundations", "Network Defence", "Governance, Risk and Compliance",
                                    "Incident Response and Digital Forensics"]
    assert list(table["status"]) == ["done", "needed", "needed", "needed"]
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Download plan (CSV)", "Download plan (Markdown)"]
    assert "**Completed:** Security Foundations" in "\n".join(m.value for m in app.sidebar.markdown)
