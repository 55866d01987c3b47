import pytest

from guidance import Conversation
from guidance.centres import Centres, CentreScope, UnavailableCentre, UnknownCentre, load_profile
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


def test_an_unknown_centre_gets_a_clear_message_that_repeats_nothing_of_the_address():
    hostile = "[Log in again](https://evil.example/login) atlantis"
    with pytest.raises(UnknownCentre) as caught:
        Centres.load(SHIPPED).get(hostile)
    message = str(caught.value)
    assert message == "There is no career centre at this address. Check the link you followed."
    assert caught.value.centre_id == hostile
    assert not any(word in message for word in ("evil", "atlantis", "harbourview", "cedar-coast"))


@pytest.mark.parametrize("toml, key, reason", [
    ('name = "X"\n[theme]\nprimary_color = "blue-ish"\n', "theme.primary_color", "must be a hex colour"),
    ('name = "X"\n[scope]\nlanguages = ["English"]\n', "scope.languages", "is not a two-letter ISO 639-1 code"),
    ('name = "X"\ncolour = "#fff"\n', "colour", "is not a profile setting"),
    ('name = "X"\n[advisor]\nurl = "advisors.example"\n', "advisor.url", "must start with https://"),
    ('name = "X"\nlogo = "missing.png"\n', "logo", "does not exist next to the profile"),
    ('name = "X\n', "file", "is not valid TOML"),
    ('welcome = "no name"\n', "name", "Field required"),
    ('name = "X"\nlogo = "/etc/passwd"\n', "logo", "outside the centres folder"),
    ('name = "X"\nlogo = "../data/questions.sqlite3"\n', "logo", "outside the centres folder"),
    ('name = "X"\nlogo = "broken.toml"\n', "logo", "must be an image"),
    ('name = "X"\nlogo = "file:///etc/passwd"\n', "logo", "https:// address"),
    ('name = "X"\nlogo = "http://plain.example/logo.png"\n', "logo", "https:// address"),
    ("a = " + "[" * 5000 + "]" * 5000 + "\n", "file", "nested too deeply"),
    ('name = "X"\nwelcome = "' + "x" * 70000 + '"\n', "file", "larger than 64 KB"),
    ('name = "X"\n[staff]\npassword_hash = "hunter2hunter2"\n', "staff.password_hash", "guidance.signin hash"),
    ('name = "X"\n[staff]\npassword = "in clear text"\n', "staff.password_hash", "Field required"),
])
def test_a_malformed_profile_is_left_out_and_named_with_its_file_and_key(tmp_path, toml, key, reason):
    path = tmp_path / "broken.toml"
    path.write_text(toml)
    (tmp_path / "fine.toml").write_text('name = "Fine Centre"\n')
    centres = Centres.load(tmp_path)  # one broken profile takes no other centre down
    assert centres.get("fine").name == "Fine Centre" and centres.get(None).id == "default"
    problem = centres.problems["broken"]
    assert (problem.file, problem.key) == (str(path), key)
    assert reason in problem.reason
    with pytest.raises(UnavailableCentre) as caught:
        centres.get("broken")
    assert str(path) not in str(caught.value)  # the details are for staff


def test_a_logo_inside_the_folder_or_on_https_is_accepted(tmp_path):
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "mark.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "a.toml").write_text('name = "A"\nlogo = "logos/mark.svg"\n')
    (tmp_path / "b.toml").write_text('name = "B"\nlogo = "https://cdn.example/b.png"\n')
    centres = Centres.load(tmp_path)
    assert not centres.problems
    assert centres.logo_path(centres.get("a")).endswith("mark.svg")
    assert centres.logo_path(centres.get("b")) == "https://cdn.example/b.png"


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


def test_a_centre_may_have_its_own_staff_password_hash(tmp_path):
    from guidance.signin import hash_password, matches_hash

    (tmp_path / "own.toml").write_text(f'name = "Own"\n[staff]\npassword_hash = "{hash_password("our own staff")}"\n')
    centres = Centres.load(tmp_path)
    staff = centres.get("own").staff
    assert staff is not None and matches_hash("our own staff", staff.password_hash)
    assert centres.get(None).staff is None
