r"""Step decay (阶梯衰减): the rate drops by a factor at fixed steps (every ``step_size``, or at milestones)."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._common import LearningRate, finish
from .validation import (
    check_count,
    check_in_interval,
    check_milestones,
    check_positive,
    check_steps,
)

__all__ = [
    "step_decay",
    "multistep_decay",
]


def step_decay(t: ArrayLike, lr0: float, gamma: float, step_size: int) -> LearningRate:
    r"""Step decay (阶梯衰减): multiply by ``gamma`` every ``step_size`` steps.

    .. math:: \eta_t = \eta_0 \, \gamma^{\lfloor t / s \rfloor}

    Parameters
    ----------
    t : float or array_like
        Step (or epoch) number, ``t >= 0``.
    lr0 : float
        Initial learning rate :math:`\eta_0 > 0`.
    gamma : float
        Decay factor :math:`\gamma \in (0, 1]`, applied once per period.
    step_size : int
        Period :math:`s \ge 1`: steps between two drops.

    Returns
    -------
    float or numpy.ndarray
        The learning rate, a float for a scalar ``t``, else an array shaped like ``t``.

    Notes
    -----
    Equals PyTorch's ``StepLR(step_size=s, gamma=gamma)`` after ``t`` calls of
    ``scheduler.step()``.

    Examples
    --------
    >>> step_decay(250, lr0=0.1, gamma=0.5, step_size=100)
    0.025
    """
    steps, is_scalar = check_steps(t)
    lr0 = check_positive("lr0", lr0)
    gamma = check_in_interval("gamma", gamma, 0.0, 1.0, closed_high=True)
    step_size = check_count("step_size", step_size)
    return finish(lr0 * gamma ** np.floor(steps / step_size), is_scalar)


def multistep_decay(
    t: ArrayLike, lr0: float, milestones: Sequence[float], gamma: float
) -> LearningRate:
    r"""Multi-step decay: multiply by ``gamma`` at each milestone.

    .. math:: \eta_t = \eta_0 \, \gamma^{\#\{m_i \,:\, m_i \le t\}}

    Parameters
    ----------
    t : float or array_like
        Step number, ``t >= 0``.
    lr0 : float
        Initial learning rate, ``> 0``.
    milestones : sequence of float
        Steps at which the rate drops, ``>= 0`` and sorted (a repeated milestone drops twice).
    gamma : float
        Factor applied at each milestone, in ``(0, 1]``.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Equals PyTorch's ``MultiStepLR(milestones, gamma)``: the drop takes effect *at*
    the milestone step (``bisect_right``).

    Examples
    --------
    >>> multistep_decay(80, lr0=0.1, milestones=[30, 80], gamma=0.1)
    0.0010000000000000002
    """
    steps, is_scalar = check_steps(t)
    lr0 = check_positive("lr0", lr0)
    marks = check_milestones("milestones", milestones)
    gamma = check_in_interval("gamma", gamma, 0.0, 1.0, closed_high=True)
    drops = np.searchsorted(marks, steps, side="right")
    return finish(lr0 * gamma ** drops.astype(float), is_scalar)
