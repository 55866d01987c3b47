"""Model calls with a time limit: a late, failing or malformed answer is one error type the
reader and the phraser fall back on."""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from stackwise.errors import StackwiseError

log = logging.getLogger(__name__)
T = TypeVar("T")

# Calls run here so that a late one can be abandoned; a handful at once is more than a chat
# process serves (the model's own client timeout ends an abandoned call).
_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="model-call")


# The learner's text reaches a model only between these markers, as data.
START, END = "<<<LEARNER MESSAGE", "LEARNER MESSAGE>>>"


def quoted(text: str, start: str = START, end: str = END) -> str:
    """``text`` between ``start`` and ``end`` on lines of their own; markers inside it are
    removed first, so it cannot close its block and write outside it."""
    return f"{start}\n{text.replace(start, ' ').replace(end, ' ')}\n{end}"


class ModelError(StackwiseError):
    """The model's answer cannot be used: it failed, came late, or broke the rules it was given.
    Never shown to a learner: the rules answer instead."""


class ModelConfigError(StackwiseError):
    """The language model settings name something that cannot be made (a provider whose
    package is missing, a model with no name)."""


def within(seconds: float, call: Callable[[], T], what: str) -> T:
    """``call()``'s result, or ``ModelError`` when it raises or takes longer than ``seconds``."""
    future = _POOL.submit(call)
    try:
        return future.result(timeout=seconds)
    except FutureTimeout as exc:
        future.cancel()
        raise ModelError(f"{what}: no answer within {seconds:g} s") from exc
    except ModelError:
        raise
    except Exception as exc:  # a model client raises many types; the caller needs one
        raise ModelError(f"{what}: {type(exc).__name__}: {exc}") from exc


def text_of(content: Any) -> str:
    """A message's text: its content as a string, or the text parts of a list of parts."""
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)
