"""The chat model named by the settings, made by langchain's ``init_chat_model``.

``llm_provider`` is init_chat_model's provider: ``openai`` (langchain-openai) reaches every
OpenAI-compatible server, llama.cpp's ``llama-server``, vLLM and hosted ones alike, given
``llm_base_url``; ``ollama`` (langchain-ollama) reaches an Ollama server. Nothing is downloaded:
the model runs wherever the centre runs it.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from stackwise.settings import Settings

from .limits import ModelConfigError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

# A local server takes any key; the OpenAI client refuses to start without one.
LOCAL_KEY = "not-needed"


def chat_model_from(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None when ``llm_model`` is unset (the rules alone)."""
    if not settings.llm_model:
        return None
    from langchain.chat_models import init_chat_model

    options: dict = {"temperature": 0, "timeout": settings.llm_timeout_s}
    if settings.llm_provider == "ollama":
        options.pop("timeout")
        options["client_kwargs"] = {"timeout": settings.llm_timeout_s}
        if settings.llm_base_url:
            options["base_url"] = settings.llm_base_url
    else:
        if settings.llm_base_url:
            options["base_url"] = settings.llm_base_url
        options["api_key"] = os.environ.get(settings.llm_api_key_env) or LOCAL_KEY
        options["max_retries"] = 0  # a slow model is given up on, not asked again
    try:
        return init_chat_model(settings.llm_model, model_provider=settings.llm_provider, **options)
    except (ImportError, ValueError) as exc:
        raise ModelConfigError(f"STACKWISE_LLM_PROVIDER={settings.llm_provider!r}, "
                               f"STACKWISE_LLM_MODEL={settings.llm_model!r}: {exc}") from exc
