"""Hostile clients against the real server, through its public websocket and upload address
(no browser: they speak Streamlit's protocol as a script would)."""
from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from benchmarks.staff_signin import (
    PASSWORD,
    WAIT,
    WRONG,
    StaffSignIn,
    StreamlitSocket,
    process_figures,
    serving,
    upload_status,
)
from guidance.signin import FREE_FAILURES, GLOBAL_ACCOUNT, SignIn, SignInGuard

pytestmark = pytest.mark.slow


@pytest.fixture
def server(sample_store_dir, tmp_path) -> Iterator[tuple[str, int]]:
    """The app on a free port with a staff password and its own question log: address, pid."""
    with serving(sample_store_dir, tmp_path / "questions.sqlite3") as (host, process):
        yield host, process.pid


def test_clearing_the_cache_neither_resets_the_sign_in_throttle_nor_leaks_assistants(server, tmp_path):
    host, pid = server
    # Eleven wrong passwords from this address over the last two minutes, as the server's guard
    # counts them in the question log (the clock is moved on by each wait, not slept through).
    now = time.time()
    clock = [now]
    guard = SignInGuard(tmp_path / "questions.sqlite3", lambda: clock[0])
    for n in range(FREE_FAILURES + 6):
        clock[0] += guard.wait_left(GLOBAL_ACCOUNT, "localhost")
        assert guard.attempt(f"guess-{n}", lambda given: False, source="localhost") is SignIn.WRONG
    with StreamlitSocket(host) as sock:
        sock.run("")  # the chat page: the assistant is loaded, with its watcher thread
        assert WAIT in " ".join(StaffSignIn(sock).guess(PASSWORD).alerts())
        threads = []
        for _ in range(10):
            sock.clear_cache()  # what the 'Clear cache' menu sends; any client may send it
            sock.run("")
            threads.append(process_figures(pid)[0])
        said = " ".join(StaffSignIn(sock).guess(PASSWORD).alerts())
        assert WAIT in said, "the throttle outlived the clears: even the right password waits"
    assert guard.failures(GLOBAL_ACCOUNT, "localhost") == FREE_FAILURES + 6
    # Before, every clear loaded a new assistant and left the old one's watcher running (about +8
    # from the 2nd clear to the 10th); Streamlit's own threads come and go by one or two.
    assert threads[-1] <= threads[1] + 2, threads


def test_a_session_resumed_by_its_id_on_another_connection_must_sign_in_again(server):
    host, _ = server
    with StreamlitSocket(host) as staff:
        assert not StaffSignIn(staff).guess(PASSWORD).alerts()
        signed_in = staff.run("staff")
        assert signed_in.of("metric"), "the insights are shown to the staff who signed in"
        leaked = staff.session_id
        assert leaked
        with StreamlitSocket(host, session_id=leaked) as intruder:  # the id from an upload address, say
            page = intruder.run("staff")
            assert intruder.session_id in (None, leaked)  # the same session, taken over
            assert not page.of("metric") and page.of("text_input"), "no insights: the sign-in form instead"
            assert any("Sign in again" in alert for alert in page.alerts())


def test_the_server_refuses_an_upload_over_one_megabyte(server):
    host, _ = server
    with StreamlitSocket(host) as sock:
        sock.run("")
        assert sock.session_id
        assert upload_status(host, sock.session_id, 2 * 1024 * 1024) == 413
        assert upload_status(host, sock.session_id, 900_000) == 204


# The test connects from 127.0.0.1, which uvicorn (under Streamlit) trusts by default
# (FORWARDED_ALLOW_IPS): it already takes the header's rightmost address not on that list.
@pytest.mark.parametrize("trusted, counted_as", [("false", "10.0.0.1"), ("true", "198.51.100.7")])
def test_failures_are_counted_by_the_first_forwarded_address_only_behind_a_trusted_proxy(
        sample_store_dir, tmp_path, trusted, counted_as):
    log = tmp_path / "questions.sqlite3"
    with serving(sample_store_dir, log, STACKWISE_TRUSTED_PROXY=trusted) as (host, _):
        with StreamlitSocket(host, headers={"X-Forwarded-For": "198.51.100.7, 10.0.0.1"}) as sock:
            assert WRONG in " ".join(StaffSignIn(sock).guess("not the password").alerts())
    guard = SignInGuard(log)
    assert guard.failures(GLOBAL_ACCOUNT, counted_as) == 1 and guard.failures(GLOBAL_ACCOUNT) == 1
