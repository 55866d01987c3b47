"""JSON read strictly: numbers a catalogue or a reply can hold, nothing else.

Python's ``json`` accepts ``NaN``, ``Infinity`` and numbers such as ``1e999`` (read as
infinity), then writes them back as ``NaN``/``Infinity``, which no strict JSON reader accepts.
Both the chat command and the ingest read JSON through these hooks, which refuse them.
"""
from __future__ import annotations

import json
import math


def finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]}… is too large")
    return value


def no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number: it is not a JSON value")


def strict_decoder() -> json.JSONDecoder:
    """A decoder that raises ``ValueError`` on a number that is not finite."""
    return json.JSONDecoder(parse_float=finite_float, parse_constant=no_constant)
