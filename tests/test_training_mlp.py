"""``training/mlp.py``, the NumPy MLP: gradients equal PyTorch's autograd, He initialisation, stacked runs
equal single runs."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.frameworks import load_data
from lrdecay_lessons.training import MLP, SGD, Adam, AdamW, ScheduleFreeAdamW, ScheduleFreeSGD, evaluation_point

RECORDED = load_data("mlp_values.json")


@pytest.mark.parametrize("case", RECORDED["cases"], ids=lambda c: f"{c['head']}{c['hidden']}")
def test_loss_and_gradient_equal_pytorch_autograd(case):
    net = MLP(hidden=tuple(case["hidden"]), head=case["head"])
    params = tuple(np.array(p) for p in case["params"])
    loss, grads = net.loss_and_gradient(params, np.array(case["X"]), np.array(case["y"]))
    assert loss == pytest.approx(case["loss"], rel=1e-12)
    for ours, theirs in zip(grads, case["grads"]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-13)


def test_he_initialisation_has_the_stated_spread_and_zero_biases():
    for scale in (1.0, 2.0):
        params = MLP(hidden=(400, 300), init_scale=scale).init(n_features=500, n_outputs=10, seed=0)
        for W, fan_in in zip(params[0::2], (500, 400, 300)):
            assert W.std() == pytest.approx(scale * np.sqrt(2.0 / fan_in), rel=0.02)
        assert all(not b.any() for b in params[1::2])


OPTIMIZERS = [SGD(momentum=0.9), SGD(momentum=0.8, nesterov=True, weight_decay=0.01), Adam(), AdamW(weight_decay=0.1),
              ScheduleFreeSGD(), ScheduleFreeAdamW(weight_decay=0.05)]


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=lambda o: type(o).__name__)
@pytest.mark.parametrize("own_batches", [False, True], ids=["shared batch", "a batch per run"])
def test_many_runs_at_once_equal_one_at_a_time(optimizer, own_batches):
    net = MLP(hidden=(16, 8), head="softmax")
    rng = np.random.default_rng(1)
    runs, steps = 3, 6
    X, y = rng.normal(size=(runs, 32, 6)), rng.integers(0, 4, size=(runs, 32))
    if not own_batches:
        X, y = X[0], y[0]
    rates = np.array([[0.3, 0.1, 0.03]]).T * np.linspace(1.0, 0.5, steps)  # (runs, steps): a schedule per run
    stacked = net.init(n_features=6, n_outputs=4, seed=10, runs=runs)
    singles = [net.init(n_features=6, n_outputs=4, seed=10 + k) for k in range(runs)]
    for k in range(runs):
        for p, q in zip(singles[k], stacked):
            np.testing.assert_array_equal(p, q[k])
    stacked_state, states = optimizer.init(stacked), [optimizer.init(p) for p in singles]
    for t in range(steps):
        losses, grads = net.loss_and_gradient(stacked, X, y)
        stacked, stacked_state = optimizer.step(stacked, grads, stacked_state, rates[:, t])
        for k in range(runs):
            loss, g = net.loss_and_gradient(singles[k], X[k] if own_batches else X, y[k] if own_batches else y)
            assert loss == pytest.approx(losses[k], rel=1e-12)
            singles[k], states[k] = optimizer.step(singles[k], g, states[k], rates[k, t])
    for k in range(runs):
        for p, q in zip(evaluation_point(optimizer, singles[k], states[k]),
                        evaluation_point(optimizer, stacked, stacked_state)):
            np.testing.assert_allclose(q[k], p, rtol=1e-12, atol=1e-12)


def test_one_rate_per_run_needs_stacked_params():
    params = MLP(hidden=(4,)).init(n_features=3, n_outputs=2, seed=0)
    grads = tuple(np.zeros_like(p) for p in params)
    with pytest.raises(ValueError, match="one rate per run"):
        SGD().step(params, grads, SGD().init(params), np.array([0.1, 0.2]))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"hidden": ()}, ValueError, "hidden must list 1 to 5"),
    ({"hidden": (4,) * 6}, ValueError, "hidden must list 1 to 5"),
    ({"hidden": 32}, TypeError, "hidden must be a sequence"),
    ({"hidden": (0,)}, ValueError, "hidden must be a whole number"),
    ({"hidden": (4,), "head": "mse"}, ValueError, "head must be one of"),
    ({"hidden": (4,), "init_scale": 0.0}, ValueError, "init_scale must be"),
])
def test_bad_architectures_are_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        MLP(**kwargs)


def test_params_of_another_architecture_are_refused():
    params = MLP(hidden=(4,)).init(n_features=3, n_outputs=2, seed=0)
    with pytest.raises(ValueError, match="params must hold 6 arrays"):
        MLP(hidden=(4, 4)).forward(params, np.ones((2, 3)))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_log_softmax_is_the_shifted_log_of_the_normalised_exponentials(dtype):
    from lrdecay_lessons.training.mlp import log_softmax
    Z = np.random.default_rng(0).normal(scale=30.0, size=(3, 7, 10)).astype(dtype)
    Z[0, 0] = [1000.0] + [-1000.0] * 9  # would overflow exp without the shift
    shifted = Z.astype(np.float64) - Z.astype(np.float64).max(axis=-1, keepdims=True)
    expected = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    got = log_softmax(Z)
    assert got.dtype == dtype and np.isfinite(got).all()
    np.testing.assert_allclose(got, expected, rtol=1e-5 if dtype == np.float32 else 1e-13, atol=1e-5)


def test_the_cross_entropy_gradient_is_the_same_for_logits_given_as_a_transposed_view():
    from lrdecay_lessons.training.mlp import _cross_entropy_and_gradient

    rng = np.random.default_rng(0)
    Z, y = rng.normal(size=(4, 32, 10)), rng.integers(0, 10, size=(4, 32))
    view = np.swapaxes(Z, -1, -2)  # (runs, classes, batch), not C-ordered
    loss, grad = _cross_entropy_and_gradient(view, y)
    softmax = np.exp(Z) / np.exp(Z).sum(-1, keepdims=True)
    expected = softmax.copy()
    np.put_along_axis(expected, y[..., None], np.take_along_axis(softmax, y[..., None], -1) - 1, -1)
    np.testing.assert_allclose(np.swapaxes(grad, -1, -2), expected / 32, rtol=1e-12, atol=1e-15)
    log_p_y = np.log(np.take_along_axis(softmax, y[..., None], -1))[..., 0]
    np.testing.assert_allclose(loss, -log_p_y.mean(-1), rtol=1e-12)
