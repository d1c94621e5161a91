"""``training/landscapes.py``, chapter 01's demos: the bowl's theory, divergence reporting, and SGD's noise floor
(chapter 01's tables and figures of them: test_ch01_why_decay.py)."""

from __future__ import annotations

import warnings
from functools import partial

import numpy as np
import pytest

from lrdecay_lessons.schedules import exponential_decay
from lrdecay_lessons.training import DIVERGENCE_FACTOR, landscapes

START = (-4.0, 1.2)


@pytest.fixture(scope="module")
def problem():
    return landscapes.noisy_least_squares()


# --- the bowl ---------------------------------------------------------------------------------


def test_bowl_theory_numbers():
    bowl = landscapes.quadratic((1.0, 10.0))
    assert bowl.condition_number == 10
    assert bowl.stability_limit == pytest.approx(0.2)
    assert bowl.optimal_lr == pytest.approx(2 / 11)
    assert bowl.optimal_contraction == pytest.approx(9 / 11)
    # At the best rate both directions shrink by the same factor, and no rate does better.
    np.testing.assert_allclose(bowl.contraction(bowl.optimal_lr), [9 / 11, 9 / 11])
    others = np.linspace(0.01, 0.199, 200)
    assert min(bowl.contraction(lr).max() for lr in others) >= bowl.optimal_contraction - 1e-12
    assert bowl.loss([1.0, 1.0]) == pytest.approx(5.5)
    np.testing.assert_allclose(bowl.loss(np.array([[1.0, 0.0], [0.0, 2.0]])), [0.5, 20.0])


def test_path_follows_the_closed_form():
    bowl = landscapes.quadratic((1.0, 10.0))
    schedule = partial(exponential_decay, lr0=0.19, gamma=0.5, total_steps=50)
    path = landscapes.gradient_descent_path(START, bowl, schedule, 50)
    rates = schedule(np.arange(50))
    # x_i(t) = x_i(0) * prod_{s<t} (1 - eta_s lambda_i)
    factors = np.cumprod(1.0 - np.outer(rates, bowl.curvatures), axis=0)
    expected = np.vstack([START, np.asarray(START) * factors])
    np.testing.assert_allclose(path.points, expected, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(path.losses, bowl.loss(expected), rtol=1e-12)
    np.testing.assert_allclose(path.lr, rates)
    assert not path.diverged and path.diverged_at_step is None


@pytest.mark.parametrize("curvatures", [(1.0, 10.0), (2.0, 50.0), (0.3, 4.0, 7.0)])
def test_stability_limit_just_below_converges_just_above_diverges(curvatures):
    bowl = landscapes.quadratic(curvatures)
    start = np.ones(bowl.dimension)
    below = landscapes.gradient_descent_path(start, bowl, 0.99 * bowl.stability_limit, 3000)
    above = landscapes.gradient_descent_path(start, bowl, 1.01 * bowl.stability_limit, 3000)
    assert not below.diverged
    assert below.final_loss < 1e-20 * below.losses[0]
    assert above.diverged
    assert above.diverged_lr == pytest.approx(1.01 * bowl.stability_limit)
    # Only the steep part of the loss grows, by g**2 per step with g = |1 - 1.01 * 2| = 1.02: the step
    # that first takes it past the limit is the first t with steep_loss(0) * g**(2(t+1)) > limit.
    steep_loss = 0.5 * bowl.lambda_max * 1.0**2
    growth = abs(1 - 1.01 * bowl.stability_limit * bowl.lambda_max)
    crossing = np.log(DIVERGENCE_FACTOR * bowl.loss(start) / steep_loss) / (2 * np.log(growth))
    assert abs(above.diverged_at_step - (np.ceil(crossing) - 1)) <= 1
    # The reported path stops before the step that blew up, and holds only finite numbers.
    assert len(above.losses) == above.diverged_at_step + 1
    assert np.all(np.isfinite(above.points)) and above.losses.max() <= DIVERGENCE_FACTOR * above.losses[0]
    assert "DIVERGED at step" in above.summary()


def test_huge_rate_diverges_without_warnings_or_nan():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = landscapes.gradient_descent_path(START, (1.0, 10.0), 1e200, 10)
    assert path.diverged and path.diverged_at_step == 0 and path.diverged_lr == 1e200
    assert len(path.points) == 1 and np.all(np.isfinite(path.points))


def test_overshoots_count_the_jumps_over_the_optimum():
    # eta in (1/10, 2/10): the steep coordinate flips every step, the flat one never.
    path = landscapes.gradient_descent_path(START, (1.0, 10.0), 0.15, 40)
    np.testing.assert_array_equal(path.overshoots(), [0, 40])
    # eta < 1/10: no jumps at all.
    np.testing.assert_array_equal(landscapes.gradient_descent_path(START, (1.0, 10.0), 0.05, 40).overshoots(), [0, 0])


def test_decay_rescues_a_start_above_the_limit():
    bowl = landscapes.quadratic((1.0, 10.0))
    constant = landscapes.gradient_descent_path(START, bowl, 0.25, 100)
    decayed = landscapes.gradient_descent_path(START, bowl, partial(exponential_decay, lr0=0.25, gamma=0.1,
                                                            total_steps=100), 100)
    assert constant.diverged
    assert not decayed.diverged and decayed.final_loss < 1e-6


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: landscapes.quadratic((1.0, 0.0)), r"curvatures\[1\] must be > 0; got curvatures\[1\]=0.0"),
        (lambda: landscapes.quadratic(()), "curvatures must hold at least one"),
        (lambda: landscapes.quadratic("ab"), "curvatures must be a list of numbers"),
        (lambda: landscapes.gradient_descent_path((1.0,), (1.0, 10.0), 0.1, 5), "start must hold 2 finite numbers"),
        (lambda: landscapes.gradient_descent_path((1.0, np.nan), (1.0, 10.0), 0.1, 5), "start must hold 2 finite"),
        (lambda: landscapes.gradient_descent_path(START, (1.0, 10.0), -0.1, 5), "learning rates must be finite and >= 0"),
        (lambda: landscapes.gradient_descent_path(START, (1.0, 10.0), 0.1, 0), "n_steps must be a whole number >= 1"),
        (lambda: landscapes.noisy_least_squares(noise=0.0), "noise must be > 0"),
        (lambda: landscapes.noisy_least_squares(weights=()), "weights must hold at least one"),
    ],
)
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- noisy least squares -----------------------------------------------------------------------


