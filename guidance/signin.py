"""Staff sign-in: the password compared in constant time, failures logged and throttled.

Failures are counted for the whole process, not per browser session (a new session costs an
attacker nothing): after ``FREE_FAILURES`` in a row, each further attempt must wait twice as
long as the last (1 s, 2 s, 4 s ... at most ``MAX_WAIT``), whoever makes it. A right password
resets the count. The clock is passed in, so tests never sleep.
"""
from __future__ import annotations

import hmac
import logging
import threading
import time
from collections.abc import Callable
from enum import Enum

FREE_FAILURES = 5
MAX_WAIT = 15 * 60.0
MIN_PASSWORD = 8  # characters, not counting spaces around it

log = logging.getLogger("stackwise.staff")


class SignIn(Enum):
    OPEN = "open"
    WRONG = "wrong"
    WAIT = "wait"  # too many failures: not even compared


def password_problem(secret: str | None) -> str | None:
    """Why a configured staff password cannot open the page, or None when it can."""
    if secret is None:
        return "set STACKWISE_STAFF_PASSWORD to open it"
    if len(secret.strip()) < MIN_PASSWORD:
        return f"STACKWISE_STAFF_PASSWORD must have at least {MIN_PASSWORD} characters besides spaces"
    return None


class SignInGuard:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.failures = 0
        self.next_allowed = 0.0
        self._lock = threading.Lock()

    def wait_left(self) -> float:
        """Seconds before the next attempt is compared."""
        return max(0.0, self.next_allowed - self.clock())

    def attempt(self, given: str, secret: str) -> SignIn:
        with self._lock:
            if self.wait_left() > 0:
                log.warning("staff sign-in refused: %d failures in a row, %.0f s left", self.failures,
                            self.wait_left())
                return SignIn.WAIT
            if password_problem(secret) is None and hmac.compare_digest(given.encode(), secret.encode()):
                if self.failures:
                    log.info("staff sign-in after %d failures", self.failures)
                self.failures, self.next_allowed = 0, 0.0
                return SignIn.OPEN
            self.failures += 1
            if self.failures >= FREE_FAILURES:
                wait = min(MAX_WAIT, 2.0 ** (self.failures - FREE_FAILURES))
                self.next_allowed = self.clock() + wait
            log.warning("failed staff sign-in (%d in a row)", self.failures)
            return SignIn.WRONG
