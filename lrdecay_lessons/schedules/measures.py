r"""What a learning-rate curve does over one training run, measured.

A run of :math:`T` steps uses the rates :math:`\eta(0), \eta(1), \dots, \eta(T-1)`
(steps count from 0, as in :mod:`lrdecay_lessons.schedules`). Every function here
takes such a *curve* — ``steps = 0, 1, ..., T-1`` and the rate at each — and
returns one number about it:

========================  ===============================================================
:func:`lr_at_fraction`    :math:`\eta(t_f)` at :math:`t_f = \lfloor fT \rfloor` (the last step for :math:`f = 1`)
:func:`mean_rate`         :math:`\bar\eta = \frac1T \sum_{t=0}^{T-1} \eta(t)`, the "distance budget" per step
:func:`budget_share`      share of :math:`\sum_t \eta(t)` spent before :math:`t_f`
:func:`drop_per_step`     :math:`\eta(t-1) - \eta(t)` at every step :math:`t = 1, \dots, T-1` (or relative to :math:`\eta(t-1)`)
:func:`largest_drop`      the step :math:`t` with the largest :math:`\eta(t-1) - \eta(t)`
:func:`first_step_below`  the first step :math:`t` with :math:`\eta(t) < \text{level}`
:func:`fraction_above`    share of the steps with :math:`\eta(t) > \text{level}`
:func:`final_rate`        :math:`\eta(T-1)`, the last rate training uses
:func:`count_changes`     how many steps use a different rate from the step before
:func:`drops_by_segment`  the same measures segment by segment (quarters of a run, say)
========================  ===============================================================

:func:`curve_properties` gathers them. NumPy only, like the schedules they measure.

Examples
--------
>>> from lrdecay_lessons.schedules import cosine_annealing, polynomial_decay
>>> steps, values = training_curve(polynomial_decay, 4, lr0=1.0, total_steps=4)
>>> values
array([1.  , 0.75, 0.5 , 0.25])
>>> mean_rate(steps, values)   # = (T + 1) / (2T) for linear decay
0.625
>>> rows = drops_by_segment(*training_curve(cosine_annealing, 600, lr0=0.1, total_steps=600), 2)
>>> [(row["start"], row["end"]) for row in rows]
[(0, 300), (300, 599)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, NamedTuple, Optional

import numpy as np
from numpy.typing import ArrayLike

from ..errors import InvalidParameterError
from .validation import MAX_CURVE_STEPS, check_callable, check_count, check_in_interval, check_positive

__all__ = [
    "training_curve",
    "step_at_fraction",
    "lr_at_fraction",
    "mean_rate",
    "budget_share",
    "drop_per_step",
    "Drop",
    "largest_drop",
    "first_step_below",
    "fraction_above",
    "final_rate",
    "count_changes",
    "share_lost",
    "CurveProperties",
    "curve_properties",
    "drops_by_segment",
    "plan_agreement",
]


# Relative tolerances for comparisons that rounding could otherwise decide.
_TIE_RTOL = 1e-9  # two drops this close count as equal (the earlier one wins)


_LEVEL_RTOL = 1e-12  # a rate this close to the level counts as *at* it, not above


def training_curve(
    schedule: Callable[..., Any], horizon: int, **params: Any
) -> tuple[np.ndarray, np.ndarray]:
    r"""The rates a run of ``horizon`` steps uses: :math:`\eta(t)` for :math:`t = 0, \dots, T-1`.

    Parameters
    ----------
    schedule : callable
        A function of :mod:`lrdecay_lessons.schedules`.
    horizon : int
        :math:`T \ge 2`, the number of training steps.
    **params
        The schedule's keyword parameters.

    Returns
    -------
    steps : numpy.ndarray
        ``0, 1, ..., T-1`` (integers).
    values : numpy.ndarray
        ``schedule(steps, **params)`` as floats.

    Examples
    --------
    >>> training_curve(step_decay, 4, lr0=1.0, gamma=0.5, step_size=2)
    (array([0, 1, 2, 3]), array([1. , 1. , 0.5, 0.5]))
    """
    horizon = check_count("horizon", horizon, minimum=2, maximum=MAX_CURVE_STEPS)
    steps = np.arange(horizon)
    return steps, np.asarray(schedule(steps, **params), dtype=float)


def _check_curve(steps: ArrayLike, values: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """``steps`` must be ``0, 1, ..., T-1`` (T >= 2) and ``values`` T finite rates."""
    steps, values = np.asarray(steps), np.asarray(values)
    for name, array in (("steps", steps), ("values", values)):
        if array.dtype.kind not in "iuf":
            raise InvalidParameterError(
                f"{name} must be an array of numbers (as training_curve returns it); got {name} of dtype {array.dtype}."
            )
    values = values.astype(float)
    if steps.ndim != 1 or values.shape != steps.shape:
        raise InvalidParameterError(
            "steps and values must be 1-D arrays of the same length; got shapes "
            f"steps {steps.shape} and values {values.shape}."
        )
    if steps.size < 2 or not np.array_equal(steps, np.arange(steps.size)):
        shown = np.array2string(steps, threshold=6)
        raise InvalidParameterError(
            "steps must be 0, 1, ..., T-1 with T >= 2 (every training step, in order, "
            f"as training_curve returns them); got steps={shown}."
        )
    bad = ~np.isfinite(values)
    if np.any(bad):
        index = int(np.flatnonzero(bad)[0])
        raise InvalidParameterError(f"values must be finite; got values[{index}]={float(values[index])!r}.")
    return steps, values


def step_at_fraction(fraction: float, horizon: int) -> int:
    r"""The step :math:`t_f = \min(\lfloor fT \rfloor,\, T-1)` reached after a fraction ``f`` of training.

    ``fraction = 0`` is the first step, ``0.5`` is :math:`\lfloor T/2 \rfloor`, and
    ``1`` is the last step :math:`T-1` (training never uses :math:`\eta(T)`).

    Examples
    --------
    >>> [step_at_fraction(f, 1000) for f in (0, 0.25, 0.5, 1)]
    [0, 250, 500, 999]
    """
    fraction = check_in_interval("fraction", fraction, 0.0, 1.0, closed_low=True, closed_high=True)
    horizon = check_count("horizon", horizon, minimum=2)
    # The small nudge keeps products such as 0.29 * 100 = 28.999999999999996 at 29.
    return min(int(math.floor(fraction * horizon + 1e-9)), horizon - 1)


def lr_at_fraction(steps: ArrayLike, values: ArrayLike, fraction: float) -> float:
    r"""The rate after a fraction ``f`` of training: :math:`\eta(t_f)`, :math:`t_f = \lfloor fT \rfloor`.

    Parameters
    ----------
    steps, values : array_like
        The curve, ``steps = 0, ..., T-1`` (see :func:`training_curve`).
    fraction : float
        :math:`f \in [0, 1]`; ``1`` gives the final rate :math:`\eta(T-1)`.

    Returns
    -------
    float

    Examples
    --------
    >>> steps, values = training_curve(cosine_annealing, 1000, lr0=0.1, total_steps=1000)
    >>> round(lr_at_fraction(steps, values, 0.25), 6)   # 0.1 * (1 + cos(pi/4)) / 2
    0.085355
    """
    steps, values = _check_curve(steps, values)
    return float(values[step_at_fraction(fraction, steps.size)])


def mean_rate(steps: ArrayLike, values: ArrayLike) -> float:
    r"""Mean rate over training, :math:`\bar\eta = \frac{1}{T}\sum_{t=0}^{T-1} \eta(t)`.

    With plain gradient descent every step moves the weights by :math:`\eta(t)`
    times the gradient, so :math:`\sum_t \eta(t) = T\bar\eta` is the run's total
    step-length "budget"; :math:`\bar\eta` is that budget per step.

    Notes
    -----
    Exact sums over the discrete steps (not integrals), e.g. for linear decay
    :math:`\eta_0(1 - t/T)` and for cosine annealing alike,

    .. math:: \bar\eta = \eta_0\,\frac{T + 1}{2T}.

    Examples
    --------
    >>> steps, values = training_curve(cosine_annealing, 1000, lr0=0.1, total_steps=1000)
    >>> round(mean_rate(steps, values), 10)   # 0.1 * 1001 / 2000
    0.05005
    """
    steps, values = _check_curve(steps, values)
    with np.errstate(over="ignore"):
        mean = float(values.mean())
    if not math.isfinite(mean):  # the sum overflowed (rates near 1e308): average the rates scaled down
        scale = float(np.abs(values).max())
        mean = scale * float((values / scale).mean())
    return mean


def budget_share(steps: ArrayLike, values: ArrayLike, fraction: float = 0.5) -> float:
    r"""Share of the budget spent before :math:`t_f`: :math:`\sum_{t < t_f} \eta(t) \big/ \sum_{t < T} \eta(t)`.

    ``fraction = 0.5`` answers "how much of its total step length does the
    schedule use in the first half of training?" (0.5 for a constant rate).

    Examples
    --------
    >>> steps, values = training_curve(polynomial_decay, 4, lr0=1.0, total_steps=4)
    >>> budget_share(steps, values, 0.5)   # (1 + 0.75) / (1 + 0.75 + 0.5 + 0.25)
    0.7
    """
    steps, values = _check_curve(steps, values)
    total = float(values.sum())
    if total <= 0:
        raise InvalidParameterError(f"values must have a positive sum to share out; got sum(values)={total!r}.")
    return float(values[: step_at_fraction(fraction, steps.size)].sum()) / total


def drop_per_step(
    steps: ArrayLike, values: ArrayLike, *, relative: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    r"""How much the rate falls at each step: :math:`\eta(t-1) - \eta(t)` for :math:`t = 1, \dots, T-1`.

    A fall is counted at the step where the lower rate is first used (as in
    :func:`largest_drop`), so step decay with period :math:`s` falls at
    :math:`t = s, 2s, \dots`. With ``relative=True`` each fall is divided by the
    rate before it, :math:`1 - \eta(t)/\eta(t-1)`: ``0.5`` means the rate halved,
    and smooth exponential decay falls by the same :math:`1 - \gamma^{1/T}` at every step.

    Parameters
    ----------
    steps, values : array_like
        The curve, ``steps = 0, ..., T-1`` (see :func:`training_curve`).
    relative : bool, default False
        Divide each fall by :math:`\eta(t-1)` (which must then be ``> 0``).

    Returns
    -------
    steps : numpy.ndarray
        :math:`t = 1, \dots, T-1`.
    drops : numpy.ndarray
        :math:`\eta(t-1) - \eta(t)` (positive where the rate falls), or that over :math:`\eta(t-1)`.

    Examples
    --------
    >>> drop_per_step(*training_curve(polynomial_decay, 4, lr0=1.0, total_steps=4))
    (array([1, 2, 3]), array([0.25, 0.25, 0.25]))
    >>> drop_per_step([0, 1, 2, 3], [0.1, 0.1, 0.05, 0.05], relative=True)
    (array([1, 2, 3]), array([0. , 0.5, 0. ]))
    """
    steps, values = _check_curve(steps, values)
    drops = values[:-1] - values[1:]
    if relative:
        before = values[:-1]
        if np.any(before <= 0):
            index = int(np.flatnonzero(before <= 0)[0])
            raise InvalidParameterError(
                f"values must be > 0 for relative drops; got values[{index}]={float(values[index])!r}."
            )
        drops = drops / before
    return steps[1:], drops


class Drop(NamedTuple):
    """The largest one-step fall of a curve: at ``step`` the rate fell by ``size``."""

    step: Optional[int]
    size: float


def largest_drop(steps: ArrayLike, values: ArrayLike) -> Drop:
    r"""The step at which the rate falls most: :math:`\arg\max_{1 \le t \le T-1} \, \eta(t-1) - \eta(t)`.

    The drop is counted at the step where the lower rate is first used, so step
    decay with period :math:`s` drops at :math:`t = s`. Among drops equal up to
    rounding (relative :math:`10^{-9}`) the earliest wins: linear decay, whose
    drops are all :math:`\eta_0 / T`, drops "most" at :math:`t = 1`.

    Returns
    -------
    Drop
        ``(step, size)``; ``(None, 0.0)`` if the rate never falls.

    Examples
    --------
    >>> steps, values = training_curve(step_decay, 1000, lr0=0.1, gamma=0.5, step_size=100)
    >>> largest_drop(steps, values)
    Drop(step=100, size=0.05)
    """
    steps, values = _check_curve(steps, values)
    _, drops = drop_per_step(steps, values)  # drops[t - 1] = eta(t - 1) - eta(t)
    biggest = float(drops.max())
    scale = float(np.abs(values).max())
    if biggest <= _LEVEL_RTOL * scale:
        return Drop(None, 0.0)
    first = int(np.flatnonzero(drops >= biggest * (1.0 - _TIE_RTOL))[0])
    return Drop(first + 1, float(drops[first]))


def fraction_above(steps: ArrayLike, values: ArrayLike, level: float) -> float:
    r"""Share of training steps whose rate is above ``level``: :math:`\#\{t : \eta(t) > \text{level}\} / T`.

    A rate equal to ``level`` up to rounding (relative :math:`10^{-12}`) does not
    count as above it, so step decay with :math:`\gamma = 0.5` is above
    :math:`\eta_0/2` only before its first drop.

    Examples
    --------
    >>> steps, values = training_curve(cosine_annealing, 1000, lr0=0.1, total_steps=1000)
    >>> fraction_above(steps, values, 0.05)   # cos(pi t / T) > 0 for t < T/2
    0.5
    """
    steps, values = _check_curve(steps, values)
    level = check_positive("level", level)
    return float(np.count_nonzero(values > level * (1.0 + _LEVEL_RTOL))) / steps.size


def first_step_below(steps: ArrayLike, values: ArrayLike, level: float) -> int:
    r"""The first step whose rate is below ``level``: :math:`\min\{t : \eta(t) < \text{level}\}`.

    "Below" is strict: linear decay from :math:`\eta_0` over :math:`T = 1000`
    steps equals :math:`\eta_0/2` at :math:`t = 500` and is first below it at 501.
    For a search beyond the schedule's own :math:`T` (step or exponential decay,
    or past a floor) pass a longer curve, ``training_curve(schedule, H, ...)``.

    Parameters
    ----------
    steps, values : array_like
        The curve, ``steps = 0, ..., T-1`` (see :func:`training_curve`).
    level : float
        The threshold, ``> 0``, e.g. ``0.5 * lr0`` for "when does the rate halve".

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If the rate stays at or above ``level`` at every step of the curve.

    Examples
    --------
    >>> first_step_below(*training_curve(polynomial_decay, 1000, lr0=0.1, total_steps=1000), 0.05)
    501
    >>> first_step_below(*training_curve(step_decay, 1001, lr0=0.1, gamma=0.5, step_size=100), 0.03)
    200
    """
    steps, values = _check_curve(steps, values)
    level = check_positive("level", level)
    below = np.flatnonzero(values < level)
    if below.size == 0:
        raise InvalidParameterError(
            f"level={level:g} is not reached within the curve's steps 0..{steps.size - 1} (the rate "
            f"there is {values[-1]:.4g}); pass a longer curve or a higher level."
        )
    return int(below[0])


def final_rate(steps: ArrayLike, values: ArrayLike) -> float:
    r"""The last rate training uses, :math:`\eta(T-1)`.

    Examples
    --------
    >>> steps, values = training_curve(polynomial_decay, 4, lr0=1.0, total_steps=4)
    >>> final_rate(steps, values)
    0.25
    """
    steps, values = _check_curve(steps, values)
    return float(values[-1])


def count_changes(steps: ArrayLike, values: ArrayLike) -> int:
    r"""How many steps change the rate: :math:`\#\{1 \le t \le T-1 : \eta(t) \ne \eta(t-1)\}`.

    Differences below rounding (relative :math:`10^{-12}` of the largest rate) do
    not count. A smooth schedule changes at every one of the :math:`T-1` steps;
    step decay only at its drops.

    Examples
    --------
    >>> steps, values = training_curve(step_decay, 1000, lr0=0.1, gamma=0.5, step_size=100)
    >>> count_changes(steps, values)
    9
    """
    steps, values = _check_curve(steps, values)
    scale = float(np.abs(values).max())
    return int(np.count_nonzero(np.abs(np.diff(values)) > _LEVEL_RTOL * scale))


def share_lost(steps: ArrayLike, values: ArrayLike, start: float, stop: float) -> float:
    r"""Share of :math:`\eta_0` lost between two fractions of training: :math:`(\eta(t_a) - \eta(t_b)) / \eta(0)`.

    The four quarters of cosine annealing lose about 15 %, 35 %, 35 % and 15 % of
    :math:`\eta_0`: slow, fast, fast, slow.

    Examples
    --------
    >>> steps, values = training_curve(cosine_annealing, 1000, lr0=0.1, total_steps=1000)
    >>> round(share_lost(steps, values, 0.25, 0.5), 4)   # cos(pi/4) / 2
    0.3536
    """
    steps, values = _check_curve(steps, values)
    start = check_in_interval("start", start, 0.0, 1.0, closed_low=True, closed_high=True)
    stop = check_in_interval("stop", stop, 0.0, 1.0, closed_low=True, closed_high=True)
    if stop < start:
        raise InvalidParameterError(f"stop must be >= start (start={start!r}); got stop={stop!r}.")
    first, last = step_at_fraction(start, steps.size), step_at_fraction(stop, steps.size)
    if values[0] <= 0:
        raise InvalidParameterError(f"values[0] must be > 0 to measure a share of it; got values[0]={values[0]!r}.")
    return float((values[first] - values[last]) / values[0])


@dataclass(frozen=True)
class CurveProperties:
    r"""The properties of one curve over a run of ``horizon`` steps (see the module table).

    ``above_half`` is the share of steps with :math:`\eta(t) > \eta(0)/2`;
    ``first_half_budget`` is :func:`budget_share` at ``0.5``; ``changes`` is
    :func:`count_changes`.
    """

    horizon: int
    lr0: float
    lr_25: float
    lr_50: float
    lr_75: float
    mean: float
    drop_step: Optional[int]
    drop_size: float
    above_half: float
    first_half_budget: float
    final: float
    changes: int


def curve_properties(steps: ArrayLike, values: ArrayLike) -> CurveProperties:
    """Every property of the module for one curve (``steps = 0, ..., T-1``)."""
    steps, values = _check_curve(steps, values)
    drop = largest_drop(steps, values)
    return CurveProperties(
        horizon=int(steps.size),
        lr0=float(values[0]),
        lr_25=lr_at_fraction(steps, values, 0.25),
        lr_50=lr_at_fraction(steps, values, 0.5),
        lr_75=lr_at_fraction(steps, values, 0.75),
        mean=mean_rate(steps, values),
        drop_step=drop.step,
        drop_size=drop.size,
        above_half=fraction_above(steps, values, values[0] / 2) if values[0] > 0 else 0.0,
        first_half_budget=budget_share(steps, values, 0.5),
        final=final_rate(steps, values),
        changes=count_changes(steps, values),
    )


def drops_by_segment(steps: ArrayLike, values: ArrayLike, segments: int = 4) -> list[dict]:
    r"""Split a run into equal segments and measure the fall of the rate in each.

    The boundaries are the steps :math:`t_{k/n}` of
    :func:`~lrdecay_lessons.schedules.measures.step_at_fraction` (:math:`\lfloor kT/n \rfloor`,
    the last one :math:`T-1`, the last step training uses), and the fall in a
    segment is :math:`\eta(t_a) - \eta(t_b)` =
    :math:`\eta(0)\,\cdot` :func:`~lrdecay_lessons.schedules.measures.share_lost`.

    Parameters
    ----------
    steps, values : array_like
        The curve, ``steps = 0, ..., T-1`` (see :func:`~lrdecay_lessons.schedules.measures.training_curve`).
    segments : int, default 4
        :math:`n`, how many segments; must divide :math:`T`.

    Returns
    -------
    list of dict
        One per segment: ``start``, ``end`` (steps), ``lr_start``, ``lr_end``,
        ``drop`` (:math:`\eta_\text{start} - \eta_\text{end}`) and ``share`` (the
        drop as a fraction of the whole fall from step 0 to :math:`T-1`).

    Examples
    --------
    >>> from lrdecay_lessons.schedules import polynomial_decay
    >>> rows = drops_by_segment(*training_curve(polynomial_decay, 10, lr0=1.0, total_steps=10), 2)
    >>> [(row["start"], row["end"], round(row["drop"], 12)) for row in rows]
    [(0, 5, 0.5), (5, 9, 0.4)]
    """
    steps, values = np.asarray(steps), np.asarray(values, dtype=float)
    segments = check_count("segments", segments)
    horizon = steps.size
    if horizon % segments:
        raise InvalidParameterError(
            f"segments must divide the number of steps T = {horizon} evenly; got segments={segments}."
        )
    fractions = [k / segments for k in range(segments + 1)]
    bounds = [step_at_fraction(f, horizon) for f in fractions]
    drops = [float(values[0]) * share_lost(steps, values, a, b) for a, b in zip(fractions, fractions[1:])]
    total = float(values[0] - values[-1])
    return [
        {
            "start": bounds[i],
            "end": bounds[i + 1],
            "lr_start": float(values[bounds[i]]),
            "lr_end": float(values[bounds[i + 1]]),
            "drop": drop,
            "share": drop / total if total else 0.0,
        }
        for i, drop in enumerate(drops)
    ]


def plan_agreement(build: Callable[[int], Callable[[Any], Any]], total_steps: int, factor: float = 2.0) -> float:
    r"""The share of the first ``total_steps`` steps at which the plan for ``total_steps`` and the
    plan for ``factor`` times as many give the same rate.

    .. math:: \frac{1}{T}\,\#\{t < T : \eta^{(T)}_t = \eta^{(\lceil fT \rceil)}_t\}

    A schedule that depends on its horizon only near its end (warmup-stable-decay) lets a run
    be extended late; one that depends on it everywhere (cosine, linear decay) does not.

    Parameters
    ----------
    build : callable
        ``build(T)`` returns the schedule planned for ``T`` steps.
    total_steps : int
        :math:`T`.
    factor : float, default 2.0
        :math:`f > 1`.

    Examples
    --------
    >>> from lrdecay_lessons.schedules import schedule
    >>> plan_agreement(lambda T: schedule("wsd", lr0=1.0, total_steps=T, warmup_steps=0, decay_steps=T // 5), 100)
    0.81
    >>> plan_agreement(lambda T: schedule("cosine_annealing", lr0=1.0, total_steps=T), 100)
    0.01
    """
    check_callable("build", build, "a callable taking the planned number of steps")
    total_steps = check_count("total_steps", total_steps, maximum=MAX_CURVE_STEPS)
    factor = check_in_interval("factor", factor, 1.0, math.inf)
    steps = np.arange(total_steps, dtype=float)
    short = np.asarray(build(total_steps)(steps), dtype=float)
    longer = np.asarray(build(int(math.ceil(factor * total_steps)))(steps), dtype=float)
    return float(np.mean(np.isclose(short, longer, rtol=_TIE_RTOL, atol=0.0)))
