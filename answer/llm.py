"""A client for OpenAI-compatible chat servers (vLLM, Ollama, Xinference, LM Studio …) over httpx.

Configured by `PLANKB_LLM=openai://HOST:PORT/v1?model=NAME` (openais:// for HTTPS; a plain
http(s):// URL with ?model= works too; &timeout=SECONDS sets the timeout) and a key from
PLANKB_LLM_KEY or OPENAI_API_KEY. Every failure — refused, slow, an HTTP error, a body that is
not the protocol's JSON — raises `LLMError` with one Chinese line saying what went wrong, so
the caller can fall back to the extractive answer.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

from ingest.errors import PlanKBError

STREAM_LIMIT = 10       # a streamed answer may take at most this many timeouts in all


class LLMError(PlanKBError):
    """The language model server could not give an answer (down, slow or malformed)."""


@dataclass(frozen=True)
class LLMConfig:
    """Where the model is: the OpenAI-style base URL (…/v1), the model's name, a key and the
    seconds to wait for the server (to connect, and between streamed pieces)."""

    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 30.0
    temperature: float = 0.1
    max_tokens: int = 1024


def parse_llm_url(value: str, api_key: str = "") -> LLMConfig:
    """PLANKB_LLM's value -> LLMConfig: openai://127.0.0.1:8000/v1?model=qwen2.5-7b-instruct.

    Raises:
        LLMError: the value is not such a URL or names no model.
    """
    parts = urlsplit(value.strip())
    scheme = {"openai": "http", "openais": "https", "http": "http", "https": "https"}.get(parts.scheme)
    query = parse_qs(parts.query)
    model = (query.get("model") or [""])[0]
    if scheme is None or not parts.netloc or not model:
        raise LLMError(f"PLANKB_LLM 的格式不对：{value!r}；应为 openai://主机:端口/v1?model=模型名")
    try:
        timeout = float((query.get("timeout") or ["30"])[0])
    except ValueError:
        raise LLMError(f"PLANKB_LLM 的 timeout 不是秒数：{value!r}") from None
    base = urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") or "/v1", "", ""))
    return LLMConfig(base_url=base, model=model, api_key=api_key, timeout=timeout)


def llm_from_env(environ: dict[str, str] | None = None) -> LLMConfig | None:
    """The model configured by PLANKB_LLM (key from PLANKB_LLM_KEY or OPENAI_API_KEY); None when
    it is unset, so answers stay extractive and offline.

    Raises:
        LLMError: PLANKB_LLM is set but malformed.
    """
    env = os.environ if environ is None else environ
    value = env.get("PLANKB_LLM", "").strip()
    if not value:
        return None
    return parse_llm_url(value, env.get("PLANKB_LLM_KEY") or env.get("OPENAI_API_KEY") or "")


class LLMClient:
    """Chat completions against one configured server (a new HTTP connection per call)."""

    def __init__(self, config: LLMConfig) -> None:
        self.config = config

    def _request(self, messages: list[dict[str, str]], stream: bool) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.config.model, "messages": messages, "stream": stream,
                                "temperature": self.config.temperature, "max_tokens": self.config.max_tokens}
        headers = {"Accept": "text/event-stream" if stream else "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        return {"url": f"{self.config.base_url}/chat/completions", "json": body, "headers": headers}

    def complete(self, messages: list[dict[str, str]]) -> str:
        """The model's whole reply to `messages`.

        Raises:
            LLMError: the server is down, slow, answers an HTTP error or malformed JSON.
        """
        import httpx

        try:
            with httpx.Client(timeout=self.config.timeout) as client:
                response = client.post(**self._request(messages, stream=False))
        except httpx.HTTPError as exc:
            raise self._failure(exc) from None
        self._check_status(response.status_code, response.text)
        return _content(_json(response.text), "message")

    def stream(self, messages: list[dict[str, str]]) -> Iterator[str]:
        """The model's reply in pieces as the server sends them (server-sent events).

        A server that answers a streaming request with one JSON body is read as one piece.

        Raises:
            LLMError: as `complete`, also for a malformed event or a stream that stops early.
        """
        import httpx

        deadline = time.monotonic() + STREAM_LIMIT * self.config.timeout
        try:
            with httpx.Client(timeout=self.config.timeout) as client, \
                    client.stream("POST", **self._request(messages, stream=True)) as response:
                if response.status_code != 200:
                    self._check_status(response.status_code, response.read().decode("utf-8", "replace"))
                if "text/event-stream" not in response.headers.get("content-type", ""):
                    yield _content(_json(response.read().decode("utf-8", "replace")), "message")
                    return
                done = False
                for line in response.iter_lines():
                    if time.monotonic() > deadline:
                        raise LLMError(f"语言模型服务超时（回答超过 {STREAM_LIMIT * self.config.timeout:.0f} 秒）")
                    if not line.startswith("data:"):
                        continue  # comments (: keep-alive), event names, blank separators
                    payload = line[5:].strip()
                    if payload == "[DONE]":
                        done = True
                        break
                    event = _json(payload)
                    if event.get("error"):
                        raise LLMError(f"语言模型服务报错：{_error_text(event['error'])}")
                    piece = _content(event, "delta", allow_empty=True)
                    if piece:
                        yield piece
                if not done:
                    raise LLMError("语言模型服务的流式回答中断（没有收到结束标记）")
        except httpx.HTTPError as exc:
            raise self._failure(exc) from None

    def models(self) -> list[str]:
        """The model names the server offers (GET /models)."""
        import httpx

        try:
            with httpx.Client(timeout=self.config.timeout) as client:
                response = client.get(f"{self.config.base_url}/models", headers=self._request([], False)["headers"])
        except httpx.HTTPError as exc:
            raise self._failure(exc) from None
        self._check_status(response.status_code, response.text)
        data = _json(response.text).get("data")
        if not isinstance(data, list):
            raise LLMError("语言模型服务返回的模型列表格式不对")
        return [str(m.get("id")) for m in data if isinstance(m, dict)]

    def _failure(self, exc: Exception) -> LLMError:
        import httpx

        if isinstance(exc, httpx.TimeoutException):
            return LLMError(f"语言模型服务超时（{self.config.timeout:g} 秒内没有响应）")
        if isinstance(exc, httpx.ConnectError):
            return LLMError(f"无法连接语言模型服务（{self.config.base_url}）")
        return LLMError(f"语言模型服务通信失败（{type(exc).__name__}）")

    def _check_status(self, status: int, text: str) -> None:
        if status == 200:
            return
        detail = ""
        try:
            detail = _error_text(json.loads(text).get("error", ""))
        except (ValueError, AttributeError):
            pass
        raise LLMError(f"语言模型服务返回 HTTP {status}" + (f"：{detail}" if detail else ""))


def _json(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        raise LLMError("语言模型服务返回的内容不是有效的 JSON") from None
    if not isinstance(data, dict):
        raise LLMError("语言模型服务返回的 JSON 格式不对")
    return data


def _content(data: dict[str, Any], key: str, allow_empty: bool = False) -> str:
    """choices[0].message.content (or .delta.content of a streamed event)."""
    try:
        choice = data["choices"][0] if data["choices"] else {}
        part = choice.get(key) or {}
        content = part.get("content") if isinstance(part, dict) else None
    except (KeyError, TypeError, AttributeError, IndexError):
        raise LLMError("语言模型服务返回的 JSON 缺少 choices") from None
    if content is None:
        if allow_empty:
            return ""
        raise LLMError("语言模型服务返回的 JSON 没有回答内容")
    if not isinstance(content, str):
        raise LLMError("语言模型服务返回的回答内容不是文本")
    return content


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        return str(error.get("message") or error.get("type") or "")[:200]
    return str(error)[:200]
