"""Chapter 09 (warm-up and cycles): its helpers, plateau traces (``schedules/plateau.py``), training with a
plateau (``training/plateau_runs.py``), curvature and stiff growth (``training/curvature.py``)."""

from __future__ import annotations


import numpy as np
import pytest

from lrdecay_lessons.schedules import (
    ReduceLROnPlateau,
    cosine_annealing,
    plateau_schedule,
    plateau_trace,
    warmup_cosine,
)
from lrdecay_lessons.training import (
    Dataset,
    load_dataset,
    stiff_growth,
    top_curvature,
    train,
    train_with_plateau,
)

SCRIPT = [1.0, 0.8, 0.8, 0.8, 0.8, 0.5, 0.5, 0.5, 0.5, 0.5]


# --- plateau_trace ------------------------------------------------------------------------


def test_trace_rates_equal_the_replay():
    kwargs = dict(factor=0.5, patience=1, cooldown=2, threshold=0.01)
    rows = plateau_trace(SCRIPT, ReduceLROnPlateau(1.0, **kwargs))
    np.testing.assert_array_equal([r.lr for r in rows], plateau_schedule(SCRIPT, 1.0, **kwargs))


def test_trace_explains_each_decision():
    rows = plateau_trace(SCRIPT, ReduceLROnPlateau(1.0, factor=0.5, patience=1, cooldown=2))
    assert [r.improved for r in rows] == [True, True, False, False, False, True, False, False, False, False]
    # Bad steps 2, 3: the second (> patience 1) cuts at 3; steps 4, 5 are the cooldown;
    # 5 improves, then bad steps 6, 7 cut again at 7, and 8, 9 are the next cooldown.
    assert [r.cut for r in rows] == [False, False, False, True, False, False, False, True, False, False]
    assert [r.in_cooldown for r in rows] == [False] * 4 + [True, True] + [False] * 2 + [True, True]
    assert [r.lr for r in rows] == [1.0] * 3 + [0.5] * 4 + [0.25] * 3
    assert [r.num_bad_steps for r in rows][:4] == [0, 0, 1, 0]
    # The count the decision was made on: 2 > patience at each cut, 0 in the cooldown.
    assert [r.bad_in_a_row for r in rows] == [0, 0, 1, 2, 0, 0, 1, 2, 0, 0]
    assert [r.best for r in rows][5:] == [0.5] * 5
    assert [r.step for r in rows] == list(range(len(SCRIPT)))


def test_bad_in_a_row_exceeds_patience_exactly_at_the_cuts():
    metrics = [1.0, 0.99, 0.98, 0.97, 0.5, 0.5, 0.49, 0.5, 0.5, 0.5, 0.5]
    for patience in range(4):
        for cooldown in range(3):
            rows = plateau_trace(metrics, ReduceLROnPlateau(1.0, factor=0.5, patience=patience,
                                                            cooldown=cooldown, threshold=0.05, eps=0.0))
            assert [r.cut for r in rows] == [r.bad_in_a_row > patience for r in rows]
    # A cut too small to matter (eps) is skipped although the count exceeds patience.
    rows = plateau_trace([1.0, 1.0, 1.0], ReduceLROnPlateau(1e-8, patience=0, eps=1e-8))
    assert [r.bad_in_a_row for r in rows] == [0, 1, 1] and not any(r.cut for r in rows)


def test_trace_threshold_turns_a_small_gain_into_a_bad_step():
    rows = plateau_trace([1.0, 0.995], ReduceLROnPlateau(1.0, threshold=0.01))
    assert not rows[1].improved and rows[1].best == 1.0
    rows = plateau_trace([1.0, 0.985], ReduceLROnPlateau(1.0, threshold=0.01))
    assert rows[1].improved and rows[1].best == 0.985


def test_trace_rejects_a_non_plateau():
    with pytest.raises(ValueError, match="plateau must be a ReduceLROnPlateau"):
        plateau_trace([1.0], plateau=0.1)


