r"""Reduce-on-plateau (平台期衰减): lower the rate when a monitored metric stops improving.

Unlike the schedules in :mod:`lrdecay_lessons.schedules`, this one is not a formula
of the step: it reacts to a metric (a validation loss, an accuracy), so it is a small
object with state. It follows PyTorch 2.13's ``torch.optim.lr_scheduler.ReduceLROnPlateau``
rule for rule; :func:`plateau_schedule` replays a whole metric sequence at once::

    >>> plateau_schedule([1.0, 0.9, 0.9, 0.9, 0.9], lr0=0.1, patience=2)
    array([0.1 , 0.1 , 0.1 , 0.1 , 0.01])

After each metric :math:`m_k`:

1. :math:`m_k` is an *improvement* if it beats the best value so far by more than the
   threshold ``th`` (``mode='min'``: :math:`m_k < b(1 - th)` in ``'rel'`` mode,
   :math:`m_k < b - th` in ``'abs'`` mode; ``mode='max'`` mirrors this). An improvement
   becomes the new best :math:`b` and resets the count of bad steps, otherwise the count
   grows by one.
2. During a cooldown (the ``cooldown`` steps after a reduction) bad steps are not counted.
3. When the count exceeds ``patience`` the rate becomes
   :math:`\max(\eta \cdot \text{factor},\ \eta_\text{min})`, unless that lowers it by
   ``eps`` or less; the count resets and the cooldown starts.

:func:`plateau_trace` replays a metric sequence and records, step by step, *why* the
rate was or was not cut (best value, improvement, bad-step count, cooldown).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np

from .validation import (
    check_choice,
    check_count,
    check_in_interval,
    check_non_negative,
    check_positive,
)
from ..errors import InvalidParameterError

__all__ = [
    "ReduceLROnPlateau",
    "plateau_schedule",
    "PlateauStep",
    "plateau_trace",
]


_MODES = ("min", "max")


_THRESHOLD_MODES = ("rel", "abs")


class ReduceLROnPlateau:
    r"""Reduce the learning rate when a metric has stopped improving.

    Call :meth:`step` once per evaluation (usually once per epoch) with the monitored
    metric; it returns the learning rate to use next, also kept in :attr:`lr`.

    Parameters
    ----------
    lr0 : float
        Starting learning rate, ``> 0``.
    mode : {'min', 'max'}, default 'min'
        ``'min'`` for a metric that should fall (a loss), ``'max'`` for one that should
        rise (an accuracy).
    factor : float, default 0.1
        Multiplier applied at each reduction, in ``(0, 1)``.
    patience : int, default 10
        Number of bad steps tolerated; the rate drops at the ``patience + 1``-th bad
        step in a row, ``>= 0``.
    threshold : float, default 1e-4
        How much better than the best value a metric must be to count as an
        improvement, ``>= 0``.
    threshold_mode : {'rel', 'abs'}, default 'rel'
        ``'rel'``: better than ``best * (1 - threshold)`` (``'min'``) or
        ``best * (1 + threshold)`` (``'max'``); ``'abs'``: better than
        ``best - threshold`` or ``best + threshold``.
    cooldown : int, default 0
        Steps after a reduction during which bad steps are not counted, ``>= 0``.
    min_lr : float, default 0.0
        Floor for the rate, ``0 <= min_lr <= lr0``.
    eps : float, default 1e-8
        A reduction that would lower the rate by ``eps`` or less is skipped, ``>= 0``.

    Attributes
    ----------
    lr : float
        The current learning rate.
    best : float
        Best metric seen so far (``inf`` for ``'min'``, ``-inf`` for ``'max'`` before
        the first step).
    num_bad_steps : int
        Bad steps counted since the last improvement or reduction.
    cooldown_counter : int
        Cooldown steps still to go.
    steps_taken : int
        Number of calls of :meth:`step` so far.

    Notes
    -----
    Same rule as PyTorch's ``ReduceLROnPlateau(optimizer(lr=lr0), mode, factor, patience,
    threshold, threshold_mode, cooldown, min_lr, eps)`` (PyTorch calls ``num_bad_steps``
    ``num_bad_epochs``). Stricter on input: PyTorch accepts ``factor <= 0``, a negative
    patience or a NaN metric (counted as a bad step); these raise :class:`ValueError` here.
    With ``threshold_mode='rel'`` and a *negative* metric in ``'min'`` mode the relative
    threshold points the wrong way (``best * (1 - threshold)`` is above ``best``), so a
    slightly worse value counts as an improvement -- in PyTorch too.

    Examples
    --------
    >>> plateau = ReduceLROnPlateau(1.0, factor=0.5, patience=1)
    >>> [plateau.step(loss) for loss in [1.0, 1.0, 1.0, 0.5, 0.6, 0.6]]
    [1.0, 1.0, 0.5, 0.5, 0.5, 0.25]
    """

    def __init__(
        self,
        lr0: float,
        mode: str = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: str = "rel",
        cooldown: int = 0,
        min_lr: float = 0.0,
        eps: float = 1e-8,
    ) -> None:
        self.lr0 = check_positive("lr0", lr0)
        self.mode = check_choice("mode", mode, _MODES)
        self.factor = check_in_interval("factor", factor, 0.0, 1.0)
        self.patience = check_count("patience", patience, minimum=0)
        self.threshold = check_non_negative("threshold", threshold)
        self.threshold_mode = check_choice("threshold_mode", threshold_mode, _THRESHOLD_MODES)
        self.cooldown = check_count("cooldown", cooldown, minimum=0)
        self.min_lr = check_non_negative("min_lr", min_lr)
        if self.min_lr > self.lr0:
            raise InvalidParameterError(f"min_lr must be <= lr0 (lr0={self.lr0:g}); got min_lr={min_lr!r}.")
        self.eps = check_non_negative("eps", eps)
        self.lr = self.lr0
        self.best = math.inf if self.mode == "min" else -math.inf
        self.num_bad_steps = 0
        self.cooldown_counter = 0
        self.steps_taken = 0

    def __repr__(self) -> str:
        return (
            f"ReduceLROnPlateau(lr={self.lr:g}, best={self.best:g}, "
            f"num_bad_steps={self.num_bad_steps}, cooldown_counter={self.cooldown_counter}, "
            f"steps_taken={self.steps_taken})"
        )

    @property
    def in_cooldown(self) -> bool:
        """Whether bad steps are currently being ignored after a reduction."""
        return self.cooldown_counter > 0

    def is_improvement(self, metric: float) -> bool:
        """Whether ``metric`` beats :attr:`best` by more than the threshold."""
        if self.mode == "min":
            bar = self.best * (1.0 - self.threshold) if self.threshold_mode == "rel" else self.best - self.threshold
            return metric < bar
        bar = self.best * (1.0 + self.threshold) if self.threshold_mode == "rel" else self.best + self.threshold
        return metric > bar

    def step(self, metric: float) -> float:
        """Record one value of the monitored metric and return the learning rate to use next.

        Raises
        ------
        ValueError
            If ``metric`` is not a finite number; the message names the step (counted
            from 0), since a NaN or infinite loss usually means training diverged.
        """
        index = self.steps_taken
        if isinstance(metric, (bool, np.bool_, str, bytes)):
            raise InvalidParameterError(f"metric must be a real number; got metric={metric!r} at step {index}.")
        try:
            current = float(metric)
        except (TypeError, ValueError):
            raise InvalidParameterError(
                f"metric must be a real number; got metric={metric!r} at step {index}."
            ) from None
        if not math.isfinite(current):
            raise InvalidParameterError(
                f"metric must be finite; got metric={current!r} at step {index} "
                "(a NaN or infinite loss usually means the training run diverged)."
            )
        self.steps_taken += 1
        if self.is_improvement(current):
            self.best = current
            self.num_bad_steps = 0
        else:
            self.num_bad_steps += 1
        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_steps = 0
        if self.num_bad_steps > self.patience:
            new_lr = max(self.lr * self.factor, self.min_lr)
            if self.lr - new_lr > self.eps:
                self.lr = new_lr
            self.cooldown_counter = self.cooldown
            self.num_bad_steps = 0
        return self.lr


def plateau_schedule(metrics: Iterable[float], lr0: float, **kwargs: Any) -> np.ndarray:
    r"""Replay a sequence of metric values through :class:`ReduceLROnPlateau`.

    Parameters
    ----------
    metrics : iterable of float
        The monitored metric, one value per step (epoch).
    lr0 : float
        Starting learning rate, ``> 0``.
    **kwargs
        ``mode``, ``factor``, ``patience``, ``threshold``, ``threshold_mode``,
        ``cooldown``, ``min_lr``, ``eps`` as for :class:`ReduceLROnPlateau`.

    Returns
    -------
    numpy.ndarray
        Entry ``k`` is the learning rate after ``step(metrics[k])``, i.e. the rate used
        for epoch ``k + 1``. Epoch 0 always uses ``lr0``.

    Raises
    ------
    ValueError
        For bad parameters, or a metric that is not a finite number (naming its index).

    Examples
    --------
    >>> plateau_schedule([0.5, 0.6, 0.7, 0.4], lr0=1.0, mode="max", factor=0.5, patience=0)
    array([1. , 1. , 1. , 0.5])
    """
    plateau = ReduceLROnPlateau(lr0, **kwargs)
    if isinstance(metrics, (str, bytes)):
        raise InvalidParameterError(f"metrics must be a sequence of numbers; got metrics={metrics!r}.")
    if isinstance(metrics, np.ndarray):
        if metrics.ndim != 1:
            raise InvalidParameterError(
                f"metrics must be a one-dimensional sequence of numbers; got shape {metrics.shape}."
            )
        metrics = metrics.tolist()
    try:
        values = list(metrics)
    except TypeError:
        raise InvalidParameterError(f"metrics must be a sequence of numbers; got metrics={metrics!r}.") from None
    return np.array([plateau.step(m) for m in values], dtype=float)


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
        raise InvalidParameterError(f"plateau must be a ReduceLROnPlateau; got plateau={plateau!r}.")
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
