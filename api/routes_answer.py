"""POST /v1/answer: an answer with its citations (`Answer.to_dict()`, as `plankb answer --json`)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.deps import get_kb
from api.kb import KnowledgeBase

router = APIRouter(tags=["问答"])


class AnswerRequest(BaseModel):
    question: str = Field(description="问题，如 村庄规划报批前要经过什么程序？")
    history: list[dict] | None = Field(default=None, description="此前的对话（追问时给出）")
    k: int = Field(default=10, ge=1, le=50, description="检索的条文数")


@router.post("/answer", summary="回答问题，每句附出处（同 plankb answer --json）")
def answer(request: AnswerRequest, kb: Annotated[KnowledgeBase, Depends(get_kb)]) -> JSONResponse:
    raise NotImplementedError  # until the answer engine lands
