"""The gap check on the held-out test set (tests/fixtures/plans_eval4/): five plans (云南 MinerU
Markdown, 河南 TXT, 福建 county-site HTML, 黑龙江 DOCX, 湖北 text PDF), two documents that are not
plans and an upper allocation, written by a writer who saw neither the engine nor the
calibration plans, with every expectation decided before any checker ran. Nothing in the engine
was set on it.

Measured when it arrived (ninth session, README): statuses 69/70, topic removals 24/28,
indicators 30/30, 传导 2/3 with 1 finding not expected, procedure 9/10, not plans 7/7, upper plan
6/6. The floors below are those figures; issue 15 asks for all of them, which is not yet met.
The previous test set, plans_eval3, was retired to calibration after its last held-out run (its
README says so), as plans_eval2 was before it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from gapcheck.catalogue import bundled_index
from gapcheck.evaluate import PlanEval, evaluate_plans
from ingest.settings import Settings

HELDOUT = Path(__file__).parent / "fixtures" / "plans_eval4"


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> PlanEval:
    index = bundled_index(Settings.from_env(home=tmp_path_factory.mktemp("heldout-home")))
    return evaluate_plans(HELDOUT, index)


def test_planted_indicator_and_upper_plan_defects_and_non_plans_are_all_found(figures):
    for name in ("indicators", "not_plans", "upper"):
        tally = getattr(figures, name)
        assert tally.total > 0 and tally.met == tally.total, (name, tally.misses)


def test_transmission_and_procedure_hold_their_measured_floor(figures):
    assert figures.transmission.total == 3 and figures.transmission.met >= 2, figures.transmission.misses
    assert len(figures.extra_transmission) <= 1, figures.extra_transmission
    assert figures.procedure.total == 10 and figures.procedure.met >= 9, figures.procedure.misses


def test_statuses_and_removals_hold_their_measured_floor(figures):
    assert figures.statuses.total == 70 and figures.statuses.met >= 69, figures.statuses.misses
    assert figures.removals.total == 28 and figures.removals.met >= 24, figures.removals.misses
