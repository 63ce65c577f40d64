"""The HTTP API of plankb (`plankb serve`): search, answers, the library and the gap check
under /v1 with the CLI's JSON contracts, plus the OpenAI chat protocol so that chat
front-ends (Open WebUI, Cherry Studio, ChatBox) can use plankb as a model.

    uvicorn --factory api.app:factory    # Settings and keys from the environment
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from fastapi import Depends, FastAPI
from fastapi.responses import HTMLResponse

from api import docs_page, errors, openai_compat, routes_answer, routes_check, routes_documents, routes_search
from api.deps import key_check
from api.kb import KnowledgeBase
from ingest.settings import Settings
from ingest.tokenize import configure as configure_tokenizer

DESCRIPTION = """政策与规划文件知识库 plankb 的 HTTP 接口。

- `/v1/search`、`/v1/answer`、`/v1/documents`、`/v1/check`：与命令行 `--json` 输出相同的 JSON；
- `/v1/models`、`/v1/chat/completions`：OpenAI 对话协议（含流式），可在 Open WebUI、Cherry Studio、ChatBox 中作为模型使用；
- 设置了 `PLANKB_API_KEYS` 时，每个 `/v1` 请求都要带 `Authorization: Bearer <密钥>`；
- 出错时返回 `{"error": {"message": "……"}}`，message 是一行中文说明。
"""


def keys_from_env() -> tuple[str, ...]:
    """PLANKB_API_KEYS: comma-separated keys; empty or unset means no key is asked for."""
    return tuple(k.strip() for k in os.environ.get("PLANKB_API_KEYS", "").split(",") if k.strip())


def create_app(settings: Settings, api_keys: Sequence[str] = (), app_url: str = "", llm: object | None = None) -> FastAPI:
    """The API over the knowledge base at `settings.home`.

    Args:
        settings: the one Settings (home, upload limit, embedder, store).
        api_keys: keys a /v1 request must present as `Authorization: Bearer KEY`; none: open.
        app_url: where the plankb app (`plankb app`) is reached, e.g. http://host:8501; answers
            link each citation to the clause in its 阅读 page there. "": citations without links.
        llm: the language model answers are generated with (`answer.llm_from_env()`, PLANKB_LLM);
            None: extractive answers, offline.
    """
    configure_tokenizer(settings.dict_dir)
    try:
        release = version("plankb")
    except PackageNotFoundError:
        release = "0"
    # FastAPI's /docs loads Swagger UI from a CDN (blank on an air-gapped server): ours is served here
    app = FastAPI(title="plankb API", version=release, description=DESCRIPTION, docs_url=None, redoc_url=None)
    app.state.kb = KnowledgeBase(settings)
    app.state.app_url = app_url.rstrip("/")
    app.state.llm = llm
    errors.install(app)
    guard = [Depends(key_check(api_keys))]
    for module in (routes_search, routes_answer, routes_documents, routes_check, openai_compat):
        app.include_router(module.router, prefix="/v1", dependencies=guard)

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        return HTMLResponse(docs_page.render(app.openapi()))

    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def factory() -> FastAPI:
    """The app as configured by the environment (PLANKB_HOME, PLANKB_API_KEYS, PLANKB_APP_URL, …)."""
    from answer import llm_from_env
    return create_app(Settings.from_env(), keys_from_env(), os.environ.get("PLANKB_APP_URL", ""), llm_from_env())
