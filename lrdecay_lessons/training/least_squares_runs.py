r"""Where minibatch SGD on noisy least squares ends, for many seeds at once.

A summary of :func:`~lrdecay_lessons.training.least_squares_paths.sgd_least_squares_paths` (the one
batched runner, each seed its own :func:`~lrdecay_lessons.training.landscapes.sgd_run`): the final
weights, the excess training loss averaged over the last ``last`` fraction of the steps, and the
expected excess loss on new data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..schedules.validation import check_in_interval
from .landscapes import NoisyLeastSquares
from .least_squares_paths import sgd_least_squares_paths
from .trainer import ScheduleLike

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
    last = check_in_interval("last", last, 0.0, 1.0)
    paths = sgd_least_squares_paths(problem, schedule, seeds, batch_size=batch_size, epochs=epochs)
    return LeastSquaresRuns(paths.seeds, paths.weights, paths.bias, paths.tail(last), paths.new_data_excess)
