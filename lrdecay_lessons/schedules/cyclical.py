r"""Cyclical schedules: the one-cycle policy (warm up to a peak, then anneal far below the start)."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._common import LearningRate, finish, half_cosine
from .validation import check_count, check_in_interval, check_positive, check_steps

__all__ = [
    "one_cycle",
]


def one_cycle(
    t: ArrayLike,
    lr_max: float,
    total_steps: int,
    pct_start: float = 0.3,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
) -> LearningRate:
    r"""One-cycle policy (Smith & Topin 2019), two phases, cosine-shaped.

    Phase 1 rises from :math:`\eta_\text{init} = \eta_\text{max} / d` to
    :math:`\eta_\text{max}`; phase 2 falls to
    :math:`\eta_\text{final} = \eta_\text{init} / d_\text{final}`:

    .. math::
        \eta_t = \begin{cases}
          \eta_\text{max} + (\eta_\text{init} - \eta_\text{max})\, c\!\left(\frac{t}{a}\right),
            & t \le a,\\
          \eta_\text{final} + (\eta_\text{max} - \eta_\text{final})\, c\!\left(\frac{t - a}{T - 1 - a}\right),
            & a < t < T - 1,\\
          \eta_\text{final}, & t \ge T - 1,
        \end{cases}

    with :math:`c(x) = \tfrac12(1 + \cos \pi x)` and :math:`a = p\,T - 1` the last
    step of phase 1. The last of the ``T`` steps, :math:`t = T - 1`, is the
    minimum, held afterwards.

    Parameters
    ----------
    t : float or array_like
        Step number, ``t >= 0``.
    lr_max : float
        Peak learning rate, ``> 0``.
    total_steps : int
        :math:`T`, the number of steps in the cycle; needs ``pct_start * total_steps > 1``.
    pct_start : float, default 0.3
        :math:`p \in (0, 1)`, the fraction of the cycle spent rising.
    div_factor : float, default 25.0
        :math:`d \ge 1`, ``lr_max / initial rate``.
    final_div_factor : float, default 1e4
        :math:`d_\text{final} \ge 1`, ``initial rate / final rate``.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    PyTorch's ``OneCycleLR(max_lr, total_steps, pct_start, anneal_strategy='cos',
    div_factor, final_div_factor, three_phase=False)`` for ``t <= T - 1`` (PyTorch
    raises an error past the end; this function holds the final rate).

    Examples
    --------
    >>> round(one_cycle(0, lr_max=0.1, total_steps=100), 12)  # lr_max / div_factor
    0.004
    """
    steps, is_scalar = check_steps(t)
    lr_max = check_positive("lr_max", lr_max)
    total_steps = check_count("total_steps", total_steps, minimum=2)
    pct_start = check_in_interval("pct_start", pct_start, 0.0, 1.0)
    div_factor = check_in_interval("div_factor", div_factor, 1.0, math.inf, closed_low=True)
    final_div_factor = check_in_interval(
        "final_div_factor", final_div_factor, 1.0, math.inf, closed_low=True
    )
    peak_step = pct_start * total_steps - 1.0
    if peak_step <= 0:
        raise ValueError(
            "pct_start * total_steps must be > 1 so that the rising phase lasts at least one "
            f"step; got pct_start={pct_start!r} and total_steps={total_steps} "
            f"(product {pct_start * total_steps:g})."
        )
    lr_initial = lr_max / div_factor
    lr_final = lr_initial / final_div_factor
    last_step = total_steps - 1.0
    rising = lr_max + (lr_initial - lr_max) * half_cosine(np.minimum(steps, peak_step) / peak_step)
    falling_fraction = (np.clip(steps, peak_step, last_step) - peak_step) / (last_step - peak_step)
    falling = lr_final + (lr_max - lr_final) * half_cosine(falling_fraction)
    return finish(np.where(steps <= peak_step, rising, falling), is_scalar)
