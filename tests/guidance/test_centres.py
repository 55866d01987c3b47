import pytest

from guidance import Conversation
from guidance.centres import Centres, CentreScope, MalformedCentre, UnknownCentre, load_profile
from tests.conftest import ROOT

SHIPPED = ROOT / "centres"


def test_shipped_profiles_load_with_their_settings():
    centres = Centres.load(SHIPPED)
    harbourview = centres.get("harbourview")
    assert harbourview.name == "Harbourview Career Centre" and harbourview.theme.primary_color == "#0b4f7c"
    assert harbourview.scope.regions == ["Ontario"] and harbourview.advisor.url.startswith("https://")
    assert len(harbourview.starters) == 4 and centres.logo_path(harbourview).endswith("harbourview.svg")
    assert centres.get(None).id == "default" and centres.get("Cedar-Coast").id == "cedar-coast"
    assert "--theme.primaryColor=#0b4f7c" in harbourview.theme.streamlit_flags()


def test_an_unknown_centre_gets_a_clear_message():
    with pytest.raises(UnknownCentre) as caught:
        Centres.load(SHIPPED).get("atlantis")
    assert str(caught.value) == "There is no career centre 'atlantis'. Known centres: cedar-coast, default, harbourview."


@pytest.mark.parametrize("toml, key, reason", [
    ('name = "X"\n[theme]\nprimary_color = "blue-ish"\n', "theme.primary_color", "must be a hex colour"),
    ('name = "X"\n[scope]\nlanguages = ["English"]\n', "scope.languages", "is not a two-letter ISO 639-1 code"),
    ('name = "X"\ncolour = "#fff"\n', "colour", "is not a profile setting"),
    ('name = "X"\n[advisor]\nurl = "advisors.example"\n', "advisor.url", "must start with https://"),
    ('name = "X"\nlogo = "missing.png"\n', "logo", "does not exist next to the profile"),
    ('name = "X\n', "file", "is not valid TOML"),
    ('welcome = "no name"\n', "name", "Field required"),
])
def test_a_malformed_profile_names_its_file_and_key(tmp_path, toml, key, reason):
    path = tmp_path / "broken.toml"
    path.write_text(toml)
    with pytest.raises(MalformedCentre) as caught:
        Centres.load(tmp_path)
    assert (caught.value.file, caught.value.key) == (str(path), key)
    assert reason in caught.value.reason


def test_the_default_profile_exists_even_without_a_file(tmp_path):
    (tmp_path / "only.toml").write_text('name = "Only Centre"\n')
    assert set(Centres.load(tmp_path).profiles) == {"only", "default"}
    assert load_profile(tmp_path / "only.toml").id == "only"


def ask(assistant, scope, *turns):
    conversation = Conversation(scope=scope)
    for turn in turns:
        reply = assistant.reply(turn, conversation)
    return reply


def test_a_centre_recommends_only_inside_its_scope(sample_assistant):
    scope = Centres.load(SHIPPED).get("harbourview").scope
    reply = ask(sample_assistant, scope, "data analysis")
    catalogue = sample_assistant.catalogue
    assert reply.programs
    for card in reply.programs:
        program = catalogue.program(card.id)
        assert program.provider in scope.providers and program.region in ("Ontario", "Canada-wide")
    assert ask(sample_assistant, scope, "cloud computing").programs == []
    assert {c.id for c in ask(sample_assistant, None, "cloud computing").programs} >= {"CC-CLD201"}


def test_outside_the_scope_nothing_fits_and_nothing_outside_is_offered(sample_assistant):
    scope = CentreScope(regions=["British Columbia"])
    reply = ask(sample_assistant, scope, "I want to become an electrician")
    assert reply.programs == [] and reply.nothing_fits
    assert "Aspen Ridge" not in reply.answer and "Electrical Safety" not in reply.answer


def test_plans_mark_steps_outside_the_scope(sample_assistant):
    scope = CentreScope(languages=["fr"])
    reply = ask(sample_assistant, scope, "What do I need for the Certificate in Data Analytics?")
    assert reply.pathway.target == "HV-CERT-DA" and reply.programs == []
    assert all(not step.fits for step in reply.pathway.steps)
