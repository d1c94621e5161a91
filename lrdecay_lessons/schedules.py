r"""Learning-rate schedules as pure, vectorised functions of the step.

Every schedule here is a closed formula of the step ``t`` (like optax's schedules):
no hidden state, no ``scheduler.step()``. Pass ``t`` as a Python number to get a
Python ``float`` back, or as a NumPy array to get an array of the same shape::

    >>> step_decay(150, lr0=0.1, gamma=0.5, step_size=100)
    0.05
    >>> step_decay(np.array([50, 150, 250]), lr0=0.1, gamma=0.5, step_size=100)
    array([0.1  , 0.05 , 0.025])

Conventions shared by all schedules
-----------------------------------
* ``t`` counts steps from 0: ``t = 0`` is the first update, as ``last_epoch`` in
  PyTorch and ``step`` in Keras and Hugging Face.
* A schedule with a horizon (``total_steps``) *holds its final value* for
  ``t >= total_steps``, as Keras does; PyTorch's ``CosineAnnealingLR`` and Hugging
  Face's cosine schedule instead start rising again there (see the frameworks chapter).
  Exponential, inverse-time and step decay have no end and keep decaying.
* Bad parameters raise :class:`ValueError` naming the parameter, the value and what
  is allowed. No schedule ever returns NaN.
"""

from __future__ import annotations

import math
from typing import Sequence, Union

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (
    check_bool,
    check_count,
    check_in_interval,
    check_milestones,
    check_non_negative,
    check_positive,
    check_steps,
)

__all__ = [
    "step_decay",
    "multistep_decay",
    "exponential_decay",
    "polynomial_decay",
    "cosine_annealing",
    "cosine_restarts",
    "one_cycle",
    "inverse_time_decay",
    "warmup_cosine",
]

LearningRate = Union[float, np.ndarray]


def _finish(values: np.ndarray, is_scalar: bool) -> LearningRate:
    return float(values) if is_scalar else values


def _check_lr_floor(name: str, value: float, lr_name: str, lr: float) -> float:
    value = check_non_negative(name, value)
    if value > lr:
        raise ValueError(f"{name} must be <= {lr_name} ({lr_name}={lr:g}); got {name}={value!r}.")
    return value


def _half_cosine(fraction: np.ndarray) -> np.ndarray:
    """``(1 + cos(pi * fraction)) / 2``: 1 at ``fraction = 0``, 0 at ``fraction = 1``."""
    return 0.5 * (1.0 + np.cos(np.pi * fraction))


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
    return _finish(lr0 * gamma ** np.floor(steps / step_size), is_scalar)


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
    return _finish(lr0 * gamma ** drops.astype(float), is_scalar)


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
    return _finish(lr0 * gamma**exponent, is_scalar)


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
    lr_end = _check_lr_floor("lr_end", lr_end, "lr0", lr0)
    remaining = 1.0 - np.minimum(steps, total_steps) / total_steps
    return _finish((lr0 - lr_end) * remaining**power + lr_end, is_scalar)


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
    lr_min = _check_lr_floor("lr_min", lr_min, "lr0", lr0)
    fraction = np.minimum(steps, total_steps) / total_steps
    return _finish(lr_min + (lr0 - lr_min) * _half_cosine(fraction), is_scalar)


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
    lr_min = _check_lr_floor("lr_min", lr_min, "lr0", lr0)
    since_restart, cycle_length = _cycle_position(steps, period, period_mult)
    return _finish(lr_min + (lr0 - lr_min) * _half_cosine(since_restart / cycle_length), is_scalar)


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
    rising = lr_max + (lr_initial - lr_max) * _half_cosine(np.minimum(steps, peak_step) / peak_step)
    falling_fraction = (np.clip(steps, peak_step, last_step) - peak_step) / (last_step - peak_step)
    falling = lr_final + (lr_max - lr_final) * _half_cosine(falling_fraction)
    return _finish(np.where(steps <= peak_step, rising, falling), is_scalar)


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
        return _finish(lr0 / (1.0 + decay_rate * progress), is_scalar)


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
        raise ValueError(
            f"warmup_steps must be <= total_steps (total_steps={total_steps}); "
            f"got warmup_steps={warmup_steps}."
        )
    warming = lr0 * (np.minimum(steps, warmup_steps) / max(1, warmup_steps))
    decay_fraction = (np.clip(steps, warmup_steps, total_steps) - warmup_steps) / max(
        1, total_steps - warmup_steps
    )
    decaying = lr0 * _half_cosine(decay_fraction)
    return _finish(np.where(steps < warmup_steps, warming, decaying), is_scalar)
