r"""Minibatch SGD on noisy least squares for many seeds at once, with the excess training loss after every step.

Each seed draws its batch order from the ``"batches"`` stream (a new permutation each epoch, as
:func:`~lrdecay_lessons.training.train` does), so a seed's numbers are those of its own
:func:`~lrdecay_lessons.training.landscapes.sgd_run`. It keeps the whole path :math:`J(\theta_t) - J(\hat\theta)`, so a
chapter can show what a schedule does to the loss step by step: a drop of the rate, a slow or a
fast landing. The path is computed exactly from the weights, :math:`\tfrac12 e^\top H e` with
:math:`e = \theta_t - \hat\theta`, without a pass over the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..errors import InvalidParameterError
from ..schedules.validation import check_count, check_instance, check_seeds
from .landscapes import NoisyLeastSquares
from .streams import stream
from .trainer import DIVERGENCE_FACTOR, MAX_STEPS, ScheduleLike, learning_rates

__all__ = ["LeastSquaresPaths", "sgd_least_squares_paths"]


@dataclass(frozen=True)
class LeastSquaresPaths:
    """Each seed's excess training loss after every step.

    Attributes
    ----------
    seeds : tuple of int
    rates : numpy.ndarray of shape (T,)
        The rate each step used.
    excess : numpy.ndarray of shape (S, T)
        ``excess[s, t]``: seed ``s``'s excess training loss after step ``t``.
    new_data_excess : numpy.ndarray of shape (S,)
        Expected excess loss of each seed's final weights on new samples.
    weights : numpy.ndarray of shape (S, d)
    bias : numpy.ndarray of shape (S,)
        Each seed's final weights and bias.
    """

    seeds: tuple[int, ...]
    rates: np.ndarray
    excess: np.ndarray
    new_data_excess: np.ndarray
    weights: np.ndarray
    bias: np.ndarray

    def tail(self, last: float = 0.1) -> np.ndarray:
        """Each seed's excess training loss averaged over the last ``last`` fraction of the steps."""
        if not 0.0 < last <= 1.0:
            raise InvalidParameterError(f"last must be a fraction in (0, 1]; got last={last!r}.")
        count = max(1, int(round(last * self.excess.shape[1])))
        return self.excess[:, -count:].mean(axis=1)

    def window(self, start: int, stop: int) -> np.ndarray:
        """Each seed's excess training loss averaged over the steps ``start <= t < stop``."""
        if not 0 <= start < stop <= self.excess.shape[1]:
            raise InvalidParameterError(
                f"start and stop must satisfy 0 <= start < stop <= {self.excess.shape[1]}; got start={start}, stop={stop}.")
        return self.excess[:, start:stop].mean(axis=1)


def sgd_least_squares_paths(problem: NoisyLeastSquares, schedule: ScheduleLike, seeds: Sequence[int], *,
                            batch_size: int = 10, epochs: int = 1) -> LeastSquaresPaths:
    """Run SGD with ``schedule`` from zero weights for every seed of ``seeds`` at once, recording every step.

    ``batch_size`` must divide the number of training samples (every batch full).
    """
    check_instance("problem", problem, NoisyLeastSquares, "noisy_least_squares()")
    seeds = check_seeds("seeds", seeds)
    batch_size, epochs = check_count("batch_size", batch_size), check_count("epochs", epochs)
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
    excess = np.empty((len(seeds), steps))
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            order = np.stack([g.permutation(n) for g in generators]).reshape(len(seeds), per_epoch, batch_size)
            for k in range(per_epoch):
                t = epoch * per_epoch + k
                rows = A[order[:, k]]                                    # (S, B, d + 1)
                residual = np.einsum("sbd,sd->sb", rows, theta) - y[order[:, k]]
                theta = theta - rates[t] / batch_size * np.einsum("sbd,sb->sd", rows, residual)
                e = theta - optimum
                excess[:, t] = 0.5 * np.einsum("sd,de,se->s", e, H, e)
    start = 0.5 * optimum @ H @ optimum  # the excess loss at the zero start
    if not np.all(excess[:, -1] <= DIVERGENCE_FACTOR * max(start, 1e-12)):  # also catches overflow and NaN
        raise InvalidParameterError(
            f"schedule must keep SGD from diverging on this problem; a run's excess loss ended above "
            f"{DIVERGENCE_FACTOR:.0e} × its start (the weights overflowed or blew up). Choose smaller rates.")
    weights, bias = theta[:, :-1], theta[:, -1]
    new_data = 0.5 * np.sum((weights - problem.true_weights) ** 2, axis=1) + 0.5 * (bias - problem.true_bias) ** 2
    return LeastSquaresPaths(tuple(seeds), rates, excess, new_data, weights, bias)
