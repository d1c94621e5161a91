r"""Cosine annealing (余弦衰减), with warm restarts (SGDR) and with a linear warm-up."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._common import LearningRate, check_lr_floor, finish, half_cosine
from .validation import check_count, check_in_interval, check_positive, check_steps
from ..errors import InvalidParameterError

__all__ = [
    "cosine_annealing",
    "cosine_restarts",
    "warmup_cosine",
]


def cosine_annealing(
    t: ArrayLike, lr0: float, total_steps: int, lr_min: float = 0.0
) -> LearningRate:
    r"""Cosine annealing (余弦衰减) from ``lr0`` down to ``lr_min``.

    .. math:: \eta_t = \eta_\text{min} + (\eta_0 - \eta_\text{min})\,
              \frac{1}{2}\left(1 + \cos\frac{\pi \min(t, T)}{T}\right)

    With ``lr_min = 0`` this is the article's
    :math:`\eta_0 \cdot \tfrac12 (1 + \cos(t\pi/T))`.

    Parameters
    ----------
    t : float or array_like
        Step number, ``t >= 0``; for ``t >= T`` the rate stays at ``lr_min``.
    lr0 : float
        Initial learning rate, ``> 0``.
    total_steps : int
        :math:`T \ge 1`, the step at which ``lr_min`` is reached.
    lr_min : float, default 0.0
        Floor, ``0 <= lr_min <= lr0``.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    PyTorch's ``CosineAnnealingLR(T_max=T, eta_min=lr_min)`` for ``t <= T``; past
    ``T`` PyTorch's rate rises again while this one holds ``lr_min``, as Keras's
    ``CosineDecay(lr0, decay_steps=T, alpha=lr_min / lr0)`` does.

    Examples
    --------
    >>> round(cosine_annealing(250, lr0=0.1, total_steps=1000), 6)
    0.085355
    """
    steps, is_scalar = check_steps(t)
    lr0 = check_positive("lr0", lr0)
    total_steps = check_count("total_steps", total_steps)
    lr_min = check_lr_floor("lr_min", lr_min, "lr0", lr0)
    fraction = np.minimum(steps, total_steps) / total_steps
    return finish(lr_min + (lr0 - lr_min) * half_cosine(fraction), is_scalar)


def _cycle_position(
    steps: np.ndarray, period: int, period_mult: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return (steps since the current cycle began, length of the current cycle).

    Cycle ``n`` starts at ``S(n) = period * (m**n - 1) / (m - 1)``, so
    ``n = floor(log(1 + t (m - 1) / period) / log m)``. The logarithm is taken with
    ``logaddexp``, and where ``m**n`` overflows ``S(n)`` is rewritten as
    ``period * m**(n-1) * (1 - m**-n) / (1 - 1/m)``, so that huge ``t`` or ``m`` give
    no overflow; then ``n`` is nudged by one where rounding put it on the wrong side
    of a cycle boundary.
    """
    if period_mult == 1.0:
        return np.mod(steps, period), np.full_like(steps, float(period))
    m = period_mult

    def start_of(n: np.ndarray) -> np.ndarray:
        plain = period * (m**n - 1.0) / (m - 1.0)  # the textbook form, as Keras computes it
        safe_n = np.maximum(n, 1.0)
        rescaled = period * m ** (safe_n - 1.0) * (1.0 - m**-safe_n) / (1.0 - 1.0 / m)
        return np.where(np.isfinite(plain), plain, rescaled)

    with np.errstate(over="ignore", divide="ignore"):
        log_x = np.logaddexp(np.log(steps / period) + math.log(m - 1.0), 0.0)
        cycle = np.floor(log_x / math.log(m))
        cycle = np.where(steps < start_of(cycle), cycle - 1, cycle)
        cycle = np.where(steps >= start_of(cycle + 1), cycle + 1, cycle)
        return steps - start_of(cycle), period * m**cycle


