"""langchain's own fake chat models, as the model a centre would connect."""
from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage


def replies(*answers: str | dict | AIMessage | BaseException) -> GenericFakeChatModel:
    """A fake model that answers each call with the next answer: text, a reading (a dict, sent
    as JSON in a code fence, as small models write it), a message, or an error to raise."""
    def messages():
        for answer in answers:
            if isinstance(answer, BaseException):
                raise answer
            if isinstance(answer, dict):
                answer = "Here is the reading:\n```json\n" + json.dumps(answer) + "\n```"
            yield answer if isinstance(answer, AIMessage) else AIMessage(content=answer)
    return GenericFakeChatModel(messages=messages())


class ToolCallingFake(GenericFakeChatModel):
    """A fake model that answers with a tool call, for ``with_structured_output(method="function_calling")``."""

    bound: list = []

    def bind_tools(self, tools: Any, **kwargs: Any) -> ToolCallingFake:  # type: ignore[override]
        self.bound.append([getattr(t, "__name__", t) for t in tools])
        return self


class HangingModel(GenericFakeChatModel):
    """A model that never answers until ``release`` is set (then it answers ``answer``)."""

    release: Any = None
    answer: str = "{}"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        self.release.wait()
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


@pytest.fixture
def hanging():
    release = threading.Event()
    model = HangingModel(messages=iter([AIMessage(content="{}")] * 10), release=release)
    yield model
    release.set()  # the abandoned call ends with the test


@pytest.fixture(scope="module")
def catalogue(sample_assistant):
    return sample_assistant.catalogue
