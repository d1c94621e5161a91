r"""Minibatch SGD on noisy least squares for many seeds at once: what :func:`~lrdecay_lessons.training.landscapes.sgd_run` does, run by run.

With :math:`A = [X, 1]` and :math:`\theta = (w, b)`, a step on the batch :math:`S_t` of size :math:`B` is

.. math:: \theta_{t+1} = \theta_t - \frac{\eta_t}{B} A_{S_t}^\top (A_{S_t}\theta_t - y_{S_t}),

each seed with its own batch order (the ``"batches"`` stream, a new permutation each epoch, as
:func:`~lrdecay_lessons.training.train` draws it). The excess training loss after each step is
computed exactly from the weights, :math:`J(\theta) - J(\hat\theta) = \tfrac12(\theta - \hat\theta)^\top H(\theta - \hat\theta)`
with :math:`H = A^\top A / n`, so no pass over the data is needed to record it. All seeds advance
together: a seed's numbers are those of its own :func:`sgd_run` (to rounding).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..errors import InvalidParameterError
from ..schedules.validation import check_count, check_in_interval, check_instance, check_seeds
from .landscapes import NoisyLeastSquares
from .streams import stream
from .trainer import DIVERGENCE_FACTOR, MAX_STEPS, ScheduleLike, learning_rates

__all__ = ["LeastSquaresRuns", "sgd_least_squares"]


@dataclass(frozen=True)
class LeastSquaresRuns:
    """Where each seed's run ended.

    Attributes
    ----------
    seeds : tuple of int
    weights : numpy.ndarray of shape (S, d)
    bias : numpy.ndarray of shape (S,)
    tail_excess : numpy.ndarray of shape (S,)
        Excess training loss averaged over the last ``last`` fraction of the steps.
    new_data_excess : numpy.ndarray of shape (S,)
        Expected excess loss of the final weights on new samples (:meth:`NoisyLeastSquares.expected_excess`).
    """

    seeds: tuple[int, ...]
    weights: np.ndarray
    bias: np.ndarray
    tail_excess: np.ndarray
    new_data_excess: np.ndarray


def sgd_least_squares(problem: NoisyLeastSquares, schedule: ScheduleLike, seeds: Sequence[int], *,
                      batch_size: int = 10, epochs: int = 1, last: float = 0.1) -> LeastSquaresRuns:
    """Run SGD with ``schedule`` from zero weights for every seed of ``seeds`` at once.

    ``batch_size`` must divide the number of training samples (every batch full).
    """
    check_instance("problem", problem, NoisyLeastSquares, "noisy_least_squares()")
    seeds = check_seeds("seeds", seeds)
    batch_size, epochs = check_count("batch_size", batch_size), check_count("epochs", epochs)
    last = check_in_interval("last", last, 0.0, 1.0)
    A, y = problem._design, problem.dataset.y_train
    n = len(A)
    if n % batch_size:
        raise InvalidParameterError(f"batch_size must divide the {n} training samples; got batch_size={batch_size}.")
    per_epoch = n // batch_size
    steps = per_epoch * epochs
    if steps > MAX_STEPS:
        raise InvalidParameterError(f"epochs must keep the run at most {MAX_STEPS:,} steps; got epochs={epochs} ({steps:,}).")
    rates = learning_rates(schedule, steps)
    H = A.T @ A / n
    optimum = problem.optimum
    generators = [stream("batches", seed) for seed in seeds]
    theta = np.zeros((len(seeds), A.shape[1]))
    tail_steps = max(1, int(round(last * steps)))
    tail = np.zeros(len(seeds))
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            order = np.stack([g.permutation(n) for g in generators]).reshape(len(seeds), per_epoch, batch_size)
            for k in range(per_epoch):
                t = epoch * per_epoch + k
                rows = A[order[:, k]]                                    # (S, B, d + 1)
                residual = np.einsum("sbd,sd->sb", rows, theta) - y[order[:, k]]
                theta = theta - rates[t] / batch_size * np.einsum("sbd,sb->sd", rows, residual)
                if t >= steps - tail_steps:
                    e = theta - optimum
                    tail += 0.5 * np.einsum("sd,de,se->s", e, H, e)
    start = 0.5 * optimum @ H @ optimum  # the excess loss at the zero start
    final = 0.5 * np.einsum("sd,de,se->s", theta - optimum, H, theta - optimum)
    if not np.all(final <= DIVERGENCE_FACTOR * max(start, 1e-12)):  # also catches overflow and NaN
        raise InvalidParameterError(
            f"schedule must keep SGD from diverging on this problem; a run's excess loss ended above "
            f"{DIVERGENCE_FACTOR:.0e} × its start (the weights overflowed or blew up). Choose smaller rates.")
    weights, bias = theta[:, :-1], theta[:, -1]
    new_data = 0.5 * np.sum((weights - problem.true_weights) ** 2, axis=1) + 0.5 * (bias - problem.true_bias) ** 2
    return LeastSquaresRuns(seeds, weights, bias, tail / tail_steps, new_data)
