r"""Exponential decay (指数衰减) and its slower cousin, inverse-time decay: the rate falls by a factor per unit of time."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._common import LearningRate, finish
from .validation import (
    check_bool,
    check_count,
    check_in_interval,
    check_positive,
    check_steps,
)

__all__ = [
    "exponential_decay",
    "inverse_time_decay",
]


def exponential_decay(
    t: ArrayLike, lr0: float, gamma: float, total_steps: int, staircase: bool = False
) -> LearningRate:
    r"""Exponential decay (指数衰减), the article's formula.

    .. math:: \eta_t = \eta_0 \, \gamma^{t / T}
              \qquad\text{or, with } \texttt{staircase}:\quad
              \eta_t = \eta_0 \, \gamma^{\lfloor t / T \rfloor}

    The rate is multiplied by :math:`\gamma` every :math:`T` steps, smoothly.

    Parameters
    ----------
    t : float or array_like
        Step number, ``t >= 0``.
    lr0 : float
        Initial learning rate :math:`\eta_0 > 0`.
    gamma : float
        Decay rate :math:`\gamma \in (0, 1]`: the factor after ``total_steps`` steps.
    total_steps : int
        :math:`T \ge 1`, the steps over which the rate shrinks by ``gamma``.
    staircase : bool, default False
        Floor the exponent, so the rate drops in steps (Keras's ``staircase=True``).

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Keras's ``ExponentialDecay(lr0, decay_steps=T, decay_rate=gamma, staircase)``.
    With ``total_steps=1`` it is PyTorch's ``ExponentialLR(gamma)``:
    :math:`\eta_0\gamma^t`. It does not stop at ``t = T``: the rate keeps
    shrinking by ``gamma`` every ``T`` steps, as in Keras and PyTorch.

    Examples
    --------
    >>> round(exponential_decay(500, lr0=0.1, gamma=0.9, total_steps=1000), 6)
    0.094868
    """
    steps, is_scalar = check_steps(t)
    lr0 = check_positive("lr0", lr0)
    gamma = check_in_interval("gamma", gamma, 0.0, 1.0, closed_high=True)
    total_steps = check_count("total_steps", total_steps)
    staircase = check_bool("staircase", staircase)
    exponent = steps / total_steps
    if staircase:
        exponent = np.floor(exponent)
    return finish(lr0 * gamma**exponent, is_scalar)


def inverse_time_decay(
    t: ArrayLike, lr0: float, decay_rate: float, decay_steps: int, staircase: bool = False
) -> LearningRate:
    r"""Inverse-time decay: the rate falls like :math:`1/t`.

    .. math:: \eta_t = \frac{\eta_0}{1 + k\, t / T}
              \qquad\text{or, with } \texttt{staircase}:\quad
              \eta_t = \frac{\eta_0}{1 + k \lfloor t / T \rfloor}

    Parameters
    ----------
    t : float or array_like
        Step number, ``t >= 0``.
    lr0 : float
        Initial learning rate, ``> 0``.
    decay_rate : float
        :math:`k > 0`; after ``decay_steps`` steps the rate is ``lr0 / (1 + k)``.
    decay_steps : int
        :math:`T \ge 1`, the step unit of the decay.
    staircase : bool, default False
        Floor ``t / T`` so the rate drops in steps.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Keras's ``InverseTimeDecay(lr0, decay_steps, decay_rate, staircase)``. The
    :math:`1/t` family is the classic Robbins–Monro condition for SGD to converge.

    Examples
    --------
    >>> inverse_time_decay(100, lr0=0.1, decay_rate=1.0, decay_steps=100)
    0.05
    """
    steps, is_scalar = check_steps(t)
    lr0 = check_positive("lr0", lr0)
    decay_rate = check_positive("decay_rate", decay_rate)
    decay_steps = check_count("decay_steps", decay_steps)
    staircase = check_bool("staircase", staircase)
    progress = steps / decay_steps
    if staircase:
        progress = np.floor(progress)
    with np.errstate(over="ignore"):  # 1 + k t/T -> inf gives the right limit, 0
        return finish(lr0 / (1.0 + decay_rate * progress), is_scalar)
