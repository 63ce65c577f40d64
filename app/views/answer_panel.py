"""回答 on 检索: the answer above the result cards, and the short conversation it belongs to.

Each question asked on the page is a turn of the session's conversation (its last `MAX_TURNS`).
A follow-up (要公示多久？) is answered with the turns before it as history, so the answer engine
makes it whole (村庄规划要公示多久？) before retrieving. A turn keeps its answer: a rerun of the
page (a page switch and back, a click elsewhere) shows it again without answering anew, unless
the sidebar's search settings or the knowledge base changed. 新对话 clears the conversation.

Citations link to the clause in 阅读 in a new browser tab: following a link replaces the page
and its session, and with it the conversation the next follow-up needs.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, cast

import streamlit as st

from answer import Answer, LLMError, answer, llm_from_env, stream_answer
from index.search import Filters, Hit, Index
from ingest.errors import PlanKBError

CONVERSATION = "conversation"
MAX_TURNS = 5           # a short conversation: follow-ups lean on the last question or two
ANSWER_K = 10           # clauses retrieved as evidence (the engine's tuned default)
LINK_BASE = "."         # citations as ./read?doc=… : relative, so they work under any URL prefix
MODE_ZH = {"extractive": "以下句子均摘自条文原文，每句后附出处，点击可在新标签页中打开该条。",
           "llm": "以下由语言模型根据检索到的条文写成，每句已与所引条文逐一核对，点击出处可在新标签页中打开该条。"}
FAILED = "回答暂时无法生成（错误已记录在服务器日志中），下面是检索结果。"

log = logging.getLogger("plankb.app")


@dataclass(frozen=True)
class Turn:
    """One question of the conversation, its answer, the search settings it was answered under
    (knowledge-base generation, mode, filters) and the seconds answering took."""

    question: str
    answer: Answer
    scope: tuple[str, str, Filters]
    seconds: float


class _Scoped:
    """The index as the page searches it: the sidebar's mode and filters hold for the answer's
    evidence too, so the answer never cites a clause the filters leave out."""

    def __init__(self, index: Index, mode: str, filters: Filters) -> None:
        self._index, self._mode, self._filters = index, mode, filters

    def search(self, query: str, k: int = 10, mode: str | None = None, filters: Filters | None = None) -> list[Hit]:
        return self._index.search(query, k, mode or self._mode, filters or self._filters)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)


def conversation() -> list[Turn]:
    return cast(list[Turn], st.session_state.setdefault(CONVERSATION, []))


def new_conversation(clear_box: bool = True) -> None:
    """Forget the conversation (新对话; a question opened from a link starts one too)."""
    st.session_state[CONVERSATION] = []
    if clear_box:
        st.session_state["q_box"] = ""


def respond(index: Index, question: str, mode: str, filters: Filters) -> Turn | None:
    """Show the answer to `question` as the conversation's current turn, answering it unless the
    conversation already holds it for these settings. None when answering failed (said on the
    page in one Chinese line; the results below are still shown). When nothing at all was
    retrieved the panel is left out: the results' own message says so."""
    turns = conversation()
    scope = (index.folder.name, mode, filters)
    same = bool(turns) and turns[-1].question == question
    history = turns[:-1] if same else turns
    slot = st.empty()
    with slot.container(key="answer_panel", border=True):
        _header(history)
        if same and turns[-1].scope == scope:
            turn: Turn | None = turns[-1]
            show(turns[-1].answer)
        else:
            turn = _answer(index, question, history, mode, filters)
            if turn is not None:
                st.session_state[CONVERSATION] = [*history, turn][-MAX_TURNS:]
    if turn is not None and not turn.answer.hits:
        slot.empty()
    return turn


def _header(history: list[Turn]) -> None:
    title, button = st.columns([5, 1], vertical_alignment="center")
    title.markdown("**回答**")
    button.button("新对话", key="new_conversation", on_click=new_conversation,
                  help="清空本次对话和问题框，下一个问题不再结合前面的问题理解", width="stretch")
    if history:
        with st.expander(f"本次对话中前面的 {len(history)} 个问题"):
            for n, turn in enumerate(history, start=1):
                st.markdown(f"**{n}. {_escape(turn.question)}**")
                show(turn.answer, earlier=True)


def _answer(index: Index, question: str, history: list[Turn], mode: str, filters: Filters) -> Turn | None:
    pairs = [(t.question, t.answer.text()) for t in history]
    scoped = cast(Index, _Scoped(index, mode, filters))
    started = time.perf_counter()
    try:
        try:
            llm, config_note = llm_from_env(), ""
        except LLMError as exc:   # a malformed PLANKB_LLM: answer offline and say why
            llm, config_note = None, f"{exc}；已改用摘录式回答"
        if llm is None:
            with st.spinner("正在从条文中摘取回答……"):
                result = answer(scoped, question, history=pairs, k=ANSWER_K)
        else:
            result = _streamed(stream_answer(scoped, question, history=pairs, llm=llm, k=ANSWER_K))
        if config_note:
            result = replace(result, note=config_note)
    except PlanKBError as exc:
        st.warning(str(exc))
        return None
    except Exception as exc:  # a bug in answering must not take the search results with it
        log.error("answering failed", exc_info=exc)
        st.caption(FAILED)
        return None
    turn = Turn(question, result, (index.folder.name, mode, filters), time.perf_counter() - started)
    show(result)
    return turn


def _streamed(items: Iterator[str | Answer]) -> Answer:
    """Show the model's text as it is generated, then clear it for the checked answer."""
    final: list[Answer] = []

    def text() -> Iterator[str]:
        for item in items:
            if isinstance(item, str):
                yield item
            else:
                final.append(item)

    draft = st.empty()
    with draft.container():
        st.caption("语言模型正在作答，完成后将逐句核对出处……")
        st.write_stream(text())
    draft.empty()
    if not final:
        raise PlanKBError("语言模型没有给出回答")
    return final[-1]


def show(result: Answer, earlier: bool = False) -> None:
    """The answer: the question as searched when a follow-up was rewritten, how the answer was
    made (and why, when a model failed), then its sentences with linked citations grouped by
    document and the clauses they rest on."""
    if result.rewritten.strip() != result.question.strip():
        st.caption(f"结合前面的问题，按“{result.rewritten}”检索")
    if not earlier:
        if result.sentences and result.mode in MODE_ZH:
            st.caption(MODE_ZH[result.mode])
        if result.note:
            st.caption(result.note)
    body = replace(result, note="").markdown(LINK_BASE)
    st.markdown(body if result.sentences else body + "下面的检索结果可能仍有参考价值。")


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#|$~" else ch for ch in text)