def test_problem_is_seeded_and_its_optimum_is_the_least_squares_fit(problem):
    again = landscapes.noisy_least_squares()
    np.testing.assert_array_equal(problem.dataset.X_train, again.dataset.X_train)
    assert not np.array_equal(problem.dataset.y_train, landscapes.noisy_least_squares(seed=1).dataset.y_train)
    w, b = problem.optimum[:-1], problem.optimum[-1]
    np.testing.assert_allclose(w, problem.true_weights, atol=0.05)
    assert b == pytest.approx(problem.true_bias, abs=0.05)
    # sigma^2 / 2 = 0.5 up to sampling; the Hessian of standard normal features with a bias is ~ I.
    assert problem.min_train_loss == pytest.approx(0.5, abs=0.02)
    np.testing.assert_allclose(problem.curvatures, 1.0, atol=0.05)
    # Any other parameters have a higher training loss.
    X, y = problem.dataset.X_train, problem.dataset.y_train
    nudged = 0.5 * np.mean((X @ (w + 0.01) + b - y) ** 2)
    assert nudged > problem.min_train_loss
    assert problem.expected_excess(problem.true_weights, [problem.true_bias]) == 0.0
    assert problem.expected_excess(problem.true_weights + [0.1, 0.0], [problem.true_bias]) == pytest.approx(0.005)


def test_noise_floor_formula(problem):
    small = problem.noise_floor(1e-4, 10)
    sigma2, trace = 2 * problem.min_train_loss, problem.curvatures.sum()
    assert small == pytest.approx(1e-4 * sigma2 * trace / 40, rel=1e-3)  # the small-eta form
    assert problem.noise_floor(0.1, 5) == pytest.approx(2 * problem.noise_floor(0.1, 10))
    with pytest.raises(ValueError, match="lr must be < 2/λmax"):
        problem.noise_floor(3.0, 10)


def test_measured_floor_matches_theory_and_halves_with_the_rate(problem):
    floors = landscapes.measure_noise_floor(problem, [0.2, 0.1, 0.05], seeds=(0, 1, 2), burn_in=0.25)
    np.testing.assert_allclose(floors.measured / floors.theory, 1.0, atol=0.15)
    np.testing.assert_allclose(floors.halving_factors(), 2.0, atol=0.3)
    assert "measured / theory" in repr(floors)


@pytest.mark.parametrize("seed", range(5))
def test_decayed_sgd_gets_far_under_the_constant_floor(problem, seed):
    n = 2000
    constant = landscapes.sgd_run(problem, 0.2, seed=seed)
    decayed = landscapes.sgd_run(problem, partial(exponential_decay, lr0=0.2, gamma=0.01, total_steps=n), seed=seed)
    assert len(constant.steps) == len(decayed.steps) == n
    tail = slice(-n // 10, None)
    const_tail = problem.excess_loss(constant.train_loss)[tail].mean()
    decay_tail = problem.excess_loss(decayed.train_loss)[tail].mean()
    assert decay_tail < const_tail / 20
    # The constant run really sits at its floor, not still on its way down.
    assert const_tail == pytest.approx(problem.noise_floor(0.2, 10), rel=0.4)
    # And on new data too (by how much varies: a constant run's last iterate can land near the optimum).
    assert problem.expected_excess(decayed.weights, decayed.bias) < problem.expected_excess(
        constant.weights, constant.bias)


def test_on_new_data_decay_is_far_below_the_constant_rate_on_average_over_ten_seeds(problem):
    n = 2000
    decay = partial(exponential_decay, lr0=0.2, gamma=0.01, total_steps=n)
    excess = np.array([[problem.expected_excess(run.weights, run.bias)
                        for run in (landscapes.sgd_run(problem, 0.2, seed=s), landscapes.sgd_run(problem, decay, seed=s))]
                       for s in range(10)])
    assert excess[:, 0].mean() > 20 * excess[:, 1].mean()
