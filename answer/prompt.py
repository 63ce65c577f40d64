"""What the language model is given and how its answer is read back.

The prompt holds only the retrieved clauses, each behind a marker [1]..[n]; the model is told to
answer from them alone and to end every sentence with the marker(s) of the clause(s) it rests
on. `parse` splits the reply into sentences and maps the markers back to those numbers.
"""
from __future__ import annotations

import re

from index.search import Hit

from .records import NO_ANSWER

CLAUSE_CHARS = 1200     # a longer clause is cut for the prompt (the verifier reads it whole)
PROMPT_CHARS = 9000     # clauses beyond this total are left out of the prompt

SYSTEM = (
    "你是规划与土地政策的查询助手，回答规划人员和村庄规划审查人员的问题。"
    "只能依据用户消息中给出的条文回答，不得使用条文以外的知识，不得编造条文没有的内容、数字或期限。"
    "每句话末尾用方括号标出它所依据的条文编号，如[1]或[2][3]，编号必须是给出的条文编号。"
    "回答简明，用三到六句话，不要列出条文原文以外的法规名称。"
    f"如果给出的条文不能回答问题，只回答：{NO_ANSWER}。"
)

REWRITE_SYSTEM = (
    "你把对话中的追问改写成一个意思完整、可以单独检索的问题。"
    "补上追问省略的主语或话题（取自前面的问题），不要回答问题，不要解释，只输出改写后的问题。"
)

_MARKER_TEXT = r"[\[【〔]\d{1,3}(?:\s*[,，、]\s*\d{1,3})*[\]】〕]"   # [1] [1,2] 【1】
_MARKER = re.compile(r"[\[【〔](\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)[\]】〕]")
_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+|\n|$)")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.、)）]|（\d+）)\s*")


def clause_block(n: int, hit: Hit) -> str:
    c = hit.clause
    text = c.text if len(c.text) <= CLAUSE_CHARS else c.text[:CLAUSE_CHARS] + "……"
    return f"[{n}] 《{c.doc_title}》{c.label}\n{text}"


def messages(question: str, hits: list[Hit]) -> list[dict[str, str]]:
    """The chat messages for answering `question` from `hits` (numbered from 1 in order)."""
    blocks: list[str] = []
    total = 0
    for n, h in enumerate(hits, start=1):
        block = clause_block(n, h)
        if blocks and total + len(block) > PROMPT_CHARS:
            break
        blocks.append(block)
        total += len(block)
    user = "条文：\n\n" + "\n\n".join(blocks) + f"\n\n问题：{question}\n\n请依据上面的条文回答，每句话末尾标注条文编号。"
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def rewrite_messages(question: str, history: list[tuple[str, str]]) -> list[dict[str, str]]:
    """The chat messages asking the model to make a follow-up a question of its own."""
    turns = "\n".join(f"问：{q}\n答：{a[:200]}" for q, a in history[-3:])
    return [{"role": "system", "content": REWRITE_SYSTEM},
            {"role": "user", "content": f"对话：\n{turns}\n\n追问：{question}\n\n改写后的问题："}]


def parse(reply: str) -> list[tuple[str, list[int]]]:
    """The model's reply as sentences with the marker numbers each ends with.

    Markers are read in any of [1] [1][2] [1,2] 【1】 forms, before or after the sentence's full
    stop; a marker standing after a stop belongs to the sentence before it. Markdown bullets
    and emphasis are dropped.
    """
    text = reply.replace("**", "").replace("__", "")
    # a marker after the stop (…同意。[1]) moves before it (…同意[1]。)
    marker = _MARKER_TEXT
    text = re.sub(rf"([。！？!?；;])[ \t]*({marker}(?:[ \t]*{marker})*)", r"\2\1", text)
    # clauses of one sentence citing different articles (…[1]；…[2]。) are checked apart
    text = re.sub(rf"({marker})[ \t]*([；;])", "\\1\\2\n", text)
    out: list[tuple[str, list[int]]] = []
    for m in _SENTENCE.finditer(text):
        raw = m.group(0)
        if not raw.strip():
            continue
        numbers = [int(n) for g in _MARKER.findall(raw) for n in re.split(r"\s*[,，、]\s*", g)]
        sentence = _BULLET.sub("", _MARKER.sub("", raw)).strip()
        sentence = re.sub(r"\s+([。！？!?])", r"\1", sentence)
        if not re.search(r"[\u3400-\u9fffA-Za-z0-9]", sentence):
            if numbers and out:  # markers on a line of their own: the sentence before
                out[-1][1].extend(numbers)
            continue
        out.append((sentence, numbers))
    return out


def declines(reply: str) -> bool:
    """Did the model say the clauses do not answer (the sentence it was told to use)?"""
    return NO_ANSWER in reply and len(reply.strip()) <= len(NO_ANSWER) + 12
