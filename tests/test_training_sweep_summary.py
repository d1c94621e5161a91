"""training.sweep_summary: a tuned sweep as rows, the verdict only beyond the spread over seeds."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.training import MLP, SGD, best_peak_columns, best_peak_rows, teacher_student_digits, tuned_sweep


@pytest.fixture(scope="module")
def sweep():
    return tuned_sweep(teacher_student_digits(), MLP(hidden=(8,)), SGD(momentum=0.9), {
        "constant": lambda peak, T: (lambda t: np.full(np.shape(t), peak)),
        "linear": lambda peak, T: partial(schedules.polynomial_decay, lr0=peak, total_steps=T, power=1.0),
    }, peaks=(0.01, 0.05, 100.0), seeds=(0, 1), steps=120, evaluations=3)


def test_each_row_holds_the_best_peak_the_mean_and_the_paired_gap(sweep):
    rows = {row[0]: row for row in best_peak_rows(sweep, "linear")}
    assert list(rows) == list(sweep.entries)
    for name, entry in sweep.entries.items():
        assert rows[name][1] == f"{entry.best_peak:g}"
        assert rows[name][2] == f"{entry.mean:.4f} ± {entry.std:.4f}"
        assert rows[name][3] == f"{sum(entry.failed_by_peak.values())} of 6"
    gap, spread = sweep.paired_difference("constant", "linear")
    assert rows["constant"][4] == f"{gap:+.4f} ± {spread:.4f}"
    assert rows["linear"][4] == rows["linear"][5] == "—"
    assert len(best_peak_columns("linear")) == len(rows["linear"]) and "minus linear" in best_peak_columns("linear")[4]



def test_an_unknown_reference_names_the_known_schedules(sweep):
    with pytest.raises(ValueError, match=r"reference must be one of the sweep's schedules \['constant', 'linear'\]; "
                                         r"got reference='cosine'"):
        best_peak_rows(sweep, "cosine")
