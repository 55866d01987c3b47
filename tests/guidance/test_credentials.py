"""Reading Open Badges 3.0 credentials and CLR 2.0 records: what is kept, and the errors for what cannot be read."""
import copy
import json
from datetime import date

import pytest

from guidance.credentials import (
    MAX_CREDENTIAL_BYTES,
    MAX_CREDENTIALS,
    MAX_DEPTH,
    MAX_TEXT,
    CredentialError,
    read_credentials,
    read_credentials_text,
)
from guidance.i18n import text
from tests.conftest import FIXTURES

BADGES = FIXTURES / "badges"


def badge(name: str) -> dict:
    return json.loads((BADGES / name).read_text(encoding="utf-8"))


def read_error(value) -> str:
    with pytest.raises(CredentialError) as caught:
        if isinstance(value, (str, bytes)):
            read_credentials_text(value, label="badge.json")
        else:
            read_credentials(value, root="credentials")
    return str(caught.value)


def test_an_open_badge_credential_keeps_its_achievement_issuer_date_and_alignments():
    [credential] = read_credentials_text((BADGES / "practical-sql.json").read_bytes())
    assert credential.name == "Practical SQL" and credential.issuer == "Test College"
    assert credential.achievement_id == "https://badges.testcollege.example/achievements/practical-sql"
    assert credential.achievement_type == "MicroCredential" and credential.issued == date(2026, 3, 14)
    [alignment] = credential.alignments
    assert (alignment.target_code, alignment.target_framework) == ("T-SQL1", "Stackwise catalogue")
    assert alignment.target_url == "https://catalogue.stackwise.example/programs/T-SQL1"


def test_nothing_about_the_learner_is_kept():
    [credential] = read_credentials(badge("practical-sql.json"))
    kept = credential.model_dump_json()
    assert "jo.learner@example.org" not in kept and "did:example:learner-7f3a" not in kept
    assert "proofValue" not in kept and "z3FXQjec" not in kept


def test_a_clr_yields_the_credentials_it_holds_with_the_alignments_of_its_achievement_list():
    held = read_credentials(badge("transcript.clr.json"))
    assert [c.name for c in held] == ["SQL for Reporting", "Team Communication"]
    sql, team = held
    assert [a.target_code for a in sql.alignments] == ["T-SQL1"], "the record's own copy of the achievement"
    assert sql.record == "Test College learner record" and sql.issued == date(2026, 3, 14)
    assert team.alignments == () and team.issued == date(2026, 5, 29), "issuanceDate when there is no validFrom"
    assert "Welding Basics" not in {c.name for c in held}, "listed in the record, awarded by no credential in it"


def test_an_exact_match_association_carries_the_matched_achievement_over():
    record = badge("transcript.clr.json")
    subject = record["credentialSubject"]
    earned_id = subject["verifiableCredential"][1]["credentialSubject"]["achievement"]["id"]
    registry = "https://credentialengineregistry.org/resources/ce-1f0a2b3c-4d5e-4f60-8172-93a4b5c6d7e8"
    subject["association"].append({"type": "Association", "associationType": "exactMatchOf",
                                   "sourceId": earned_id, "targetId": registry})
    team = read_credentials(record)[1]
    assert team.same_as == (registry,)
    assert read_credentials(badge("transcript.clr.json"))[1].same_as == (), "isPartOf is not a match"


def test_lists_and_presentations_are_read_and_the_same_award_counts_once():
    sql, welding = badge("practical-sql.json"), badge("welding-unaligned.json")
    presentation = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"],
                    "verifiableCredential": [sql, badge("transcript.clr.json")]}
    found = read_credentials([sql, welding, presentation, copy.deepcopy(welding)])
    assert [c.name for c in found] == ["Practical SQL", "Welding Basics", "SQL for Reporting", "Team Communication"]


def test_single_string_types_and_a_one_element_subject_list_are_accepted():
    credential = badge("welding-unaligned.json")
    credential["type"] = "OpenBadgeCredential"
    credential["issuer"] = "https://shop.northernweld.example"
    credential["credentialSubject"] = [credential["credentialSubject"]]
    [read] = read_credentials(credential)
    assert read.name == "Welding Basics" and read.issuer is None
    assert read.issuer_id == "https://shop.northernweld.example"


def test_a_long_name_is_cut_and_kept_on_one_line():
    credential = badge("welding-unaligned.json")
    credential["credentialSubject"]["achievement"]["name"] = "Welding\nBasics " + "x" * 1000
    [read] = read_credentials(credential)
    assert len(read.name) == MAX_TEXT and read.name.startswith("Welding Basics x") and "\n" not in read.name


def test_the_malformed_fixture_is_named_by_file_and_path():
    message = read_error((BADGES / "malformed.json").read_bytes())
    assert message.startswith("badge.json: credentialSubject.achievement.alignment[0]: expected an Alignment")
    assert message.endswith("found text")


def _with(name: str, change) -> dict:
    credential = badge(name)
    change(credential)
    return credential


def _achievement(credential: dict) -> dict:
    return credential["credentialSubject"]["achievement"]