def cosine_restarts(
    t: ArrayLike, lr0: float, period: int, period_mult: float = 1, lr_min: float = 0.0
) -> LearningRate:
    r"""Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter 2017).

    .. math:: \eta_t = \eta_\text{min} + (\eta_0 - \eta_\text{min})\,
              \frac{1}{2}\left(1 + \cos\frac{\pi\, t_\text{cur}}{T_i}\right)

    where cycle :math:`i = 0, 1, \dots` lasts :math:`T_i = T_0 m^i` steps and
    :math:`t_\text{cur}` counts steps since cycle :math:`i` began. At the start of
    every cycle the rate jumps back to ``lr0``.

    Parameters
    ----------
    t : float or array_like
        Step number, ``t >= 0``.
    lr0 : float
        Rate at the start of every cycle, ``> 0``.
    period : int
        :math:`T_0 \ge 1`, the length of the first cycle.
    period_mult : float, default 1
        :math:`m \ge 1`: each cycle is ``period_mult`` times longer than the last.
    lr_min : float, default 0.0
        Floor reached at the end of each cycle, ``0 <= lr_min <= lr0``.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    PyTorch's ``CosineAnnealingWarmRestarts(T_0=period, T_mult=period_mult,
    eta_min=lr_min)`` (which accepts whole-number ``T_mult`` only) and Keras's
    ``CosineDecayRestarts(lr0, first_decay_steps=period, t_mul=period_mult,
    m_mul=1.0, alpha=lr_min / lr0)``.

    Examples
    --------
    >>> cosine_restarts([0, 10, 30], lr0=0.1, period=10, period_mult=2)
    array([0.1, 0.1, 0.1])
    """
    steps, is_scalar = check_steps(t)
    lr0 = check_positive("lr0", lr0)
    period = check_count("period", period)
    period_mult = check_in_interval("period_mult", period_mult, 1.0, math.inf, closed_low=True)
    lr_min = check_lr_floor("lr_min", lr_min, "lr0", lr0)
    since_restart, cycle_length = _cycle_position(steps, period, period_mult)
    return finish(lr_min + (lr0 - lr_min) * half_cosine(since_restart / cycle_length), is_scalar)


def warmup_cosine(t: ArrayLike, lr0: float, total_steps: int, warmup_steps: int) -> LearningRate:
    r"""Linear warm-up from 0 to ``lr0``, then cosine decay to 0 (the transformer recipe).

    .. math::
        \eta_t = \begin{cases}
          \eta_0 \, t / W, & t < W,\\
          \eta_0 \, \frac{1}{2}\left(1 + \cos\frac{\pi\,(\min(t, T) - W)}{\max(1, T - W)}\right),
            & t \ge W.
        \end{cases}

    Parameters
    ----------
    t : float or array_like
        Step number, ``t >= 0``; for ``t >= T`` the rate holds its value at ``T``:
        0, or ``lr0`` in the degenerate case ``W = T`` (a warm-up with no decay
        phase, as Hugging Face gives at ``t = T``).
    lr0 : float
        Peak learning rate, reached at ``t = warmup_steps``; ``> 0``.
    total_steps : int
        :math:`T \ge 1`, total number of steps including the warm-up.
    warmup_steps : int
        :math:`W`, ``0 <= W <= T``; ``0`` means no warm-up.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Hugging Face's ``get_cosine_schedule_with_warmup(num_warmup_steps=W,
    num_training_steps=T)`` for ``t <= T`` (past ``T`` Hugging Face's rate rises
    again); Keras's ``CosineDecay(0.0, decay_steps=T - W, warmup_target=lr0,
    warmup_steps=W)`` at every step.

    Examples
    --------
    >>> warmup_cosine([0, 5, 10, 110], lr0=1.0, total_steps=110, warmup_steps=10)
    array([0. , 0.5, 1. , 0. ])
    """
    steps, is_scalar = check_steps(t)
    lr0 = check_positive("lr0", lr0)
    total_steps = check_count("total_steps", total_steps)
    warmup_steps = check_count("warmup_steps", warmup_steps, minimum=0)
    if warmup_steps > total_steps:
        raise InvalidParameterError(
            f"warmup_steps must be <= total_steps (total_steps={total_steps}); "
            f"got warmup_steps={warmup_steps}."
        )
    warming = lr0 * (np.minimum(steps, warmup_steps) / max(1, warmup_steps))
    decay_fraction = (np.clip(steps, warmup_steps, total_steps) - warmup_steps) / max(
        1, total_steps - warmup_steps
    )
    decaying = lr0 * half_cosine(decay_fraction)
    return finish(np.where(steps < warmup_steps, warming, decaying), is_scalar)
