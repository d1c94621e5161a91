"""Chapter 09's warm-up study (``chapters/ch09_warmup_lab.py``): the table reads the sweep's failures and best
peaks right."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters import ch09_warmup_lab
from lrdecay_lessons.training import MLP, SGD, teacher_student_digits, tuned_sweep


@pytest.fixture(scope="module")
def sweep():
    return tuned_sweep(teacher_student_digits(), MLP(hidden=(8,)), SGD(momentum=0.9), {
        "cosine": lambda peak, T: partial(schedules.cosine_annealing, lr0=peak, total_steps=T),
        "warm-up": lambda peak, T: partial(schedules.warmup_cosine, lr0=peak, total_steps=T, warmup_steps=20),
    }, peaks=(0.01, 0.05, 100.0), seeds=(0, 1), steps=100, evaluations=4)


def test_the_largest_stable_peak_is_the_largest_with_no_failed_seed(sweep):
    for name, entry in sweep.entries.items():
        assert entry.failed_by_peak[100.0] == 2
        clean = [p for p in sweep.peaks if entry.failed_by_peak[p] == 0]
        assert ch09_warmup_lab.largest_stable_peak(sweep, name) == max(clean)
    with pytest.raises(ValueError, match=r"schedule must be one of the sweep's schedules \['cosine', 'warm-up'\]"):
        ch09_warmup_lab.largest_stable_peak(sweep, "linear")


def test_the_table_counts_failures_per_peak_and_the_largest_stable_peak(sweep):
    table = ch09_warmup_lab.stability_table(sweep, "study")
    assert table.columns == ("schedule", "failed at 0.01", "failed at 0.05", "failed at 100", "largest peak, all trained")
    for row in table.rows:
        entry = sweep.entries[row[0]]
        assert row[1:4] == tuple(f"{entry.failed_by_peak[p]} of 2" for p in sweep.peaks)
        assert row[-1] == f"{ch09_warmup_lab.largest_stable_peak(sweep, row[0]):.3g}"


def test_the_comparison_table_shows_each_peak_with_its_interval_and_verdict():
    from lrdecay_lessons.experiments import ch09 as exp08
    from lrdecay_lessons.training import SeedPlan
    plan = SeedPlan(tuning=(0,), evaluation=(10, 11, 12, 13, 14))
    study_sweep = tuned_sweep(teacher_student_digits(), MLP(hidden=(8,)), SGD(momentum=0.9), {
        exp08.COLD: lambda peak, T: partial(schedules.cosine_annealing, lr0=peak, total_steps=T),
        exp08.WARM: lambda peak, T: partial(schedules.warmup_cosine, lr0=peak, total_steps=T, warmup_steps=20),
    }, peaks=(0.01, 100.0), seeds=plan.evaluation, steps=100, evaluations=4)
    final = study_sweep.runs.final_excess.reshape(2, 2, 5)
    from lrdecay_lessons.training.protocol import paired_comparison
    c = paired_comparison(exp08.WARM, exp08.COLD, final[1, 0], final[0, 0])
    study = exp08.WarmupStudy("SGD + momentum 0.9", plan, study_sweep, {0.01: c})
    table = ch09_warmup_lab.comparison_table(study, "by peak")
    (row,) = table.rows
    assert row[0] == "0.01"
    assert row[1] == f"{final[0, 0].mean():.4f} ± {final[0, 0].std(ddof=1):.4f}"
    assert row[3] == f"{c.mean:+.4f} [{c.low:+.4f}, {c.high:+.4f}]" and row[4] == f"{c.first_lower} of 5"
    expected = {f"{exp08.WARM} lower": "warm-up lower", f"{exp08.COLD} lower": "warm-up higher"}.get(c.verdict,
                                                                                                 "not separated")
    assert row[-1] == expected and "sd with n − 1" in table.columns[1]


def test_the_failed_runs_table_lists_each_failed_run_and_how_it_failed(sweep):
    table = ch09_warmup_lab.failed_runs_table(sweep, "cosine")
    runs = sweep.runs
    failed = [k for k in range(6) if runs.failed[k]]  # cosine's runs come first: 3 peaks x 2 seeds
    assert [(row[0], row[1]) for row in table.rows] == [(f"{sweep.peaks[k // 2]:g}", sweep.seeds[k % 2])
                                                        for k in failed]
    for row, k in zip(table.rows, failed):
        expected = (f"blew up at step {runs.failed_at[k]}" if runs.failed_at[k] >= 0 else "learnt nothing")
        assert row[2] == expected
        assert row[4] == ("—" if np.isnan(runs.excess[k, -1]) else f"{runs.excess[k, -1]:.3f}")
    assert f"{runs.trivial_excess:.3f}" in table.title
    with pytest.raises(ValueError, match="schedule must be one of"):
        ch09_warmup_lab.failed_runs_table(sweep, "constant")


def test_a_run_that_stays_at_the_trivial_predictor_learnt_nothing():
    sweep = tuned_sweep(teacher_student_digits(), MLP(hidden=(8,)), SGD(), {
        "zero": lambda peak, T: (lambda t: np.zeros(np.shape(t))),
    }, peaks=(1e-12,), seeds=(0,), steps=30, evaluations=3)
    (row,) = ch09_warmup_lab.failed_runs_table(sweep, "zero").rows
    assert row[2] == "learnt nothing" and float(row[4]) > sweep.runs.trivial_excess


def test_a_convex_run_is_diverged_failed_or_its_final_loss():
    from lrdecay_lessons.training import load_dataset, train

    diabetes = load_dataset("diabetes")
    full = diabetes.n_train
    assert ch09_warmup_lab.run_outcome(train(diabetes, 0.45, epochs=100, batch_size=full), diabetes) == "0.257"
    assert ch09_warmup_lab.run_outcome(train(diabetes, 0.7, epochs=100, batch_size=full), diabetes) == "diverged"
    stuck = train(diabetes, 0.5, epochs=100, batch_size=full)  # just above the limit: growing, not yet diverged
    assert not stuck.diverged and stuck.val_loss[-1] >= diabetes.trivial_val_loss
    assert ch09_warmup_lab.run_outcome(stuck, diabetes) == "failed"
