"""`plankb eval`: hit@1/5/10 and MRR@10 of a query set, per mode, overall and per style."""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.names import plain

from .search import Index


def _norm(name: str) -> str:
    """A document name as compared (`ingest.names.plain`); kept for bench/bench_search.py."""
    return plain(name)


@dataclass(frozen=True)
class EvalItem:
    query: str
    style: str
    gold: tuple[tuple[str, str], ...]  # (short doc title, label)


def load_queries(path: Path) -> list[EvalItem]:
    """Lines like {"query", "style", "gold": [{"doc", "article"}]}."""
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            gold = tuple((g["doc"], g["article"]) for g in d["gold"])
            items.append(EvalItem(d["query"], d.get("style", ""), gold))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path.name} 第 {n} 行格式不对：需要 query 和 gold[{{doc, article}}]") from exc
    return items


@dataclass
class EvalResult:
    ranks: list[tuple[str, int | None]] = field(default_factory=list)  # (style, first gold rank)

    @staticmethod
    def _metrics(ranks: list[int | None]) -> dict[str, float]:
        n = len(ranks) or 1
        return {
            "n": len(ranks),
            "hit@1": sum(1 for r in ranks if r and r <= 1) / n,
            "hit@5": sum(1 for r in ranks if r and r <= 5) / n,
            "hit@10": sum(1 for r in ranks if r and r <= 10) / n,
            "mrr@10": sum(1 / r for r in ranks if r and r <= 10) / n,
        }

    def summary(self) -> dict[str, Any]:
        by_style: dict[str, list[int | None]] = defaultdict(list)
        for style, r in self.ranks:
            by_style[style].append(r)
        return {"overall": self._metrics([r for _, r in self.ranks]),
                "styles": {s: self._metrics(rs) for s, rs in sorted(by_style.items())}}


def evaluate(index: Index, items: list[EvalItem], mode: str, k: int = 10) -> EvalResult:
    result = EvalResult()
    all_hits = index.search_many([it.query for it in items], k=k, mode=mode)
    for item, hits in zip(items, all_hits):
        first = None
        for h in hits:
            # a gold document is named as people write it (中华人民共和国, 《》): ingest.names decides
            if any(h.clause.label == label and index.names.is_name_of(doc, h.clause.doc_id) for doc, label in item.gold):
                first = h.rank
                break
        result.ranks.append((item.style, first))
    return result


# what users read in `plankb eval`'s table (the --json keys stay as they are)
MODE_ZH = {"hybrid": "混合", "dense": "语义", "keyword": "关键词"}
SCOPE_ZH = {"overall": "全部", "planner": "规划人员", "staff": "工作人员", "lay": "群众", "citation": "条文引用"}


def scope_zh(scope: str) -> str:
    return SCOPE_ZH.get(scope, scope)


def format_table(results: dict[str, EvalResult]) -> str:
    lines = ["| 模式 | 范围 | 问题数 | 第1条命中率 | 前5条命中率 | 前10条命中率 | 前10条平均倒数排名 |",
             "|---|---|---|---|---|---|---|"]
    for mode, res in results.items():
        s = res.summary()
        rows = [("overall", s["overall"])] + list(s["styles"].items())
        for scope, m in rows:
            lines.append(f"| {MODE_ZH.get(mode, mode)} | {scope_zh(scope)} | {m['n']} | {m['hit@1']:.2f} | "
                         f"{m['hit@5']:.2f} | {m['hit@10']:.2f} | {m['mrr@10']:.3f} |")
    return "\n".join(lines)


STYLES = ("planner", "staff", "lay", "citation")


def format_ablation(results: dict[str, EvalResult]) -> str:
    """One row per variant: hit@1 / hit@10 / MRR@10 overall and per style (planner, staff, lay,
    citation, then any other style the questions have), as docs/search_quality.md shows them."""
    present = {style for res in results.values() for style, _ in res.ranks}
    styles = [s for s in STYLES if s in present] + sorted(present - set(STYLES))
    head = "| variant | all: hit@1 / hit@10 / MRR@10 | " + " | ".join(styles) + " |"
    lines = [head, "|---|---|" + "---|" * len(styles)]
    for name, res in results.items():
        s = res.summary()
        cells = [s["overall"]] + [s["styles"].get(style) for style in styles]
        lines.append(f"| {name} | " + " | ".join(
            f"{m['hit@1']:.2f} / {m['hit@10']:.2f} / {m['mrr@10']:.3f}" if m else "–" for m in cells) + " |")
    return "\n".join(lines)
