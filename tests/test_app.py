"""The Streamlit app driven through AppTest, on the real assistant and the sample store."""
import json
import re
from html.parser import HTMLParser

import pytest
from streamlit.testing.v1 import AppTest

from stackwise.settings import get_settings
from tests.conftest import ROOT


@pytest.fixture
def app(monkeypatch, sample_store_dir) -> AppTest:
    monkeypatch.setenv("STACKWISE_STORE_DIR", str(sample_store_dir))
    get_settings.cache_clear()
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()


@pytest.fixture
def app_factory(monkeypatch, sample_store_dir, tmp_path):
    """The app on the sample store, with extra environment and query parameters."""
    def make(env: dict | None = None, query: dict | None = None) -> AppTest:
        monkeypatch.setenv("STACKWISE_STORE_DIR", str(sample_store_dir))
        monkeypatch.setenv("STACKWISE_QUESTION_LOG", str(tmp_path / "questions.sqlite3"))
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        return at.run()
    return make


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


class _TableCells(HTMLParser):
    """The text of each row's cells of an HTML table (links reduced to their text)."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def plan_table(at: AppTest) -> list[dict[str, str]]:
    """The plan's table, row by row, as the learner reads it."""
    table = next(h.value for h in at.html if 'class="sw-plan"' in h.value)
    parser = _TableCells()
    parser.feed(table)
    header, *rows = parser.rows
    return [dict(zip(header, row)) for row in rows]


def test_a_question_gets_program_cards_and_sources(app):
    app.chat_input[0].set_value("I want to become a data analyst, online, under $1,000").run()
    assert not app.exception
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    text = markdown_text(app)
    assert "**Spreadsheet Analytics for the Workplace**" in text
    assert "Stacks into: Certificate in Data Analytics (3 of 12 credits)" in text
    assert app.expander[0].label.startswith("Sources")
    sidebar = "\n".join(m.value for m in app.sidebar.markdown)
    assert "**Goal:** data analyst" in sidebar and "**Budget:** up to \\$1,000" in sidebar
    assert "**Delivery:** online" in sidebar


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


def test_embed_mode_shows_the_privacy_notice_in_the_page(monkeypatch, sample_store_dir):
    monkeypatch.setenv("STACKWISE_STORE_DIR", str(sample_store_dir))
    get_settings.cache_clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.context = {"is_embedded": True}
    at.run()
    at.chat_input[0].set_value("welding in Alberta").run()
    assert not at.exception and "Welding Fundamentals" in markdown_text(at)
    assert any("Nothing else about you is stored" in c.value for c in at.main.caption)


