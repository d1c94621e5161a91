"""Chapter 08's lab views (``chapters/ch08_lab.py``): the race's table shows the tuned comparison's peaks,
results and Holm verdicts, the figure draws the evaluation runs at the tuned peaks, the cliff and the
overfitting study read the right runs."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters import ch08_lab
from lrdecay_lessons.experiments import ch08 as exp08
from lrdecay_lessons.training import MLP, SGD, SeedPlan, teacher_student_digits, tune_and_evaluate

PLAN = SeedPlan(tuning=(0, 1), evaluation=(10, 11, 12, 13, 14))


@pytest.fixture(scope="module")
def race():
    return tune_and_evaluate(teacher_student_digits(), MLP(hidden=(8,)), SGD(momentum=0.9), {
        "constant": lambda peak, T: (lambda t: np.full(np.shape(t), peak)),
        "linear": lambda peak, T: partial(schedules.polynomial_decay, lr0=peak, total_steps=T, power=1.0),
    }, peaks=(0.01, 0.05, 100.0), plan=PLAN, steps=120, reference="constant", evaluations=3)


def test_the_table_reports_each_tuned_peak_and_the_paired_verdict(race):
    table = ch08_lab.sweep_table(race, "lab")
    rows = {row[0]: row for row in table.rows}
    assert "sd with n − 1" in table.columns[2] and "5 other seeds" in table.columns[2]
    for name, peak in race.peaks.items():
        assert rows[name][1].startswith(f"{peak:.3g}")
        values = race.results[name]
        assert rows[name][2] == f"{values.mean():.4f} ± {values.std(ddof=1):.4f}"
    c = race.comparisons["linear"]
    assert rows["linear"][3] == f"{c.mean:+.4f} [{c.low:+.4f}, {c.high:+.4f}]"
    assert rows["linear"][4] == f"{c.first_lower} of 5"
    assert rows["constant"][5] == "(reference)"


def test_the_figure_draws_the_evaluation_runs_at_each_tuned_peak(race):
    figure = ch08_lab.sweep_figure(race, "lab")
    ax = figure.axes[0]
    lines = ax.get_lines()
    assert [line.get_label() for line in lines[:2]] == [f"{name} (peak {race.peaks[name]:.3g})"
                                                        for name in ("constant", "linear")]
    np.testing.assert_allclose(lines[1].get_ydata(), race.runs.excess[race.evaluation_runs("linear")].mean(axis=0))
    assert lines[-1].get_ydata()[0] == pytest.approx(race.runs.trivial_excess)
    assert ax.get_yscale() == "log"


def test_moving_average_is_the_trailing_mean():
    values = np.random.default_rng(0).normal(size=(2, 30))
    expected = np.array([[row[max(0, i - 4):i + 1].mean() for i in range(30)] for row in values])
    np.testing.assert_allclose(ch08_lab.moving_average(values, 5), expected, rtol=1e-12)
    with pytest.raises(ValueError, match="window must be a whole number >= 1; got window=0"):
        ch08_lab.moving_average(values, 0)


@pytest.fixture(scope="module")
def cliff():
    from lrdecay_lessons.training import train_many
    steps = np.arange(300)
    cut = schedules.multistep_decay(steps, lr0=0.05, milestones=[150], gamma=0.1)
    return train_many(teacher_student_digits(), MLP(hidden=(8,)), SGD(momentum=0.9),
                      np.array([cut, cut, np.full(300, 0.05), np.full(300, 0.05)]), [0, 1, 0, 1], evaluations=30)


def test_the_cliff_table_reads_the_losses_on_both_sides_of_the_cut(cliff):
    table = ch08_lab.cliff_table(cliff, cut=150, before=50, after=(20, 60))
    decayed, reference = table.rows
    assert decayed[1] == f"{cliff.step_loss[:2, 100:150].mean():.4f}"
    assert reference[2] == f"{cliff.step_loss[2:, 170:210].mean():.4f}"
    assert decayed[5] == f"{cliff.excess[:2, list(cliff.eval_steps).index(210)].mean():.4f}"
    assert decayed[1] == reference[1]  # same seeds, same rates before the cut
    with pytest.raises(ValueError, match="cut must leave 50 steps before it"):
        ch08_lab.cliff_table(cliff, cut=20, before=50)
    with pytest.raises(ValueError, match="runs must hold the decayed runs first"):
        ch08_lab.cliff_table(type(cliff)(**{**cliff.__dict__, "rates": cliff.rates[:3]}), cut=150)
    figure = ch08_lab.cliff_figure(cliff, ("cut", "constant"), (150,), floor=0.79)
    left, right = figure.axes
    assert left.get_ylim()[0] == 0 and right.get_yscale() == "log" and left.get_title() and right.get_xlabel()


@pytest.fixture(scope="module")
def overfit():
    patch = pytest.MonkeyPatch()
    patch.setattr(exp08, "OVERFIT_STEPS", 150)
    patch.setattr(exp08, "OVERFIT_EVALUATIONS", 5)
    patch.setattr(exp08, "OVERFIT_PEAKS", (0.01, 0.1, 100.0))
    try:
        yield exp08.overfitting_comparison(PLAN)
    finally:
        patch.undo()


def test_the_overfitting_table_and_figure_show_the_evaluation_runs(overfit):
    table = ch08_lab.overfitting_table(overfit, floor=0.79)
    rows = {row[0]: row for row in table.rows}
    for name in ("constant", "cosine"):
        end, stop = overfit.results[("at the end", name)], overfit.results[("with early stopping", name)]
        assert rows[name][1] == f"{overfit.peaks[('at the end', name)]:.3g}"
        assert rows[name][2] == f"{end.mean():.4f} ± {end.std(ddof=1):.4f}"
        assert rows[name][5] == f"{stop.mean():.4f} ± {stop.std(ddof=1):.4f}"
        steps = overfit.runs.best_held_out_step[overfit.rows(("with early stopping", name))]
        assert rows[name][6] == ", ".join(str(int(s)) for s in steps)
    assert "0.790" in table.title and "sd with n − 1" in table.title
    figure = ch08_lab.overfitting_figure(overfit, floor=0.79)
    assert all(ax.get_ylim()[0] == 0 and ax.get_title() and ax.get_ylabel() for ax in figure.axes)
    left = figure.axes[0]
    group = overfit.rows(("with early stopping", "cosine"))
    np.testing.assert_allclose(left.get_lines()[2].get_ydata(), overfit.runs.held_out_excess[group].mean(axis=0))
