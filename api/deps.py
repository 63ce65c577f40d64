"""What routes take from the application: the knowledge base, and the API-key check."""
from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiError
from api.kb import KnowledgeBase

_bearer = HTTPBearer(auto_error=False, description="PLANKB_API_KEYS 中的一个密钥")
NO_KEY = "需要 API 密钥：请在请求头加上 Authorization: Bearer <密钥>"
BAD_KEY = "API 密钥无效"


class Unauthorized(ApiError):
    """No key, or a key not among PLANKB_API_KEYS."""

    def __init__(self, message: str) -> None:
        super().__init__(401, message, headers={"WWW-Authenticate": "Bearer"})


def get_kb(request: Request) -> KnowledgeBase:
    return request.app.state.kb


def key_check(keys: Sequence[str]) -> Callable[..., Awaitable[None]]:
    """A dependency that lets a request through only with one of `keys` (all, when none is set)."""
    wanted = [k.encode() for k in keys if k]

    async def check(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
        if not wanted:
            return
        if credentials is None:
            raise Unauthorized(NO_KEY)
        given = credentials.credentials.encode()
        # compare with every key, so the time taken does not tell which one nearly matched
        if not any([secrets.compare_digest(given, k) for k in wanted]):
            raise Unauthorized(BAD_KEY)

    return check
