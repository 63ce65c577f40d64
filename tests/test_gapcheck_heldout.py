"""The gap check on the held-out test set (tests/fixtures/plans_eval2/): five plans (甘肃 MinerU
Markdown, 吉林 TXT, 宁夏 county-site HTML, 黑龙江 DOCX, 海南 text PDF), two documents that are not
plans and an upper allocation, written by a writer who saw neither the engine nor the
calibration plans, with every expectation decided before any checker ran. Nothing in the engine
was set on it.

Measured when it arrived (README): statuses 66/70, topic removals 23/28, indicators 30/30,
传导 3/3 with 4 findings not expected, procedure 9/10, not plans 7/7, upper plan 6/6. Measured
again after the fifth calibration set's changes (nothing read from this set): statuses 67/70,
removals 22/28, 传导 1 finding not expected, the rest unchanged; and after the sixth: statuses
68/70, the rest as after the fifth. The floors below are the lowest of the three; issue 15 asks
for all of them, which is not yet met.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from gapcheck.catalogue import bundled_index
from gapcheck.evaluate import PlanEval, evaluate_plans
from ingest.settings import Settings

HELDOUT = Path(__file__).parent / "fixtures" / "plans_eval2"


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> PlanEval:
    index = bundled_index(Settings.from_env(home=tmp_path_factory.mktemp("heldout-home")))
    return evaluate_plans(HELDOUT, index)


def test_planted_indicator_and_upper_plan_defects_and_non_plans_are_all_found(figures):
    for name in ("indicators", "not_plans", "upper"):
        tally = getattr(figures, name)
        assert tally.total > 0 and tally.met == tally.total, (name, tally.misses)


def test_transmission_and_procedure_hold_their_measured_floor(figures):
    assert figures.transmission.total == 3 and figures.transmission.met == 3, figures.transmission.misses
    assert len(figures.extra_transmission) <= 1, figures.extra_transmission
    assert figures.procedure.total == 10 and figures.procedure.met >= 9, figures.procedure.misses


def test_statuses_and_removals_hold_their_measured_floor(figures):
    assert figures.statuses.total == 70 and figures.statuses.met >= 66, figures.statuses.misses
    assert figures.removals.total == 28 and figures.removals.met >= 22, figures.removals.misses
