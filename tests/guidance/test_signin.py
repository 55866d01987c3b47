"""Staff sign-in: throttled per account and address in the log's database, logged, closed to weak passwords."""
from __future__ import annotations

import logging

import pytest

from guidance.signin import (
    ACCOUNT_FREE_FAILURES,
    EVERYWHERE,
    FORGET_AFTER,
    FREE_FAILURES,
    MAX_PASSWORD,
    MAX_WAIT,
    SignIn,
    SignInGuard,
    hash_password,
    hash_problem,
    main,
    matches_hash,
    matches_secret,
    password_problem,
)

SECRET = "correct horse battery"


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def guard(tmp_path, clock) -> SignInGuard:
    return SignInGuard(tmp_path / "questions.sqlite3", clock)


def right(given: str) -> bool:
    return matches_secret(given, SECRET)


def test_a_hundred_guesses_are_slowed_to_a_crawl_and_logged_with_their_address(guard, clock, caplog):
    caplog.set_level(logging.WARNING, logger="stackwise.staff")
    outcomes = [guard.attempt(f"guess{n}", right, source="203.0.113.9") for n in range(101)]  # as fast as a script
    assert outcomes[:FREE_FAILURES] == [SignIn.WRONG] * FREE_FAILURES
    assert set(outcomes[FREE_FAILURES:]) == {SignIn.WAIT}  # not one more password is compared
    assert guard.failures("staff", "203.0.113.9") == FREE_FAILURES
    failed = [r.message for r in caplog.records if "failed staff sign-in" in r.message]
    assert len(failed) == FREE_FAILURES and all("from 203.0.113.9" in m for m in failed)
    assert any("locked for 1 s for 203.0.113.9" in r.message for r in caplog.records)
    assert all(SECRET not in r.message and "guess" not in r.message for r in caplog.records)
    # Even the right password waits its turn, then opens and resets the count.
    assert guard.attempt(SECRET, right, source="203.0.113.9") is SignIn.WAIT
    clock.now += guard.wait_left("staff", "203.0.113.9")
    assert guard.attempt(SECRET, right, source="203.0.113.9") is SignIn.OPEN
    assert guard.failures("staff", "203.0.113.9") == 0


def test_each_failure_past_the_free_ones_doubles_the_wait_up_to_a_cap(guard, clock):
    waits = []
    for _ in range(FREE_FAILURES + 14):
        clock.now += guard.wait_left("staff", "a")
        assert guard.attempt("wrong", right, source="a") is SignIn.WRONG
        waits.append(guard.wait_left("staff", "a"))
    assert waits[:FREE_FAILURES - 1] == [0.0] * (FREE_FAILURES - 1)
    assert waits[FREE_FAILURES - 1:FREE_FAILURES + 3] == [1.0, 2.0, 4.0, 8.0]
    assert max(waits) == MAX_WAIT  # never locked out for ever


def test_one_address_failing_does_not_lock_out_another(guard):
    for _ in range(FREE_FAILURES):
        guard.attempt("wrong", right, source="attacker")
    assert guard.attempt("wrong", right, source="attacker") is SignIn.WAIT
    assert guard.attempt(SECRET, right, source="staff-office") is SignIn.OPEN


def test_many_addresses_together_meet_the_accounts_ceiling(guard, clock):
    for n in range(ACCOUNT_FREE_FAILURES):
        assert guard.attempt("wrong", right, source=f"198.51.100.{n}") is SignIn.WRONG
    assert guard.failures("staff", EVERYWHERE) == ACCOUNT_FREE_FAILURES
    assert guard.attempt(SECRET, right, source="a-new-address") is SignIn.WAIT
    clock.now += guard.wait_left("staff", "a-new-address")
    assert guard.attempt(SECRET, right, source="a-new-address") is SignIn.OPEN


def test_accounts_are_counted_apart(guard):
    for _ in range(FREE_FAILURES):
        guard.attempt("wrong", right, account="centre:harbourview", source="a")
    assert guard.attempt("wrong", right, account="centre:harbourview", source="a") is SignIn.WAIT
    assert guard.attempt(SECRET, right, account="staff", source="a") is SignIn.OPEN


def test_the_count_survives_a_new_guard_and_is_shared_by_guards_on_the_same_file(tmp_path, clock):
    first = SignInGuard(tmp_path / "log.sqlite3", clock)
    for _ in range(FREE_FAILURES):
        first.attempt("wrong", right, source="a")
    restarted = SignInGuard(tmp_path / "log.sqlite3", clock)  # another process, or after a restart
    assert restarted.attempt(SECRET, right, source="a") is SignIn.WAIT


def test_a_count_left_alone_for_a_day_starts_over(guard, clock):
    for _ in range(FREE_FAILURES + 3):
        clock.now += guard.wait_left("staff", "a")
        guard.attempt("wrong", right, source="a")
    clock.now += FORGET_AFTER + 1
    assert guard.failures("staff", "a") == 0
    assert guard.attempt("wrong", right, source="a") is SignIn.WRONG and guard.wait_left("staff", "a") == 0


@pytest.mark.parametrize("secret", [None, "", "   ", "\t\n ", "short", "  seven7  "])
def test_a_missing_blank_or_short_password_keeps_the_page_locked(guard, secret):
    assert password_problem(secret)
    if secret is not None:
        assert guard.attempt(secret, lambda given: matches_secret(given, secret)) is SignIn.WRONG


def test_a_long_enough_password_opens(guard):
    assert password_problem(SECRET) is None
    assert guard.attempt(SECRET, right) is SignIn.OPEN


def test_a_centre_password_is_kept_as_a_salted_scrypt_hash():
    stored = hash_password(SECRET)
    assert SECRET not in stored and hash_problem(stored) is None
    assert stored != hash_password(SECRET), "salted"
    assert matches_hash(SECRET, stored) and not matches_hash(SECRET + "!", stored)
    assert hash_problem("5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8")
    assert not matches_hash(SECRET, "scrypt$1$1$1$AAAA$AAAA")
    with pytest.raises(ValueError):
        hash_password("short")


def test_the_hash_command_prints_a_profile_section(monkeypatch, capsys):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": SECRET)
    assert main(["hash"]) == 0
    section, line = capsys.readouterr().out.splitlines()
    assert section == "[staff]" and line.startswith('password_hash = "scrypt$')
    assert matches_hash(SECRET, line.split('"')[1])


def test_a_password_longer_than_the_cap_is_wrong_and_never_checked(guard):
    checked: list[str] = []

    def check(given: str) -> bool:
        checked.append(given)
        return True

    assert guard.attempt("x" * (MAX_PASSWORD + 1), check, source="10.0.0.9") == SignIn.WRONG
    assert checked == []
