r"""Arithmetic of the multiplicative schedules: step decay and exponential decay.

Both schedules multiply the learning rate by the same factor :math:`\gamma` per
unit of time, :math:`\eta_t = \eta_0\,\gamma^{u(t)}`; step decay counts whole
periods, :math:`u = \lfloor t/s \rfloor`, exponential decay counts them smoothly,
:math:`u = t/T`. This module answers the questions chapters 02 and 03 ask of
them in closed form: what factor per *step* a factor per period ``T`` amounts
to, how long the rate takes to fall to a fraction of :math:`\eta_0`, which
:math:`\gamma` a printed rate implies, and how straight the schedule is on a
logarithmic axis. The measures that apply to any curve — the first step below a
threshold, the fall from one step to the next — are
:func:`~lrdecay_lessons.schedules.measures.first_step_below` and
:func:`~lrdecay_lessons.schedules.measures.drop_per_step`.

Every function is pure; bad input raises :class:`ValueError` naming the
parameter, the value given and what is allowed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .validation import check_count, check_in_interval, check_positive, check_steps
from ..errors import InvalidParameterError

__all__ = [
    "per_step_factor",
    "rescale_gamma",
    "steps_to_fraction",
    "implied_gamma",
    "implied_gamma_range",
    "LogLinearFit",
    "log_linear_fit",
]


def per_step_factor(gamma: float, total_steps: int) -> float:
    r"""The factor per step that a factor ``gamma`` per ``total_steps`` steps amounts to.

    .. math:: \gamma_\text{step} = \gamma^{1/T},
              \qquad \eta_0\,\gamma^{t/T} = \eta_0\,\gamma_\text{step}^{\,t}

    Parameters
    ----------
    gamma : float
        Factor over ``total_steps`` steps, :math:`\gamma \in (0, 1]`.
    total_steps : int
        :math:`T \ge 1`.

    Returns
    -------
    float
        :math:`\gamma^{1/T}`: the ``gamma`` of PyTorch's ``ExponentialLR``, which
        multiplies once per call of ``scheduler.step()``.

    Examples
    --------
    >>> round(per_step_factor(0.9, 1000), 9)
    0.999894645
    """
    gamma = check_in_interval("gamma", gamma, 0.0, 1.0, closed_high=True)
    total_steps = check_count("total_steps", total_steps)
    return gamma ** (1.0 / total_steps)


def rescale_gamma(gamma: float, total_steps: int, new_total_steps: int) -> float:
    r"""The decay rate that gives the *same* exponential curve with another ``T``.

    .. math:: \gamma' = \gamma^{T'/T}
              \quad\Longrightarrow\quad
              \eta_0\,\gamma'^{\,t/T'} = \eta_0\,\gamma^{t/T} \text{ for every } t

    Only :math:`\gamma^{1/T}` matters, so :math:`T` merely sets the unit in which
    :math:`\gamma` is quoted.

    Parameters
    ----------
    gamma : float
        Factor over ``total_steps`` steps, in ``(0, 1]``.
    total_steps : int
        :math:`T \ge 1`, the unit ``gamma`` is quoted in.
    new_total_steps : int
        :math:`T' \ge 1`, the unit wanted.

    Returns
    -------
    float

    Examples
    --------
    >>> round(rescale_gamma(0.9, 1000, 2000), 12)
    0.81
    """
    gamma = check_in_interval("gamma", gamma, 0.0, 1.0, closed_high=True)
    total_steps = check_count("total_steps", total_steps)
    new_total_steps = check_count("new_total_steps", new_total_steps)
    return gamma ** (new_total_steps / total_steps)


def steps_to_fraction(fraction: float, gamma: float, total_steps: int) -> float:
    r"""How many steps smooth exponential decay takes to reach ``fraction`` of :math:`\eta_0`.

    .. math:: \gamma^{t/T} = f \iff t = T\,\frac{\ln f}{\ln \gamma}

    With ``fraction = 0.5`` this is the half-life.

    Parameters
    ----------
    fraction : float
        :math:`f \in (0, 1)`, the target :math:`\eta_t / \eta_0`.
    gamma : float
        Factor over ``total_steps`` steps, in ``(0, 1)`` (``gamma = 1`` never decays).
    total_steps : int
        :math:`T \ge 1`.

    Returns
    -------
    float
        The (generally fractional) step :math:`t` at which :math:`\eta_t = f\,\eta_0`.

    Examples
    --------
    >>> round(steps_to_fraction(0.5, 0.5, 100), 9)
    100.0
    >>> round(steps_to_fraction(0.5, 0.9, 1000), 1)
    6578.8
    """
    fraction = check_in_interval("fraction", fraction, 0.0, 1.0)
    gamma = check_in_interval("gamma", gamma, 0.0, 1.0)
    total_steps = check_count("total_steps", total_steps)
    return total_steps * math.log(fraction) / math.log(gamma)


def implied_gamma(lr: float, lr0: float, t: float, total_steps: int) -> float:
    r"""The decay rate :math:`\gamma` for which exponential decay passes through ``lr`` at step ``t``.

    .. math:: \eta_t = \eta_0\,\gamma^{t/T} \iff \gamma = \left(\frac{\eta_t}{\eta_0}\right)^{T/t}

    Parameters
    ----------
    lr : float
        The rate :math:`\eta_t` observed (or printed) at step ``t``, ``> 0``.
    lr0 : float
        Initial rate :math:`\eta_0 > 0`.
    t : float
        The step, ``> 0`` (step 0 says nothing about :math:`\gamma`).
    total_steps : int
        :math:`T \ge 1`.

    Returns
    -------
    float

    Examples
    --------
    >>> round(implied_gamma(0.0619, lr0=0.1, t=500, total_steps=1000), 6)
    0.383161
    """
    lr = check_positive("lr", lr)
    lr0 = check_positive("lr0", lr0)
    if lr > lr0:
        raise InvalidParameterError(
            f"lr must be <= lr0 (lr0={lr0!r}) for a decay, γ <= 1; got lr={lr!r} "
            "(were lr and lr0 swapped? lr is the rate at step t, lr0 the initial one)."
        )
    t = check_positive("t", t)
    total_steps = check_count("total_steps", total_steps)
    return (lr / lr0) ** (total_steps / t)


def implied_gamma_range(
    printed: float, decimals: int, lr0: float, t: float, total_steps: int
) -> tuple[float, float]:
    r"""Every :math:`\gamma` whose exact value at step ``t`` *rounds* to ``printed``.

    A value printed with ``decimals`` decimals stands for any exact value within
    half a unit of its last digit, :math:`\eta_t \in [p - h, p + h]` with
    :math:`h = \tfrac12 10^{-d}`; :func:`implied_gamma` maps the two ends to a
    range of :math:`\gamma`. Printed values that share one :math:`\gamma` have
    overlapping ranges.

    Parameters
    ----------
    printed : float
        The printed rate, ``> 0``.
    decimals : int
        Decimals printed, ``>= 0``; must leave ``printed - h > 0``.
    lr0, t, total_steps
        As in :func:`implied_gamma`.

    Returns
    -------
    (float, float)
        The lowest and highest :math:`\gamma` consistent with the printed value.

    Examples
    --------
    >>> low, high = implied_gamma_range(0.0619, 4, lr0=0.1, t=500, total_steps=1000)
    >>> round(low, 5), round(high, 5)
    (0.38254, 0.38378)
    """
    printed = check_positive("printed", printed)
    decimals = check_count("decimals", decimals, minimum=0)
    lr0 = check_positive("lr0", lr0)
    if printed > lr0:
        raise InvalidParameterError(f"printed must be <= lr0 (lr0={lr0!r}) for a decay; got printed={printed!r}.")
    half_unit = 0.5 * 10.0**-decimals
    if printed - half_unit <= 0:
        raise InvalidParameterError(
            f"printed must exceed half a unit of its last decimal ({half_unit:g}) to bound gamma; "
            f"got printed={printed!r} with decimals={decimals}."
        )
    return (
        implied_gamma(printed - half_unit, lr0, t, total_steps),
        implied_gamma(min(printed + half_unit, lr0), lr0, t, total_steps),  # γ <= 1 at most
    )


@dataclass(frozen=True)
class LogLinearFit:
    r"""Least-squares line through :math:`\ln \eta_t` against :math:`t`.

    ``slope`` is the change of :math:`\ln\eta` per step (``ln(gamma) / T`` for
    exponential decay); ``max_residual`` is the largest distance of a point from
    the line, in units of :math:`\ln\eta` (0 for a perfectly straight line).
    """

    slope: float
    intercept: float
    max_residual: float


def log_linear_fit(steps: ArrayLike, values: ArrayLike) -> LogLinearFit:
    r"""Fit :math:`\ln \eta_t = a + b\,t`: how straight the schedule is on a log axis.

    .. math:: \ln\left(\eta_0\,\gamma^{t/T}\right) = \ln\eta_0 + \frac{\ln\gamma}{T}\,t

    so smooth exponential decay is exactly a straight line of slope
    :math:`\ln\gamma / T`.

    Parameters
    ----------
    steps : array_like
        Steps, ``>= 0``, at least two distinct.
    values : array_like
        Learning rates at those steps, all ``> 0``.

    Returns
    -------
    LogLinearFit

    Examples
    --------
    >>> fit = log_linear_fit([0, 1, 2], [1.0, 0.5, 0.25])
    >>> round(fit.slope, 12) == round(math.log(0.5), 12), fit.max_residual < 1e-12
    (True, True)
    """
    t, _ = check_steps(steps, name="steps")
    rates, _ = check_steps(values, name="values")
    t, rates = np.ravel(t), np.ravel(rates)
    if t.size != rates.size:
        raise InvalidParameterError(
            f"steps and values must have the same length; got {t.size} steps and {rates.size} values."
        )
    if np.unique(t).size < 2:
        raise InvalidParameterError(f"steps must hold at least two distinct steps; got steps={steps!r}.")
    if np.any(rates == 0):
        index = int(np.flatnonzero(rates == 0)[0])
        raise InvalidParameterError(f"values must be > 0 to take logarithms; got values[{index}]=0.0.")
    logs = np.log(rates)
    slope, intercept = np.polyfit(t, logs, 1)
    residual = float(np.max(np.abs(logs - (intercept + slope * t))))
    return LogLinearFit(float(slope), float(intercept), residual)
