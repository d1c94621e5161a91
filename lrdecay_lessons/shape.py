r"""The shape of a decay curve: when it halves, where it falls fastest, its mean.

Chapters 04 (polynomial) and 05 (cosine) test the article's words about the
*shape* of a schedule — "α越大,衰减越快" (the larger α, the faster the decay),
"先缓慢下降,后快速下降" (first slow, then fast) — by measuring the curve. Every
function here takes a schedule from :mod:`lrdecay_lessons.schedules` and its
keyword parameters, and evaluates it on the integer steps ``0 .. horizon``.

``horizon`` defaults to the schedule's own ``total_steps``::

    >>> from lrdecay_lessons.schedules import cosine_annealing
    >>> steepest_step(cosine_annealing, lr0=0.1, total_steps=600)
    300
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Sequence

import numpy as np
from matplotlib import colormaps

from ._validation import check_count
from .plotting import Curve
from .tables import Table

__all__ = [
    "first_step_below",
    "drop_per_step",
    "steepest_step",
    "mean_rate",
    "area_share",
    "drops_by_segment",
    "family_curves",
    "shape_table",
]

Schedule = Callable[..., Any]


def _horizon(horizon: Optional[int], params: Mapping[str, Any]) -> int:
    if horizon is None:
        if "total_steps" not in params:
            raise ValueError(
                "horizon must be given for a schedule without total_steps; got horizon=None "
                f"and parameters {sorted(params)}."
            )
        horizon = params["total_steps"]
    return check_count("horizon", horizon)


def _values(schedule: Schedule, horizon: int, params: Mapping[str, Any]) -> np.ndarray:
    return np.asarray(schedule(np.arange(horizon + 1), **params), dtype=float)


def first_step_below(
    schedule: Schedule, level: float, *, horizon: Optional[int] = None, **params: Any
) -> int:
    r"""The first step :math:`t \in \{0, \dots, H\}` with :math:`\eta_t < \text{level}`.

    Parameters
    ----------
    schedule : callable
        A schedule function, called as ``schedule(steps, **params)``.
    level : float
        The threshold, e.g. ``0.5 * lr0`` for "when does the rate halve".
    horizon : int, optional
        Last step searched, :math:`H`; defaults to ``params["total_steps"]``.
    **params
        The schedule's parameters.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If the rate never falls below ``level`` by step ``horizon``.

    Examples
    --------
    >>> from lrdecay_lessons.schedules import polynomial_decay
    >>> first_step_below(polynomial_decay, 0.05, lr0=0.1, total_steps=1000, power=1.0)
    501
    """
    horizon = _horizon(horizon, params)
    below = np.flatnonzero(_values(schedule, horizon, params) < level)
    if below.size == 0:
        raise ValueError(
            f"level must be reached within the horizon (steps 0..{horizon}); got level={level!r}, "
            "which the rate never falls below."
        )
    return int(below[0])


def drop_per_step(
    schedule: Schedule, *, horizon: Optional[int] = None, **params: Any
) -> tuple[np.ndarray, np.ndarray]:
    r"""How much the rate falls in each step: :math:`\eta_t - \eta_{t+1}`.

    Returns
    -------
    steps : numpy.ndarray
        :math:`t = 0, \dots, H - 1`.
    drops : numpy.ndarray
        :math:`\eta_t - \eta_{t+1}` (positive where the rate falls).

    Examples
    --------
    >>> from lrdecay_lessons.schedules import polynomial_decay
    >>> steps, drops = drop_per_step(polynomial_decay, lr0=1.0, total_steps=4, power=1.0)
    >>> drops
    array([0.25, 0.25, 0.25, 0.25])
    """
    horizon = _horizon(horizon, params)
    values = _values(schedule, horizon, params)
    return np.arange(horizon), values[:-1] - values[1:]


def steepest_step(schedule: Schedule, *, horizon: Optional[int] = None, **params: Any) -> int:
    r"""The step where the curve falls fastest.

    The slope at step :math:`t` is the centred difference
    :math:`(\eta_{t-1} - \eta_{t+1}) / 2` (one-sided at the two ends), so a curve
    symmetric about :math:`T/2`, like the cosine, has its steepest point exactly at
    :math:`T/2`. Ties go to the earliest step.

    Examples
    --------
    >>> from lrdecay_lessons.schedules import polynomial_decay
    >>> steepest_step(polynomial_decay, lr0=0.1, total_steps=1000, power=2.0)
    0
    """
    horizon = _horizon(horizon, params)
    values = _values(schedule, horizon, params)
    if values.size < 2:
        return 0
    return int(np.argmax(-np.gradient(values)))


def mean_rate(schedule: Schedule, *, horizon: Optional[int] = None, **params: Any) -> float:
    r"""The average rate over training: the area under the curve divided by :math:`H`.

    .. math:: \bar\eta = \frac{1}{H} \int_0^H \eta(t)\, dt

    computed with the trapezoidal rule on the integer steps. For the cosine
    schedule this is exactly :math:`\eta_\text{min} + (\eta_0 - \eta_\text{min})/2`;
    for polynomial decay it is close to :math:`\eta_\text{end} + (\eta_0 - \eta_\text{end})/(\alpha + 1)`.

    Examples
    --------
    >>> from lrdecay_lessons.schedules import cosine_annealing
    >>> round(mean_rate(cosine_annealing, lr0=0.1, total_steps=1000, lr_min=0.02), 12)
    0.06
    """
    horizon = _horizon(horizon, params)
    values = _values(schedule, horizon, params)
    return float((values.sum() - 0.5 * (values[0] + values[-1])) / horizon)


def area_share(
    schedule: Schedule, until: float, *, horizon: Optional[int] = None, **params: Any
) -> float:
    r"""Share of the area under the curve that lies in steps :math:`0 .. \text{until}`.

    .. math:: \frac{\int_0^{u} \eta(t)\,dt}{\int_0^{H} \eta(t)\,dt}

    (trapezoidal rule on integer steps; ``until`` is an integer step ``<= horizon``).
    The area is the total "distance budget" of gradient descent, so this says how
    much of the run's learning rate is spent by step ``until``.

    Examples
    --------
    >>> from lrdecay_lessons.schedules import polynomial_decay
    >>> area_share(polynomial_decay, 500, lr0=1.0, total_steps=1000, power=1.0)
    0.75
    """
    horizon = _horizon(horizon, params)
    until = check_count("until", until, minimum=0)
    if until > horizon:
        raise ValueError(f"until must be <= horizon ({horizon}); got until={until}.")
    values = _values(schedule, horizon, params)

    def area(stop: int) -> float:
        return float(values[: stop + 1].sum() - 0.5 * (values[0] + values[stop]))

    return area(until) / area(horizon)


def drops_by_segment(
    schedule: Schedule, segments: int = 4, *, horizon: Optional[int] = None, **params: Any
) -> list[dict]:
    r"""Split ``0 .. horizon`` into equal segments and measure the fall in each.

    Returns
    -------
    list of dict
        One per segment: ``start``, ``end`` (steps), ``lr_start``, ``lr_end``,
        ``drop`` (:math:`\eta_\text{start} - \eta_\text{end}`) and ``share`` (the
        drop as a fraction of the whole fall from step 0 to ``horizon``).

    Examples
    --------
    >>> from lrdecay_lessons.schedules import polynomial_decay
    >>> [row["share"] for row in drops_by_segment(polynomial_decay, 2, lr0=1.0, total_steps=10, power=2.0)]
    [0.75, 0.25]
    """
    horizon = _horizon(horizon, params)
    segments = check_count("segments", segments)
    if horizon % segments:
        raise ValueError(
            f"segments must divide the horizon ({horizon}) evenly; got segments={segments}."
        )
    bounds = np.arange(segments + 1) * (horizon // segments)
    values = np.asarray(schedule(bounds, **params), dtype=float)
    total = float(values[0] - values[-1])
    rows = []
    for i in range(segments):
        drop = float(values[i] - values[i + 1])
        rows.append(
            {
                "start": int(bounds[i]),
                "end": int(bounds[i + 1]),
                "lr_start": float(values[i]),
                "lr_end": float(values[i + 1]),
                "drop": drop,
                "share": drop / total if total else 0.0,
            }
        )
    return rows


def family_curves(
    schedule: Schedule,
    vary: str,
    values: Sequence[float],
    steps: np.ndarray,
    *,
    label: str = "{name} = {value:g}",
    colormap: str = "viridis",
    **params: Any,
) -> list[Curve]:
    """One curve per value of the parameter ``vary``, coloured along a colour map.

    Parameters
    ----------
    schedule : callable
        The schedule.
    vary : str
        The keyword that changes from curve to curve, e.g. ``"power"``.
    values : sequence of float
        Its values, in legend order.
    steps : numpy.ndarray
        Where to evaluate.
    label : str
        Legend text, formatted with ``name`` (= ``vary``) and ``value``.
    colormap : str
        A matplotlib colour map; its ends are trimmed so every line stays visible.
    **params
        The other parameters, fixed.

    Examples
    --------
    >>> from lrdecay_lessons.schedules import polynomial_decay
    >>> curves = family_curves(polynomial_decay, "power", [1, 2], np.arange(3), lr0=1.0,
    ...                        total_steps=2, label="α = {value:g}")
    >>> [c.label for c in curves], curves[1].values.tolist()
    (['α = 1', 'α = 2'], [1.0, 0.25, 0.0])
    """
    if not values:
        raise ValueError("values must hold at least one value; got an empty sequence.")
    cmap = colormaps[colormap]
    positions = np.linspace(0.0, 0.85, len(values)) if len(values) > 1 else [0.0]
    curves = []
    for value, position in zip(values, positions):
        lr = np.asarray(schedule(steps, **{**params, vary: value}), dtype=float)
        text = label.format(name=vary, value=value)
        curves.append(Curve(text, np.asarray(steps), lr, {"color": cmap(position)}))
    return curves


def shape_table(
    schedule: Schedule,
    vary: str,
    values: Sequence[float],
    *,
    horizon: Optional[int] = None,
    name: Optional[str] = None,
    **params: Any,
) -> Table:
    r"""Measure the shape of a schedule for several values of one parameter.

    One row per value of ``vary``, with the rate at :math:`H/4`, the first step
    below :math:`\eta_0 / 2`, how much of :math:`\eta_0` is lost in the first and
    in the last tenth of the steps, the rate at :math:`H` and the mean rate
    (:func:`mean_rate`). Fractions are shown as percentages of :math:`\eta_0`.

    Parameters
    ----------
    schedule : callable
        The schedule.
    vary : str
        The keyword that changes from row to row, e.g. ``"power"``.
    values : sequence of float
        Its values.
    horizon : int, optional
        :math:`H`, defaults to ``params["total_steps"]``; must be a multiple of 20.
    name : str, optional
        Heading of the first column; defaults to ``vary``.
    **params
        The other parameters, fixed.

    Returns
    -------
    Table

    Examples
    --------
    >>> from lrdecay_lessons.schedules import polynomial_decay
    >>> table = shape_table(polynomial_decay, "power", [1.0], lr0=0.1, total_steps=1000)
    >>> table.rows[0]
    (1.0, '75.0%', 501, '10.0%', '10.0%', '0.0%', '50.0%')
    """
    horizon = _horizon(horizon, params)
    if horizon % 20:
        raise ValueError(f"horizon must be a multiple of 20; got horizon={horizon}.")
    if not values:
        raise ValueError("values must hold at least one value; got an empty sequence.")
    tenth = horizon // 10
    rows = []
    for value in values:
        p = {**params, vary: value}
        lr = _values(schedule, horizon, p)
        lr0 = lr[0]
        try:
            half = first_step_below(schedule, 0.5 * lr0, horizon=horizon, **p)
        except ValueError:
            half = "never"
        rows.append(
            (
                value,
                f"{lr[horizon // 4] / lr0:.1%}",
                half,
                f"{(lr[0] - lr[tenth]) / lr0:.1%}",
                f"{(lr[horizon - tenth] - lr[horizon]) / lr0:.1%}",
                f"{lr[horizon] / lr0:.1%}",
                f"{mean_rate(schedule, horizon=horizon, **p) / lr0:.1%}",
            )
        )
    return Table(
        columns=(
            name or vary,
            "η at T/4",
            "first t with η < η₀/2",
            "lost in first 10 % of steps",
            "lost in last 10 % of steps",
            "η at T",
            "mean η",
        ),
        rows=rows,
        title=f"Shape of the curve for several {name or vary} (rates as % of η₀, T = {horizon})",
    )