def brand(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_a_centre_brings_its_branding_welcome_starters_scope_and_advisor(monkeypatch, sample_store_dir):
    monkeypatch.setenv("STACKWISE_STORE_DIR", str(sample_store_dir))
    get_settings.cache_clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["centre"] = "harbourview"
    at.run()
    assert 'data-centre="harbourview"' in brand(at) and "Harbourview Career Centre" in brand(at)
    assert "background:#0b4f7c" in brand(at)
    assert "Welcome to the Harbourview Career Centre" in markdown_text(at)
    assert [b.label for b in at.button if b.key and b.key.startswith("starter-")][1] == \
        "What do I need for the Certificate in Data Analytics?"
    at.chat_input[0].set_value("I want to become a data analyst").run()
    providers = {"Harbourview College", "Red Maple University", "Open Skills Canada"}
    card_providers = [m.group(1) for m in (re.match(r"^\*\*[^*]+\*\*  \n(.+) · ", md.value) for md in at.markdown) if m]
    assert card_providers and set(card_providers) <= providers
    summary = at.sidebar.code[0].value
    assert "Goal: data analyst" in summary


def test_an_unknown_centre_gets_a_message_not_a_crash(app_factory):
    at = app_factory(query={"centre": "[Log in](https://evil.example) atlantis"})
    assert not at.exception
    assert at.error[0].value.startswith("There is no career centre at this address.")
    assert "evil" not in at.error[0].value and "harbourview" not in at.error[0].value


def test_a_malformed_profile_is_left_out_and_the_other_centres_work(app_factory, tmp_path):
    (tmp_path / "broken.toml").write_text('name = "Broken"\n[theme]\nprimary_color = "teal-ish"\n')
    (tmp_path / "fine.toml").write_text('name = "Fine Centre"\n')
    at = app_factory(env={"STACKWISE_CENTRES_DIR": str(tmp_path)}, query={"centre": "fine"})
    assert not at.exception and not at.error
    broken = app_factory(env={"STACKWISE_CENTRES_DIR": str(tmp_path)}, query={"centre": "broken"})
    assert broken.error[0].value == "This career centre's page is not available right now. Please try again later."


def test_feedback_is_saved_with_its_turn(app_factory, tmp_path):
    from guidance.journal import QuestionLog

    at = app_factory()
    at.chat_input[0].set_value("I want to become a data analyst").run()
    at.feedback[0].set_value(0).run()
    at.text_input[0].input("Needed evening options").run()
    turns = QuestionLog(tmp_path / "questions.sqlite3", 30).turns()
    assert [(t.question, t.rating, t.comment) for t in turns] == [
        ("I want to become a data analyst", -1, "Needed evening options")]


def test_the_staff_page_stays_locked_without_the_password(app_factory):
    at = app_factory()
    at.switch_page("staff.py").run()
    assert "locked" in at.info[0].value and not at.metric


@pytest.mark.parametrize("password", ["   ", "short"])
def test_a_blank_or_short_staff_password_keeps_the_page_locked(app_factory, password):
    at = app_factory(env={"STACKWISE_STAFF_PASSWORD": password})
    at.switch_page("staff.py").run()
    assert "locked" in at.info[0].value and "at least 8 characters" in at.info[0].value
    assert not at.text_input and not at.metric


def test_the_staff_page_opens_with_the_password_and_shows_insights(app_factory):
    at = app_factory(env={"STACKWISE_STAFF_PASSWORD": "correct horse"})
    at.chat_input[0].set_value("Do you have veterinary surgery programs?").run()
    at.chat_input[0].set_value("I want to become a data analyst").run()
    at.switch_page("staff.py").run()
    at.text_input[0].input("wrong")
    at.button[0].click().run()  # a form sends its fields with the submit click
    assert at.error[0].value == "That password is not right." and not at.metric
    at.text_input[0].input("correct horse")
    at.button[0].click().run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Questions"] == "2"
    assert {m.label: m.value for m in at.metric}["Nothing fit"] == "1"
    topics = at.dataframe[0].value
    assert list(topics.columns) == ["Topic", "Learners", "Questions"] and len(topics) == 2
    gaps = at.dataframe[1].value
    assert list(gaps.columns) == ["Learners", "Times asked", "Topic", "What they asked for", "Example question",
                                  "Also asked as"]
    assert list(gaps["Example question"]) == ["Do you have veterinary surgery programs?"]
    assert list(gaps["Learners"]) == [1], "the two questions were one learner's conversation"
    assert [b.proto.label for b in at.get("download_button")] == ["Export questions (CSV)"]


def test_a_pathway_shows_diagram_plan_table_and_downloads(app):
    app.chat_input[0].set_value("How do I get the cyber defence certificate? I've done Security Foundations").run()
    assert not app.exception
    assert "Your pathway to Certificate in Cyber Defence" in markdown_text(app)
    dot = app.get("graphviz_chart")[0].proto.spec
    assert '"CC-SEC101"' in dot and "· done" in dot and "· needed" in dot
    table = plan_table(app)
    assert [row["Program"] for row in table] == ["Security Foundations", "Network Defence",
                                                 "Governance, Risk and Compliance",
                                                 "Incident Response and Digital Forensics"]
    assert [row["Status"] for row in table] == ["done", "needed", "needed", "needed"]
    assert list(table[0]) == ["Step", "Program", "Status", "Credits", "Cost", "Weeks", "Hours", "Delivery", "Starts",
                              "Fits?"]
    assert all(row["Cost"].endswith("CAD") for row in table)
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Download plan (CSV)", "Download plan (Markdown)"]
    assert "**Completed:** Security Foundations" in "\n".join(m.value for m in app.sidebar.markdown)


def test_feedback_comments_on_the_staff_page_are_shown_as_text(app_factory, tmp_path):
    from markdown_it import MarkdownIt

    from guidance.journal import QuestionLog

    at = app_factory(env={"STACKWISE_STAFF_PASSWORD": "correct horse"})
    at.chat_input[0].set_value("I want to become a data analyst").run()
    turn = QuestionLog(tmp_path / "questions.sqlite3", 30).turns()[0]
    QuestionLog(tmp_path / "questions.sqlite3", 30).set_feedback(
        turn.id, -1, "![seen](https://img.example/pixel.png) [reset your password](https://evil.example)")
    at.switch_page("staff.py").run()
    at.text_input[0].input("correct horse")
    at.button[0].click().run()
    assert {m.label: m.value for m in at.metric}["Helpful"] == "0% of 1 vote", "a share says its count"
    shown = [m.value for m in at.markdown if "seen" in m.value]
    assert len(shown) == 1
    rendered = MarkdownIt("commonmark").render(shown[0])
    assert "<img" not in rendered and "<a " not in rendered and "reset your password" in rendered


BADGES = ROOT / "tests" / "fixtures" / "badges"


def sidebar_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.sidebar.markdown)


