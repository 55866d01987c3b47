"""The staff sign-in under attack, through the public websocket a browser uses.

python -m benchmarks.staff_signin [--seconds 20] [--clear-every 4] [--rounds 10] [--store DIR]

Starts the app on a free local port (its own question log, a known staff password), then:
guesses wrong passwords as fast as the server answers for ``--seconds``, once plainly and once
sending Streamlit's ``clear_cache`` message every ``--clear-every`` guesses (which any client
may send), and counts the passwords the server actually compared; then loads the chat page
and clears the cache ``--rounds`` times, and reads the server's threads and resident memory.
Prints one SUMMARY line.
"""
from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import ClientConnection, connect

from benchmarks.machine import free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"
WRONG = "That password is not right."
WAIT = "Too many wrong passwords"


@contextmanager
def serving(store_dir: Path, log: Path, **env: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run app.py`` on a free local port: its address and process."""
    port = free_port()
    environment = {**os.environ, "STACKWISE_STORE_DIR": str(store_dir), "STACKWISE_QUESTION_LOG": str(log),
                   "STACKWISE_STAFF_PASSWORD": PASSWORD, **env}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/_stcore/health", process)
        yield f"127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass
class Run:
    """What one run of a page sent back: its elements, by type, in order."""
    elements: list = field(default_factory=list)

    def of(self, kind: str) -> list:
        return [getattr(e, kind) for e in self.elements if e.WhichOneof("type") == kind]

    def alerts(self) -> list[str]:
        return [a.body for a in self.of("alert")]


class StreamlitSocket:
    """A client of the app's websocket, as the browser speaks it (BackMsg out, ForwardMsg in)."""

    def __init__(self, host: str, session_id: str | None = None, headers: dict[str, str] | None = None):
        protocols = ["streamlit", "PLACEHOLDER_AUTH_TOKEN", session_id] if session_id else ["streamlit"]
        self._stack = ExitStack()
        self.ws: ClientConnection = self._stack.enter_context(connect(
            f"ws://{host}/_stcore/stream", subprotocols=protocols,  # type: ignore[arg-type]
            additional_headers=headers, max_size=None, open_timeout=30))
        self.session_id: str | None = session_id

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> StreamlitSocket:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, msg: BackMsg) -> None:
        self.ws.send(msg.SerializeToString())

    def run(self, page: str = "", widgets: Sequence[WidgetState] = (), timeout: float = 300) -> Run:
        """Run a page (``"staff"``, or the chat page) with these widget values; its elements."""
        msg = BackMsg()
        msg.rerun_script.page_name = page
        msg.rerun_script.widget_states.widgets.extend(widgets)
        self.send(msg)
        run = Run()
        deadline = time.monotonic() + timeout
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.session_id = forward.new_session.initialize.session_id
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                run.elements.append(forward.delta.new_element)
            elif kind == "script_finished":
                return run

    def clear_cache(self) -> None:
        """What the 'Clear cache' menu item sends: open to every client."""
        msg = BackMsg()
        msg.clear_cache = True
        self.send(msg)


class StaffSignIn:
    """The staff page's form, driven over a socket."""

    def __init__(self, sock: StreamlitSocket):
        self.sock = sock
        page = sock.run("staff")
        self.field = page.of("text_input")[0].id
        self.button = next(b.id for b in page.of("button") if b.is_form_submitter)

    def guess(self, password: str) -> Run:
        given = WidgetState(id=self.field, string_value=password)
        submit = WidgetState(id=self.button, trigger_value=True)
        return self.sock.run("staff", [given, submit])


def guesses_compared(host: str, seconds: float, clear_every: int = 0) -> tuple[int, int]:
    """Wrong passwords the server compared, and attempts it made wait, in ``seconds``."""
    compared = waited = 0
    with StreamlitSocket(host) as sock:
        form = StaffSignIn(sock)
        deadline = time.monotonic() + seconds
        sent = 0
        while time.monotonic() < deadline:
            said = " ".join(form.guess(f"guess-{sent}").alerts())
            sent += 1
            compared += WRONG in said
            waited += WAIT in said
            if clear_every and sent % clear_every == 0:
                sock.clear_cache()
                form = StaffSignIn(sock)  # the page again, as the browser reruns it after a clear
    return compared, waited


def process_figures(pid: int) -> tuple[int, float]:
    """Threads and resident memory (MB) of a process, from /proc."""
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(status["Threads"]), int(status["VmRSS"].split()[0]) / 1024


def after_clears(host: str, pid: int, rounds: int) -> list[tuple[int, float]]:
    """Threads and memory with the chat page loaded, then after each of ``rounds`` cache clears."""
    figures = []
    with StreamlitSocket(host) as sock:
        sock.run("")
        figures.append(process_figures(pid))
        for _ in range(rounds):
            sock.clear_cache()
            sock.run("")
            figures.append(process_figures(pid))
    return figures


def upload_status(host: str, session_id: str, size: int) -> int:
    """The HTTP status of a ``size``-byte file sent to the upload address of a live session (a
    server that refuses it may close the connection before the body is sent: its answer counts)."""
    boundary = "stackwise-probe"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.json\"\r\n"
            "Content-Type: application/json\r\n\r\n").encode() + b" " * size + f"\r\n--{boundary}--\r\n".encode()
    name, port = host.rsplit(":", 1)
    connection = http.client.HTTPConnection(name, int(port), timeout=60)
    try:
        connection.putrequest("PUT", f"/_stcore/upload_file/{session_id}/probe")
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders()
        try:
            connection.send(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused while sending: the answer is already there
        return connection.getresponse().status
    finally:
        connection.close()


def upload_statuses(host: str) -> dict[str, int]:
    """What the server answers to a 0.9 MB and a 2 MB upload (413: refused as too large)."""
    with StreamlitSocket(host) as sock:
        sock.run("")
        assert sock.session_id
        return {"0.9MB": upload_status(host, sock.session_id, 900_000),
                "2MB": upload_status(host, sock.session_id, 2 * 1024 * 1024)}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.staff_signin", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clear-every", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--store", type=Path, help="a store to use (default: the shipped content, indexed anew)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        store = args.store
        if store is None:
            from ingest.defaults import ensure_defaults
            from stackwise.settings import Settings

            store = Path(work) / "store"
            ensure_defaults(Settings(store_dir=store))
        figures = {}
        for label, every in (("plain", 0), ("clearing", args.clear_every)):
            with serving(store, Path(work) / f"questions-{label}.sqlite3") as (host, _):
                compared, waited = guesses_compared(host, args.seconds, every)
            figures[label] = compared * 60 / args.seconds
            print(f"{label}: {compared} passwords compared, {waited} made to wait, in {args.seconds:.0f} s "
                  f"({figures[label]:.0f}/min)")
        with serving(store, Path(work) / "questions-memory.sqlite3") as (host, process):
            uploads = upload_statuses(host)
            rounds = after_clears(host, process.pid, args.rounds)
        (threads0, rss0), (threads1, rss1) = rounds[0], rounds[-1]
        print("threads, MB after each clear:", ", ".join(f"{t}/{m:.0f}" for t, m in rounds))
    print(f"SUMMARY guesses/min plain={figures['plain']:.0f} with-clears={figures['clearing']:.0f} "
          f"after {args.rounds} clears threads {threads0}->{threads1} rss {rss0:.0f}->{rss1:.0f} MB "
          f"upload 0.9MB->{uploads['0.9MB']} 2MB->{uploads['2MB']}")


if __name__ == "__main__":
    main()
