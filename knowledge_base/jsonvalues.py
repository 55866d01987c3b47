"""JSON read strictly: numbers a catalogue or a reply can hold, nothing else.

Python's ``json`` accepts ``NaN``, ``Infinity`` and numbers such as ``1e999`` (read as
infinity), then writes them back as ``NaN``/``Infinity``, which no strict JSON reader accepts.
Both the chat command and the ingest read JSON through these hooks, which refuse them.

It also accepts ``"\\ud800"``: half of a UTF-16 pair, a string no UTF-8 file, database or
page can hold (writing it raises). The strict decoder replaces each such half with U+FFFD.
"""
from __future__ import annotations

import json
import math
import re

_HALF = re.compile(r"[\ud800-\udfff]")


def finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]}… is too large")
    return value


def no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number: it is not a JSON value")


class _StrictDecoder(json.JSONDecoder):
    def decode(self, s, *args, **kwargs):
        value = super().decode(s, *args, **kwargs)
        return _whole(value) if "\\u" in s or _HALF.search(s) else value


def _whole(value: object) -> object:
    """``value`` with every lone surrogate in its strings and keys replaced, walked without
    recursion (a value nested thousands deep is as safe as a flat one)."""
    if isinstance(value, str):
        return _HALF.sub("\ufffd", value)
    root = [value]
    stack: list[list | dict] = [root]
    while stack:
        node = stack.pop()
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        if isinstance(node, dict) and any(isinstance(k, str) and _HALF.search(k) for k, _ in items):
            node.clear()
            node.update((_HALF.sub("\ufffd", k) if isinstance(k, str) else k, v) for k, v in items)
            items = list(node.items())
        for key, item in items:
            if isinstance(item, str):
                if _HALF.search(item):
                    node[key] = _HALF.sub("\ufffd", item)
            elif isinstance(item, (list, dict)):
                stack.append(item)
    return root[0]


def strict_decoder() -> json.JSONDecoder:
    """A decoder that raises ``ValueError`` on a number that is not finite and replaces lone
    surrogates."""
    return _StrictDecoder(parse_float=finite_float, parse_constant=no_constant)