def add_credentials_button(at: AppTest):
    return next(b for b in at.sidebar.button if b.label == "Add credentials")


def test_an_uploaded_badge_is_listed_with_its_match_and_counted_in_the_plan(app):
    app.file_uploader[0].upload("spreadsheet-analytics.json", (BADGES / "spreadsheet-analytics.json").read_bytes(),
                                "application/json")
    app.file_uploader[0].upload("welding.json", (BADGES / "welding-unaligned.json").read_bytes(), "application/json")
    add_credentials_button(app).click().run()
    assert not app.exception
    sidebar = sidebar_text(app)
    assert "**Credentials you hold:**" in sidebar
    assert "- Spreadsheet Analytics (HV-DAT101) · Harbourview College: counts as " \
           "**Spreadsheet Analytics for the Workplace**" in sidebar
    assert "- Welding Basics · Northern Weld Shop: not in this catalogue" in sidebar
    assert "**Completed:** Spreadsheet Analytics for the Workplace" in sidebar
    assert "I read 2 credentials" in app.sidebar.success[0].value

    app.chat_input[0].set_value("What's left for the Certificate in Data Analytics?").run()
    assert not app.exception
    table = plan_table(app)
    assert {row["Program"]: row["Status"] for row in table}["Spreadsheet Analytics for the Workplace"] == "done"
    assert "You have 3 of 12 credits" in markdown_text(app)


def test_a_pasted_credential_that_cannot_be_read_gets_an_error_and_changes_nothing(app):
    app.sidebar.text_area[0].set_value((BADGES / "malformed.json").read_text())
    add_credentials_button(app).click().run()
    assert not app.exception
    [error] = app.sidebar.error
    assert error.value.startswith("pasted text: credentialSubject.achievement.alignment\\[0\\]: expected an Alignment")
    assert "Credentials you hold" not in sidebar_text(app)


def test_credential_text_is_shown_escaped_in_the_sidebar(app):
    credential = json.loads((BADGES / "spreadsheet-analytics.json").read_text())
    credential["credentialSubject"]["achievement"]["name"] = "[Claim your prize](https://evil.example) **now**"
    app.sidebar.text_area[0].set_value(json.dumps(credential))
    add_credentials_button(app).click().run()
    assert not app.exception
    line = next(line for line in sidebar_text(app).splitlines() if "Claim your prize" in line)
    assert line.startswith("- \\[Claim your prize\\](https:\u2060//evil.example) \\*\\*now\\*\\*")


