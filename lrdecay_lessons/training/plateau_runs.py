r"""Training with reduce-on-plateau: the rate cut when the validation loss stops improving.

:func:`train_with_plateau` runs :func:`lrdecay_lessons.training.train` with a
:class:`~lrdecay_lessons.schedules.ReduceLROnPlateau` fed the validation loss after every
epoch, and keeps the plateau's reasons for every decision
(:func:`lrdecay_lessons.schedules.plateau_trace` gives the same reasons for a metric
sequence alone).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from ..schedules.plateau import PlateauStep, ReduceLROnPlateau, plateau_trace
from .datasets import Dataset
from .trainer import train
from ..errors import InvalidParameterError

__all__ = [
    "PlateauRun",
    "train_with_plateau",
]


@dataclass(frozen=True)
class PlateauRun:
    """One run of :func:`train_with_plateau`, recorded once per epoch.

    ``lr[k]`` is the rate used during epoch ``k`` (from 0); ``train_loss[k]`` and
    ``val_loss[k]`` are measured after it; ``trace[k]`` is the plateau's decision on
    ``val_loss[k]``, which sets ``lr[k + 1]``. A run whose loss becomes non-finite or
    exceeds ``DIVERGENCE_FACTOR`` times the initial loss stops and has ``diverged=True``.
    """

    dataset: str
    batch_size: int
    seed: int
    lr: np.ndarray
    train_loss: np.ndarray
    val_loss: np.ndarray
    trace: tuple[PlateauStep, ...]
    initial_loss: float
    diverged: bool = False

    @property
    def cut_epochs(self) -> list[int]:
        """Epochs after which the rate was cut (the next epoch uses the lower rate)."""
        return [row.step for row in self.trace if row.cut]


def train_with_plateau(
    dataset: Dataset, plateau: ReduceLROnPlateau, *, epochs: int, batch_size: int, seed: int = 0
) -> PlateauRun:
    r"""Minibatch gradient descent whose rate is set, epoch by epoch, by ``plateau``.

    Epoch :math:`k` uses the constant rate ``plateau.lr``; then the validation loss is
    measured and passed to ``plateau.step``, which may lower the rate for epoch
    :math:`k + 1`. Batches, model and losses are those of
    :func:`lrdecay_lessons.training.train` (same seed, same batch order, start at
    :math:`W = 0, b = 0`): with a plateau that never cuts, the two give the same losses.

    Parameters
    ----------
    dataset : Dataset
    plateau : ReduceLROnPlateau
        In ``mode='min'``, since it is fed a loss; it is advanced by the run.
    epochs : int
        ``>= 1``.
    batch_size : int
        ``>= 1``.
    seed : int, default 0
        Fixes the batch order.

    Returns
    -------
    PlateauRun
    """
    if not isinstance(plateau, ReduceLROnPlateau) or plateau.mode != "min":
        raise InvalidParameterError(f"plateau must be a ReduceLROnPlateau with mode='min' (it watches a loss); got {plateau!r}.")
    before = copy.deepcopy(plateau)  # to replay the decisions the run made
    result = train(dataset, plateau, epochs=epochs, batch_size=batch_size, seed=seed)
    trace = plateau_trace(result.val_loss, before)
    return PlateauRun(dataset.name, batch_size, seed, np.asarray(result.lr), np.asarray(result.train_loss),
                      np.asarray(result.val_loss), tuple(trace), float(result.initial_loss), result.diverged)
