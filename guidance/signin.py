"""Staff sign-in: passwords compared in constant time, failures counted and throttled.

Failures are counted per account (the global staff account, or one centre's) and per source
address, in a table of the question log's database, so the count survives restarts and cache
clears and is shared by every process and replica using the same database. After
``FREE_FAILURES`` from one address, each further attempt from it waits twice as long as the
last (1 s, 2 s, 4 s ... at most ``MAX_WAIT``); after ``ACCOUNT_FREE_FAILURES`` from all
addresses together, every attempt on that account does. An attempt during a wait is not compared, not even the right
password, and a wait never exceeds ``MAX_WAIT``: nobody is locked out for ever. A right
password clears the account's counts; a count with no failure for ``FORGET_AFTER`` starts over.
The clock is passed in, so tests never sleep.

A centre's staff password is kept as a scrypt hash in its profile: ``python -m guidance.signin
hash`` makes one.
"""
from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import logging
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from sqlalchemy import Connection, select

from .database import open_database, signin_failures

FREE_FAILURES = 5  # from one address, before waits begin
ACCOUNT_FREE_FAILURES = 25  # from every address together, before every attempt on the account waits
MAX_WAIT = 15 * 60.0
FORGET_AFTER = 24 * 3600.0  # a count with no new failure for this long starts over
MIN_PASSWORD = 8  # characters, not counting spaces around it
MAX_PASSWORD = 256  # characters: a longer one sent is wrong, never hashed or compared
EVERYWHERE = "*"  # the source of an account's count over every address
GLOBAL_ACCOUNT = "staff"  # STACKWISE_STAFF_PASSWORD's account; a centre's is "centre:ID"

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


@dataclass(frozen=True)
class StaffAccess:
    """What a signed-in staff session may see: every centre (``centres`` None) or those named, on
    the websocket connection it signed in on (``connection``; another connection signs in again)."""

    centres: frozenset[str] | None
    connection: str | None

    def sees(self, centre_id: str) -> bool:
        return self.centres is None or centre_id in self.centres


# ---- passwords ----------------------------------------------------------------------------

_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}  # about 50 ms and 16 MB a check: slow to guess offline


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64): what a centre profile's ``[staff] password_hash`` holds."""
    if password_problem(password):
        raise ValueError(f"a staff password must have at least {MIN_PASSWORD} characters besides spaces")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def hash_problem(stored: str) -> str | None:
    """Why ``stored`` is not a password hash this module made, or None."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return "must be made by `python -m guidance.signin hash` (scrypt$N$r$p$salt$hash)"
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt, digest = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
    except ValueError:
        return "is not a valid scrypt hash"
    if not (2 ** 10 <= n <= 2 ** 20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16) \
            or len(salt) < 8 or len(digest) != 32:
        return "has scrypt parameters out of range"
    return None


def matches_hash(given: str, stored: str) -> bool:
    """True when ``given`` is the password ``stored`` was made from."""
    if hash_problem(stored):
        return False
    _, n, r, p, salt, digest = stored.split("$")
    made = hashlib.scrypt(given.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32,
                          maxmem=256 * 1024 * 1024)
    return hmac.compare_digest(made, base64.b64decode(digest))


def matches_secret(given: str, secret: str | None) -> bool:
    """True when ``given`` is the global staff password, and that password is usable."""
    return secret is not None and password_problem(secret) is None and \
        hmac.compare_digest(given.encode(), secret.encode())


# ---- the guard ----------------------------------------------------------------------------

class SignInGuard:
    """Counts failures per account and source in the question log's database (a SQLite file
    or a PostgreSQL URL, ``guidance.database``), so every replica counts the same failures."""

    def __init__(self, where: str | Path, clock: Callable[[], float] = time.time):
        self.database = open_database(where)
        self.clock = clock

    def _counts(self, db: Connection, account: str, source: str) -> tuple[int, float, float]:
        row = db.execute(select(signin_failures.c.failures, signin_failures.c.last_failed,
                                signin_failures.c.next_allowed)
                         .where(signin_failures.c.account == account, signin_failures.c.source == source)).first()
        if row is None or self.clock() - row[1] > FORGET_AFTER:
            return 0, 0.0, 0.0
        return int(row[0]), float(row[1]), float(row[2])

    def failures(self, account: str, source: str = EVERYWHERE) -> int:
        """Failures in a row on ``account`` from ``source`` (all addresses: ``EVERYWHERE``)."""
        with self.database.transaction() as db:
            return self._counts(db, account, source)[0]

    def wait_left(self, account: str = GLOBAL_ACCOUNT, source: str = EVERYWHERE) -> float:
        """Seconds before the next attempt on ``account`` from ``source`` is compared."""
        with self.database.transaction() as db:
            return self._wait_left(db, account, source)

    def _wait_left(self, db: Connection, account: str, source: str) -> float:
        now = self.clock()
        return max(0.0, *(self._counts(db, account, where)[2] - now for where in {source, EVERYWHERE}))

    def attempt(self, given: str, check: Callable[[str], bool], *, account: str = GLOBAL_ACCOUNT,
                source: str = "unknown") -> SignIn:
        """Compare ``given`` (by ``check``) unless ``account`` or ``source`` must wait; count a failure."""
        # one attempt on an account at a time, across processes and replicas
        with self.database.transaction(exclusive=f"signin {account}") as db:
            wait = self._wait_left(db, account, source)
            if wait > 0:
                log.warning("staff sign-in to %s from %s refused: %.0f s left to wait", account, source, wait)
                return SignIn.WAIT
            if len(given) <= MAX_PASSWORD and check(given):
                db.execute(signin_failures.delete().where(signin_failures.c.account == account))
                log.info("staff sign-in to %s from %s", account, source)
                return SignIn.OPEN
            now = self.clock()
            for where, free in ((source, FREE_FAILURES), (EVERYWHERE, ACCOUNT_FREE_FAILURES)):
                failures = self._counts(db, account, where)[0] + 1
                next_allowed = now + min(MAX_WAIT, 2.0 ** (failures - free)) if failures >= free else 0.0
                db.execute(signin_failures.delete().where(signin_failures.c.account == account,
                                                          signin_failures.c.source == where))
                db.execute(signin_failures.insert().values(account=account, source=where, failures=failures,
                                                           last_failed=now, next_allowed=next_allowed))
                if next_allowed:
                    log.warning("staff sign-in to %s locked for %.0f s %s (%d failures in a row)", account,
                                next_allowed - now, "for every address" if where == EVERYWHERE else f"for {where}",
                                failures)
        log.warning("failed staff sign-in to %s from %s", account, source)
        return SignIn.WRONG


def main(argv: list[str] | None = None) -> int:
    """``python -m guidance.signin hash``: a centre's staff password hash, the password asked twice."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["hash"]:
        print("usage: python -m guidance.signin hash", file=sys.stderr)
        return 2
    password = getpass.getpass("Staff password for the centre: ")
    if password != getpass.getpass("Again: "):
        print("The two passwords differ.", file=sys.stderr)
        return 1
    if problem := password_problem(password):
        print(problem.replace("STACKWISE_STAFF_PASSWORD", "a staff password"), file=sys.stderr)
        return 1
    print("[staff]")
    print(f'password_hash = "{hash_password(password)}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
