"""POST /v1/answer: an answer whose every sentence carries the clause it rests on
(`Answer.to_dict()`, as `plankb answer --json`)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from answer import Answer, answer
from api.deps import get_kb
from api.errors import ApiError
from api.kb import KnowledgeBase

router = APIRouter(tags=["问答"])


class Turn(BaseModel):
    role: str = Field(description="user 或 assistant")
    content: str


class AnswerRequest(BaseModel):
    question: str = Field(description="问题，如 村庄规划报批前要经过什么程序？")
    history: list[Turn] | list[tuple[str, str]] | None = Field(
        default=None, description="此前的对话（追问时给出）：消息列表 [{role, content}]，或 [问题, 回答] 对的列表，按时间先后")
    k: int = Field(default=10, ge=1, le=50, description="检索的条文数")


def pairs(turns: list[dict[str, str]]) -> list[tuple[str, str]]:
    """Chat turns as (question, answer) pairs, oldest first: each user message with the
    assistant reply that follows it ("" when none does)."""
    out: list[tuple[str, str]] = []
    for turn in turns:
        if turn["role"] == "user":
            out.append((turn["content"], ""))
        elif turn["role"] == "assistant" and out and not out[-1][1]:
            out[-1] = (out[-1][0], turn["content"])
    return out


def make_answer(kb: KnowledgeBase, app: FastAPI, question: str, history: list[tuple[str, str]] | None,
                k: int = 10) -> Answer:
    """plankb's answer on the live index, with the language model the server was started with
    (none: the extractive answer)."""
    if not question.strip():
        raise ApiError(400, "问题为空")
    return answer(kb.index(), question, history=history or None, llm=app.state.llm, k=k)


def render(answer: Answer, base: str) -> str:
    """The answer as a chat message: Markdown with each citation linked to the clause in the
    plankb app at `base`; plain text with the citations written out when there is no app."""
    if base:
        return answer.markdown(base)
    return answer.text() + (f"\n\n{answer.note}" if answer.note else "")


@router.post("/answer", summary="回答问题，每句附出处（同 plankb answer --json）")
def answer_question(body: AnswerRequest, request: Request,
                    kb: Annotated[KnowledgeBase, Depends(get_kb)]) -> JSONResponse:
    turns = body.history or []   # either messages or pairs: pydantic takes one form for the whole list
    history = pairs([t.model_dump() for t in turns if isinstance(t, Turn)]) \
        + [(t[0], t[1]) for t in turns if isinstance(t, tuple)]
    result = make_answer(kb, request.app, body.question, history, body.k)
    return JSONResponse(result.to_dict(request.app.state.app_url))