@pytest.mark.parametrize("given, expected", [
    ("", "badge.json: empty"),
    ("{\"type\": [\"OpenBadgeCredential\"],", "badge.json: not JSON: Expecting"),
    (b"\xff\xfe{}", "badge.json: not JSON: the file is not UTF-8 text"),
    ("{\"validFrom\": NaN}", "not JSON: NaN is not a number"),
    ("eyJhbGciOiJFZERTQSJ9.eyJ2YyI6eyJ0eXBlIjpbXX19.c2lnbmF0dXJlLWJ5dGVz", "a signed token (VC-JWT)"),
    ("[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5), f"nested more than {MAX_DEPTH} levels deep"),
    ("[]", "an empty list"),
    ("[1]", "badge.json: [0]: expected a credential (a JSON object), found a number"),
    ("{}", "badge.json: type: missing"),
    (json.dumps({"type": "Assertion", "badge": "https://x.example/b", "recipient": {}}),
     "an Open Badges 2.0 assertion"),
    (json.dumps({"type": ["VerifiableCredential", "EndorsementCredential"]}), "an endorsement"),
    (json.dumps({"type": ["VerifiableCredential", "AlumniCredential"]}), "not an Open Badges 3.0 credential"),
])
def test_text_that_is_not_a_credential_gets_a_clear_error(given, expected):
    assert expected in read_error(given)


@pytest.mark.parametrize("name, change, expected", [
    ("practical-sql.json", lambda c: c.pop("issuer"), "credentials.issuer: missing"),
    ("practical-sql.json", lambda c: c.update(issuer=42), "credentials.issuer: expected the issuer's Profile"),
    ("practical-sql.json", lambda c: c.update(type=["VerifiableCredential", 7]), "credentials.type: must be a name"),
    ("practical-sql.json", lambda c: c.update(validFrom="last spring"), "credentials.validFrom: not a date"),
    ("practical-sql.json", lambda c: c.update(validFrom=20260314), "credentials.validFrom: must be a date"),
    ("practical-sql.json", lambda c: c.pop("credentialSubject"), "credentials.credentialSubject: missing"),
    ("practical-sql.json", lambda c: c.update(credentialSubject=[{}, {}]), "must be one AchievementSubject"),
    ("practical-sql.json", lambda c: c["credentialSubject"].update(achievement="https://x.example/a"),
     "credentials.credentialSubject.achievement: only an address"),
    ("practical-sql.json", lambda c: c["credentialSubject"].pop("achievement"),
     "credentials.credentialSubject.achievement: missing"),
    ("practical-sql.json", lambda c: (_achievement(c).pop("name"), c.pop("name")),
     "credentials.credentialSubject.achievement.name: missing"),
    ("practical-sql.json", lambda c: _achievement(c).update(name=["Practical", "SQL"]),
     "credentials.credentialSubject.achievement.name: must be text"),
    ("practical-sql.json", lambda c: _achievement(c)["alignment"][0].update(targetCode=17),
     "credentials.credentialSubject.achievement.alignment[0].targetCode: must be text"),
    ("practical-sql.json", lambda c: _achievement(c).update(alignment=[{}] * 51), "51 alignments"),
    ("practical-sql.json", lambda c: _achievement(c).update(id="x" * 3000), "longer than 2000 characters"),
    ("transcript.clr.json", lambda c: c["credentialSubject"].pop("verifiableCredential"),
     "credentials.credentialSubject.verifiableCredential: missing: a ClrCredential holds the credentials it "
     "records here; it lists achievements without the credentials that award them"),
    ("transcript.clr.json", lambda c: c["credentialSubject"]["verifiableCredential"].append("a badge"),
     "credentials.credentialSubject.verifiableCredential[2]: expected a credential (an object), found text"),
    ("transcript.clr.json", lambda c: c["credentialSubject"]["verifiableCredential"][0]["credentialSubject"]
     .pop("achievement"), "credentials.credentialSubject.verifiableCredential[0].credentialSubject.achievement"),
    ("transcript.clr.json",
     lambda c: c["credentialSubject"]["verifiableCredential"].append(badge("transcript.clr.json")),
     "verifiableCredential[2]: not an OpenBadgeCredential or AchievementCredential"),
])
def test_a_credential_of_the_wrong_shape_names_what_is_wrong_and_where(name, change, expected):
    assert expected in read_error(_with(name, change))


def test_at_most_fifty_credentials_are_read_at_once():
    many = []
    for n in range(MAX_CREDENTIALS + 1):
        credential = badge("welding-unaligned.json")
        credential["id"] = f"urn:uuid:00000000-0000-4000-8000-{n:012d}"
        many.append(credential)
    assert len(read_credentials(many[:MAX_CREDENTIALS])) == MAX_CREDENTIALS
    assert f"more than {MAX_CREDENTIALS} credentials" in read_error(many)
    presentation = {"type": "VerifiablePresentation", "verifiableCredential": many}
    assert f"more than {MAX_CREDENTIALS} credentials" in read_error(presentation)


def test_more_than_a_megabyte_is_refused_before_it_is_read():
    credential = badge("welding-unaligned.json")
    credential["credentialSubject"]["achievement"]["description"] = "x" * MAX_CREDENTIAL_BYTES
    assert "too large" in read_error(json.dumps(credential))
    assert "too large" in read_error(credential), "decoded JSON (the chat command) is measured too"


def test_decoded_json_nested_too_deeply_is_refused_without_recursing():
    deep: dict = {}
    node = deep
    for _ in range(10_000):
        node["x"] = {}
        node = node["x"]
    assert f"nested more than {MAX_DEPTH} levels deep" in read_error(deep)


def test_an_error_is_said_in_the_learners_language_with_its_place_kept():
    broken = badge("practical-sql.json")
    broken["credentialSubject"]["achievement"] = ["not", "an object"]
    with pytest.raises(CredentialError) as caught:
        read_credentials_text(json.dumps(broken), label="badge.json")
    where = "badge.json: credentialSubject.achievement"
    assert str(caught.value) == f"{where}: expected the Achievement (an object with its name), found a list"
    assert caught.value.said_in(text("fr")) == \
        f"{where}: attendu l'Achievement (un objet avec son nom), trouvé une liste"
    assert caught.value.said_in(text("en")) == str(caught.value)
