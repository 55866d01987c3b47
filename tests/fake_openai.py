"""A stand-in for an OpenAI-compatible model server (llama.cpp's, vLLM's, Ollama's /v1), on
loopback: it speaks the chat completions protocol, streamed or not, so the real langchain-openai
client and the app's streaming are exercised. What it says is decided by ``answer(system, human)``."""
from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Answer = Callable[[str, str], str]


def echo_the_reply(system: str, human: str) -> str:
    """Rewording: the reply as given (a faithful rewrite); reading: a search for data analysis online."""
    if "<<<REPLY" in human:
        return human.split("<<<REPLY\n", 1)[1].rsplit("\nREPLY>>>", 1)[0]
    return json.dumps({"intent": "search", "goal": "data analysis", "constraints": {"delivery": ["online"]}})


@contextmanager
def model_server(answer: Answer = echo_the_reply) -> Iterator[tuple[str, list[dict]]]:
    """The server's /v1 address, and the requests it received."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append(body)
            roles = {m["role"]: m["content"] for m in body["messages"]}
            text = answer(roles.get("system", ""), roles.get("user", ""))
            if body.get("stream"):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                words = text.split(" ")
                for index, word in enumerate(words):
                    piece = word if index == len(words) - 1 else word + " "
                    self._event({"choices": [{"index": 0, "delta": {"role": "assistant", "content": piece},
                                              "finish_reason": None}]})
                self._event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
                self.wfile.write(b"data: [DONE]\n\n")
                return
            payload = json.dumps({"id": "c1", "object": "chat.completion", "created": 0, "model": body["model"],
                                  "choices": [{"index": 0, "finish_reason": "stop",
                                               "message": {"role": "assistant", "content": text}}],
                                  "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _event(self, data: dict) -> None:
            chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "fake", **data}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", received
    finally:
        server.shutdown()
        server.server_close()
