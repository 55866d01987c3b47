import pickle

import pytest

from knowledge_base.errors import InvalidProgram
from knowledge_base.schema import CANONICAL_COLUMNS, CredentialType, Program, StackLink

ROW = {
    "id": "X-1", "title": "Practical SQL", "provider": "Test College", "credential_type": "micro-credential",
    "description": "Query databases.", "skills": "SQL; joins ;", "stacks_into": "X-CERT:3;X-DIP:1.5",
    "cost": "450", "language": "EN", "delivery": "online", "url": "https://example.org/x", "next_start": "2027-01-04",
}


def test_lists_and_stack_links_are_parsed_from_semicolon_text():
    program = Program.from_row(ROW)
    assert program.skills == ("SQL", "joins")
    assert program.stacks_into == (StackLink(target="X-CERT", credits=3), StackLink(target="X-DIP", credits=1.5))
    assert program.language == "en"
    assert program.credential_type is CredentialType.MICRO_CREDENTIAL


def test_blank_optional_fields_are_missing_not_empty_strings():
    program = Program.from_row({**ROW, "cost": "", "level": " ", "url": ""})
    assert program.cost is None and program.level is None and program.url is None


def test_every_problem_is_reported_with_its_field():
    with pytest.raises(InvalidProgram) as caught:
        Program.from_row({**ROW, "title": "", "credential_type": "masterclass", "cost": "-1", "url": "nope"})
    fields = {field for field, _ in caught.value.problems}
    assert fields == {"title", "credential_type", "cost", "url"}


def test_required_columns_are_required():
    with pytest.raises(InvalidProgram) as caught:
        Program.from_row({"id": "X-2"})
    reasons = dict(caught.value.problems)
    assert reasons["title"] == "is required" and reasons["provider"] == "is required"
    assert "description" not in reasons, "some real programs come without one"


@pytest.mark.parametrize("bad", ["X-CERT:three", ":3"])
def test_malformed_stack_entries_are_rejected(bad):
    with pytest.raises(InvalidProgram) as caught:
        Program.from_row({**ROW, "stacks_into": bad})
    assert caught.value.problems[0][0] == "stacks_into"


def test_content_hash_is_stable_and_sensitive():
    first, again = Program.from_row(ROW), Program.from_row(dict(ROW))
    assert first.content_hash() == again.content_hash()
    assert Program.from_row({**ROW, "cost": "451"}).content_hash() != first.content_hash()


def test_row_round_trip_keeps_every_canonical_column():
    program = Program.from_row(ROW)
    row = program.to_row()
    assert list(row) == list(CANONICAL_COLUMNS)
    assert Program.from_row(row) == program
    assert row["stacks_into"] == "X-CERT:3;X-DIP:1.5"


def test_pickled_records_share_field_names_and_short_strings_and_stay_equal():
    first = Program.from_row(ROW)
    second = Program.from_row({**ROW, "id": "X-2", "title": "Advanced SQL", "skills": "SQL; indexes"})
    loaded_first, loaded_second = pickle.loads(pickle.dumps([first, second], protocol=pickle.HIGHEST_PROTOCOL))
    assert (loaded_first, loaded_second) == (first, second)
    assert loaded_first.model_fields_set == first.model_fields_set
    assert loaded_first.__pydantic_fields_set__ is loaded_second.__pydantic_fields_set__
    assert loaded_first.provider is loaded_second.provider and loaded_first.skills[0] is loaded_second.skills[0]
    assert loaded_first.stacks_into[0].target is loaded_second.stacks_into[0].target


def test_a_copy_with_changes_leaves_the_shared_field_names_alone():
    sparse = {key: ROW[key] for key in ("id", "title", "provider", "credential_type", "description")}
    loaded_first, loaded_second = pickle.loads(pickle.dumps([Program.from_row(sparse),
                                                             Program.from_row({**sparse, "id": "X-2"})]))
    changed = loaded_first.model_copy(update={"cost": 10.0})
    assert "cost" in changed.model_fields_set
    assert "cost" not in loaded_second.model_fields_set and "cost" not in loaded_first.model_fields_set
