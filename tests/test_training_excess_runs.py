"""training.excess_runs: Adam, SGD with several schedules and the recipes' shapes, scored by the exact excess loss."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from lrdecay_lessons.schedules import cosine_annealing
from lrdecay_lessons.schedules.recipes import RECIPES, recipe
from lrdecay_lessons.training import (
    adam_excess,
    compare_on_noisy_problem,
    final_excess,
    load_dataset,
    noisy_least_squares,
)


@pytest.fixture(scope="module")
def problem():
    return noisy_least_squares(n_train=20_000, n_val=10, seed=0)


def kingma_ba(problem, rate, n_steps, batch_size=10, seed=0, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam written out as in the paper, with the same sample order as adam_excess."""
    X, y = problem.dataset.X_train, problem.dataset.y_train
    A = np.column_stack([X, np.ones(len(X))])
    target = np.append(problem.true_weights, problem.true_bias)
    per_epoch = len(A) // batch_size
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(5)[4])  # the "batches" stream
    theta, m, v = np.zeros(A.shape[1]), np.zeros(A.shape[1]), np.zeros(A.shape[1])
    order, out = rng.permutation(len(A)), []
    for t in range(n_steps):
        k = t % per_epoch
        if t and k == 0:
            order = rng.permutation(len(A))
        rows = order[k * batch_size:(k + 1) * batch_size]
        g = A[rows].T @ (A[rows] @ theta - y[rows]) / batch_size
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        theta = theta - rate * (m / (1 - beta1 ** (t + 1))) / (np.sqrt(v / (1 - beta2 ** (t + 1))) + eps)
        out.append(0.5 * np.sum((theta - target) ** 2))
    return np.array(out)


def test_adam_excess_is_kingma_and_bas_update(problem):
    ours = adam_excess(problem, 0.01, 300, seed=2, beta2=0.99)
    assert np.allclose(ours, kingma_ba(problem, 0.01, 300, seed=2, beta2=0.99), rtol=1e-12, atol=0)


def test_adam_first_step_moves_every_weight_by_lr(problem):
    # Bias-corrected Adam's first update is lr * g / (|g| + eps): every coordinate moves by ~lr.
    excess = adam_excess(problem, 0.01, 1)
    target = np.append(problem.true_weights, problem.true_bias)
    start = 0.5 * np.sum(target**2)
    assert excess[0] < start
    assert adam_excess(problem, 0.0, 3)[-1] == pytest.approx(start)


def test_adam_decay_beats_the_constant_floor(problem):
    n = 2000
    constant = np.mean([adam_excess(problem, 0.01, n, seed=s)[n // 2:].mean() for s in range(2)])
    decayed = np.mean([adam_excess(problem, partial(cosine_annealing, lr0=0.01, total_steps=n), n, seed=s)[-1]
                       for s in range(2)])
    assert decayed < constant / 3


def test_adam_is_deterministic_and_checks_input(problem):
    assert np.array_equal(adam_excess(problem, 0.01, 50, seed=1), adam_excess(problem, 0.01, 50, seed=1))
    with pytest.raises(ValueError, match="problem must be a NoisyLeastSquares"):
        adam_excess(load_dataset("diabetes"), 0.01, 5)
    with pytest.raises(ValueError, match="beta2 must be in"):
        adam_excess(problem, 0.01, 5, beta2=1.0)
    with pytest.raises(ValueError, match="eps must be > 0; got eps=0"):
        adam_excess(problem, 0.01, 5, eps=0)


def test_final_excess_scores_each_schedule(problem):
    n = 2000
    scores = final_excess(problem, {"cos0": partial(cosine_annealing, lr0=0.1, total_steps=n),
                                    "const": 0.1}, n_steps=n, seeds=(0, 1))
    assert scores["cos0"][0] < scores["const"][0] / 3
    with pytest.raises(ValueError, match="runs must be a non-empty mapping"):
        final_excess(problem, {}, n_steps=n)
    with pytest.raises(ValueError, match="n_steps must be a whole number of epochs"):
        final_excess(problem, {"c": 0.1}, n_steps=n + 1)


def test_compare_on_noisy_problem_scores_each_recipe_shape(problem):
    items = (recipe("resnet_cifar"), recipe("chinchilla"))
    outcomes = compare_on_noisy_problem(problem, n_steps=2000, peak=0.1, seeds=(0,), items=items)
    assert [o.key for o in outcomes] == ["resnet_cifar", "chinchilla"]
    cifar, chinchilla = outcomes
    assert cifar.final_fraction == pytest.approx(0.01) and chinchilla.final_fraction == pytest.approx(0.1, rel=1e-3)
    assert cifar.diverged == 0 and cifar.excess_spread == 0.0
    assert cifar.excess < chinchilla.excess  # landing at 1% of the peak beats landing at 10%
    with pytest.raises(ValueError, match="items must be a non-empty list of Recipe"):
        compare_on_noisy_problem(problem, items=RECIPES[0])
