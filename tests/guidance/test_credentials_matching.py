"""Credentials matched to catalogue programs by alignment (never by name), counted in plans, through the
assistant and the chat command, on a real store with the real model."""
import io
import json

import pytest

from guidance import Assistant, Conversation
from guidance.cli import serve_json_lines
from guidance.credentials import MAX_CREDENTIALS, CredentialError, read_credentials
from guidance.earned import match_credentials, normalise_url, trailing_ctid
from guidance.handoff import conversation_summary
from knowledge_base.schema import Program
from stackwise.settings import Settings
from tests.conftest import FIXTURES

BADGES = FIXTURES / "badges"
CTID = "ce-1f0a2b3c-4d5e-4f60-8172-93a4b5c6d7e8"


def badge(name: str) -> dict:
    return json.loads((BADGES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fixture_assistant(fixture_store_dir) -> Assistant:
    return Assistant.open(Settings(store_dir=fixture_store_dir))


def matches(assistant: Assistant, *names: str) -> dict[str, tuple]:
    credentials = read_credentials([badge(n) for n in names])
    earned = match_credentials(credentials, assistant.catalogue.programs.values())
    return {e.name: (e.matched, e.matched_by) for e in earned}


def test_alignments_match_by_target_code_and_by_target_url(fixture_assistant):
    found = matches(fixture_assistant, "practical-sql.json", "dashboards-by-url.json", "transcript.clr.json")
    assert found["Practical SQL"] == ("T-SQL1", "targetCode")
    assert found["Dashboards, Charts and Stories"] == ("T-VIZ2", "targetUrl"), "HTTP://Example.ORG/t-viz2/"
    assert found["SQL for Reporting"] == ("T-SQL1", "targetCode"), "aligned in the CLR's achievement list"
    assert found["Team Communication"] == (None, None)


def test_a_name_equal_to_a_catalogue_title_matches_nothing(fixture_assistant):
    assert fixture_assistant.catalogue.program("T-WLD1").title == "Welding Basics"
    assert matches(fixture_assistant, "welding-unaligned.json") == {"Welding Basics": (None, None)}


def _program(program_id: str, title: str, url: str | None = None) -> Program:
    return Program(id=program_id, title=title, provider="Prairie Polytechnic", credential_type="micro-credential",
                   description="Imported from a standards registry.", url=url)


def test_a_registry_address_ending_with_a_ctid_matches_the_program_with_that_ctid():
    programs = [_program(CTID, "Industrial Controls Fundamentals"),
                _program("ce-00000000-0000-4000-8000-000000000001", "Another import")]
    [earned] = match_credentials(read_credentials(badge("registry-ctid.json")), programs)
    assert (earned.matched, earned.matched_by) == (CTID, "ctid"), "upper-case CTID in the registry address"

    by_id = badge("welding-unaligned.json")
    by_id["credentialSubject"]["achievement"]["id"] = f"https://credentialengineregistry.org/graph/{CTID}/"
    by_code = badge("welding-unaligned.json")
    by_code["credentialSubject"]["achievement"]["alignment"][0]["targetCode"] = CTID.upper()
    longer = badge("welding-unaligned.json")
    longer["credentialSubject"]["achievement"]["id"] = f"https://registry.example/resources/{CTID}-old"
    for n, credential in enumerate([by_id, by_code, longer]):
        credential["id"] = f"urn:uuid:00000000-0000-4000-8000-00000000000{n}"
    found = match_credentials(read_credentials([by_id, by_code, longer]), programs)
    assert [(e.matched, e.matched_by) for e in found] == [(CTID, "ctid"), (CTID, "targetCode"), (None, None)]


def test_addresses_are_compared_normalised():
    assert normalise_url("HTTP://Example.ORG:80/t-viz2/") == normalise_url("https://example.org/t-viz2")
    assert normalise_url("https://example.org/t-viz2#top") == "https://example.org/t-viz2"
    assert normalise_url("https://example.org/T-VIZ2") != normalise_url("https://example.org/t-viz2"), "paths keep case"
    assert normalise_url("javascript:alert(1)") is None and normalise_url("https://[bad") is None
    assert trailing_ctid(f"urn:ctid:{CTID}") == CTID and trailing_ctid(f"x{CTID}") is None


def test_an_achievement_aligned_to_two_programs_counts_as_neither(fixture_assistant):
    credential = badge("practical-sql.json")
    alignments = credential["credentialSubject"]["achievement"]["alignment"]
    alignments.append({"type": ["Alignment"], "targetName": "Welding", "targetCode": "T-WLD1",
                       "targetUrl": "https://example.org/t-wld1"})
    [earned] = match_credentials(read_credentials(credential), fixture_assistant.catalogue.programs.values())
    assert earned.matched is None and "aligned to 2 catalogue programs (T-SQL1, T-WLD1)" in earned.note


def test_whats_left_counts_a_credential_aligned_to_a_component_as_done(fixture_assistant):
    conversation = Conversation()
    credentials = read_credentials([badge("practical-sql.json"), badge("welding-unaligned.json")])
    received = fixture_assistant.add_credentials(credentials, conversation)
    assert "counts as **Practical SQL**" in received.answer
    assert "**Welding Basics** (Northern Weld Shop)" in received.answer
    assert conversation.profile.completed == ["T-SQL1"], "the unaligned Welding Basics marks nothing completed"

    reply = fixture_assistant.reply("What's left for the Certificate in Reporting?", conversation)
    plan = reply.pathway
    assert plan is not None and plan.target == "T-CERT"
    assert {s.id: s.status for s in plan.steps} == {"T-SQL1": "done", "T-VIZ2": "needed"}
    assert (plan.credits_done, plan.credits_remaining) == (3, 3)
    assert "T-SQL1" not in {card.id for card in reply.programs}, "a completed program is not offered again"
    assert "You have 3 of 6 credits (Practical SQL)" in reply.answer
    earned = {e["name"]: e["matched"] for e in reply.to_json_dict("c")["profile"]["earned"]}
    assert earned == {"Practical SQL": "T-SQL1", "Welding Basics": None}


def test_the_same_credential_twice_is_kept_once_and_start_over_forgets_them(fixture_assistant):
    conversation = Conversation()
    for _ in range(2):
        fixture_assistant.add_credentials(read_credentials(badge("practical-sql.json")), conversation)
    assert [e.name for e in conversation.profile.earned] == ["Practical SQL"]
    fixture_assistant.reply("start over", conversation)
    assert conversation.profile.earned == [] and conversation.profile.completed == []


def test_a_conversation_keeps_at_most_fifty_credentials_and_refuses_more_whole(fixture_assistant):
    def batch(start: int, count: int) -> list:
        out = []
        for n in range(start, start + count):
            credential = badge("welding-unaligned.json")
            credential["id"] = f"urn:uuid:00000000-0000-4000-8000-{n:012d}"
            out.append(credential)
        return read_credentials(out)

    conversation = Conversation()
    fixture_assistant.add_credentials(batch(0, MAX_CREDENTIALS - 1), conversation)
    with pytest.raises(CredentialError, match=f"at most {MAX_CREDENTIALS} credentials"):
        fixture_assistant.add_credentials(batch(100, 2), conversation)
    assert len(conversation.profile.earned) == MAX_CREDENTIALS - 1


def test_learner_text_from_a_credential_is_kept_redacted_and_shown_escaped(fixture_assistant):
    credential = badge("practical-sql.json")
    credential["credentialSubject"]["achievement"]["name"] = "[Practical SQL](https://evil.example) for jo@example.org"
    credential["issuer"]["name"] = "Test College <img src=x onerror=alert(1)> call 416-555-0199"
    conversation = Conversation()
    reply = fixture_assistant.add_credentials(read_credentials(credential), conversation)
    [earned] = conversation.profile.earned
    assert "jo@example.org" not in earned.name and "[email]" in earned.name
    assert "416-555-0199" not in earned.issuer and "[phone]" in earned.issuer
    assert "\\[Practical SQL\\]" in reply.answer and "(https://evil.example)" not in reply.answer
    assert "\\<img" in reply.answer and reply.answer.count("<img") == reply.answer.count("\\<img")
    summary = conversation_summary(conversation, fixture_assistant.title_of)
    assert "Credentials held (as handed over, not verified): " in summary and "counts as Practical SQL" in summary
    assert "jo@example.org" not in summary and "416-555-0199" not in summary


def serve(assistant: Assistant, lines: list) -> list[dict]:
    out = io.StringIO()
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    serve_json_lines(assistant, io.StringIO(text), out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_chat_command_takes_credentials_on_a_line(fixture_assistant):
    broken = badge("practical-sql.json")
    del broken["credentialSubject"]["achievement"]["name"], broken["name"]
    replies = serve(fixture_assistant, [
        {"conversation": "c1", "credentials": [badge("practical-sql.json"), badge("welding-unaligned.json")]},
        {"conversation": "c1", "message": "What's left for the Certificate in Reporting?"},
        {"conversation": "c2", "message": "What's left for the Certificate in Reporting?",
         "credentials": [badge("transcript.clr.json"), badge("dashboards-by-url.json")]},
        {"conversation": "c3", "message": "welding", "credentials": [badge("dashboards-by-url.json"), broken]},
        {"conversation": "c3", "message": "What's left for the Certificate in Reporting?"},
        {"conversation": "c4", "credentials": {"type": "OpenBadgeCredential"}},
        {"conversation": "c5", "credentials": [badge("malformed.json")]},
        '{"conversation": "c6", "credentials": [' + "[" * 5000 + "]" * 5000 + "]}",
    ])
    received, left, both, refused, after_refusal, not_a_list, malformed, deep = replies
    assert received["intent"] == "credentials" and received["profile"]["completed"] == ["T-SQL1"]
    assert received["profile"]["earned"] == [
        {"name": "Practical SQL", "issuer": "Test College", "issued": "2026-03-14", "matched": "T-SQL1",
         "matched_by": "targetCode", "note": None},
        {"name": "Welding Basics", "issuer": "Northern Weld Shop", "issued": "2025-11-20", "matched": None,
         "matched_by": None, "note": None}]
    assert {s["id"]: s["status"] for s in left["pathway"]["steps"]} == {"T-SQL1": "done", "T-VIZ2": "needed"}
    assert both["pathway"]["credits_done"] == 6 and both["profile"]["completed"] == ["T-SQL1", "T-VIZ2"]
    assert refused["conversation"] == "c3" and refused["error"].startswith(
        "credentials[1].credentialSubject.achievement.name: missing")
    assert "completed" not in after_refusal["profile"], "a refused line changes nothing in the conversation"
    assert not_a_list["error"] == "'credentials' must be a list of credentials (JSON objects)"
    assert malformed["error"].startswith("credentials[0].credentialSubject.achievement.alignment[0]: expected")
    assert "error" in deep and "internal error" not in deep["error"]
