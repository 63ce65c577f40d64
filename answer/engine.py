"""Answering a question: retrieve, then quote (offline) or generate and check (with a model)."""
from __future__ import annotations

from collections.abc import Iterator

from index.search import Hit, Index

from . import prompt
from .extractive import extract
from .followup import rewrite_followup
from .llm import LLMClient, LLMConfig, LLMError
from .records import NO_ANSWER, Answer, Sentence
from .verify import Verifier

FALLBACK = "语言模型不可用，已改用摘录式回答：{reason}"
UNCHECKED = "语言模型的回答没有一句能在检索到的条文中找到依据，已改用摘录式回答"
REWRITE_LIMIT = 120     # a model's rewrite longer than this is not a question: the rules' is used


def rewrite(question: str, history: list[tuple[str, str]] | None, llm: LLMConfig | None) -> str:
    """The question as searched: a follow-up made whole (by the model when one is configured
    and answers sensibly, else by the rules of `rewrite_followup`)."""
    if not history:
        return question
    if llm is not None:
        try:
            reply = LLMClient(llm).complete(prompt.rewrite_messages(question, history))
            line = next((x.strip() for x in reply.splitlines() if x.strip()), "")
            line = line.removeprefix("改写后的问题：").strip().strip("“”\"'「」")
            if line and len(line) <= REWRITE_LIMIT:
                return line
        except LLMError:
            pass  # the answer itself will try the model again and say so if it fails
    return rewrite_followup(question, history)


def stream_answer(index: Index, question: str, history: list[tuple[str, str]] | None = None,
                  llm: LLMConfig | None = None, k: int = 10) -> Iterator[str | Answer]:
    """Answer `question`, yielding the model's text as it is generated (nothing when
    extractive), then the checked `Answer` last.

    Args:
        history: earlier (question, answer text) pairs of the conversation, oldest first.
        llm: the model to generate with (`llm_from_env()`); None answers offline.
        k: how many clauses to retrieve as evidence.
    """
    yield from _answer(index, question, history, llm, k, stream=True)


def answer(index: Index, question: str, history: list[tuple[str, str]] | None = None,
           llm: LLMConfig | None = None, k: int = 10) -> Answer:
    """Answer `question` from the knowledge base: sentences that each cite the clause they
    rest on. Offline (extractive) unless `llm` is given; a model that fails gives the
    extractive answer with a one-line note. See `stream_answer` for the arguments."""
    result = None
    for item in _answer(index, question, history, llm, k, stream=False):
        result = item
    assert isinstance(result, Answer)
    return result


def _answer(index: Index, question: str, history: list[tuple[str, str]] | None, llm: LLMConfig | None,
            k: int, stream: bool) -> Iterator[str | Answer]:
    rewritten = rewrite(question, history, llm)
    hits = index.search(rewritten, k) if rewritten.strip() else []
    quoted = extract(index, rewritten, hits)

    def extractive(note: str = "") -> Answer:
        return Answer(question, rewritten, quoted, "extractive" if quoted else "none", note, hits)

    if llm is None or not quoted:
        # no model, or nothing retrieved answers: a model would only be asked to make it up
        yield extractive()
        return
    try:
        reply = ""
        client = LLMClient(llm)
        messages = prompt.messages(rewritten, hits)
        if stream:
            for piece in client.stream(messages):
                reply += piece
                yield piece
        else:
            reply = client.complete(messages)
    except LLMError as exc:
        yield extractive(FALLBACK.format(reason=exc))
        return
    yield _checked(index, question, rewritten, reply, hits, extractive)


def _checked(index: Index, question: str, rewritten: str, reply: str, hits: list[Hit], extractive) -> Answer:  # type: ignore[no-untyped-def]
    """The model's reply, sentence by sentence, checked against the clauses it cites."""
    if prompt.declines(reply):
        return Answer(question, rewritten, [], "none", "语言模型认为检索到的条文不能回答这个问题", hits)
    drafted = prompt.parse(reply)
    # a lead-in without a marker (根据上述条文，程序如下：) states nothing to check; a part the model
    # says the clauses do not answer is said in the note
    partial = any(NO_ANSWER in text for text, _ in drafted)
    drafted = [(t, m) for t, m in drafted if NO_ANSWER not in t and (m or not t.endswith(("：", ":")))]
    sentences: list[Sentence] = Verifier(index).check(drafted, hits)
    if not any(s.supported for s in sentences):
        return extractive(UNCHECKED)  # type: ignore[no-any-return]
    dropped = sum(1 for s in sentences if not s.supported)
    notes = [f"有 {dropped} 句在检索到的条文中未找到依据，已标出"] if dropped else []
    if partial:
        notes.append("语言模型认为问题的一部分在检索到的条文中没有答案")
    note = "；".join(notes)
    return Answer(question, rewritten, sentences, "llm", note, hits)
