"""sgd_least_squares: many seeds at once, each seed its own sgd_run; bad input named before any work."""

import numpy as np
import pytest

from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.schedules import schedule
from lrdecay_lessons.training import noisy_least_squares, sgd_least_squares, sgd_run

PROBLEM = noisy_least_squares(n_train=400, n_val=10, seed=3)


@pytest.mark.parametrize("epochs", [1, 3])
def test_each_seed_is_its_own_sgd_run(epochs):
    s = schedule("cosine_annealing", lr0=0.1, total_steps=40 * epochs)
    batched = sgd_least_squares(PROBLEM, s, (4, 9), epochs=epochs)
    for k, seed in enumerate((4, 9)):
        run = sgd_run(PROBLEM, s, epochs=epochs, seed=seed)
        np.testing.assert_allclose(batched.weights[k], run.weights.ravel(), rtol=1e-10)
        assert batched.bias[k] == pytest.approx(run.bias[0], rel=1e-10)
        tail = PROBLEM.excess_loss(run.train_loss)[-int(round(0.1 * 40 * epochs)):].mean()
        assert batched.tail_excess[k] == pytest.approx(tail, rel=1e-8, abs=1e-14)
        assert batched.new_data_excess[k] == pytest.approx(PROBLEM.expected_excess(run.weights, run.bias), rel=1e-10)


@pytest.mark.parametrize("kwargs, message", [
    ({"batch_size": 7}, "batch_size must divide the 400 training samples"),
    ({"seeds": ()}, "seeds must be a non-empty list"),
    ({"last": 1.5}, "last must be"),
    ({"epochs": 10**9}, "epochs must keep the run at most"),
])
def test_bad_input_is_named(kwargs, message):
    args = {"seeds": (0,), **kwargs}
    seeds = args.pop("seeds")
    with pytest.raises(InvalidParameterError, match=message):
        sgd_least_squares(PROBLEM, 0.1, seeds, **args)


def test_a_diverging_rate_is_an_error_not_nan():
    with pytest.raises(InvalidParameterError, match="excess loss ended above 1e\\+06"):
        sgd_least_squares(PROBLEM, 1e3, (0,))
