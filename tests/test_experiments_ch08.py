"""Chapter 08's experiments (``experiments/ch08.py``): the race is tuned on the tuning seeds and reported on the
others, cosine against linear is Holm-corrected over the races, the winner's curse is simulated, and the overfitting
study tunes two ways."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.experiments import ch08 as exp08
from lrdecay_lessons.training import MLP, SGD, SeedPlan, teacher_student_digits, train_many, tuned_sweep
from lrdecay_lessons.training.protocol import holm, paired_comparison

PLAN = SeedPlan(tuning=(0, 1), evaluation=(10, 11, 12, 13, 14))


@pytest.fixture(scope="module")
def tiny_lab():
    patch = pytest.MonkeyPatch()
    patch.setattr(exp08, "LAB_STEPS", 80)
    patch.setattr(exp08, "lab_student", lambda: MLP(hidden=(8,), dtype="float32"))
    patch.setattr(exp08, "LAB_OPTIMIZERS", {"SGD + momentum 0.9": (lambda: SGD(momentum=0.9), (0.01, 0.05, 0.2)),
                                            "AdamW": (lambda: SGD(), (0.05, 0.2))})
    try:
        yield {name: exp08.lab_comparison(name, PLAN) for name in exp08.LAB_OPTIMIZERS}
    finally:
        patch.undo()


def test_the_race_tunes_on_the_tuning_seeds_and_reports_on_the_others(tiny_lab):
    race = tiny_lab["SGD + momentum 0.9"]
    assert race.tuning.seeds == PLAN.tuning and race.reference == "constant"
    again = tuned_sweep(teacher_student_digits(), MLP(hidden=(8,), dtype="float32"), SGD(momentum=0.9),
                        exp08.LAB_SCHEDULES, (0.01, 0.05, 0.2), PLAN.tuning, 80)
    assert race.peaks == {name: entry.best_peak for name, entry in again.entries.items()}
    t = np.arange(80)
    rates = np.array([np.broadcast_to(exp08.LAB_SCHEDULES["cosine"](race.peaks["cosine"], 80)(t), (80,))] * 5)
    fresh = train_many(teacher_student_digits(), MLP(hidden=(8,), dtype="float32"), SGD(momentum=0.9), rates,
                       list(PLAN.evaluation), evaluations=10)
    np.testing.assert_allclose(race.results["cosine"], fresh.final_excess, rtol=1e-6)


def test_cosine_against_linear_is_corrected_over_the_races(tiny_lab):
    shapes = exp08.cosine_against_linear(tiny_lab)
    single = [race.compare("cosine", "linear to 0") for race in tiny_lab.values()]
    assert list(shapes) == list(tiny_lab)
    np.testing.assert_allclose([c.adjusted_p for c in shapes.values()], holm([c.p_value for c in single]))
    np.testing.assert_allclose([c.mean for c in shapes.values()], [c.mean for c in single])
    with pytest.raises(InvalidParameterError, match="races must map an optimizer"):
        exp08.cosine_against_linear({})


def test_the_winners_curse_flatters_the_tuning_seeds_only():
    curse = exp08.winners_curse(peaks=7, tuning_seeds=3, evaluation_seeds=5, repeats=20_000, seed=1)
    # the lowest of 7 means of 3 standard normals: E[min] = E[min of 7 N(0,1)] / sqrt(3) = -1.352 / 1.732
    assert curse.tuning_mean == pytest.approx(-1.352 / np.sqrt(3), abs=0.02)
    assert abs(curse.evaluation_mean) < 0.02
    assert curse.tuned_looks_better_on_tuning > 0.8
    assert curse.tuned_looks_better_on_evaluation == pytest.approx(0.5, abs=0.015)
    one = exp08.winners_curse(peaks=1, tuning_seeds=3, repeats=20_000)
    assert abs(one.tuning_mean) < 0.02  # nothing to choose, no curse
    with pytest.raises(InvalidParameterError, match="peaks must be a whole number from 1 to 100; got peaks=0"):
        exp08.winners_curse(peaks=0)


@pytest.fixture(scope="module")
def overfit():
    patch = pytest.MonkeyPatch()
    patch.setattr(exp08, "OVERFIT_STEPS", 150)
    patch.setattr(exp08, "OVERFIT_EVALUATIONS", 5)
    patch.setattr(exp08, "OVERFIT_PEAKS", (0.003, 0.03, 0.3))
    try:
        yield exp08.overfitting_comparison(PLAN)
    finally:
        patch.undo()


def test_the_overfitting_study_tunes_two_ways_and_compares_on_the_evaluation_seeds(overfit):
    sweep = overfit.tuning
    assert sweep.seeds == PLAN.tuning
    best = sweep.runs.best_held_out.reshape(2, 3, 2)
    for index, name in enumerate(("constant", "cosine")):
        assert overfit.peaks[("at the end", name)] == sweep.entries[name].best_peak
        clean = [j for j in range(3) if np.all(np.isfinite(best[index, j]))]
        assert overfit.peaks[("with early stopping", name)] == sweep.peaks[min(clean, key=lambda j: best[index, j].mean())]
        np.testing.assert_array_equal(overfit.results[("at the end", name)],
                                      overfit.runs.final_held_out[overfit.rows(("at the end", name))])
        np.testing.assert_array_equal(overfit.results[("with early stopping", name)],
                                      overfit.runs.best_held_out[overfit.rows(("with early stopping", name))])
    distinct = {(name, peak) for (_, name), peak in overfit.peaks.items()}
    assert overfit.runs.rates.shape[0] == 5 * len(distinct)  # a peak shared by both tunings runs once
    single = [paired_comparison("cosine", "constant", overfit.results[(t, "cosine")], overfit.results[(t, "constant")])
              for t in exp08.TUNINGS]
    np.testing.assert_allclose([c.adjusted_p for c in overfit.comparisons.values()], holm([c.p_value for c in single]))
    with pytest.raises(InvalidParameterError, match="key must be one of"):
        overfit.rows(("at the end", "linear"))


def test_every_claim_of_the_chapter_is_registered_with_a_reachable_verdict():
    ids = [claim.id for claim in exp08.CLAIMS]
    assert len(ids) == len(set(ids)) and all(claim.chapter == "08" and claim.id.startswith("ch08-") for claim in exp08.CLAIMS)
    assert {claim.verdict.split(";")[0] for claim in exp08.CLAIMS} >= {"cosine lower", "at the end: not separated"}
