"""``training/trainer.py``, minibatch gradient descent: gradients, determinism, divergence and what theory
predicts."""

from __future__ import annotations

import dataclasses
import warnings
from functools import partial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import accuracy_score, log_loss, mean_squared_error, r2_score

from lrdecay_lessons import schedules
from lrdecay_lessons.schedules import cosine_annealing, inverse_time_decay
from lrdecay_lessons.training import (
    DIVERGENCE_FACTOR,
    Dataset,
    compare_schedules,
    learning_rates,
    load_dataset,
    loss_and_gradient,
    objective,
    predict,
    steps_per_epoch,
    targets,
    train,
)

DATA = {name: load_dataset(name) for name in ("diabetes", "breast_cancer", "digits")}
ARRAYS = ("steps", "lr", "train_loss", "val_loss", "val_score", "weights", "bias")


def _optimum(data: Dataset) -> float:
    """The least-squares minimum of the training loss (MSE / 2), for linear regression."""
    A = np.c_[data.X_train, np.ones(data.n_train)]
    w = np.linalg.lstsq(A, data.y_train, rcond=None)[0]
    return 0.5 * float(np.mean((A @ w - data.y_train) ** 2))


# --------------------------------------------------------------------------- the maths


@pytest.mark.parametrize("model, k", [("linear", 1), ("logistic", 1), ("softmax", 4)])
@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_gradient_matches_finite_differences(model, k, l2):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(7, 5))
    y = rng.normal(size=7) if model == "linear" else rng.integers(0, max(k, 2), size=7)
    Y = targets(y, model, n_classes=k)
    W, b = rng.normal(size=(5, k)), rng.normal(size=k)
    J, grad_W, grad_b = loss_and_gradient(X, Y, W, b, model, l2)
    assert J == pytest.approx(objective(X, Y, W, b, model, l2), rel=1e-14)
    h = 1e-6
    numeric_W = np.zeros_like(W)
    for index in np.ndindex(W.shape):
        step = np.zeros_like(W)
        step[index] = h
        numeric_W[index] = (objective(X, Y, W + step, b, model, l2) - objective(X, Y, W - step, b, model, l2)) / (2 * h)
    numeric_b = np.array(
        [(objective(X, Y, W, b + h * e, model, l2) - objective(X, Y, W, b - h * e, model, l2)) / (2 * h) for e in np.eye(k)]
    )
    np.testing.assert_allclose(grad_W, numeric_W, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(grad_b, numeric_b, rtol=1e-6, atol=1e-9)


def test_losses_and_scores_agree_with_sklearn_metrics():
    for name, data in DATA.items():
        result = train(data, 0.05, epochs=2, batch_size=32, seed=0)
        W, b = result.weights, result.bias
        P_val = predict(data.X_val, W, b, result.model)
        P_train = predict(data.X_train, W, b, result.model)
        if name == "diabetes":
            assert result.train_loss[-1] == pytest.approx(mean_squared_error(data.y_train, P_train[:, 0]) / 2, rel=1e-12)
            assert result.val_loss[-1] == pytest.approx(mean_squared_error(data.y_val, P_val[:, 0]) / 2, rel=1e-12)
            assert result.val_score[-1] == pytest.approx(r2_score(data.y_val, P_val[:, 0]), rel=1e-12)
        else:
            proba = P_val if name == "digits" else np.c_[1 - P_val, P_val]
            assert result.val_loss[-1] == pytest.approx(log_loss(data.y_val, proba), rel=1e-9)
            assert result.val_score[-1] == accuracy_score(data.y_val, proba.argmax(axis=1))


def test_losses_stay_finite_for_huge_logits():
    X = np.array([[1.0], [-1.0]])
    for model, k, y in (("logistic", 1, [1, 0]), ("softmax", 3, [2, 0])):
        Y = targets(np.array(y), model, k)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            right = objective(X, Y, np.full((1, k), 800.0) * np.arange(k).clip(1), np.zeros(k), model)
            wrong = objective(X, -Y + 1 if model == "logistic" else Y[::-1], np.full((1, k), 800.0), np.zeros(k), model)
        assert np.isfinite(right) and np.isfinite(wrong)
    # log(1 + e^-800) is 0 to double precision, and a wrong answer costs ~800 nats.
    assert objective(X, targets(np.array([1, 0]), "logistic"), np.array([[800.0]]), np.zeros(1), "logistic") == 0.0
    assert objective(X, targets(np.array([0, 1]), "logistic"), np.array([[800.0]]), np.zeros(1), "logistic") == 800.0


# --------------------------------------------------------------------------- bookkeeping


def test_steps_per_epoch():
    assert steps_per_epoch(331, 32) == 11 and steps_per_epoch(320, 32) == 10 and steps_per_epoch(5, 100) == 1
    assert steps_per_epoch(DATA["digits"], 1) == DATA["digits"].n_train
    with pytest.raises(ValueError, match="batch_size"):
        steps_per_epoch(100, 0)


def test_records_once_per_epoch_with_the_scheduled_rate():
    data = DATA["diabetes"]
    n = 6 * steps_per_epoch(data, 32)
    schedule = partial(cosine_annealing, lr0=0.1, total_steps=n)
    result = train(data, schedule, epochs=6, batch_size=32, seed=0)
    np.testing.assert_array_equal(result.steps, np.arange(1, 7) * 11)
    np.testing.assert_array_equal(result.epoch, np.arange(1, 7))
    np.testing.assert_array_equal(result.lr, schedule(result.steps - 1))
    assert result.train_loss[-1] < result.initial_loss == pytest.approx(0.5)  # standardised target
    assert not result.diverged and result.diverged_at_step is None and result.diverged_lr is None


def test_step_records_are_the_same_run_as_epoch_records():
    data = DATA["breast_cancer"]
    by_epoch = train(data, 0.1, epochs=3, batch_size=50, seed=2)
    by_step = train(data, 0.1, epochs=3, batch_size=50, seed=2, record="step")
    assert len(by_step.steps) == 3 * steps_per_epoch(data, 50)
    at_epoch_end = np.isin(by_step.steps, by_epoch.steps)
    for field in ("lr", "train_loss", "val_loss", "val_score"):
        np.testing.assert_array_equal(getattr(by_step, field)[at_epoch_end], getattr(by_epoch, field))
    np.testing.assert_array_equal(by_step.weights, by_epoch.weights)


def test_a_number_a_step_function_and_schedule_values_give_the_same_run():
    data = DATA["diabetes"]
    rates = (0.05, lambda t: 0.05, schedules.schedule("step_decay", lr0=0.05, gamma=1.0, step_size=10),
             schedules.constant(0.05))
    runs = [train(data, rate, epochs=3, batch_size=16, seed=5) for rate in rates]
    for other in runs[1:]:
        for field in ARRAYS:
            np.testing.assert_array_equal(getattr(other, field), getattr(runs[0], field))
    assert runs[0].label == "constant 0.05" and runs[1].label == "<lambda>"
    assert runs[2].label == "step_decay(lr0=0.05, gamma=1, step_size=10)"
    assert runs[3].label == "constant(lr0=0.05)"


def test_learning_rates_from_any_kind_of_schedule():
    np.testing.assert_array_equal(learning_rates(lambda t: 0.1 if t < 2 else 0.01, 4), [0.1, 0.1, 0.01, 0.01])
    schedule = partial(inverse_time_decay, lr0=0.1, decay_rate=0.5, decay_steps=3)
    np.testing.assert_array_equal(learning_rates(schedule, 9), schedule(np.arange(9)))


def test_result_is_frozen_and_its_arrays_read_only():
    result = train(DATA["diabetes"], 0.01, epochs=1, batch_size=64, seed=0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.diverged = True
    for field in ARRAYS:
        with pytest.raises(ValueError, match="read-only"):
            getattr(result, field)[...] = 0
    assert repr(result) == f"TrainingResult({result.summary()})"
    assert result.summary().startswith("constant 0.01 on diabetes (linear, batch 64, seed 0): 1 epoch, train loss")


# --------------------------------------------------------------------------- determinism


@pytest.mark.parametrize("name", list(DATA))
def test_same_seed_gives_bitwise_the_same_run(name):
    data = DATA[name]
    schedule = partial(cosine_annealing, lr0=0.1, total_steps=3 * steps_per_epoch(data, 20))
    first, second = (train(data, schedule, epochs=3, batch_size=20, seed=7) for _ in range(2))
    for field in ARRAYS:
        np.testing.assert_array_equal(getattr(first, field), getattr(second, field))
    other = train(data, schedule, epochs=3, batch_size=20, seed=8)
    assert not np.array_equal(first.train_loss, other.train_loss)
    assert not np.array_equal(first.weights, other.weights)


def test_without_shuffling_the_seed_does_not_matter():
    data = DATA["breast_cancer"]
    a = train(data, 0.1, epochs=2, batch_size=30, seed=1, shuffle=False)
    b = train(data, 0.1, epochs=2, batch_size=30, seed=2, shuffle=False)
    np.testing.assert_array_equal(a.weights, b.weights)


# --------------------------------------------------------------------------- divergence


def _jump(t, at, before=0.01, after=1e6):
    """A rate that is fine until step ``at`` and absurd from then on."""
    return np.where(np.asarray(t) < at, before, after)


@pytest.mark.parametrize("record, n_records", [("epoch", 2), ("step", 30)])
def test_divergence_is_caught_at_the_right_step_without_warnings(record, n_records):
    data = DATA["diabetes"]  # 11 steps per epoch with batch_size=32
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = train(data, partial(_jump, at=30), epochs=10, batch_size=32, seed=0, record=record)
    assert result.diverged
    assert result.diverged_at_step == 30
    assert result.diverged_lr == 1e6
    assert len(result.steps) == n_records and result.steps[-1] <= 30
    for field in ARRAYS:
        assert np.all(np.isfinite(getattr(result, field)))
    assert result.summary().endswith(
        f"DIVERGED at step 30 (epoch 3) with lr=1e+06: the loss became infinite or exceeded "
        f"1e+06 x the initial {result.initial_loss:.4g}"
    )


@pytest.mark.parametrize("name", list(DATA))
def test_an_overflowing_rate_stops_at_the_first_step_without_warnings(name):
    """lr = 1e300 sends the weights to ~1e300 and the logits to inf: NaN, caught, no warning.

    The first update overflows to inf when the first batch's gradient exceeds ~1.8 in size, else
    the weights are ~1e300 and the second step overflows: which one depends on the batch order."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = train(DATA[name], 1e300, epochs=2, batch_size=16, seed=0)
    assert result.diverged and result.diverged_at_step <= 1 and result.diverged_lr == 1e300
    assert len(result.steps) == 0 and not np.any(result.weights)  # nothing recorded, weights at the start


def test_a_too_large_constant_rate_explodes_geometrically_and_is_stopped():
    """Full-batch GD on a quadratic diverges when lr > 2 / L (L: the largest curvature)."""
    data = DATA["diabetes"]
    A = np.c_[data.X_train, np.ones(data.n_train)]
    L = np.linalg.eigvalsh(A.T @ A / data.n_train).max()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        too_big = train(data, 2.2 / L, epochs=500, batch_size=data.n_train, seed=0)
        fine = train(data, 1.8 / L, epochs=500, batch_size=data.n_train, seed=0)
    assert too_big.diverged and too_big.diverged_lr == pytest.approx(2.2 / L)
    assert 10 < too_big.diverged_at_step < 500
    assert too_big.train_loss[-1] <= DIVERGENCE_FACTOR * too_big.initial_loss
    assert too_big.train_loss[-1] > 100 * too_big.initial_loss  # it was blowing up before the cut
    assert not fine.diverged and fine.train_loss[-1] < 0.5 * fine.initial_loss


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(list(DATA)),
    log_lr=st.floats(min_value=-4, max_value=300),
    batch_size=st.sampled_from([1, 7, 64, 10_000]),
    record=st.sampled_from(["epoch", "step"]),
)
def test_any_rate_gives_finite_records_or_a_reported_divergence(name, log_lr, batch_size, record):
    data = DATA[name]
    if record == "step":
        data = Dataset(name, data.task, data.X_train[:40], data.y_train[:40], data.X_val, data.y_val)
    lr = 10.0**log_lr
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = train(data, lr, epochs=2, batch_size=batch_size, seed=0, record=record)
    for field in ARRAYS:
        assert np.all(np.isfinite(getattr(result, field)))
    assert np.all(result.train_loss <= DIVERGENCE_FACTOR * result.initial_loss)
    if result.diverged:
        assert result.diverged_lr == lr and 0 <= result.diverged_at_step < 2 * result.steps_per_epoch
        assert len(result.steps) == 0 or result.steps[-1] <= result.diverged_at_step + 1
    else:
        assert result.diverged_at_step is None and len(result.steps) == (2 if record == "epoch" else 2 * result.steps_per_epoch)


# --------------------------------------------------------------------------- what theory says


def test_decay_beats_the_sgd_noise_floor():
    """With small batches a constant rate keeps bouncing around the optimum (excess loss ~ lr);
    a rate that decays to ~0 settles down. Same lr0, same epochs, same batches, every seed."""
    data = DATA["diabetes"]
    best = _optimum(data)
    epochs, batch = 20, 4
    n = epochs * steps_per_epoch(data, batch)
    schedules = {
        "constant": 0.1,
        "cosine": partial(cosine_annealing, lr0=0.1, total_steps=n),
        "inverse time": partial(inverse_time_decay, lr0=0.1, decay_rate=20, decay_steps=n),
    }
    excess = {
        name: np.array([train(data, s, epochs=epochs, batch_size=batch, seed=seed).train_loss[-1] - best for seed in range(5)])
        for name, s in schedules.items()
    }
    assert np.all(excess["constant"] > 0.01)  # the noise floor: 2% of the initial loss, or more
    for decayed in ("cosine", "inverse time"):
        assert np.all(excess[decayed] >= 0)
        assert np.all(10 * excess[decayed] < excess["constant"]), (decayed, excess)


def test_the_noise_floor_shrinks_with_the_constant_rate():
    data = DATA["diabetes"]
    best = _optimum(data)
    floor = [
        np.mean([train(data, lr, epochs=20, batch_size=4, seed=seed).train_loss[-1] - best for seed in range(5)])
        for lr in (0.1, 0.03, 0.01)
    ]
    assert floor[0] > 2 * floor[1] > 4 * floor[2] > 0


def test_full_batch_gradient_descent_needs_no_decay():
    """No minibatch noise: a constant rate below 2 / L converges to the optimum; decaying it only
    shortens the distance travelled (cosine sums to half the steps' worth of rate)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 5))
    y = X @ rng.normal(size=5) + 0.5 * rng.normal(size=200)
    data = Dataset("noisy least squares", "regression", X[:150], y[:150], X[150:], y[150:])
    best = _optimum(data)
    epochs = 100  # full batch: one step per epoch
    constant = train(data, 0.2, epochs=epochs, batch_size=150, seed=0)
    cosine = train(data, partial(cosine_annealing, lr0=0.2, total_steps=epochs), epochs=epochs, batch_size=150, seed=0)
    assert constant.train_loss[-1] - best < 1e-12
    assert cosine.train_loss[-1] - best > 1e-9
    assert np.all(np.diff(constant.train_loss) <= 1e-15)  # full-batch GD with a small rate never goes up


# --------------------------------------------------------------------------- comparing schedules


def test_compare_schedules_summarises_over_seeds():
    data = DATA["diabetes"]
    n = 5 * steps_per_epoch(data, 32)
    schedules = {"constant": 0.05, "cosine": partial(cosine_annealing, lr0=0.05, total_steps=n), "too big": 1e6}
    comparison = compare_schedules(data, schedules, seeds=(0, 1, 2), epochs=5, batch_size=32, target_loss=0.27)
    assert [row.name for row in comparison.rows] == list(schedules)
    for row in comparison.rows:
        runs = comparison.results[row.name]
        assert [r.seed for r in runs] == [0, 1, 2] and all(r.label == row.name for r in runs)
        if row.name == "too big":
            assert row.n_diverged == 3 and row.final_val_loss_mean is None and row.epochs_to_target is None
            continue
        final = [r.val_loss[-1] for r in runs]
        assert row.n_diverged == 0
        assert row.final_val_loss_mean == pytest.approx(np.mean(final), rel=1e-12)
        assert row.final_val_loss_std == pytest.approx(np.std(final, ddof=1), rel=1e-12)
        assert row.final_val_score_mean == pytest.approx(np.mean([r.val_score[-1] for r in runs]), rel=1e-12)
        first_hits = [np.argmax(r.val_loss <= 0.27) + 1 for r in runs if np.any(r.val_loss <= 0.27)]
        assert row.n_reached_target == len(first_hits) > 0
        assert row.epochs_to_target == pytest.approx(np.mean(first_hits))
    table = comparison.table()
    assert "too big" in table and "3/3" in table and "epochs to loss<=0.27" in table and "R²" in table
    assert repr(comparison) == table


def test_compare_schedules_runs_every_schedule_on_the_same_batches():
    data = DATA["breast_cancer"]
    comparison = compare_schedules(data, {"a": 0.1, "b": lambda t: 0.1}, seeds=(3,), epochs=2, batch_size=25)
    np.testing.assert_array_equal(comparison.results["a"][0].weights, comparison.results["b"][0].weights)


# --------------------------------------------------------------------------- clear errors


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"epochs": 0}, "epochs"),
        ({"batch_size": 2.5}, "batch_size"),
        ({"seed": -3}, "seed"),
        ({"l2": -1.0}, "l2"),
        ({"record": "batch"}, "record='batch'"),
        ({"shuffle": "yes"}, "shuffle"),
        ({"schedule": lambda t: -0.1}, r"-0\.1 at step 0"),
        ({"schedule": partial(lambda t: np.where(np.asarray(t) > 3, np.nan, 0.1))}, "nan at step 4"),
        ({"schedule": "cosine"}, "schedule must be a function"),
        ({"dataset": "diabetes"}, "dataset must be a Dataset"),
    ],
)
def test_bad_input_gets_a_clear_error(kwargs, needle):
    arguments = {"dataset": DATA["diabetes"], "schedule": 0.1, "epochs": 1, "batch_size": 32, **kwargs}
    with pytest.raises(ValueError, match=needle):
        train(arguments.pop("dataset"), arguments.pop("schedule"), **arguments)


