"""Settings to a chat model through langchain's init_chat_model; nothing without a model name."""
from __future__ import annotations

import pytest

from guidance.assistant import Assistant
from guidance.llm import model_parts
from guidance.llm.connect import LOCAL_KEY, chat_model_from
from guidance.llm.limits import ModelConfigError
from guidance.llm.reading import ModelReader
from guidance.understanding.reader import MessageReader
from stackwise.settings import Settings


def test_without_a_model_name_nothing_changes(sample_store_dir):
    settings = Settings(store_dir=sample_store_dir)
    assert chat_model_from(settings) is None
    assistant = Assistant.open(settings)
    assert assistant.phraser is None and type(assistant.reader) is MessageReader


def test_an_openai_compatible_server_from_the_settings(monkeypatch):
    monkeypatch.setenv("CENTRE_LLM_KEY", "sk-centre")
    settings = Settings(llm_model="qwen2.5-7b-instruct", llm_base_url="http://127.0.0.1:8080/v1",
                        llm_api_key_env="CENTRE_LLM_KEY", llm_timeout_s=7)
    model = chat_model_from(settings)
    assert type(model).__name__ == "ChatOpenAI"
    assert (model.model_name, model.openai_api_base, model.request_timeout, model.max_retries) == \
           ("qwen2.5-7b-instruct", "http://127.0.0.1:8080/v1", 7, 0)
    assert model.openai_api_key.get_secret_value() == "sk-centre" and model.temperature == 0


def test_a_local_server_needs_no_key(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    model = chat_model_from(Settings(llm_model="local", llm_base_url="http://127.0.0.1:8080/v1"))
    assert model.openai_api_key.get_secret_value() == LOCAL_KEY


def test_ollama_from_the_settings():
    model = chat_model_from(Settings(llm_provider="ollama", llm_model="llama3.2", llm_base_url="http://127.0.0.1:11434",
                                     llm_timeout_s=9))
    assert type(model).__name__ == "ChatOllama"
    assert (model.model, model.base_url, model.client_kwargs) == ("llama3.2", "http://127.0.0.1:11434", {"timeout": 9})


def test_an_unknown_provider_is_a_clear_error():
    with pytest.raises(ModelConfigError, match="STACKWISE_LLM_PROVIDER='telepathy'"):
        chat_model_from(Settings(llm_provider="telepathy", llm_model="x"))


def test_a_configured_model_reads_and_phrases_through_the_assistant(sample_store_dir):
    settings = Settings(store_dir=sample_store_dir, llm_model="local", llm_base_url="http://127.0.0.1:9/v1",
                        llm_timeout_s=3)
    assistant = Assistant.open(settings)
    assert isinstance(assistant.reader, ModelReader) and assistant.phraser is not None
    _, phraser = model_parts(settings.model_copy(update={"llm_phrase": False}))
    assert phraser is None


def test_the_openai_client_reads_and_rewords_over_http(sample_store_dir):
    from guidance.models import Conversation
    from tests.fake_openai import model_server

    with model_server() as (url, received):
        assistant = Assistant.open(Settings(store_dir=sample_store_dir, llm_model="local", llm_base_url=url))
        reply = assistant.reply("sumthin w data pls, gotta be online", Conversation())
        assert reply.programs and all(p.delivery == "online" for p in reply.programs)
        assert assistant.reader.counts["model"] == 1
        wording = assistant.phraser.word(reply, "sumthin w data pls", assistant.catalogue, "en")
        pieces = list(wording)
        assert wording.by == "model" and len(pieces) > 1, "streamed sentence by sentence"
        assert [r.get("stream", False) for r in received] == [False, True] and received[0]["model"] == "local"
