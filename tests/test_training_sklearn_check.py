"""``training/sklearn_check.py``: our trainer against scikit-learn's SGD, and scikit-learn's invscaling as
inverse-time decay."""

from __future__ import annotations

import warnings
from functools import partial

import numpy as np
import pytest
from sklearn.linear_model import SGDClassifier, SGDRegressor

from lrdecay_lessons.schedules import (
    cosine_annealing,
    exponential_decay,
    inverse_time_decay,
)
from lrdecay_lessons.training import (
    compare_with_sklearn,
    invscaling,
    load_dataset,
    make_sklearn_sgd,
    sklearn_invscaling_rates,
)

DATA = {name: load_dataset(name) for name in ("diabetes", "breast_cancer", "digits")}
SCHEDULES = {
    "cosine": partial(cosine_annealing, lr0=0.02, total_steps=8, lr_min=0.001),
    "exponential": partial(exponential_decay, lr0=0.05, gamma=0.5, total_steps=3),
}


@pytest.mark.parametrize("name", ["diabetes", "breast_cancer"])
@pytest.mark.parametrize("l2", [0.0, 0.01])
def test_without_shuffling_both_libraries_take_the_same_steps(name, l2):
    """Same samples in the same order, same rates: the curves agree to rounding error.
    This checks our loss, gradient, L2 penalty and update rule against scikit-learn's."""
    result = compare_with_sklearn(DATA[name], SCHEDULES["cosine"], epochs=8, l2=l2, shuffle=False)
    np.testing.assert_allclose(result.ours.train_loss, result.sklearn_train_loss, rtol=1e-11)
    np.testing.assert_allclose(result.ours.val_loss, result.sklearn_val_loss, rtol=1e-11)
    np.testing.assert_array_equal(result.ours.lr, result.lr)


@pytest.mark.parametrize("name", ["diabetes", "breast_cancer"])
@pytest.mark.parametrize("schedule", list(SCHEDULES))
@pytest.mark.parametrize("seed", [0, 1])
def test_shuffled_runs_reach_a_comparable_loss(name, schedule, seed):
    """Each library shuffles its own way; with a decaying rate both end at about the same loss."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = compare_with_sklearn(DATA[name], SCHEDULES[schedule], epochs=8, seed=seed)
    assert result.ours.train_loss[-1] / result.sklearn_train_loss[-1] == pytest.approx(1.0, abs=0.03)
    assert result.ours.val_loss[-1] / result.sklearn_val_loss[-1] == pytest.approx(1.0, abs=0.05)
    # and both really trained: far below the loss of the all-zero model
    assert result.sklearn_train_loss[-1] < 0.6 * result.ours.initial_loss
    assert "ratio" in result.summary() and len(result.epoch) == 8


def test_scikit_learn_reshuffles_every_epoch():
    """An integer random_state would make every partial_fit call use the same order."""
    data = DATA["diabetes"]
    est = make_sklearn_sgd(data, eta0=0.01, seed=0)
    assert isinstance(est, SGDRegressor) and isinstance(est.random_state, np.random.RandomState)
    assert isinstance(make_sklearn_sgd(DATA["breast_cancer"], eta0=0.01, seed=0), SGDClassifier)
    a = compare_with_sklearn(data, 0.01, epochs=3, seed=4)
    b = compare_with_sklearn(data, 0.01, epochs=3, seed=4)
    np.testing.assert_array_equal(a.sklearn_train_loss, b.sklearn_train_loss)  # deterministic
    c = compare_with_sklearn(data, 0.01, epochs=3, seed=5)
    assert not np.array_equal(a.sklearn_train_loss, c.sklearn_train_loss)


def test_multiclass_and_zero_rates_are_refused_clearly():
    with pytest.raises(ValueError, match="one-vs-rest"):
        compare_with_sklearn(DATA["digits"], 0.01, epochs=2)
    with pytest.raises(ValueError, match="eta0 must be > 0.*gave 0.0 at epoch 4"):
        compare_with_sklearn(DATA["diabetes"], partial(cosine_annealing, lr0=0.01, total_steps=4), epochs=5)


# --------------------------------------------------------------------------- invscaling


@pytest.mark.parametrize("power_t", [1.0, 0.5, 0.25, 0.0])
def test_sklearn_invscaling_is_eta0_over_t_plus_one_to_the_power(power_t):
    observed = sklearn_invscaling_rates(30, eta0=0.1, power_t=power_t)
    np.testing.assert_allclose(observed, invscaling(np.arange(30), eta0=0.1, power_t=power_t), rtol=1e-12, atol=0)


def test_with_power_one_invscaling_is_inverse_time_decay():
    """scikit-learn's t starts at 1 for the first update; our step s at 0: t = s + 1, and
    eta0 / t = eta0 / (1 + 1 * s / 1) = inverse_time_decay(s, lr0=eta0, decay_rate=1, decay_steps=1)."""
    steps = np.arange(200)
    observed = sklearn_invscaling_rates(200, eta0=0.3, power_t=1.0)
    expected = inverse_time_decay(steps, lr0=0.3, decay_rate=1.0, decay_steps=1)
    np.testing.assert_allclose(observed, expected, rtol=1e-12, atol=0)
    # Off by one step it would be wrong by far more than rounding:
    assert not np.allclose(observed, inverse_time_decay(steps + 1, lr0=0.3, decay_rate=1.0, decay_steps=1), rtol=1e-3)
    # and it is not the other powers (scikit-learn's defaults are 0.25 and 0.5)
    assert not np.allclose(sklearn_invscaling_rates(10, eta0=0.3, power_t=0.5), expected[:10], rtol=1e-3)


def test_invscaling_checks_its_parameters():
    assert invscaling(0, eta0=0.2, power_t=3.0) == 0.2
    with pytest.raises(ValueError, match="eta0"):
        invscaling(1, eta0=0.0, power_t=1.0)
    with pytest.raises(ValueError, match="power_t"):
        sklearn_invscaling_rates(3, eta0=0.1, power_t=-1.0)