def test_compare_schedules_rejects_empty_input():
    with pytest.raises(ValueError, match="schedules"):
        compare_schedules(DATA["diabetes"], {}, epochs=1, batch_size=8)
    with pytest.raises(ValueError, match="seeds"):
        compare_schedules(DATA["diabetes"], {"c": 0.1}, seeds=(), epochs=1, batch_size=8)


def test_compare_schedules_names_a_list_or_a_single_seed_given_by_mistake():
    """Issue 27: these raised AttributeError ('list' has no 'items') and TypeError ('int' not iterable)."""
    data = DATA["diabetes"]
    with pytest.raises(ValueError, match=r"schedules must map a name to a schedule.*got schedules=\[constant"):
        compare_schedules(data, [schedules.constant(0.1)], epochs=1, batch_size=32)
    with pytest.raises(ValueError, match="seeds must be a non-empty list of whole numbers >= 0, e.g. \\(0, 1, 2\\); got seeds=0"):
        compare_schedules(data, {"c": 0.1}, seeds=0, epochs=1, batch_size=32)


def test_a_run_that_ends_worse_than_the_trivial_predictor_says_it_failed():
    """Issue 27: train(breast_cancer, 1e6, epochs=3) ended at val loss ~3e4 against the trivial 0.66,
    with diverged=False and a summary that read like a trained model."""
    data = DATA["breast_cancer"]
    run = train(data, 1e6, epochs=3, batch_size=32)
    assert not run.diverged and run.val_loss[-1] > data.trivial_val_loss
    assert run.learnt_nothing and run.trivial_val_loss == data.trivial_val_loss
    assert "FAILED: no better than the trivial predictor's val loss" in run.summary()
    good = train(data, 0.1, epochs=3, batch_size=32)
    assert not good.learnt_nothing and "FAILED" not in good.summary()
