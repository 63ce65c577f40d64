"""Answers with exact citations: `answer(index, question)` -> `Answer`, every sentence citing
the clause it rests on.

Offline by default: sentences quoted from the retrieved clauses (answer.extractive). With a
language model (`PLANKB_LLM=openai://HOST:PORT/v1?model=NAME`, `llm_from_env()`), a generated
answer grounded on the retrieved clauses only, each sentence checked against the clause it
cites (answer.verify); a model that is down, slow or malformed gives the extractive answer
with a note. Follow-ups (那宅基地呢？) are rewritten with the earlier question's subject
(answer.followup).
"""
from __future__ import annotations

from .engine import answer, stream_answer
from .followup import rewrite_followup
from .llm import LLMConfig, LLMError, llm_from_env
from .records import NO_ANSWER, UNSUPPORTED, Answer, Citation, Sentence

__all__ = ["NO_ANSWER", "UNSUPPORTED", "Answer", "Citation", "LLMConfig", "LLMError", "Sentence", "answer",
           "llm_from_env", "rewrite_followup", "stream_answer"]
