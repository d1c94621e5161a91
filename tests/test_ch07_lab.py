"""Chapter 07's lab views: the table names a winner only beyond the spread, the figure draws the best peaks."""

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
