"""Chapter 09's experiments (``experiments/ch09.py``): the warm-up study compares the two schedules peak by
peak on the evaluation seeds (paired, Holm over the peaks where both trained), reads the largest stable peak,
and the convex window counts diverged and failed runs per batch size."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from lrdecay_lessons import schedules as S
from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.experiments import CHAPTER_PLAN, ch09 as exp08
from lrdecay_lessons.training import MLP, SGD, SeedPlan, load_dataset, train
from lrdecay_lessons.training.protocol import holm, paired_comparison

PLAN = SeedPlan(tuning=(0,), evaluation=(10, 11, 12, 13, 14))


@pytest.fixture(scope="module")
def study():
    patch = pytest.MonkeyPatch()
    patch.setattr(exp08, "STEPS", 120)
    patch.setattr(exp08, "WARMUP_STEPS", 20)
    patch.setattr(exp08, "deep_student", lambda: MLP(hidden=(8,), dtype="float32"))
    patch.setattr(exp08, "OPTIMIZERS", {"SGD + momentum 0.9": (lambda: SGD(momentum=0.9), (0.01, 0.05, 100.0))})
    try:
        yield exp08.warmup_study("SGD + momentum 0.9", PLAN)
    finally:
        patch.undo()


def test_the_study_runs_every_peak_on_the_evaluation_seeds_and_pairs_them(study):
    sweep = study.sweep
    assert sweep.seeds == PLAN.evaluation and sweep.peaks == (0.01, 0.05, 100.0)
    final = sweep.runs.final_excess.reshape(2, 3, 5)
    assert set(study.comparisons) == {0.01, 0.05}  # every run at 100 fails: no comparison there
    single = [paired_comparison(exp08.WARM, exp08.COLD, final[1, j], final[0, j]) for j in (0, 1)]
    got = list(study.comparisons.values())
    np.testing.assert_allclose([c.mean for c in got], [c.mean for c in single])
    np.testing.assert_allclose([c.adjusted_p for c in got], holm([c.p_value for c in single]))
    assert study.largest_stable_peak(exp08.COLD) == 0.05
    with pytest.raises(InvalidParameterError, match="schedule must be one of"):
        study.largest_stable_peak("constant")
    with pytest.raises(InvalidParameterError, match="optimizer must be one of"):
        exp08.warmup_study("RMSprop", PLAN)


def _fake_study(cold_failed, warm_failed):
    peaks = tuple(cold_failed)
    sweep = SimpleNamespace(peaks=peaks, entries={
        exp08.COLD: SimpleNamespace(failed_by_peak=cold_failed), exp08.WARM: SimpleNamespace(failed_by_peak=warm_failed)})
    return exp08.WarmupStudy("SGD + momentum 0.9", PLAN, sweep, {})


def test_the_stable_verdict_compares_the_largest_peaks_where_every_seed_trained():
    raised = _fake_study({0.1: 0, 0.2: 1, 0.4: 5}, {0.1: 0, 0.2: 0, 0.4: 5})
    assert raised.largest_stable_peak(exp08.WARM) == 0.2 and raised.stable_verdict() == "warm-up raises it"
    assert _fake_study({0.1: 0, 0.2: 0}, {0.1: 0, 0.2: 0}).stable_verdict() == "warm-up does not raise it"
    assert _fake_study({0.1: 0, 0.2: 0}, {0.1: 0, 0.2: 3}).stable_verdict() == "warm-up lowers it"
    assert _fake_study({0.1: 2}, {0.1: 0}).stable_verdict() == "warm-up does not raise it"  # none stable without


def test_the_window_counts_diverged_and_failed_runs_per_batch():
    rows = exp08.rescue_window((None, 32), (10, 11), peaks=(0.45, 0.7))
    assert [(r.batch, r.peak, r.runs) for r in rows] == [("full", 0.45, 1), ("full", 0.7, 1), ("32", 0.45, 2),
                                                        ("32", 0.7, 2)]
    diabetes = load_dataset("diabetes")
    assert rows[0].steps == 100 and rows[2].steps == 99  # 9 epochs of 11 steps: the whole epochs nearest 100
    warm = S.schedule("warmup_cosine", lr0=0.7, total_steps=99, warmup_steps=exp08.CONVEX_WARMUP)
    runs = [train(diabetes, warm, epochs=9, batch_size=32, seed=s) for s in (10, 11)]
    assert rows[3].warm_diverged == sum(r.diverged for r in runs)
    assert exp08.window(rows, "full") == [0.7]
    assert exp08.window(rows, "32") == []
    failing = exp08.WindowRow("64", 102, 0.6, 5, 5, 0, 1, 0.3)
    assert exp08.window([failing], "64") == []  # a warmed-up run that failed closes the window


def test_every_claim_of_the_chapter_is_registered():
    ids = [claim.id for claim in exp08.CLAIMS]
    assert len(ids) == len(set(ids)) and all(claim.chapter == "09" for claim in exp08.CLAIMS)


def test_the_window_claim_is_what_the_chapter_plan_gives():
    claim = {c.id: c for c in exp08.CLAIMS}["ch09-convex-window-full-batch-only"]
    assert claim.check(CHAPTER_PLAN) == claim.verdict
