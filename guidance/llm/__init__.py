"""An optional language model, plugged in through langchain: it reads messages into the same
``Reading`` the rules produce and rewords grounded replies, and a checker holds every rewrite
to the catalogue. Off unless ``Settings.llm_model`` is set; every failure falls back to the
rules' own reading and wording.

    connect     the chat model from the settings (langchain's ``init_chat_model``)
    limits      a call with a time limit, and the errors a model call ends in
    reading     ModelReader: the model's reading, validated, or the rules' reading
    checking    check_rewrite: what a rewrite may say, measured against the reply
    phrasing    Phraser: a rewrite streamed sentence by sentence, each checked
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from stackwise.settings import Settings

if TYPE_CHECKING:
    from knowledge_base.catalogue import Catalogue

    from ..responder import Responder
    from .phrasing import Phraser


def model_parts(settings: Settings) -> tuple[Callable[[Catalogue], Responder], Phraser | None]:
    """What a configured model changes: the responder of each catalogue version (its reader
    asks the model first) and the phraser. Without ``llm_model``, the rules' responder and no
    phraser: nothing of langchain is imported."""
    from ..responder import Responder

    if not settings.llm_model:
        return Responder.for_catalogue, None
    from ..understanding.reader import MessageReader
    from .connect import chat_model_from
    from .phrasing import Phraser
    from .reading import ModelReader

    model = chat_model_from(settings)
    assert model is not None, "llm_model is set"

    def responder_for(catalogue: Catalogue) -> Responder:
        rules = MessageReader(catalogue)
        reader = ModelReader(model, rules, timeout_s=settings.llm_timeout_s,
                             structured=settings.llm_structured) if settings.llm_read else rules
        return Responder.for_catalogue(catalogue, reader)

    return responder_for, Phraser(model, timeout_s=settings.llm_timeout_s) if settings.llm_phrase else None
