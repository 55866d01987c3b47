"""Command line: ``python -m guidance chat --json`` (JSON lines) and ``python -m guidance ask "..."``."""
from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections import OrderedDict
from typing import TextIO

from ingest.defaults import ensure_defaults
from knowledge_base.jsonvalues import strict_decoder
from stackwise.errors import StackwiseError
from stackwise.settings import get_settings

from .assistant import Assistant
from .credentials import MAX_CREDENTIAL_BYTES, EarnedCredential, read_credentials
from .models import Conversation


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m guidance", description="Talk to the Stackwise assistant.")
    sub = parser.add_subparsers(dest="command", required=True)
    chat = sub.add_parser("chat", help="a conversation on standard input")
    chat.add_argument("--json", action="store_true",
                      help='read {"conversation": ID, "message": TEXT, "credentials": [...]} lines, '
                           'write one JSON reply per line')
    chat.add_argument("--store", metavar="DIR", help="Chroma folder (default: $STACKWISE_STORE_DIR or ./data/store)")
    ask = sub.add_parser("ask", help="ask one question and print a readable answer")
    ask.add_argument("question")
    ask.add_argument("--store", metavar="DIR", help="Chroma folder")
    serve = sub.add_parser("serve", help="start the app for one career centre, its colours as the Streamlit theme")
    serve.add_argument("--centre", required=True, metavar="ID", help="a profile in the centres folder")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--address", default="0.0.0.0")
    serve.add_argument("--dry-run", action="store_true", help="print the command instead of running it")
    move = sub.add_parser("move-log", help="copy the question log, feedback and sign-in counts to another "
                                           "database (a SQLite file to the PostgreSQL that replicas share)")
    move.add_argument("source", help="the log now: a SQLite file (or a database URL)")
    move.add_argument("target", help="where it goes: a postgresql:// URL (or a file); must hold no turns")
    return parser


def serve_command(centre_id: str, port: int, address: str) -> tuple[list[str], dict[str, str]]:
    """The command that serves the app with a centre's colours as its Streamlit theme, and the
    environment that makes that centre the default one."""
    from pathlib import Path

    from .centres import Centres

    settings = get_settings()
    centre = Centres.load(settings.centres_dir).get(centre_id)
    app = Path(__file__).resolve().parent.parent / "app.py"
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
               "--server.address", address, *centre.theme.streamlit_flags()]
    return command, {"STACKWISE_DEFAULT_CENTRE": centre.id}


MAX_CONVERSATIONS = 1000  # conversations the chat command keeps; the least recent is forgotten first
MAX_LINE_CHARS = 2 * MAX_CREDENTIAL_BYTES  # a longer line is refused before it is decoded
MAX_ID_CHARS = 200  # a conversation id's length


def _credentials(request: dict) -> list[EarnedCredential] | None:
    """The line's optional ``credentials``: Open Badges 3.0 credentials, CLRs or presentations, as JSON."""
    given = request.get("credentials")
    if given is None:
        return None
    if not isinstance(given, list):
        raise ValueError("'credentials' must be a list of credentials (JSON objects)")
    return read_credentials(given, root="credentials")


def serve_json_lines(assistant: Assistant, source: TextIO, sink: TextIO) -> None:
    """One JSON reply per input line, flushed, in order; bad lines get an ``error`` reply.
    Every line written is valid JSON: numbers that are not finite are refused on the way in."""
    conversations: OrderedDict[str, Conversation] = OrderedDict()
    for line in source:
        if not line.strip():
            continue
        conversation_id = None
        try:
            if len(line) > MAX_LINE_CHARS:
                raise ValueError(f"the line is longer than {MAX_LINE_CHARS:,} characters")
            request = strict_decoder().decode(line)
            if not isinstance(request, dict):
                raise ValueError("each line must be a JSON object")
            given = request.get("conversation")
            if given is not None and (isinstance(given, bool) or not isinstance(given, (str, int))):
                raise ValueError("'conversation' must be a string")
            if isinstance(given, str) and (len(given) > MAX_ID_CHARS or "\ufffd" in given):
                raise ValueError(f"'conversation' must be text of at most {MAX_ID_CHARS} characters")
            conversation_id = given
            credentials = _credentials(request)  # read in full before the conversation changes
            message = request.get("message")
            if credentials is not None and message in (None, ""):
                message = None  # credentials alone: the reply says what they count as
            elif not isinstance(message, str) or not message.strip():
                raise ValueError("'message' must be a non-empty string")
            # Keyed by the JSON value itself, so 1 and "1" are two conversations; echoed as given.
            key = json.dumps(conversation_id, ensure_ascii=False)
            conversation = conversations.pop(key, None) or Conversation(id=key)
            conversations[key] = conversation  # the most recent last
            while len(conversations) > MAX_CONVERSATIONS:
                conversations.popitem(last=False)
            reply = assistant.add_credentials(credentials, conversation) if credentials is not None else None
            if message is not None:
                reply = assistant.reply(message, conversation)
            assert reply is not None, "a message, credentials or both"
            out = reply.to_json_dict(conversation_id if conversation_id is not None else "default")
        except json.JSONDecodeError as exc:
            out = {"conversation": None, "error": f"invalid JSON: {exc.msg} at column {exc.colno}"}
        except RecursionError:
            out = {"conversation": conversation_id, "error": "invalid JSON: nested too deeply"}
        except (ValueError, StackwiseError) as exc:
            out = {"conversation": conversation_id, "error": str(exc)}
        except Exception as exc:  # one failing turn must not end everyone's conversation
            traceback.print_exc(file=sys.stderr)
            out = {"conversation": conversation_id, "error": f"internal error: {type(exc).__name__}"}
        try:
            written = json.dumps(out, ensure_ascii=False, default=str, allow_nan=False)
            written.encode("utf-8")  # a lone surrogate anywhere would end the whole command on write
        except ValueError:
            written = json.dumps({"conversation": None, "error": "the reply could not be written as JSON"})
        sink.write(written + "\n")
        sink.flush()


def chat_interactive(assistant: Assistant) -> None:
    conversation = Conversation()
    print("Stackwise: ask about programs, stacking or micro-credentials. Ctrl-D to quit.")
    for line in sys.stdin:
        if line.strip():
            print(assistant.reply(line, conversation).answer + "\n")


def print_reply(reply) -> None:
    print(reply.answer)
    if reply.sources:
        print("\nSources:")
        for source in reply.sources:
            where = f", page {source.page}" if source.page else ""
            print(f"- [{source.kind}] {source.title} ({source.id}{where})")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        import os

        try:
            command, env = serve_command(args.centre, args.port, args.address)
        except StackwiseError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if args.dry_run:
            print(" ".join(f"{k}={v}" for k, v in env.items()), " ".join(command))
            return 0
        os.execvpe(command[0], command, {**os.environ, **env})
    if args.command == "move-log":
        from .database import move_log

        try:
            moved = move_log(args.source, args.target)
        except StackwiseError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"moved {moved:,} turns with their feedback, and the sign-in counts")
        return 0
    try:
        settings = get_settings().with_store(args.store)
        ensure_defaults(settings)  # first start: the shipped content, as the app does
        assistant = Assistant.open(settings)
    except StackwiseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "ask":
        print_reply(assistant.reply(args.question, Conversation()))
    elif args.json:
        serve_json_lines(assistant, sys.stdin, sys.stdout)
    else:
        chat_interactive(assistant)
    return 0
