r"""Helpers for chapter 08, warm-up and modern schedules (预热与现代调度).

Three small tools the chapter needs and the rest of the package does not have:

* :func:`plateau_trace` replays a metric sequence through
  :class:`~lrdecay_lessons.plateau.ReduceLROnPlateau` and records, step by step, *why*
  the rate was or was not cut (best value, improvement, bad-step count, cooldown).
* :func:`train_with_plateau` runs :func:`lrdecay_lessons.training.train` with a
  ``ReduceLROnPlateau`` fed the validation loss after every epoch, and keeps the
  plateau's reasons for every decision.
* :func:`top_curvature` and :func:`stiff_growth` explain warm-up on the linear model:
  full-batch gradient descent on a quadratic multiplies the error along the stiffest
  direction (curvature :math:`\lambda_\max`) by :math:`(1 - \eta_t \lambda_\max)` at
  step :math:`t`, so it is stable only for :math:`\eta < 2 / \lambda_\max`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from ._validation import check_non_negative
from .datasets import Dataset
from .plateau import ReduceLROnPlateau
from .training import train

__all__ = [
    "PlateauStep",
    "plateau_trace",
    "PlateauRun",
    "train_with_plateau",
    "top_curvature",
    "stiff_growth",
]


@dataclass(frozen=True)
class PlateauStep:
    """What :class:`ReduceLROnPlateau` saw and did at one call of ``step(metric)``.

    ``bad_in_a_row`` is the count of bad steps the decision was made on: this step
    included, 0 after an improvement or during a cooldown; the rate is cut when it
    exceeds ``patience``. ``best`` and ``num_bad_steps`` are read *after* the step (so
    ``num_bad_steps`` is back to 0 after a cut); ``cut`` says whether the rate went down
    at this step; ``lr`` is the rate to use next.
    """

    step: int
    metric: float
    improved: bool
    in_cooldown: bool
    bad_in_a_row: int
    best: float
    num_bad_steps: int
    cut: bool
    lr: float


def plateau_trace(metrics: Iterable[float], plateau: ReduceLROnPlateau) -> list[PlateauStep]:
    """Feed ``metrics`` to ``plateau`` one by one and record each decision.

    Parameters
    ----------
    metrics : iterable of float
        The monitored metric, one value per step (epoch).
    plateau : ReduceLROnPlateau
        The object to drive; it is advanced (its state changes).

    Returns
    -------
    list of PlateauStep
        One row per metric. ``improved`` is judged against the best value *before*
        the step (a metric must beat it by more than the threshold); ``in_cooldown``
        says whether the step fell in a cooldown, where bad steps are not counted.

    Examples
    --------
    >>> rows = plateau_trace([1.0, 1.0, 1.0], ReduceLROnPlateau(1.0, factor=0.5, patience=1))
    >>> [(r.improved, r.bad_in_a_row, r.cut, r.lr) for r in rows]
    [(True, 0, False, 1.0), (False, 1, False, 1.0), (False, 2, True, 0.5)]
    """
    if not isinstance(plateau, ReduceLROnPlateau):
        raise ValueError(f"plateau must be a ReduceLROnPlateau; got plateau={plateau!r}.")
    rows = []
    for metric in metrics:
        before = plateau.lr
        cooling = plateau.in_cooldown
        improved = plateau.is_improvement(float(metric)) if np.isfinite(metric) else False
        index = plateau.steps_taken
        counted = 0 if improved or cooling else plateau.num_bad_steps + 1
        lr = plateau.step(metric)
        rows.append(PlateauStep(index, float(metric), improved, cooling, counted, plateau.best,
                                plateau.num_bad_steps, lr < before, lr))
    return rows


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
        raise ValueError(f"plateau must be a ReduceLROnPlateau with mode='min' (it watches a loss); got {plateau!r}.")
    before = copy.deepcopy(plateau)  # to replay the decisions the run made
    result = train(dataset, plateau, epochs=epochs, batch_size=batch_size, seed=seed)
    trace = plateau_trace(result.val_loss, before)
    return PlateauRun(dataset.name, batch_size, seed, np.asarray(result.lr), np.asarray(result.train_loss),
                      np.asarray(result.val_loss), tuple(trace), float(result.initial_loss), result.diverged)


def top_curvature(dataset: Dataset) -> float:
    r"""Largest curvature :math:`\lambda_\max` of the linear model's full-batch loss.

    The loss :math:`\frac{1}{2n}\lVert X w + b - y \rVert^2` has the constant Hessian
    :math:`H = \frac1n \tilde X^\top \tilde X` with :math:`\tilde X = [X, 1]` (the
    column of ones is the bias). Full-batch gradient descent with a constant rate
    converges if and only if :math:`\eta < 2 / \lambda_\max(H)`.

    Parameters
    ----------
    dataset : Dataset
        A regression dataset (the linear model).

    Returns
    -------
    float
    """
    if not isinstance(dataset, Dataset) or dataset.task != "regression":
        raise ValueError(f"dataset must be a regression Dataset (the linear model); got {dataset!r}.")
    X = np.column_stack([dataset.X_train, np.ones(dataset.n_train)])
    return float(np.linalg.eigvalsh(X.T @ X / dataset.n_train)[-1])


def stiff_growth(rates: Sequence[float] | np.ndarray, curvature: float) -> np.ndarray:
    r"""How much the error along the stiffest direction has grown after each step.

    .. math:: g_t = \prod_{s=0}^{t} \lvert 1 - \eta_s \lambda \rvert

    On a quadratic, full-batch gradient descent multiplies that component of
    :math:`w - w^\star` by :math:`1 - \eta_s\lambda` at step :math:`s`: a factor above 1
    in size (:math:`\eta_s > 2/\lambda`) makes it grow, below 1 makes it shrink.

    Parameters
    ----------
    rates : sequence of float
        :math:`\eta_0, \eta_1, \dots`, each ``>= 0``.
    curvature : float
        :math:`\lambda \ge 0`.

    Returns
    -------
    numpy.ndarray
        :math:`g_0, g_1, \dots`, summed as logarithms; a factor of exactly 0 gives 0
        from there on, a product beyond the float range gives ``inf`` (no warning).

    Examples
    --------
    >>> stiff_growth([0.5, 3.0, 3.0], curvature=1.0)
    array([0.5, 1. , 2. ])
    """
    curvature = check_non_negative("curvature", curvature)
    eta = np.asarray(rates, dtype=float)
    if eta.ndim != 1 or not np.all(np.isfinite(eta)) or np.any(eta < 0):
        raise ValueError(f"rates must be a one-dimensional sequence of finite numbers >= 0; got {rates!r}.")
    with np.errstate(divide="ignore", over="ignore"):  # a factor 0 gives log 0 = -inf: growth 0
        return np.exp(np.cumsum(np.log(np.abs(1.0 - eta * curvature))))
