"""``training/noisy_quadratic.py``, the noisy quadratic model: exact expected losses, the batch-size rules,
and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.training import NoisyQuadratic, noisy_quadratic


def _monte_carlo(model: NoisyQuadratic, rates, batch_size, optimizer, runs=40_000, seed=0):
    rng = np.random.default_rng(seed)
    lam = model.curvatures
    theta = np.sqrt(model.start) * np.ones((runs, lam.size))
    a = model.coordinate_rates(np.asarray(rates), batch_size, optimizer)
    for a_t in a:
        noise = rng.standard_normal(theta.shape) * np.sqrt(model.noise * lam / batch_size)
        theta = theta - a_t * (lam * theta + noise)
    return float(np.mean(0.5 * np.sum(lam * theta**2, axis=1)))


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_expected_loss_matches_a_simulation(optimizer):
    model = noisy_quadratic(dimension=3, noise=2.0, start=1.5)
    rates = np.linspace(0.3, 0.05, 25) if optimizer == "sgd" else np.linspace(0.1, 0.02, 25)
    exact = model.expected_loss(rates, batch_size=4, optimizer=optimizer)
    assert _monte_carlo(model, rates, 4, optimizer) == pytest.approx(exact, rel=0.03)


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_closed_form_for_a_constant_rate_matches_the_step_by_step_recursion(optimizer):
    model = noisy_quadratic(dimension=20)
    for lr in (0.01, 0.3, 1.5):
        stepwise = model.expected_loss(np.full(50, lr), batch_size=8, optimizer=optimizer)
        closed = float(model.constant_rate_loss(lr, 50, batch_size=8, optimizer=optimizer))
        assert closed == pytest.approx(stepwise, rel=1e-9)


def test_an_unstable_rate_gives_inf_not_nan():
    model = noisy_quadratic(dimension=5)
    assert model.expected_loss(np.full(5000, 3.0), batch_size=1) == np.inf
    assert model.constant_rate_loss(np.array([0.1, 3.0]), 5000, batch_size=1)[1] == np.inf


def test_no_noise_floor_without_steps_and_the_floor_falls_with_the_batch():
    model = noisy_quadratic(dimension=10)
    assert model.expected_loss(np.zeros(3), batch_size=1) == pytest.approx(0.5 * model.curvatures.sum())
    floors = [float(model.constant_rate_loss(0.1, 100_000, batch_size=B)) for B in (1, 2, 4)]
    assert floors[0] == pytest.approx(2 * floors[1], rel=0.01) == pytest.approx(4 * floors[2], rel=0.01)


def test_best_sgd_rate_grows_linearly_with_the_batch_and_adams_with_its_square_root():
    model = noisy_quadratic()
    sgd = np.array([model.best_constant_rate(2**14, B, "sgd")[0] for B in (1, 4, 16)])
    adam = np.array([model.best_constant_rate(2**14, B, "adam")[0] for B in (1, 4, 16)])
    assert np.allclose(sgd / np.array([1, 4, 16]), sgd[0], rtol=0.03)
    assert np.allclose(adam / np.sqrt([1, 4, 16]), adam[0], rtol=0.03)
    assert not np.allclose(adam / np.array([1, 4, 16]), adam[0], rtol=0.3)  # Adam does not follow SGD's rule


def test_beyond_the_critical_batch_the_linear_rule_fails():
    model = noisy_quadratic()
    small, _ = model.best_constant_rate(2**14, 1, "sgd")
    large, _ = model.best_constant_rate(2**14, 1024, "sgd")
    assert large < 0.5 * 1024 * small
    assert large < 2 / model.curvatures.max()      # stays below the stability limit


@pytest.mark.parametrize("call, name", [
    (lambda m: m.expected_loss([0.1, -0.1], 4), "rates"),
    (lambda m: m.expected_loss([0.1], 0), "batch_size"),
    (lambda m: m.expected_loss([0.1], 4, optimizer="lion"), "optimizer"),
    (lambda m: m.constant_rate_loss(0.1, 0, 4), "steps"),
    (lambda m: m.best_constant_rate(10, 20), "batch_size"),
    (lambda m: m.best_constant_rate(0, 1), "samples"),
])
def test_bad_input_raises_naming_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call(noisy_quadratic(dimension=3))


@pytest.mark.parametrize("kwargs, name", [({"dimension": 0}, "dimension"), ({"noise": 0.0}, "noise"),
                                          ({"start": -1.0}, "start")])
def test_bad_model_parameters_raise(kwargs, name):
    with pytest.raises(ValueError, match=name):
        noisy_quadratic(**kwargs)
