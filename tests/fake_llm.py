"""A stand-in OpenAI-compatible chat server for the answer tests: it answers deterministically
from the prompt it receives, and the model's name chooses how it behaves.

    python tests/fake_llm.py [PORT]     # prints PORT=<port> once it listens on 127.0.0.1

Tests start it with `start()` (a real process on a free port) and end it with `stop()`.

Models (the `model` field of the request):
- good: one sentence from each of the first two clauses of the prompt, lightly reworded, each
  ending with that clause's marker; streamed as server-sent events when asked.
- foreign: as good, but the second sentence cites a marker no clause of the prompt has.
- unsupported: as good, plus a sentence no clause says (a made-up approval and deposit).
- nomarker: as good, without markers.
- listed: as good, as a numbered Markdown list after an unmarked lead-in, then a line saying
  part of the question has no answer in the clauses.
- decline: the sentence for "the clauses do not answer".
- malformed: a body that is not JSON (and a streamed event that is not JSON).
- slow: waits SLOW_SECONDS before answering.
- error: HTTP 500 with an OpenAI-style error body.
A rewrite request (its system message asks to 改写 a follow-up) gets the earlier question with
the follow-up's words after it in brackets. GET /last returns the last request's body.
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from appserver import stop_app  # tests/ is on the path: under pytest, and for this file run as a script

SLOW_SECONDS = 5.0
MODELS = ("good", "foreign", "unsupported", "nomarker", "listed", "decline", "malformed", "slow", "error")
NO_ANSWER = "知识库中没有找到能回答这个问题的条文。"
MADE_UP = "此外，村庄规划还须报国务院批准，并缴纳五十万元规划保证金[1]。"

_last: dict = {}


def clauses(prompt: str) -> list[tuple[int, str]]:
    """(marker, clause body without its label) of each [n] block of the prompt."""
    out = []
    for m in re.finditer(r"^\[(\d+)\] 《[^\n]*》[^\n]*\n(.*?)(?=\n\n\[\d+\] |\n\n问题：)", prompt, re.S | re.M):
        body = re.sub(r"^第[一二三四五六七八九十百零]+条\s*", "", m.group(2).strip())
        out.append((int(m.group(1)), body))
    return out


def reworded(body: str) -> str:
    """The clause's first sentence, said a little differently."""
    first = re.split(r"(?<=[。；])", body.replace("\n", ""))[0].rstrip("。；")
    return first.replace("应当", "应").replace("或者", "或")


def reply_for(model: str, messages: list[dict]) -> str:
    system = next((m["content"] for m in messages if m.get("role") == "system"), "")
    user = next((m["content"] for m in reversed(messages) if m.get("role") == "user"), "")
    if "改写" in system:
        earlier = re.findall(r"^问：(.*)$", user, re.M)
        follow = re.search(r"追问：(.*)", user)
        words = re.sub(r"^那|呢？?$|[？?]$", "", follow.group(1).strip()) if follow else ""
        return f"{earlier[-1].rstrip('？?') if earlier else ''}（{words}）？"
    if model == "decline":
        return NO_ANSWER
    found = clauses(user)[:2]
    if not found:
        return NO_ANSWER
    sentences = []
    for n, (marker, body) in enumerate(found):
        if model == "foreign" and n == 1:
            marker = len(clauses(user)) + 7
        sentences.append(reworded(body) + ("" if model == "nomarker" else f"[{marker}]") + "。")
    if model == "unsupported":
        sentences.append(MADE_UP)
    if model == "listed":
        items = "\n".join(f"{n}. **{s}**" for n, s in enumerate(sentences, start=1))
        return f"根据上述条文，要求如下：\n{items}\n至于其余部分，{NO_ANSWER}"
    return "".join(sentences)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):  # quiet
        pass

    def _json(self, status: int, data) -> None:
        body = json.dumps(data, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.rstrip("/").endswith("/models"):
            self._json(200, {"object": "list", "data": [{"id": m, "object": "model", "owned_by": "test"} for m in MODELS]})
        elif self.path == "/last":
            self._json(200, _last)
        else:
            self._json(404, {"error": {"message": "not found"}})

    def do_POST(self):
        if not self.path.endswith("/chat/completions"):
            self._json(404, {"error": {"message": "not found"}})
            return
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        _last.clear()
        _last.update(request)
        _last["authorization"] = self.headers.get("Authorization", "")
        model = request.get("model", "good")
        if model == "slow":
            time.sleep(SLOW_SECONDS)
        if model == "error":
            self._json(500, {"error": {"message": "model crashed", "type": "server_error"}})
            return
        text = reply_for(model, request.get("messages", []))
        if request.get("stream"):
            self._stream(model, text)
        elif model == "malformed":
            body = b'{"choices": [{"message": {"content": "half'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self._json(200, {"id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()),
                             "model": model, "choices": [{"index": 0, "finish_reason": "stop",
                                                          "message": {"role": "assistant", "content": text}}],
                             "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}})

    def _stream(self, model: str, text: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()

        def event(data: str) -> None:
            self.wfile.write(f"data: {data}\n\n".encode())
            self.wfile.flush()

        base = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()), "model": model}
        event(json.dumps({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}))
        for n in range(0, len(text), 8):
            if model == "malformed" and n >= 8:
                event('{"choices": [{"delta": {"content": "oops"')
                return
            event(json.dumps({**base, "choices": [{"index": 0, "delta": {"content": text[n:n + 8]}}]},
                             ensure_ascii=False))
            time.sleep(0.01)
        event(json.dumps({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}))
        event("[DONE]")


def start(seconds: float = 30) -> tuple[subprocess.Popen, str]:
    """Run this server as its own process; returns it and its base URL (…/v1) once it answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, __file__, str(port)], env=dict(os.environ),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/models", timeout=2) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.1)
    stop(proc)
    raise RuntimeError("the stand-in chat server did not start")


def stop(proc: subprocess.Popen) -> None:
    stop_app(proc)


def last_request(base: str) -> dict:
    """The body of the last chat request the server received."""
    with urllib.request.urlopen(base.removesuffix("/v1") + "/last", timeout=5) as r:
        return json.loads(r.read())


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Handler)
    server.daemon_threads = True
    print(f"PORT={server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