# --- train_with_plateau -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["diabetes", "breast_cancer", "digits"])
def test_a_plateau_that_never_cuts_is_a_constant_rate(name):
    data = load_dataset(name)
    run = train_with_plateau(data, ReduceLROnPlateau(0.05, patience=1000), epochs=4, batch_size=32, seed=2)
    reference = train(data, 0.05, epochs=4, batch_size=32, seed=2)
    np.testing.assert_allclose(run.val_loss, reference.val_loss, rtol=1e-12)
    np.testing.assert_allclose(run.train_loss, reference.train_loss, rtol=1e-12)
    assert run.cut_epochs == [] and np.all(run.lr == 0.05)


def test_the_plateau_sets_the_next_epochs_rate():
    data = load_dataset("diabetes")
    run = train_with_plateau(data, ReduceLROnPlateau(0.5, factor=0.5, patience=1), epochs=25, batch_size=32)
    assert not run.diverged and len(run.lr) == 25
    assert run.cut_epochs, "the diabetes loss stalls at lr 0.5 and gets cut"
    for k, row in enumerate(run.trace[:-1]):
        assert run.lr[k + 1] == row.lr
        assert row.metric == run.val_loss[k]
    # The rates replay exactly from the recorded losses.
    np.testing.assert_array_equal(run.lr[1:], plateau_schedule(run.val_loss[:-1], 0.5, factor=0.5, patience=1))


def test_a_run_that_diverges_is_reported_not_raised():
    data = load_dataset("diabetes")
    run = train_with_plateau(data, ReduceLROnPlateau(5.0), epochs=10, batch_size=32)
    assert run.diverged
    assert np.all(np.isfinite(run.val_loss)) and len(run.val_loss) < 10


def test_train_with_plateau_checks_its_input():
    data = load_dataset("diabetes")
    with pytest.raises(ValueError, match="mode='min'"):
        train_with_plateau(data, ReduceLROnPlateau(0.1, mode="max"), epochs=1, batch_size=8)
    with pytest.raises(ValueError, match="epochs"):
        train_with_plateau(data, ReduceLROnPlateau(0.1), epochs=0, batch_size=8)
    with pytest.raises(ValueError, match="dataset must be a Dataset"):
        train_with_plateau("diabetes", ReduceLROnPlateau(0.1), epochs=1, batch_size=8)


# --- top_curvature and stiff_growth -------------------------------------------------------


def test_top_curvature_of_a_diagonal_problem():
    X = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    data = Dataset("toy", "regression", X, np.zeros(4), X, np.zeros(4))
    # H = [X, 1]^T [X, 1] / 4 = diag(2, 0.5, 1).
    assert top_curvature(data) == pytest.approx(2.0)


def test_the_curvature_predicts_full_batch_divergence():
    data = load_dataset("diabetes")
    limit = 2.0 / top_curvature(data)
    n = data.n_train
    assert not train(data, 0.97 * limit, epochs=300, batch_size=n).diverged
    assert train(data, 1.03 * limit, epochs=300, batch_size=n).diverged


def test_top_curvature_needs_regression():
    with pytest.raises(ValueError, match="regression Dataset"):
        top_curvature(load_dataset("digits"))


def test_stiff_growth_multiplies_the_factors():
    np.testing.assert_allclose(stiff_growth([0.5, 3.0, 3.0, 1.0], 1.0), [0.5, 1.0, 2.0, 0.0])
    np.testing.assert_allclose(stiff_growth([0.1] * 3, 2.0), 0.8 ** np.arange(1, 4))
    huge = stiff_growth([100.0] * 1000, 10.0)  # 999**1000 is beyond the float range
    assert huge[0] == pytest.approx(999.0) and huge[-1] == np.inf


def test_warm_up_shrinks_the_stiff_error_before_the_peak():
    curvature, peak, n, w = 4.0, 0.7, 100, 30  # peak above 2 / curvature = 0.5
    steps = np.arange(n)
    cold = stiff_growth(cosine_annealing(steps, lr0=peak, total_steps=n), curvature)
    warm = stiff_growth(warmup_cosine(steps, lr0=peak, total_steps=n, warmup_steps=w), curvature)
    assert cold.max() > 1e3 > warm.max()


def test_stiff_growth_rejects_bad_rates():
    with pytest.raises(ValueError, match="rates must be"):
        stiff_growth([0.1, -0.1], 1.0)
    with pytest.raises(ValueError, match="curvature"):
        stiff_growth([0.1], -1.0)
