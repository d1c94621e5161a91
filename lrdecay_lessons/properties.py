r"""What a learning-rate curve does over one training run, measured, and fair comparisons.

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
========================  ===============================================================

:func:`curve_properties` gathers them, :func:`properties_table` shows them for
several schedules as a :class:`~lrdecay_lessons.tables.Table`, and
:func:`match_parameter` tunes one parameter by bisection so that two schedules
agree on one property (say the same mean rate), for a fair comparison.

The last section sets up what the comparison chapter measures: the four article
schedules with shared settings (:func:`shared_params`) and matched to cosine
annealing (:func:`matched_params`). Their figure lives in
:mod:`lrdecay_lessons.figures`, their sliders in :mod:`lrdecay_lessons.catalog`.

Examples
--------
>>> steps, values = training_curve(schedules.polynomial_decay, 4, lr0=1.0, total_steps=4)
>>> values
array([1.  , 0.75, 0.5 , 0.25])
>>> mean_rate(steps, values)   # = (T + 1) / (2T) for linear decay
0.625
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping, NamedTuple, Optional

import numpy as np
from numpy.typing import ArrayLike

from . import schedules
from ._validation import check_count, check_in_interval, check_positive
from .catalog import ARTICLE_SCHEDULES, schedule_label
from .tables import Table

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
    "PROPERTY_COLUMNS",
    "properties_table",
    "compare",
    "match_parameter",
    "DEFAULT_BOUNDS",
    "shared_params",
    "matched_params",
    "article_curves",
]

# Relative tolerances for comparisons that rounding could otherwise decide.
_TIE_RTOL = 1e-9  # two drops this close count as equal (the earlier one wins)
_LEVEL_RTOL = 1e-12  # a rate this close to the level counts as *at* it, not above


# ---------------------------------------------------------------------------
# Curves
# ---------------------------------------------------------------------------


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
    >>> training_curve(schedules.step_decay, 4, lr0=1.0, gamma=0.5, step_size=2)
    (array([0, 1, 2, 3]), array([1. , 1. , 0.5, 0.5]))
    """
    horizon = check_count("horizon", horizon, minimum=2)
    steps = np.arange(horizon)
    return steps, np.asarray(schedule(steps, **params), dtype=float)