def test_a_first_start_shows_its_progress_in_the_page(monkeypatch, tmp_path):
    monkeypatch.setenv("STACKWISE_STORE_DIR", str(tmp_path / "new-store"))
    get_settings.cache_clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    assert not at.exception
    assert [s.label for s in at.status] == ["The catalogue is ready."]
    assert at.status[0].get("progress"), "the indexing progress is shown inside it"
    assert at.chat_input[0].proto.placeholder


def test_a_whole_conversation_in_french(app):
    app.sidebar.radio[0].set_value("fr").run()
    assert not app.exception
    assert app.sidebar.subheader[0].value == "Ce que j'ai compris"
    assert "Ask" not in app.chat_input[0].proto.placeholder
    app.chat_input[0].set_value("Je cherche une formation en ligne en analyse de données, moins de 1 000 $").run()
    assert not app.exception
    text = markdown_text(app)
    assert "Voici" in text and "Why" not in text and "weeks" not in text
    sidebar = "\n".join(m.value for m in app.sidebar.markdown)
    assert "**Budget :**" in sidebar
    app.chat_input[0].set_value("Qu'est-ce qu'une microcertification?").run()
    assert "citées dans ces documents" in markdown_text(app)
    app.chat_input[0].set_value("Comment s'empile Databases and SQL Querying?").run()
    assert not app.exception
    assert "Votre parcours vers" in markdown_text(app)
    columns = list(plan_table(app)[0])
    assert "Program" not in columns and "Programme" in columns and "Heures" in columns and len(columns) == 10


def test_the_language_switch_changes_the_replies_too(app):
    app.sidebar.radio[0].set_value("fr").run()
    app.chat_input[0].set_value("I want to become a data analyst").run()
    assert "Voici" in markdown_text(app)


def test_a_language_model_rewords_the_reply_and_the_check_keeps_it_grounded(app_factory):
    from tests.fake_openai import echo_the_reply, model_server

    with model_server() as (url, _):
        at = app_factory({"STACKWISE_LLM_MODEL": "local", "STACKWISE_LLM_BASE_URL": url})
        at.chat_input[0].set_value("I want to become a data analyst, online, under $1,000").run()
        assert not at.exception
        assert "Worded by a language model and checked against the catalogue." in [c.value for c in at.caption]
        assert "**Spreadsheet Analytics for the Workplace**" in markdown_text(at), "the cards are still there"

    def inventive(system: str, human: str) -> str:
        said = echo_the_reply(system, human)
        return said + " Everything is 50% off with code STACK: only $99!" if "<<<REPLY" in human else said

    with model_server(inventive) as (url, _):
        at = app_factory({"STACKWISE_LLM_MODEL": "local-inventive", "STACKWISE_LLM_BASE_URL": url})
        at.chat_input[0].set_value("I want to become a data analyst, online, under $1,000").run()
        assert not at.exception
        captions = [c.value for c in at.caption]
        assert "In the catalogue's own words: the model's wording did not match it." in captions
        assert "$99" not in markdown_text(at) and "Here are" in markdown_text(at)


def test_a_model_that_cannot_be_made_is_named_in_the_page(app_factory):
    at = app_factory({"STACKWISE_LLM_MODEL": "x", "STACKWISE_LLM_PROVIDER": "telepathy"})
    assert not at.exception
    assert at.error and at.error[0].value.startswith("The language model is not set up right: ")
    assert "STACKWISE_LLM_PROVIDER='telepathy'" in at.error[0].value


