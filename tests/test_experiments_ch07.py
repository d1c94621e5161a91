"""Chapter 07's experiments (``experiments/ch07.py``): the convex comparisons are paired and Holm-corrected,
and every claim names a verdict its check can return."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.chapters import ch07_hands_on
from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.experiments import CHAPTER_PLAN, ch07 as exp07
from lrdecay_lessons.training import SeedPlan, compare_schedules, load_dataset
from lrdecay_lessons.training.protocol import holm, paired_comparison

PLAN = SeedPlan(tuning=(0, 1), evaluation=(10, 11, 12, 13, 14))


def test_the_chapter_shows_the_experiments_schedules():
    assert ch07_hands_on.make_schedule is exp07.make_schedule
    assert ch07_hands_on.RUN_SHAPES is exp07.RUN_SHAPES
    assert exp07.make_schedule("step", lr0=0.1, total_steps=400).params["step_size"] == 100


@pytest.fixture(scope="module")
def small_comparison():
    data = load_dataset("diabetes")
    schedules = exp07.course_schedules(0.1, 2 * 11, ("constant", "cosine", "step"))
    return compare_schedules(data, schedules, seeds=PLAN.evaluation, epochs=2, batch_size=32)


def test_against_constant_pairs_the_final_validation_losses_and_corrects_with_holm(small_comparison):
    table = exp07.against_constant(small_comparison)
    assert [c.first for c in table] == ["cosine", "step"] and all(c.second == "constant" for c in table)
    finals = {name: np.array([r.val_loss[-1] for r in runs]) for name, runs in small_comparison.results.items()}
    single = [paired_comparison(name, "constant", finals[name], finals["constant"]) for name in ("cosine", "step")]
    np.testing.assert_allclose([c.mean for c in table], [(finals[n] - finals["constant"]).mean()
                                                         for n in ("cosine", "step")], rtol=1e-12)
    np.testing.assert_allclose([c.adjusted_p for c in table], holm([c.p_value for c in single]), rtol=1e-12)
    line = exp07.verdict_list(table)
    assert line.count(";") == 1
    for c in table:
        assert (c.verdict if c.separated else f"{c.first}: not separated") in line


def test_convex_runs_use_the_chapter_settings_and_reject_other_datasets():
    with pytest.raises(InvalidParameterError, match="dataset must be one of 'diabetes', 'digits'; got dataset="):
        exp07.convex_runs("iris", (0, 1))


def test_every_claim_of_the_chapter_is_registered_with_a_reachable_verdict():
    ids = [claim.id for claim in exp07.CLAIMS]
    assert len(ids) == len(set(ids)) and all(claim.chapter == "07" for claim in exp07.CLAIMS)
    assert {claim.verdict.split(";")[0] for claim in exp07.CLAIMS} >= {"constant lower"}


def test_the_digits_claim_is_what_the_chapter_plan_gives():
    claim = {c.id: c for c in exp07.CLAIMS}["ch07-digits-constant-lower"]
    assert claim.check(CHAPTER_PLAN) == claim.verdict
