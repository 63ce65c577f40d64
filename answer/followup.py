"""Follow-up questions made whole before retrieval, by rules (offline).

A short follow-up leans on the question before it:
- 那宅基地呢？ names a new topic and nothing else: the earlier question is asked again with its
  topic replaced (村庄规划报批前要经过什么程序？ -> 宅基地报批前要经过什么程序？); a place alone
  (浙江呢？) replaces or adds the place.
- 要公示多久？ / 它由谁审批？ has no subject of its own: the earlier question's subject goes in
  front (村庄规划要公示多久？), replacing a pronoun.
Anything else is a question of its own and is searched as asked. With a language model
configured, `answer` asks the model first and uses these rules when it fails.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from ingest.tokenize import planning_terms

_ELLIPSIS = re.compile(r"^(?:那么?|那个|那要是|要是|如果是|换成|还有)?(?P<topic>.+?)(?:的话)?"
                       r"(?:呢|怎么样|怎么办|又如何|如何|怎么算|又怎样)$")
_PRONOUN = re.compile(r"^(?:它们|它|这个|这些|那个|那些|这|该|其|此)")
_NOUNISH = ("n", "vn", "s", "an", "j", "nz", "ns", "nt", "nr", "ng")
_GLUE = ("uj", "c")            # 的 and 和 inside a subject: 广东山里的村子, 耕地和林地
SHORT = 16                     # a follow-up without a subject is at most this long
TOPIC_MAX = 12                 # 那X呢: X at most this long
_lock = threading.Lock()


@dataclass(frozen=True)
class Word:
    text: str
    flag: str
    start: int

    @property
    def nounish(self) -> bool:
        return self.flag.startswith(_NOUNISH) or self.text in planning_terms()

    @property
    def place(self) -> bool:
        return self.flag == "ns"


@lru_cache(maxsize=1)
def _pos():  # type: ignore[no-untyped-def]
    """jieba's part-of-speech tagger over plankb's tokenizer (the planning dictionary's tags)."""
    import jieba.posseg

    from ingest.tokenize import _tokenizer  # the one jieba instance with the planning dictionary

    return jieba.posseg.POSTokenizer(_tokenizer())


def words(text: str) -> list[Word]:
    out = []
    pos = 0
    with _lock:  # jieba's tagger keeps state between calls
        pairs = [(w.word, w.flag) for w in _pos().cut(text)]
    for word, flag in pairs:
        out.append(Word(word, flag, pos))
        pos += len(word)
    return out


def subject(question: str) -> tuple[str, str]:
    """The question's subject as (place, topic): the first run of nouns, before its first verb.

    绍兴村庄规划批准后多久要公布成果？ -> ('绍兴', '村庄规划'); 村庄规划报批前… -> ('', '村庄规划').
    """
    run: list[Word] = []
    for w in words(question):
        if w.nounish:
            run.append(w)
        elif run and w.flag in _GLUE:
            run.append(w)
        elif run:
            break
        elif w.flag.startswith(("v", "p")) and w.text not in ("关于",):
            break
    while run and not run[-1].nounish:
        run.pop()
    places = []
    while run and run[0].place:
        places.append(run.pop(0))
    place = "".join(w.text for w in places)
    return place, "".join(w.text for w in run)


def _bare(text: str) -> str:
    return re.sub(r"[\s？?。！!，,]+$", "", text.strip())


def _has_subject(question: str) -> bool:
    return any(w.nounish and len(w.text) >= 2 for w in words(question))


def rewrite_followup(question: str, history: list[tuple[str, str]]) -> str:
    """The question to search for `question` asked after `history` ((question, answer) pairs,
    oldest first); the question itself when it stands on its own.

    Examples:
        after 村庄规划报批前要经过什么程序？: 那宅基地呢？ -> 宅基地报批前要经过什么程序？,
        要公示多久？ -> 村庄规划要公示多久？
    """
    if not history or not question.strip():
        return question
    previous = rewrite_followup(history[-1][0], history[:-1])
    q = _bare(question)
    prev = _bare(previous)
    place, topic = subject(prev)
    m = _ELLIPSIS.match(q)
    if m and len(m.group("topic")) <= TOPIC_MAX and _has_subject(m.group("topic")):
        new = m.group("topic")
        new_words = words(new)
        if all(w.place for w in new_words if w.nounish):   # 浙江呢？
            return (prev.replace(place, new, 1) if place else new + prev) + "？"
        if topic:
            return prev.replace(topic, new, 1) + "？"
        return f"{new}{prev}？"
    pronoun = _PRONOUN.match(q)
    if pronoun and (topic or place):
        rest = q[pronoun.end():]
        joiner = "的" if _starts_with_noun(rest) else ""   # 它期限多长 -> 村庄规划的期限多长
        return f"{place}{topic}{joiner}{rest}？"
    if len(q) <= SHORT and not _has_subject(q) and (topic or place):
        return f"{place}{topic}{q}？"
    return question


def _starts_with_noun(text: str) -> bool:
    first = words(text)[:1]
    return bool(first) and first[0].nounish
