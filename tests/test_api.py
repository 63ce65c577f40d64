"""The HTTP API (`plankb serve`, issue 17 item 3) tested over the wire: a real server process on
its own copy of the bundled knowledge base, called with httpx. Search, list and check answer
with exactly the CLI's --json; uploads keep the 文库 page's limits and messages; keys guard
every /v1 route; every error is one Chinese line in JSON."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from appserver import stop_app
from click.testing import CliRunner
from conftest import ROOT

from app.cli import cli

KEY = "test-key-甲".encode().hex()   # any string works; hex keeps it a valid header value
PLANS = ROOT / "tests" / "fixtures" / "plans"
RULE = ("某某县农村村民住宅建设管理办法（试行）\n\n"
        "第一条 为了规范农村村民住宅建设，根据有关法律法规，制定本办法。\n\n"
        "第二条 农村村民建设住宅，应当先申请宅基地审批，取得乡村建设规划许可证后方可开工；"
        "每户宅基地面积不得超过一百二十平方米。\n\n"
        "第三条 乡镇人民政府应当在受理申请之日起二十日内作出审批决定，并公示审批结果。\n")


@dataclass(frozen=True)
class Server:
    url: str
    home: Path
    proc: subprocess.Popen
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home: Path, env: dict[str, str] | None = None, seconds: float = 120) -> Server:
    """`plankb serve` on a free localhost port with its output in home/serve.log; returns once
    /health answers.

    Raises:
        RuntimeError: the server did not come up in time (with the log's tail).
    """
    port = free_port()
    log = home.parent / f"serve-{port}.log"
    environment = {**os.environ, "PLANKB_HOME": str(home), **(env or {})}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--home", str(home)],
                                cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return Server(url, home, proc, log)
        except httpx.TransportError:
            time.sleep(0.3)
    stop_server(proc)
    raise RuntimeError(f"plankb serve did not start: {log.read_text(errors='replace')[-2000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    stop_app(proc, timeout=15)


@pytest.fixture(scope="module")
def server(seeded_home, tmp_path_factory) -> Iterator[Server]:
    """One server for the module, on its own copy of the bundled knowledge base, with two keys
    and a 1 MB upload limit (so an over-size upload is cheap to send)."""
    home = tmp_path_factory.mktemp("api") / "kb"
    shutil.copytree(seeded_home, home)
    running = start_server(home, {"PLANKB_API_KEYS": f" {KEY} , second-key ", "PLANKB_MAX_FILE_MB": "1"})
    yield running
    stop_server(running.proc)
    log = running.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]


@pytest.fixture(scope="module")
def api(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {KEY}"}, timeout=120) as client:
        yield client


def cli_json(*args: str) -> object:
    result = CliRunner().invoke(cli, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def error_of(response: httpx.Response) -> str:
    """The one-line message of an error response (and the shape every error has)."""
    assert response.headers["content-type"].startswith("application/json"), response.text
    body = response.json()
    message = body["error"]["message"]
    assert isinstance(message, str) and message and "\n" not in message
    assert "Traceback" not in response.text and 'File "' not in response.text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    return message


# -- keys ---------------------------------------------------------------------------------

@pytest.mark.parametrize("headers, expected", [
    ({}, "需要 API 密钥"), ({"Authorization": "Bearer wrong"}, "API 密钥无效"),
    ({"Authorization": f"Basic {KEY}"}, "需要 API 密钥")])
@pytest.mark.parametrize("method, path", [("GET", "/v1/search?q=宅基地"), ("GET", "/v1/documents"),
                                          ("DELETE", "/v1/documents/城乡规划法"), ("GET", "/v1/models"),
                                          ("POST", "/v1/chat/completions"), ("POST", "/v1/check")])
def test_every_v1_route_refuses_a_request_without_a_valid_key(server, method, path, headers, expected):
    response = httpx.request(method, server.url + path, headers=headers, timeout=30)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert expected in error_of(response)


def test_each_configured_key_is_accepted_and_docs_need_none(server):
    for key in (KEY, "second-key"):
        response = httpx.get(f"{server.url}/v1/search", params={"q": "宅基地", "k": 1},
                             headers={"Authorization": f"Bearer {key}"}, timeout=30)
        assert response.status_code == 200 and len(response.json()) == 1
    assert httpx.get(f"{server.url}/docs", timeout=30).status_code == 200
    schema = httpx.get(f"{server.url}/openapi.json", timeout=30).json()
    assert {"/v1/search", "/v1/answer", "/v1/documents", "/v1/documents/{doc}", "/v1/check", "/v1/models",
            "/v1/chat/completions"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_the_reference_page_works_offline_in_a_browser_and_is_chinese(server, browser, tmp_path):
    """/docs is our own page, drawn from the schema: every endpoint with its parameters, no script
    and no request to any other host (FastAPI's Swagger UI comes from a CDN: blank offline)."""
    from browser import english_words, new_page, visible_text

    page = new_page(browser)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{server.url}/docs")
    page.get_by_text("接口说明").first.wait_for(timeout=30_000)
    text = visible_text(page)
    for path in ("/v1/search", "/v1/answer", "/v1/documents", "/v1/documents/{doc}", "/v1/check",
                 "/v1/chat/completions"):
        assert path in text, path
    assert "检索知识库" in text and "问题或条文引用" in text and "一份或多份村庄规划" in text
    assert "上传文件入库" in text and "文件" in text and "参数不合法" in text
    assert all(u.startswith(server.url) for u in requests), requests
    assert page.locator("script").count() == 0
    # outside code (parameter names, values, commands) English is only method and protocol names
    prose = page.evaluate("""() => { const b = document.body.cloneNode(true);
        b.querySelectorAll('code').forEach(e => e.remove()); return b.innerText; }""")
    left = {w.lower() for w in english_words(prose)} - {
        "get", "post", "delete", "http", "json", "openai", "openapi", "open", "webui", "cherry", "studio",
        "chatbox", "plankb", "api", "message"}
    assert not left, sorted(left)
    page.screenshot(path=str(tmp_path / "docs.png"), full_page=True)
    page.context.close()


# -- search and list: the CLI's JSON ---------------------------------------------------------

@pytest.mark.parametrize("params", [
    {"q": "村庄规划报批前要经过什么程序", "k": 5},
    {"q": "土地管理法第六十二条", "k": 3},
    {"q": "宅基地面积标准", "k": 4, "mode": "keyword", "kind": "法律"},
    {"q": "农村村民建住宅", "k": 5, "region": "浙江省"},
    {"q": "乡村建设规划许可", "k": 3, "mode": "dense", "national": "true"},
])
def test_search_json_is_the_clis(api, server, params):
    response = api.get("/v1/search", params=params)
    assert response.status_code == 200, response.text
    args = ["search", params["q"], "-k", str(params["k"]), "--home", str(server.home)]
    for name in ("mode", "kind", "region"):
        if name in params:
            args += [f"--{name}", str(params[name])]
    if "national" in params:
        args.append("--national")
    expected = cli_json(*args)
    assert response.json() == expected
    assert len(expected) == params["k"]   # each query finds something: the comparison is not of two empty lists


def test_list_json_is_the_clis(api, server):
    response = api.get("/v1/documents")
    assert response.status_code == 200
    assert response.json() == cli_json("list", "--home", str(server.home))


@pytest.mark.parametrize("params, expected", [
    ({}, "缺少问题 q"), ({"q": "  "}, "问题为空"), ({"q": "宅基地", "k": "abc"}, "条数 k 应为数字"),
    ({"q": "宅基地", "k": 0}, "条数 k 不能小于 1"), ({"q": "宅基地", "mode": "fuzzy"}, "检索方式 mode 的取值不合法"),
    ({"q": "宅基地", "kind": "小说"}, "未知的文件类型“小说”")])
def test_a_bad_search_is_a_400_with_one_chinese_line(api, params, expected):
    response = api.get("/v1/search", params=params)
    assert response.status_code == 400
    assert expected in error_of(response)


def test_an_unknown_route_is_a_json_404(api):
    response = api.get("/v1/nothing-here")
    assert response.status_code == 404 and error_of(response) == "没有这个接口"


# -- documents: upload, refusals, removal --------------------------------------------------

def doc_ids(api: httpx.Client) -> list[str]:
    return [d["doc_id"] for d in api.get("/v1/documents").json()]


def test_upload_a_text_file_then_search_and_remove_it(api, tmp_path):
    before = doc_ids(api)
    response = api.post("/v1/documents", files=[("files", ("某某县农村村民住宅建设管理办法.txt", RULE.encode(), "text/plain"))])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["added"] == ["某某县农村村民住宅建设管理办法"] and body["errors"] == []
    assert body["documents"][0]["title"] == "某某县农村村民住宅建设管理办法（试行）"
    assert body["documents"][0]["clause_count"] == 3
    assert doc_ids(api) == before + ["某某县农村村民住宅建设管理办法"]
    hits = api.get("/v1/search", params={"q": "宅基地审批后取得乡村建设规划许可证方可开工", "k": 3}).json()
    assert (hits[0]["doc_id"], hits[0]["label"]) == ("某某县农村村民住宅建设管理办法", "第二条")

    removed = api.delete("/v1/documents/某某县农村村民住宅建设管理办法")
    assert removed.status_code == 200, removed.text
    assert removed.json()["removed"]["doc_id"] == "某某县农村村民住宅建设管理办法"
    assert "已删除" in removed.json()["message"]
    assert doc_ids(api) == before
    again = api.delete("/v1/documents/某某县农村村民住宅建设管理办法")
    assert again.status_code == 404 and "知识库中没有文件" in error_of(again)


@pytest.mark.parametrize("name, content, status, expected", [
    pytest.param("旧版公文.doc", b"\xd0\xcf\x11\xe0 old word", 415,
                 "旧版公文.doc: 不支持的文件类型 .doc（支持 PDF、DOCX、TXT、MD、HTML 和扫描图片），请另存为 DOCX 或 PDF", id="doc"),
    pytest.param("扫描件.pdf", b"not a pdf at all", 422, "扫描件.pdf: ", id="broken-pdf"),
    pytest.param("空白.txt", b"", 422, "空白.txt: 文件为空", id="empty"),
    pytest.param("超大文件.txt", None, 413, "超大文件.txt：文件 2 MB，超过上限 1 MB，已跳过", id="over-limit"),
])
def test_a_bad_upload_is_refused_by_name_and_the_library_keeps_everything(api, server, name, content, status, expected):
    before = api.get("/v1/documents").json()
    content = "第一条 内容。\n".encode() * 120_000 if content is None else content   # 2.4 MB
    response = api.post("/v1/documents", files=[("files", (name, content, "application/octet-stream"))])
    assert response.status_code == status, response.text
    message = error_of(response)
    assert message.startswith(expected), message
    assert response.json()["added"] == [] and response.json()["errors"] == [message]
    assert api.get("/v1/documents").json() == before
    assert api.get("/v1/search", params={"q": "城乡规划法第二十二条", "k": 1}).json()[0]["label"] == "第二十二条"
    leftovers = [p for p in (server.home / "uploads").rglob("*") if p.is_file() and p.name == name]
    assert leftovers == [], "a refused file is not kept under uploads/"


def test_a_batch_with_one_bad_file_adds_the_good_one_and_names_the_bad(api):
    response = api.post("/v1/documents", files=[("files", ("旧版公文.wps", b"junk", "application/octet-stream")),
                                                ("files", ("乡村住宅办法.txt", RULE.encode(), "text/plain"))])
    assert response.status_code == 415
    assert error_of(response).startswith("旧版公文.wps: 不支持的文件类型 .wps")
    assert response.json()["added"] == ["乡村住宅办法"]
    assert "乡村住宅办法" in doc_ids(api)
    assert api.delete("/v1/documents/乡村住宅办法").status_code == 200


def test_remove_takes_names_as_plankb_remove_does(api):
    response = api.delete("/v1/documents/规划")   # a fragment of many titles: refused, nothing removed
    assert response.status_code == 404
    assert "规划" in error_of(response)
    assert "城乡规划法" in doc_ids(api)


# -- check -------------------------------------------------------------------------------------

def test_check_returns_the_clis_report_json(api, server):
    plan = PLANS / "henan_conflict.md"
    started = time.perf_counter()
    response = api.post("/v1/check", files=[("plans", (plan.name, plan.read_bytes(), "text/markdown"))])
    seconds = time.perf_counter() - started
    assert response.status_code == 200, response.text
    reports = response.json()
    assert [r["plan"] for r in reports] == ["henan_conflict.md"]
    expected = cli_json("check", str(plan), "--home", str(server.home))
    assert isinstance(expected, list)
    assert reports == [{**expected[0], "plan": "henan_conflict.md"}]
    statuses = {r["id"]: r["status"] for r in reports[0]["results"]}
    assert "conflict" in statuses.values(), statuses
    assert seconds < 120


def test_check_against_an_upper_allocation_and_a_bad_plan_in_the_batch(api):
    plan = PLANS / "henan_conflict.md"
    allocation = "指标,数值,单位,关系\n村庄建设用地规模,50.00,公顷,不超过\n".encode()
    response = api.post("/v1/check", files=[("plans", ("张湾村规划.doc", b"junk", "application/msword")),
                                            ("plans", (plan.name, plan.read_bytes(), "text/markdown")),
                                            ("upper", ("乡镇下达指标.csv", allocation, "text/csv"))])
    assert response.status_code == 422, response.text
    assert error_of(response).startswith("张湾村规划.doc: 不支持的文件类型 .doc")
    reports = response.json()["reports"]
    assert [r["plan"] for r in reports] == ["henan_conflict.md"]
    above = [t for t in reports[0]["transmission"] if t["kind"] == "above_allocation"]
    assert [t["subject"] for t in above] == ["村庄建设用地规模"]
    assert "乡镇下达指标.csv" in above[0]["upper"]


def test_check_refuses_an_unreadable_upper_plan_and_a_catalogue_path(api):
    plan = PLANS / "henan_conflict.md"
    response = api.post("/v1/check", files=[("plans", (plan.name, plan.read_bytes(), "text/markdown")),
                                            ("upper", ("上位规划.pdf", b"broken", "application/pdf"))])
    assert response.status_code == 422 and "上位规划 上位规划.pdf 无法读取" in error_of(response)
    response = api.post("/v1/check", data={"catalogue": "../../etc/passwd"},
                        files=[("plans", (plan.name, plan.read_bytes(), "text/markdown"))])
    assert response.status_code == 400 and "要求目录名不合法" in error_of(response)
    response = api.post("/v1/check", data={"catalogue": "no_such_catalogue"},
                        files=[("plans", (plan.name, plan.read_bytes(), "text/markdown"))])
    assert response.status_code == 400 and "找不到要求目录" in error_of(response)
