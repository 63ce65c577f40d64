"""Obligations in policy text: the sentences that bind plans (应当/必须/不得/严禁/禁止/原则上 …),
who is bound and what is required; and a draft catalogue YAML for staff to curate."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from ingest import Clause, Document
from ingest.tokenize import planning_terms

MODALS = ("原则上不得", "原则上", "必须", "应当", "不得", "严禁", "禁止", "不准", "应", "须")
_MODAL_RE = re.compile("|".join(MODALS))
_SENTENCE_RE = re.compile(r"[^。；！？\n]+[。；！？]?")


@dataclass(frozen=True)
class Obligation:
    label: str
    modal: str
    subject: str
    requirement: str
    sentence: str
    terms: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "modal": self.modal, "subject": self.subject,
                "requirement": self.requirement, "sentence": self.sentence, "terms": list(self.terms)}


_ENTITY_END = ("政府", "部门", "单位", "个人", "委员会", "组织", "机关", "机构", "村民", "农民", "企业",
               "所有权人", "使用者", "使用权人", "承包方", "发包方", "经营者", "建设单位", "乡镇", "街道办事处")


def _subject(before: str) -> str:
    """The bound party: an entity phrase before the modal (县级以上地方人民政府), else the
    words just before it."""
    before = re.sub(r"^第[零一二三四五六七八九十百千]+条(之[一二三四五六七八九十]+)?\s*", "", before).strip()
    before = re.sub(r"^[（(][一二三四五六七八九十0-9]+[）)]", "", before).strip()
    segments = [seg.strip() for seg in re.split(r"[，,：:]", before) if seg.strip()]
    for seg in segments:
        for end in _ENTITY_END:
            i = seg.find(end)
            if i != -1:
                return seg[:i + len(end)][-30:]
    return (segments[-1] if segments else before)[-30:]


def obligations(units: list[Clause]) -> list[Obligation]:
    """Every binding sentence of the units, in order."""
    terms = planning_terms()
    out = []
    for c in units:
        for sentence in _SENTENCE_RE.findall(c.text):
            m = _MODAL_RE.search(sentence)
            if not m or "是指" in sentence or "所称" in sentence:  # definitions bind nobody
                continue
            # 应 inside 相应/适应/供应 is not a modal
            if m.group(0) in ("应", "须") and sentence[max(0, m.start() - 1):m.start()] in ("相", "适", "供", "响", "对", "必", "无"):
                continue
            found = tuple(sorted({t for t in terms if t in sentence}, key=len, reverse=True)[:6])
            out.append(Obligation(c.label, m.group(0), _subject(sentence[:m.start()]),
                                  sentence[m.end():].strip("，, 。；"), sentence.strip(), found))
    return out


def draft_catalogue(doc: Document, items: list[Obligation], short_name: str) -> str:
    """A draft requirement catalogue (YAML) built from obligations, one requirement each."""
    reqs = []
    for n, ob in enumerate(items, start=1):
        name = re.split(r"[，,；]", ob.requirement)[0][:24] or ob.sentence[:24]
        sub_items = [{"name": t, "terms": [t]} for t in ob.terms[:4]] or [{"name": name, "terms": [name[:6]]}]
        reqs.append({"id": f"D{n:02d}", "name": name, "description": ob.sentence,
                     "headings": list(ob.terms[:2]), "sub_items": sub_items,
                     "basis": [{"doc": short_name, "label": ob.label}],
                     "bound": ob.subject, "modal": ob.modal})
    data = {"id": f"draft_{short_name}", "name": f"{doc.title}（草稿，待人工整理）", "version": 0,
            "requirements": reqs}
    header = (f"# 由 plankb obligations 从《{doc.title}》自动生成的要求目录草稿。\n"
              "# 请合并重复项、补充子项关键词和标题，再放入 corpus/catalogues/ 使用。\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
