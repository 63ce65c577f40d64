"""`plankb eval --answers`: how often answers cite a gold article, and whether their sentences
are borne out by the clauses they cite."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from index.evaluate import EvalItem, scope_zh
from index.search import Index

from .engine import answer
from .llm import LLMConfig
from .records import Answer
from .verify import Verifier


@dataclass(frozen=True)
class AnswerScore:
    """One question's answer as measured."""

    query: str
    style: str
    mode: str
    cites_gold: bool
    sentences: int
    resolved: int      # sentences whose every citation resolves to a clause of the knowledge base
    supported: int     # sentences borne out by a clause they cite
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class AnswerEvalResult:
    scores: list[AnswerScore] = field(default_factory=list)

    @staticmethod
    def _metrics(scores: list[AnswerScore]) -> dict[str, float]:
        n = len(scores) or 1
        sentences = sum(s.sentences for s in scores) or 1
        return {"n": len(scores),
                "cites_gold": sum(s.cites_gold for s in scores) / n,
                "answered": sum(1 for s in scores if s.mode != "none") / n,
                "sentences": sum(s.sentences for s in scores) / n,
                "resolved": sum(s.resolved for s in scores) / sentences,
                "supported": sum(s.supported for s in scores) / sentences}

    def summary(self) -> dict[str, Any]:
        by_style: dict[str, list[AnswerScore]] = defaultdict(list)
        for s in self.scores:
            by_style[s.style].append(s)
        return {"overall": self._metrics(self.scores),
                "styles": {k: self._metrics(v) for k, v in sorted(by_style.items())},
                "questions": [s.to_dict() for s in self.scores]}


def score(index: Index, item: EvalItem, result: Answer, verifier: Verifier) -> AnswerScore:
    """Measure one answer against the item's gold articles."""
    cites_gold = any(c.label == label and index.names.is_name_of(doc, c.doc_id)
                     for c in result.citations for doc, label in item.gold)
    resolved = supported = 0
    for s in result.sentences:
        clauses = [index.clause(c.doc_id, c.label) for c in s.citations]
        if clauses and all(c is not None for c in clauses):
            resolved += 1
            if any(verifier.support(s.text, c).supported for c in clauses if c is not None):
                supported += 1
    return AnswerScore(item.query, item.style, result.mode, cites_gold, len(result.sentences), resolved,
                       supported, result.note)


def evaluate_answers(index: Index, items: list[EvalItem], llm: LLMConfig | None = None, k: int = 10,
                     progress=None) -> AnswerEvalResult:  # type: ignore[no-untyped-def]
    """Answer every question (extractive unless `llm`) and measure each answer.

    Args:
        progress: called as progress(done, total) after each question.
    """
    verifier = Verifier(index)
    result = AnswerEvalResult()
    for n, item in enumerate(items, start=1):
        result.scores.append(score(index, item, answer(index, item.query, llm=llm, k=k), verifier))
        if progress is not None:
            progress(n, len(items))
    return result


def format_answer_table(result: AnswerEvalResult) -> str:
    s = result.summary()
    lines = ["| 范围 | 问题数 | 引用金标准条文 | 有回答 | 平均句数 | 引用可解析 | 句子有依据 |", "|---|---|---|---|---|---|---|"]
    for scope, m in [("overall", s["overall"])] + list(s["styles"].items()):
        lines.append(f"| {scope_zh(scope)} | {m['n']} | {m['cites_gold']:.2f} | {m['answered']:.2f} | {m['sentences']:.1f} | "
                     f"{m['resolved']:.2f} | {m['supported']:.2f} |")
    return "\n".join(lines)
