"""POST /v1/answer: an answer whose every sentence carries the clause it rests on
(`Answer.to_dict()`, as `plankb answer --json`)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.deps import get_kb
from api.errors import ApiError
from api.kb import KnowledgeBase

if TYPE_CHECKING:
    from answer import Answer

router = APIRouter(tags=["问答"])


class Turn(BaseModel):
    role: str = Field(description="user 或 assistant")
    content: str


class AnswerRequest(BaseModel):
    question: str = Field(description="问题，如 村庄规划报批前要经过什么程序？")
    history: list[Turn] | None = Field(default=None, description="此前的对话（追问时给出，如 那宅基地呢？ 之前的问答）")
    k: int = Field(default=10, ge=1, le=50, description="检索的条文数")


def make_answer(kb: KnowledgeBase, app: FastAPI, question: str, history: list[dict[str, str]] | None,
                k: int = 10) -> Answer:
    """plankb's answer on the live index, with the language model the server was started with
    (none: the extractive answer)."""
    from answer import answer
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
    history: list[dict[str, Any]] = [t.model_dump() for t in body.history or []]
    result = make_answer(kb, request.app, body.question, history, body.k)
    return JSONResponse(result.to_dict(request.app.state.app_url))