def test_a_centres_own_staff_password_shows_that_centre_alone(app_factory, tmp_path):
    from guidance.signin import hash_password

    centres = tmp_path / "centres"
    centres.mkdir()
    (centres / "harbourview.toml").write_text(
        f'name = "Harbourview"\n[staff]\npassword_hash = "{hash_password("harbour staff only")}"\n')
    (centres / "cedar.toml").write_text('name = "Cedar Coast"\n')
    env = {"STACKWISE_CENTRES_DIR": str(centres), "STACKWISE_STAFF_PASSWORD": "correct horse"}
    at = app_factory(env=env)
    at.switch_page("staff.py").run()
    at.selectbox(key="staff-account").set_value("harbourview")
    at.text_input[0].input("correct horse")  # the global password does not open a centre's account
    at.button[0].click().run()
    assert at.error[0].value == "That password is not right." and not at.metric
    at.text_input[0].input("harbour staff only")
    at.button[0].click().run()
    assert not at.exception and at.metric
    assert at.selectbox[0].label == "Centre" and at.selectbox[0].options == ["Harbourview"]
    assert [b.proto.label for b in at.get("download_button")] in ([], ["Export questions (CSV)"])

    everyone = app_factory(env=env)
    everyone.switch_page("staff.py").run()
    assert everyone.selectbox(key="staff-account").value == "staff"  # "All centres" first
    everyone.text_input[0].input("correct horse")
    everyone.button[0].click().run()
    assert set(everyone.selectbox[0].options) == {"Harbourview", "Cedar Coast", "Stackwise"}


def test_the_staff_page_does_not_render_inside_a_frame(app_factory):
    at = app_factory(env={"STACKWISE_STAFF_PASSWORD": "correct horse"})
    at.context = {"is_embedded": True}
    at.switch_page("staff.py").run()
    assert "does not open inside another page" in at.info[0].value
    assert not at.text_input and not at.metric


def test_a_thumbs_rates_its_own_turn_after_the_history_is_cut(app_factory, tmp_path, monkeypatch):
    from guidance.journal import MAX_COMMENT_CHARS, QuestionLog

    monkeypatch.setattr("guidance.models.HISTORY_TURNS", 2)  # as after 100 turns, with 3
    at = app_factory()
    for question in ("welding in Alberta", "I want to become a data analyst", "What is a micro-credential?"):
        at.chat_input[0].set_value(question).run()
    assert len(at.chat_message) == 4 and len(at.feedback) == 2
    at.feedback[0].set_value(1).run()  # the first turn shown: the second question
    assert at.text_input[0].proto.max_chars == MAX_COMMENT_CHARS
    rated = {t.question: t.rating for t in QuestionLog(tmp_path / "questions.sqlite3", 30).turns()}
    assert rated == {"welding in Alberta": None, "I want to become a data analyst": 1,
                     "What is a micro-credential?": None}


def test_an_uploaded_file_over_the_limit_is_refused_by_name_before_it_is_read(app):
    app.file_uploader[0].upload("huge-badge.json", b" " * 1_000_001, "application/json")
    add_credentials_button(app).click().run()
    assert not app.exception
    [error] = app.sidebar.error
    assert "huge-badge.json" in error.value and "larger than 1 MB" in error.value


def test_the_message_after_the_page_switches_language_is_answered(app):
    """The page follows the language the learner writes in, and its chat box's words change with
    it: the next message must still be answered (it vanished when the box was a new widget)."""
    app.chat_input[0].set_value("Je cherche une formation en ligne en analyse de données.").run()
    assert not app.exception and len(app.chat_message) == 2
    app.chat_input[0].set_value("et moins cher?").run()
    assert not app.exception and len(app.chat_message) == 4
    app.chat_input[0].set_value("I want to become a data analyst instead").run()
    assert not app.exception and len(app.chat_message) == 6


def test_a_learner_is_answered_when_the_question_log_cannot_be_reached(app_factory):
    """The log's database down (nothing listens on its port): the reply is shown, with no error."""
    app = app_factory(env={"STACKWISE_QUESTION_LOG": "postgresql://stackwise@127.0.0.1:9/stackwise"})
    app.chat_input[0].set_value("I want to become a data analyst, online, under $1,000").run()
    assert not app.exception and not app.error
    assert "**Spreadsheet Analytics for the Workplace**" in markdown_text(app)
    assert len(app.feedback) == 0, "no turn was logged, so there is nothing to rate"
