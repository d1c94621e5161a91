r"""Polynomial decay (多项式衰减): from ``lr0`` to ``lr_end`` over ``total_steps`` along ``(1 - t/T)^power``."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._common import LearningRate, check_lr_floor, finish
from .validation import check_count, check_positive, check_steps

__all__ = [
    "polynomial_decay",
]


def polynomial_decay(
    t: ArrayLike, lr0: float, total_steps: int, power: float = 1.0, lr_end: float = 0.0
) -> LearningRate:
    r"""Polynomial decay (多项式衰减) from ``lr0`` to ``lr_end`` over ``total_steps``.

    .. math:: \eta_t = (\eta_0 - \eta_\text{end})
              \left(1 - \frac{\min(t, T)}{T}\right)^{\alpha} + \eta_\text{end}

    With ``lr_end = 0`` this is the article's :math:`\eta_0 (1 - t/T)^\alpha`;
    ``power = 1`` is linear decay.

    Parameters
    ----------
    t : float or array_like
        Step number, ``t >= 0``; for ``t >= T`` the rate stays at ``lr_end``.
    lr0 : float
        Initial learning rate, ``> 0``.
    total_steps : int
        :math:`T \ge 1`, the step at which ``lr_end`` is reached.
    power : float, default 1.0
        :math:`\alpha > 0`. Larger powers drop faster early on.
    lr_end : float, default 0.0
        Final rate, ``0 <= lr_end <= lr0``.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Keras's ``PolynomialDecay(lr0, decay_steps=T, end_learning_rate=lr_end, power)``
    (with ``cycle=False``); with ``lr_end = 0``, PyTorch's
    ``PolynomialLR(total_iters=T, power)``.

    Examples
    --------
    >>> round(polynomial_decay(250, lr0=0.1, total_steps=1000, power=2), 6)
    0.05625
    """
    steps, is_scalar = check_steps(t)
    lr0 = check_positive("lr0", lr0)
    total_steps = check_count("total_steps", total_steps)
    power = check_positive("power", power)
    lr_end = check_lr_floor("lr_end", lr_end, "lr0", lr0)
    remaining = 1.0 - np.minimum(steps, total_steps) / total_steps
    return finish((lr0 - lr_end) * remaining**power + lr_end, is_scalar)
