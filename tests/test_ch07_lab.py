"""Chapter 07's lab views (``chapters/ch07_lab.py``): the table names a winner only beyond the spread, the
figure draws the best peaks."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters import ch07_lab
from lrdecay_lessons.training import MLP, SGD, teacher_student_digits, tuned_sweep


@pytest.fixture(scope="module")
def sweep():
    return tuned_sweep(teacher_student_digits(), MLP(hidden=(8,)), SGD(momentum=0.9), {
        "constant": lambda peak, T: (lambda t: np.full(np.shape(t), peak)),
        "linear": lambda peak, T: partial(schedules.polynomial_decay, lr0=peak, total_steps=T, power=1.0),
    }, peaks=(0.01, 0.05, 100.0), seeds=(0, 1), steps=120, evaluations=3)


def test_the_table_reports_each_best_peak_and_the_paired_verdict(sweep):
    table = ch07_lab.sweep_table(sweep, "constant", "lab")
    rows = {row[0]: row for row in table.rows}
    for name, entry in sweep.entries.items():
        assert rows[name][1] == f"{entry.best_peak:g}"
        assert rows[name][3] == f"{sum(entry.failed_by_peak.values())} of 6"
    gap, spread = sweep.paired_difference("linear", "constant")
    expected = "yes, lower" if gap < -spread else "yes, higher" if gap > spread else "no: inside the spread"
    assert rows["linear"][5] == expected and rows["constant"][5] == "—"
    with pytest.raises(ValueError, match="reference must be one of"):
        ch07_lab.sweep_table(sweep, "cosine", "lab")


def test_the_figure_draws_one_line_per_schedule_and_the_trivial_line(sweep):
    figure = ch07_lab.sweep_figure(sweep, "lab")
    ax = figure.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:2] == [f"constant (peak {sweep.entries['constant'].best_peak:g})",
                          f"linear (peak {sweep.entries['linear'].best_peak:g})"]
    assert ax.get_lines()[-1].get_ydata()[0] == pytest.approx(sweep.runs.trivial_excess)
    assert ax.get_yscale() == "log"


def test_moving_average_is_the_trailing_mean():
    values = np.random.default_rng(0).normal(size=(2, 30))
    expected = np.array([[row[max(0, i - 4):i + 1].mean() for i in range(30)] for row in values])
    np.testing.assert_allclose(ch07_lab.moving_average(values, 5), expected, rtol=1e-12)
    with pytest.raises(ValueError, match="window must be a whole number >= 1; got window=0"):
        ch07_lab.moving_average(values, 0)


@pytest.fixture(scope="module")
def cliff():
    from lrdecay_lessons.training import train_many
    steps = np.arange(300)
    cut = schedules.multistep_decay(steps, lr0=0.05, milestones=[150], gamma=0.1)
    return train_many(teacher_student_digits(), MLP(hidden=(8,)), SGD(momentum=0.9),
                      np.array([cut, cut, np.full(300, 0.05), np.full(300, 0.05)]), [0, 1, 0, 1], evaluations=30)


def test_the_cliff_table_reads_the_losses_on_both_sides_of_the_cut(cliff):
    table = ch07_lab.cliff_table(cliff, cut=150, before=50, after=(20, 60))
    decayed, reference = table.rows
    assert decayed[1] == f"{cliff.step_loss[:2, 100:150].mean():.4f}"
    assert reference[2] == f"{cliff.step_loss[2:, 170:210].mean():.4f}"
    assert decayed[5] == f"{cliff.excess[:2, list(cliff.eval_steps).index(210)].mean():.4f}"
    assert decayed[1] == reference[1]  # same seeds, same rates before the cut
    with pytest.raises(ValueError, match="cut must leave 50 steps before it"):
        ch07_lab.cliff_table(cliff, cut=20, before=50)
    with pytest.raises(ValueError, match="runs must hold the decayed runs first"):
        ch07_lab.cliff_table(type(cliff)(**{**cliff.__dict__, "rates": cliff.rates[:3]}), cut=150)
    figure = ch07_lab.cliff_figure(cliff, ("cut", "constant"), (150,), floor=0.79)
    left, right = figure.axes
    assert left.get_ylim()[0] == 0 and right.get_yscale() == "log" and left.get_title() and right.get_xlabel()


@pytest.fixture(scope="module")
def fixed_sweep():
    return tuned_sweep(teacher_student_digits(labels="fixed"), MLP(hidden=(8,)), SGD(momentum=0.9), {
        "constant": lambda peak, T: (lambda t: np.full(np.shape(t), peak)),
        "cosine": lambda peak, T: partial(schedules.cosine_annealing, lr0=peak, total_steps=T),
    }, peaks=(0.01, 0.1, 100.0), seeds=(0, 1), steps=150, evaluations=5, criterion="held-out")


def test_early_stopping_tunes_each_schedule_on_its_best_held_out_point(fixed_sweep):
    chosen = ch07_lab.early_stopped(fixed_sweep)
    best = fixed_sweep.runs.best_held_out.reshape(2, 3, 2)
    for index, name in enumerate(("constant", "cosine")):
        peak, values, steps = chosen[name]
        assert np.isnan(best[index, 2]).all()  # the peak of 100 fails
        j = int(np.argmin(best[index, :2].mean(axis=1)))
        assert peak == fixed_sweep.peaks[j]
        np.testing.assert_array_equal(values, best[index, j])
        assert set(steps) <= set(fixed_sweep.runs.eval_steps)
    gap, spread = ch07_lab.early_stopped_difference(fixed_sweep, "cosine", "constant")
    diff = chosen["cosine"][1] - chosen["constant"][1]
    assert (gap, spread) == pytest.approx((diff.mean(), diff.std()))
    table = ch07_lab.overfitting_table(fixed_sweep, floor=0.79)
    rows = {row[0]: row for row in table.rows}
    assert rows["cosine"][5] == f"{chosen['cosine'][1].mean():.4f} ± {chosen['cosine'][1].std():.4f}"
    assert rows["constant"][1] == f"{fixed_sweep.entries['constant'].best_peak:g}"
    assert "0.790" in table.title
    figure = ch07_lab.overfitting_figure(fixed_sweep, floor=0.79)
    assert all(ax.get_ylim()[0] == 0 and ax.get_title() and ax.get_ylabel() for ax in figure.axes)
