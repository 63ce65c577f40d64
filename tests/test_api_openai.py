"""plankb as a model for chat front-ends (issue 17 item 3): a real `plankb serve` process called
with OpenAI's own client package, as Open WebUI, Cherry Studio and ChatBox call it. The chat
answer is plankb's answer (POST /v1/answer) with its citations linked to the app's 阅读 page;
streamed, it is the same answer in OpenAI's chunk format; a follow-up is read in the
conversation; errors reach the client as OpenAI errors with one Chinese line."""
from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator

import httpx
import openai
import pytest
from click.testing import CliRunner
from openai import OpenAI
from test_api import Server, start_server, stop_server

from app.cli import cli

KEY = "chat-key"
APP_URL = "http://127.0.0.1:8501"   # where the app would be: only written into links, never called
QUESTION = "村庄规划报批前要经过什么程序？"


@pytest.fixture(scope="module")
def server(seeded_home, tmp_path_factory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("chat") / "kb"
    shutil.copytree(seeded_home, home)
    running = start_server(home, {"PLANKB_API_KEYS": KEY, "PLANKB_APP_URL": APP_URL, "PLANKB_LLM": ""})
    yield running
    stop_server(running.proc)
    log = running.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]


@pytest.fixture(scope="module")
def client(server) -> OpenAI:
    return OpenAI(base_url=f"{server.url}/v1", api_key=KEY, max_retries=0, timeout=120)


@pytest.fixture(scope="module")
def api(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {KEY}"}, timeout=120) as c:
        yield c


@pytest.fixture(scope="module")
def answered(api) -> dict:
    """POST /v1/answer for QUESTION: what the chat answer must say."""
    response = api.post("/v1/answer", json={"question": QUESTION})
    assert response.status_code == 200, response.text
    return response.json()


def unescaped(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def test_models_list_has_plankb(client):
    assert [m.id for m in client.models.list()] == ["plankb"]
    assert client.models.retrieve("plankb").id == "plankb"


def test_answer_json_is_the_clis(answered, server):
    result = CliRunner().invoke(cli, ["answer", QUESTION, "--json", "--home", str(server.home)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    expected = json.loads(result.stdout)

    def without_links(value):   # the server links citations to APP_URL; the CLI has no app to link to
        if isinstance(value, dict):
            return {k: without_links(v) for k, v in value.items() if k != "link"}
        if isinstance(value, list):
            return [without_links(v) for v in value]
        return value

    assert without_links(answered) == without_links(expected)
    assert answered["sentences"] and all(s["citations"] for s in answered["sentences"])


def test_chat_completion_is_plankbs_answer_with_linked_citations(client, api, answered):
    reply = client.chat.completions.create(model="plankb", messages=[
        {"role": "system", "content": "你是规划助手。"}, {"role": "user", "content": QUESTION}])
    assert reply.model == "plankb" and reply.object == "chat.completion"
    choice = reply.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    content = choice.message.content or ""
    for sentence in answered["sentences"]:
        assert sentence["text"] in unescaped(content)
    documents = {d["doc_id"]: d for d in api.get("/v1/documents").json()}
    for citation in answered["citations"]:
        assert f"[{citation['citation']}]({citation['link']})" in content
        assert citation["link"].startswith(f"{APP_URL}/read?doc=")
        # the citation resolves to that clause of a document in the knowledge base
        assert citation["doc_id"] in documents
        hit = api.get("/v1/search", params={"q": f"{documents[citation['doc_id']]['title']}{citation['label']}",
                                            "k": 1, "doc": citation["doc_id"]}).json()[0]
        assert (hit["doc_id"], hit["label"]) == (citation["doc_id"], citation["label"])
    assert "依据" in content
    extra = reply.model_extra or {}
    assert [c["clause_id"] for c in extra["citations"]] == [c["clause_id"] for c in answered["citations"]]


def test_streaming_sends_the_same_answer_in_openai_chunks(client):
    whole = client.chat.completions.create(model="plankb", messages=[{"role": "user", "content": QUESTION}])
    stream = client.chat.completions.create(model="plankb", messages=[{"role": "user", "content": QUESTION}],
                                            stream=True, stream_options={"include_usage": True})
    chunks = list(stream)
    assert all(c.object == "chat.completion.chunk" and c.model == "plankb" for c in chunks)
    assert len({c.id for c in chunks}) == 1
    with_choices = [c for c in chunks if c.choices]
    assert with_choices[0].choices[0].delta.role == "assistant"
    texts = [c.choices[0].delta.content for c in with_choices if c.choices[0].delta.content]
    assert len(texts) > 1, "sent in pieces, not as one block"
    assert "".join(texts) == whole.choices[0].message.content
    assert [c.choices[0].finish_reason for c in with_choices][-1] == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0


def test_a_follow_up_is_answered_in_the_conversation(client, api, answered):
    first = client.chat.completions.create(model="plankb", messages=[{"role": "user", "content": QUESTION}])
    history = [{"role": "user", "content": QUESTION},
               {"role": "assistant", "content": first.choices[0].message.content or ""}]
    follow_up = "要公示多久？"
    reply = client.chat.completions.create(model="plankb", messages=[*history, {"role": "user", "content": follow_up}])
    expected = api.post("/v1/answer", json={"question": follow_up, "history": history}).json()
    assert expected["question"] == follow_up and expected["rewritten"] != follow_up
    assert "村庄规划" in expected["rewritten"], expected["rewritten"]
    content = reply.choices[0].message.content or ""
    for sentence in expected["sentences"]:
        assert sentence["text"] in unescaped(content)
    alone = api.post("/v1/answer", json={"question": follow_up}).json()
    assert alone["rewritten"] == follow_up, "without the conversation the question stays as asked"


def test_a_question_nothing_answers_says_so(client):
    reply = client.chat.completions.create(model="plankb", messages=[{"role": "user", "content": "量子计算机的纠错码怎么设计？"}])
    content = reply.choices[0].message.content or ""
    assert "没有找到" in content and "〔" not in content


def test_errors_reach_the_openai_client_as_one_chinese_line(server, client):
    with pytest.raises(openai.AuthenticationError) as caught:
        OpenAI(base_url=f"{server.url}/v1", api_key="wrong", max_retries=0).models.list()
    assert caught.value.status_code == 401 and "API 密钥无效" in caught.value.message
    with pytest.raises(openai.BadRequestError) as bad:
        client.chat.completions.create(model="plankb", messages=[{"role": "system", "content": "只有系统消息"}])
    assert "对话中没有用户消息" in bad.value.message
    with pytest.raises(openai.BadRequestError) as empty:
        client.chat.completions.create(model="plankb", messages=[{"role": "user", "content": "   "}], stream=True)
    assert "问题为空" in empty.value.message
    with pytest.raises(openai.NotFoundError) as missing:
        client.models.retrieve("gpt-4o")
    assert "没有模型" in missing.value.message


def test_multi_part_content_is_read_as_text(client, answered):
    reply = client.chat.completions.create(model="plankb", messages=[
        {"role": "user", "content": [{"type": "text", "text": QUESTION}]}])
    assert answered["sentences"][0]["text"] in unescaped(reply.choices[0].message.content or "")