def _check_curve(steps: ArrayLike, values: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """``steps`` must be ``0, 1, ..., T-1`` (T >= 2) and ``values`` T finite rates."""
    steps = np.asarray(steps)
    values = np.asarray(values, dtype=float)
    if steps.ndim != 1 or values.shape != steps.shape:
        raise ValueError(
            "steps and values must be 1-D arrays of the same length; got shapes "
            f"steps {steps.shape} and values {values.shape}."
        )
    if steps.size < 2 or not np.array_equal(steps, np.arange(steps.size)):
        shown = np.array2string(steps, threshold=6)
        raise ValueError(
            "steps must be 0, 1, ..., T-1 with T >= 2 (every training step, in order, "
            f"as training_curve returns them); got steps={shown}."
        )
    bad = ~np.isfinite(values)
    if np.any(bad):
        index = int(np.flatnonzero(bad)[0])
        raise ValueError(f"values must be finite; got values[{index}]={float(values[index])!r}.")
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
    >>> steps, values = training_curve(schedules.cosine_annealing, 1000, lr0=0.1, total_steps=1000)
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
    >>> steps, values = training_curve(schedules.cosine_annealing, 1000, lr0=0.1, total_steps=1000)
    >>> round(mean_rate(steps, values), 10)   # 0.1 * 1001 / 2000
    0.05005
    """
    steps, values = _check_curve(steps, values)
    return float(values.mean())


def budget_share(steps: ArrayLike, values: ArrayLike, fraction: float = 0.5) -> float:
    r"""Share of the budget spent before :math:`t_f`: :math:`\sum_{t < t_f} \eta(t) \big/ \sum_{t < T} \eta(t)`.

    ``fraction = 0.5`` answers "how much of its total step length does the
    schedule use in the first half of training?" (0.5 for a constant rate).

    Examples
    --------
    >>> steps, values = training_curve(schedules.polynomial_decay, 4, lr0=1.0, total_steps=4)
    >>> budget_share(steps, values, 0.5)   # (1 + 0.75) / (1 + 0.75 + 0.5 + 0.25)
    0.7
    """
    steps, values = _check_curve(steps, values)
    total = float(values.sum())
    if total <= 0:
        raise ValueError(f"values must have a positive sum to share out; got sum(values)={total!r}.")
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
    >>> drop_per_step(*training_curve(schedules.polynomial_decay, 4, lr0=1.0, total_steps=4))
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
            raise ValueError(
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
    >>> steps, values = training_curve(schedules.step_decay, 1000, lr0=0.1, gamma=0.5, step_size=100)
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
    >>> steps, values = training_curve(schedules.cosine_annealing, 1000, lr0=0.1, total_steps=1000)
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
    >>> first_step_below(*training_curve(schedules.polynomial_decay, 1000, lr0=0.1, total_steps=1000), 0.05)
    501
    >>> first_step_below(*training_curve(schedules.step_decay, 1001, lr0=0.1, gamma=0.5, step_size=100), 0.03)
    200
    """
    steps, values = _check_curve(steps, values)
    level = check_positive("level", level)
    below = np.flatnonzero(values < level)
    if below.size == 0:
        raise ValueError(
            f"level={level:g} is not reached within the curve's steps 0..{steps.size - 1} (the rate "
            f"there is {values[-1]:.4g}); pass a longer curve or a higher level."
        )
    return int(below[0])


def final_rate(steps: ArrayLike, values: ArrayLike) -> float:
    r"""The last rate training uses, :math:`\eta(T-1)`.

    Examples
    --------
    >>> steps, values = training_curve(schedules.polynomial_decay, 4, lr0=1.0, total_steps=4)
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
    >>> steps, values = training_curve(schedules.step_decay, 1000, lr0=0.1, gamma=0.5, step_size=100)
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
    >>> steps, values = training_curve(schedules.cosine_annealing, 1000, lr0=0.1, total_steps=1000)
    >>> round(share_lost(steps, values, 0.25, 0.5), 4)   # cos(pi/4) / 2
    0.3536
    """
    steps, values = _check_curve(steps, values)
    if stop < start:
        raise ValueError(f"stop must be >= start (start={start!r}); got stop={stop!r}.")
    first, last = step_at_fraction(start, steps.size), step_at_fraction(stop, steps.size)
    if values[0] <= 0:
        raise ValueError(f"values[0] must be > 0 to measure a share of it; got values[0]={values[0]!r}.")
    return float((values[first] - values[last]) / values[0])


# ---------------------------------------------------------------------------
# All properties at once, as a table
# ---------------------------------------------------------------------------


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


PROPERTY_COLUMNS: tuple[str, ...] = (
    "schedule",
    "η at 25 %",
    "η at 50 %",
    "η at 75 %",
    "mean η",
    "largest drop: step",
    "largest drop: size",
    "steps above η₀/2",
    "budget in 1st half",
    "final η(T−1)",
)


def properties_table(
    curves: Mapping[str, tuple[ArrayLike, ArrayLike]], title: str = "", digits: int = 4
) -> Table:
    """A table with one row of :class:`CurveProperties` per curve.

    Parameters
    ----------
    curves : mapping
        Row label → ``(steps, values)``, e.g. from :func:`article_curves`.
    title : str, optional
        Caption.
    digits : int, default 4
        Significant digits for the rates; shares are shown as percentages.

    Returns
    -------
    lrdecay_lessons.tables.Table
        Columns :data:`PROPERTY_COLUMNS`.
    """
    if not curves:
        raise ValueError("curves must hold at least one curve; got an empty mapping.")
    rows = []
    for label, (steps, values) in curves.items():
        p = curve_properties(steps, values)
        rows.append(
            (
                label, p.lr_25, p.lr_50, p.lr_75, p.mean, p.drop_step, p.drop_size,
                f"{p.above_half:.1%}", f"{p.first_half_budget:.1%}", p.final,
            )
        )
    return Table(columns=PROPERTY_COLUMNS, rows=rows, title=title, digits=digits)


# ---------------------------------------------------------------------------
# Fair comparison: tune one parameter so that a property matches
# ---------------------------------------------------------------------------

#: Search intervals for :func:`match_parameter`, by parameter name.
DEFAULT_BOUNDS: dict[str, tuple[float, float]] = {
    "gamma": (1e-9, 1.0),
    "power": (1e-3, 100.0),
}


def match_parameter(
    schedule: Callable[..., Any],
    params: Mapping[str, Any],
    parameter: str,
    target: float,
    horizon: int,
    *,
    quantity: Callable[[np.ndarray, np.ndarray], float] = mean_rate,
    bounds: Optional[tuple[float, float]] = None,
    xtol: float = 1e-12,
) -> float:
    r"""The value of ``parameter`` that gives ``quantity(curve) = target``, found by bisection.

    Solves :math:`q(p) = \text{target}` where :math:`q(p)` is ``quantity`` of the
    curve of ``schedule(t, **params, parameter=p)`` over ``horizon`` steps.
    Bisection halves the interval ``bounds`` while keeping a sign change of
    :math:`q(p) - \text{target}` inside it, so it needs :math:`q` continuous and
    monotone on ``bounds`` — true for the mean and final rate as functions of
    step or exponential :math:`\gamma` (increasing) and polynomial :math:`\alpha`
    (decreasing).

    Parameters
    ----------
    schedule : callable
        A function of :mod:`lrdecay_lessons.schedules`.
    params : mapping
        Its other parameters (a value given for ``parameter`` is ignored).
    parameter : str
        The keyword to tune, e.g. ``"gamma"`` or ``"power"``.
    target : float
        The value ``quantity`` should take.
    horizon : int
        :math:`T`, steps in the run.
    quantity : callable, default :func:`mean_rate`
        ``quantity(steps, values) -> float``, e.g. :func:`final_rate`.
    bounds : (float, float), optional
        Search interval; by default :data:`DEFAULT_BOUNDS` for ``parameter``.
    xtol : float, default 1e-12
        Stop when the interval is this narrow.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``target`` is not reached anywhere on ``bounds`` (the message gives the
        range that is).

    Examples
    --------
    >>> alpha = match_parameter(schedules.polynomial_decay, {"lr0": 1.0, "total_steps": 100},
    ...                         "power", target=101 / 200, horizon=100)
    >>> round(alpha, 9)   # linear decay has mean (T + 1) / (2T)
    1.0
    """
    if bounds is None:
        if parameter not in DEFAULT_BOUNDS:
            raise ValueError(
                f"bounds must be given for parameter={parameter!r} (defaults exist for "
                f"{sorted(DEFAULT_BOUNDS)}); got bounds=None."
            )
        bounds = DEFAULT_BOUNDS[parameter]
    low, high = (float(b) for b in bounds)
    if not low < high:
        raise ValueError(f"bounds must be (low, high) with low < high; got bounds={bounds!r}.")
    name = getattr(quantity, "__name__", "quantity")

    def evaluate(value: float) -> float:
        return quantity(*training_curve(schedule, horizon, **{**params, parameter: value}))

    q_low, q_high = evaluate(low), evaluate(high)
    if not min(q_low, q_high) <= target <= max(q_low, q_high):
        raise ValueError(
            f"target must lie between {name} at {parameter}={low:g} ({q_low:.6g}) and at "
            f"{parameter}={high:g} ({q_high:.6g}); got target={target!r}."
        )
    rising = q_high > q_low
    while high - low > xtol:
        middle = 0.5 * (low + high)
        if middle in (low, high):  # the interval cannot shrink any further
            break
        if (evaluate(middle) < target) == rising:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


# ---------------------------------------------------------------------------
# The article's four schedules with shared settings
# ---------------------------------------------------------------------------


def shared_params(
    lr0: float,
    total_steps: int,
    step_gamma: float,
    step_size: int,
    exp_gamma: float,
    power: float,
) -> dict[str, dict[str, Any]]:
    r"""Keyword parameters of the four article schedules with the same :math:`\eta_0` and :math:`T`.

    Exponential, polynomial and cosine decay take ``total_steps`` as their
    horizon :math:`T`; step decay has none (it is run for the same :math:`T` steps).

    Returns
    -------
    dict
        Schedule name (as in :data:`lrdecay_lessons.catalog.ARTICLE_SCHEDULES`) →
        keyword parameters.
    """
    return {
        "step_decay": {"lr0": lr0, "gamma": step_gamma, "step_size": int(step_size)},
        "exponential_decay": {"lr0": lr0, "gamma": exp_gamma, "total_steps": int(total_steps)},
        "polynomial_decay": {"lr0": lr0, "total_steps": int(total_steps), "power": power},
        "cosine_annealing": {"lr0": lr0, "total_steps": int(total_steps)},
    }


def matched_params(
    lr0: float,
    total_steps: int,
    step_size: int,
    quantity: Callable[[np.ndarray, np.ndarray], float] = mean_rate,
) -> dict[str, dict[str, Any]]:
    r"""The four schedules tuned so that ``quantity`` equals cosine annealing's.

    Cosine annealing has no free parameter, so it sets the target
    (its mean rate is :math:`\eta_0 (T+1)/(2T)`); :func:`match_parameter` then
    solves for step decay's :math:`\gamma` (period ``step_size`` kept),
    exponential decay's :math:`\gamma` and polynomial decay's :math:`\alpha`.

    Step decay can only match if :math:`s \le T/2`: even with :math:`\gamma \to 0`
    its first :math:`s` steps spend :math:`\eta_0 s`, more than the
    :math:`\eta_0 (T+1)/2` of cosine annealing when :math:`s > T/2`.
    """
    horizon = check_count("total_steps", total_steps, minimum=2)
    step_size = check_count("step_size", step_size)
    if 2 * step_size > horizon:
        raise ValueError(
            f"step_size must be <= total_steps / 2 = {horizon / 2:g} for step decay to match cosine "
            f"annealing: its first s steps alone spend more than cosine's whole budget; got "
            f"step_size={step_size} with total_steps={horizon}."
        )
    params = shared_params(lr0, horizon, 1.0, step_size, 1.0, 1.0)
    target = quantity(*training_curve(schedules.cosine_annealing, horizon, **params["cosine_annealing"]))
    for name, parameter in (("step_decay", "gamma"), ("exponential_decay", "gamma"), ("polynomial_decay", "power")):
        function = ARTICLE_SCHEDULES[name].function
        params[name][parameter] = match_parameter(function, params[name], parameter, target, horizon, quantity=quantity)
    return params


def compare(params: Mapping[str, Mapping[str, Any]], horizon: int) -> dict[str, CurveProperties]:
    """Schedule name → :class:`CurveProperties` over ``horizon`` steps, for each schedule of ``params``."""
    return {
        name: curve_properties(*training_curve(ARTICLE_SCHEDULES[name].function, horizon, **p))
        for name, p in params.items()
    }


def article_curves(params: Mapping[str, Mapping[str, Any]], horizon: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Label (:func:`schedule_label`) → training curve over ``horizon`` steps, for each schedule."""
    return {
        schedule_label(name, p): training_curve(ARTICLE_SCHEDULES[name].function, horizon, **p)
        for name, p in params.items()
    }
