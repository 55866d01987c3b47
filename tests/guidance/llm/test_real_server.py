"""Against a real OpenAI-compatible server, when STACKWISE_TEST_LLM_URL gives its address
(for example llama.cpp's ``llama-server -m model.gguf --port 8080`` and
``STACKWISE_TEST_LLM_URL=http://127.0.0.1:8080/v1``; ``STACKWISE_TEST_LLM_MODEL`` names the
model, for Ollama's ``http://127.0.0.1:11434/v1`` among others). Skipped otherwise: CI has no
model. Whatever the model says, a reply is grounded: it names only catalogue programs."""
from __future__ import annotations

import os

import pytest

from guidance.assistant import Assistant
from guidance.models import Conversation
from stackwise.settings import Settings

URL = os.environ.get("STACKWISE_TEST_LLM_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set STACKWISE_TEST_LLM_URL to a model server's /v1 address")


def test_a_conversation_with_a_real_model(sample_store_dir):
    settings = Settings(store_dir=sample_store_dir, llm_model=os.environ.get("STACKWISE_TEST_LLM_MODEL", "local"),
                        llm_base_url=URL, llm_timeout_s=120)
    assistant = Assistant.open(settings)
    conversation = Conversation()
    reply = assistant.reply("hey so i do retail rn and wanna switch to data stuff, online, like 2k max", conversation)
    catalogue = assistant.catalogue
    assert reply.programs and all(catalogue.program(p.id) is not None for p in reply.programs)
    assert all(p.cost is None or p.cost <= 2000 for p in reply.programs)
    wording = assistant.phraser.word(reply, "...", catalogue, "en")
    text = wording.result()
    assert wording.by in ("model", "catalogue") and text
    if wording.by == "model":
        assert not wording.check.whole(text)
