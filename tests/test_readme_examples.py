"""Every message the README offers a learner is answered on topic by the shipped catalogue.

The examples are read from the README itself (the quoted strings in the bullets of "For
learners" down to "From the terminal"), so an example added there is tested here. Each runs in
a fresh conversation, except one introduced as a follow-up, which runs after the example
before it in its bullet (or after the first example of the section when it has none)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from guidance import Conversation
from guidance.understanding.reader import Intent
from guidance.understanding.references import programs_named_in
from knowledge_base.text import fold
from tests.conftest import ROOT

_QUOTE = re.compile(r'"([^"\n]{3,})"')
_FOLLOW_UP = re.compile(r"\bfollow-ups?\b", re.I)


@dataclass(frozen=True)
class Example:
    message: str
    after: tuple[str, ...] = ()  # messages of the same conversation before it

    def __str__(self) -> str:
        return " → ".join((*self.after, self.message))


def readme_examples() -> list[Example]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## For learners"):text.index("### From the terminal")]
    bullets = re.findall(r"^- (.+?)(?=^- |^\S|^$)", section, flags=re.M | re.S)
    examples: list[Example] = []
    first = None
    for bullet in bullets:
        bullet = " ".join(bullet.split())
        before = None
        for match in _QUOTE.finditer(bullet):
            message = match.group(1)
            first = first or message
            if _FOLLOW_UP.search(bullet[:match.start()]):
                examples.append(Example(message, (before or first,)))
            else:
                examples.append(Example(message))
                before = message
    return examples


EXAMPLES = readme_examples()


def test_the_readme_offers_examples_of_every_kind():
    intents = {e.message for e in EXAMPLES}
    assert len(EXAMPLES) >= 25 and "Start over" in intents
    assert sum(bool(e.after) for e in EXAMPLES) >= 5


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_a_readme_example_is_answered_on_topic(sample_assistant, example):
    conversation = Conversation()
    for message in example.after:
        sample_assistant.reply(message, conversation)
    reply = sample_assistant.reply(example.message, conversation)
    if reply.intent in (Intent.RESET, Intent.GREETING):
        return
    assert reply.programs or reply.pathway or reply.quotes, reply.answer
    assert not reply.nothing_fits, reply.answer
    catalogue = sample_assistant.catalogue
    named = programs_named_in(catalogue, example.message)
    shown = {s.id for s in reply.sources}
    assert {p.id for p in named} <= shown, f"{[p.title for p in named]} not in the answer: {reply.answer}"
    flt = reply.profile.program_filter()
    broken = [card.title for card in reply.programs if flt.failures(catalogue.program(card.id))]
    assert not broken, f"shown although they break the learner's constraints: {broken}"
    assert "not in this catalogue" not in fold(reply.answer)
