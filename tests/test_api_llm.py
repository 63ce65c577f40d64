"""The API with a language model (PLANKB_LLM): a real `plankb serve` whose model is the stand-in
OpenAI-compatible server of tests/fake_llm.py, set to add a sentence no clause supports. What a
chat client receives, streamed or not, is the checked answer: the made-up sentence is marked
未找到依据 and cites nothing, and none of the model's raw text ([n] markers) reaches the client."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from conftest import ROOT
from openai import OpenAI
from test_api import Server, start_server, stop_server

QUESTION = "村庄规划报批前要经过什么程序？"
MADE_UP = "此外，村庄规划还须报国务院批准，并缴纳五十万元规划保证金"   # fake_llm.MADE_UP without its marker


@pytest.fixture(scope="module")
def model_url() -> Iterator[str]:
    """The stand-in model server on a free localhost port."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "fake_llm.py")], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.startswith("PORT="), line
        yield f"http://127.0.0.1:{line.strip()[5:]}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(seeded_home, tmp_path_factory, model_url) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("llm") / "kb"
    shutil.copytree(seeded_home, home)
    running = start_server(home, {"PLANKB_LLM": f"openai://{model_url[7:]}/v1?model=unsupported",
                                  "PLANKB_LLM_KEY": "model-secret", "PLANKB_API_KEYS": "", "PLANKB_APP_URL": ""})
    yield running
    stop_server(running.proc)
    assert "Traceback" not in running.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def client(server) -> OpenAI:
    return OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0, timeout=120)


def test_the_server_answers_with_the_configured_model(server, model_url):
    answered = httpx.post(f"{server.url}/v1/answer", json={"question": QUESTION}, timeout=120).json()
    assert answered["mode"] == "llm", answered
    assert "未找到依据" in answered["note"]
    made_up = [s for s in answered["sentences"] if s["text"].startswith(MADE_UP)]
    assert len(made_up) == 1 and not made_up[0]["supported"] and made_up[0]["citations"] == []
    assert all(s["citations"] for s in answered["sentences"] if s["supported"])
    asked = httpx.get(f"{model_url}/last", timeout=10).json()
    assert asked["model"] == "unsupported" and asked["authorization"] == "Bearer model-secret"
    assert QUESTION.rstrip("？") in asked["messages"][-1]["content"]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_a_chat_client_gets_the_checked_answer_never_the_raw_reply(client, stream):
    messages = [{"role": "user", "content": QUESTION}]
    if stream:
        chunks = list(client.chat.completions.create(model="plankb", messages=messages, stream=True))
        content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        assert chunks[-1].choices[0].finish_reason == "stop"
    else:
        content = client.chat.completions.create(model="plankb", messages=messages).choices[0].message.content or ""
    assert re.search(re.escape(MADE_UP) + r"。?（未找到依据）", content), content
    assert content.count(MADE_UP) == 1
    assert "〔《" in content, "the supported sentences keep their citations"
    assert "[1]" not in content and "[2]" not in content, "the model's markers never reach the client"
