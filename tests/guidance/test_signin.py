"""Staff sign-in: throttled for the whole process, logged, and closed to weak passwords."""
from __future__ import annotations

import logging

import pytest

from guidance.signin import FREE_FAILURES, MAX_WAIT, SignIn, SignInGuard, password_problem

SECRET = "correct horse battery"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_hundred_guesses_are_slowed_to_a_crawl_and_logged(caplog):
    clock = Clock()
    guard = SignInGuard(clock)
    caplog.set_level(logging.WARNING, logger="stackwise.staff")
    outcomes = [guard.attempt(f"guess{n}", SECRET) for n in range(101)]  # as fast as a script can send them
    assert outcomes[:FREE_FAILURES] == [SignIn.WRONG] * FREE_FAILURES
    assert set(outcomes[FREE_FAILURES:]) == {SignIn.WAIT}  # not one more password is compared
    assert guard.failures == FREE_FAILURES
    assert sum("failed staff sign-in" in r.message for r in caplog.records) == FREE_FAILURES
    assert all(SECRET not in r.message and "guess" not in r.message for r in caplog.records)
    # Even the right password waits its turn, then opens and resets the count.
    assert guard.attempt(SECRET, SECRET) is SignIn.WAIT
    clock.now += guard.wait_left()
    assert guard.attempt(SECRET, SECRET) is SignIn.OPEN and guard.failures == 0


def test_each_failure_past_the_free_ones_doubles_the_wait_up_to_a_cap():
    clock = Clock()
    guard = SignInGuard(clock)
    waits = []
    for _ in range(FREE_FAILURES + 14):
        clock.now += guard.wait_left()
        assert guard.attempt("wrong", SECRET) is SignIn.WRONG
        waits.append(guard.wait_left())
    assert waits[:FREE_FAILURES - 1] == [0.0] * (FREE_FAILURES - 1)
    assert waits[FREE_FAILURES - 1:FREE_FAILURES + 3] == [1.0, 2.0, 4.0, 8.0]
    assert waits[-1] == MAX_WAIT


@pytest.mark.parametrize("secret", [None, "", "   ", "\t\n ", "short", "  seven7  "])
def test_a_missing_blank_or_short_password_keeps_the_page_locked(secret):
    assert password_problem(secret)
    if secret is not None:
        assert SignInGuard(Clock()).attempt(secret, secret) is SignIn.WRONG


def test_a_long_enough_password_opens():
    assert password_problem(SECRET) is None
    assert SignInGuard(Clock()).attempt(SECRET, SECRET) is SignIn.OPEN
