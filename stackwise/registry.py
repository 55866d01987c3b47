"""Process-level objects the apps share between sessions, out of every client's reach.

Streamlit lets any client clear ``st.cache_resource`` (its ``clear_cache`` message has no
check), so nothing whose loss costs safety or memory lives there: the assistant, the centres
and the question log are held here instead, one per name. Asked for with another ``key`` (new
settings), the object held under a name is replaced and the old one closed.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

_held: dict[str, tuple[Hashable, Any]] = {}
_lock = threading.Lock()
_making: dict[str, threading.Lock] = {}


def held(name: str, key: Hashable, make: Callable[[], T], close: Callable[[T], None] | None = None) -> T:
    """The object held under ``name`` for ``key``, made by ``make`` on first use (once, even when
    several sessions ask at the same moment). Another ``key`` replaces it, closing the old one."""
    with _lock:
        current = _held.get(name)
        if current is not None and current[0] == key:
            return current[1]
        making = _making.setdefault(name, threading.Lock())
    with making:  # one maker per name; other names are not held up meanwhile
        with _lock:
            current = _held.get(name)
            if current is not None and current[0] == key:
                return current[1]
        made = make()
        with _lock:
            old = _held.get(name)
            _held[name] = (key, made)
    if old is not None and close is not None:
        close(old[1])
    return made


def release(name: str, close: Callable[[Any], None] | None = None) -> None:
    """Forget the object held under ``name``, closing it."""
    with _lock:
        old = _held.pop(name, None)
    if old is not None and close is not None:
        close(old[1])


def names() -> list[str]:
    """What is held now (for tests and diagnostics)."""
    with _lock:
        return sorted(_held)
