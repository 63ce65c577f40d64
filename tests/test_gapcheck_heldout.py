"""The gap check on the held-out test sets, each written by a writer who saw neither the engine
nor the calibration plans, with every expectation decided before any checker ran; nothing in the
engine was set on them. Each has five plans, two documents that are not plans and an upper
allocation.

- tests/fixtures/plans_eval4/ (云南 MinerU Markdown, 河南 TXT, 福建 county-site HTML, 黑龙江 DOCX,
  湖北 text PDF), measured when it arrived (ninth session): statuses 69/70, topic removals 24/28,
  indicators 30/30, 传导 2/3 with 1 finding not expected, procedure 9/10, not plans 7/7, upper 6/6.
- tests/fixtures/plans_eval5/ (山西 MinerU Markdown, 宁夏 TXT, 广西 county-site HTML, 湖南 DOCX,
  河北 text PDF), measured when it arrived later in the same session: statuses 70/70, removals
  25/28, indicators 30/30, 传导 3/3 with none not expected, procedure 8/10, not plans 7/7, upper 6/6.
- tests/fixtures/plans_eval6/ (江西 MinerU Markdown, 安徽 TXT, 四川 county-site HTML, 新疆 DOCX in
  亩, 广东 text PDF), measured when it arrived at the end of that session: statuses 66/70, removals
  25/28, indicators 30/30, 传导 2/3 with none not expected, procedure 8/10, not plans 7/7, upper 6/6.

The floors below are those figures; issue 15 asks for all of them, which is not yet met. The
previous test sets (plans_eval, plans_eval2, plans_eval3) were retired to calibration after their
last held-out runs (their READMEs say so).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from gapcheck.catalogue import bundled_index
from gapcheck.evaluate import PlanEval, evaluate_plans
from ingest.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
# set -> floors measured on arrival: statuses, removals, 传导 found, 传导 not expected (most), procedure
FLOORS = {"plans_eval4": (69, 24, 2, 1, 9), "plans_eval5": (70, 25, 3, 0, 8), "plans_eval6": (66, 25, 2, 0, 8)}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def held(request, tmp_path_factory) -> tuple[PlanEval, tuple[int, ...]]:
    index = bundled_index(Settings.from_env(home=tmp_path_factory.mktemp("heldout-home")))
    return evaluate_plans(FIXTURES / request.param, index), FLOORS[request.param]


def test_planted_indicator_and_upper_plan_defects_and_non_plans_are_all_found(held):
    figures, _ = held
    for name in ("indicators", "not_plans", "upper"):
        tally = getattr(figures, name)
        assert tally.total > 0 and tally.met == tally.total, (name, tally.misses)


def test_transmission_and_procedure_hold_their_measured_floor(held):
    figures, (_, _, found, extra, procedure) = held
    assert figures.transmission.total == 3 and figures.transmission.met >= found, figures.transmission.misses
    assert len(figures.extra_transmission) <= extra, figures.extra_transmission
    assert figures.procedure.total == 10 and figures.procedure.met >= procedure, figures.procedure.misses


def test_statuses_and_removals_hold_their_measured_floor(held):
    figures, (statuses, removals, *_) = held
    assert figures.statuses.total == 70 and figures.statuses.met >= statuses, figures.statuses.misses
    assert figures.removals.total == 28 and figures.removals.met >= removals, figures.removals.misses
