r"""Cyclical schedules (周期性调度): triangular cycles between two bounds, and the one-cycle policy."""

from __future__ import annotations

import math
from typing import Optional

import numpy as np
from numpy.typing import ArrayLike

from ._common import LearningRate, check_lr_floor, finish, half_cosine
from .validation import check_choice, check_count, check_in_interval, check_positive, check_steps
from ..errors import InvalidParameterError

__all__ = [
    "CYCLIC_MODES",
    "cyclic",
    "one_cycle",
]


#: The amplitude policies of :func:`cyclic` (Smith 2017; PyTorch's ``CyclicLR`` modes).
CYCLIC_MODES = ("triangular", "triangular2", "exp_range")


def cyclic(
    t: ArrayLike,
    base_lr: float,
    max_lr: float,
    step_size_up: int,
    step_size_down: Optional[int] = None,
    mode: str = "triangular",
    gamma: float = 1.0,
) -> LearningRate:
    r"""Cyclical learning rate (循环学习率, Smith 2017): up and down between two bounds, again and again.

    A cycle lasts :math:`L = u + d` steps: :math:`u` rising linearly from ``base_lr`` to
    the top, :math:`d` falling back. Cycle :math:`c = \lfloor 1 + t/L \rfloor` (from 1), the
    position in it :math:`x = 1 + t/L - c \in [0, 1)` and :math:`r = u / L`:

    .. math::
        \eta_t = \eta_\text{base} + (\eta_\text{max} - \eta_\text{base})\,
                 h(x)\, a_t, \qquad
        h(x) = \begin{cases} x / r, & x \le r,\\ (1 - x) / (1 - r), & x > r, \end{cases}

    with the amplitude :math:`a_t = 1` (``"triangular"``), :math:`a_t = 2^{-(c - 1)}`,
    halved every cycle (``"triangular2"``), or :math:`a_t = \gamma^{t}`, shrinking every
    step (``"exp_range"``).

    Parameters
    ----------
    t : float or array_like
        Step number, ``t >= 0``; the schedule has no end.
    base_lr : float
        The lower bound, where every cycle starts; ``0 <= base_lr <= max_lr``.
    max_lr : float
        The upper bound, reached at ``t = step_size_up`` (in later cycles too for
        ``"triangular"``); ``> 0``.
    step_size_up : int
        :math:`u \ge 1`, steps from the bottom of a cycle to its top.
    step_size_down : int, optional
        :math:`d \ge 0`, steps from the top back down; default ``step_size_up``
        (symmetric triangles). ``0`` gives a saw-tooth that only rises.
    mode : {"triangular", "triangular2", "exp_range"}, default "triangular"
        How the amplitude changes from cycle to cycle.
    gamma : float, default 1.0
        :math:`\gamma \in (0, 1]`, the per-step factor of ``"exp_range"`` (the other
        modes ignore it).

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Smith 2017 ("Cyclical Learning Rates for Training Neural Networks", WACV) proposed
    the triangular policy and its ``triangular2`` and ``exp_range`` variants.

    Equals PyTorch's ``CyclicLR(optimizer, base_lr, max_lr, step_size_up,
    step_size_down, mode, gamma, cycle_momentum=False)`` after ``t`` calls of
    ``scheduler.step()`` (the constructor sets the optimizer's rate to ``base_lr``).
    PyTorch's default ``cycle_momentum=True`` also cycles the momentum, opposite to the
    rate, and needs an optimizer with momentum; its ``step_size_up`` defaults to 2000.

    Examples
    --------
    >>> cyclic([0, 5, 10, 15, 20], base_lr=0.01, max_lr=0.11, step_size_up=10)
    array([0.01, 0.06, 0.11, 0.06, 0.01])
    >>> round(cyclic(30, base_lr=0.01, max_lr=0.11, step_size_up=10, mode="triangular2"), 12)
    0.06
    """
    steps, is_scalar = check_steps(t)
    max_lr = check_positive("max_lr", max_lr)
    base_lr = check_lr_floor("base_lr", base_lr, "max_lr", max_lr)
    step_size_up = check_count("step_size_up", step_size_up)
    if step_size_down is None:
        step_size_down = step_size_up
    else:
        step_size_down = check_count("step_size_down", step_size_down, minimum=0)
    mode = check_choice("mode", mode, CYCLIC_MODES)
    gamma = check_in_interval("gamma", gamma, 0.0, 1.0, closed_high=True)
    # The same operations, in the same order, as CyclicLR.get_lr().
    total_size = float(step_size_up + step_size_down)
    step_ratio = step_size_up / total_size
    cycle = np.floor(1.0 + steps / total_size)
    x = 1.0 + steps / total_size - cycle
    rising = x / step_ratio
    falling = (x - 1.0) / (step_ratio - 1.0) if step_size_down else np.zeros_like(x)
    height = (max_lr - base_lr) * np.where(x <= step_ratio, rising, falling)
    if mode == "triangular":
        amplitude = np.ones_like(steps)
    elif mode == "triangular2":
        amplitude = 0.5 ** (cycle - 1.0)  # PyTorch: 1 / 2.0 ** (cycle - 1), the same numbers
    else:
        amplitude = gamma**steps
    return finish(base_lr + height * amplitude, is_scalar)


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
        raise InvalidParameterError(
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
