r"""The shape of a decay curve, measured: quarter by quarter, for a family of parameters.

Chapters 04 (polynomial) and 05 (cosine) test the article's words about the
*shape* of a schedule — "α越大,衰减越快" (the larger α, the faster the decay),
"先缓慢下降,后快速下降" (first slow, then fast) — by measuring the curve. The
measures themselves (mean rate, largest drop, first step below a level, ...)
are those of :mod:`lrdecay_lessons.properties`, over the steps
:math:`t = 0, \dots, T-1` a run of :math:`T` steps uses; this module splits a
curve into segments (:func:`drops_by_segment`), draws a family of curves
(:func:`family_curves`) and tabulates the measures for such a family
(:func:`shape_table`)::

    >>> from lrdecay_lessons.properties import training_curve
    >>> from lrdecay_lessons.schedules import cosine_annealing
    >>> rows = drops_by_segment(*training_curve(cosine_annealing, 600, lr0=0.1, total_steps=600), 2)
    >>> [(row["start"], row["end"]) for row in rows]
    [(0, 300), (300, 599)]
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

import numpy as np
from matplotlib import colormaps
from numpy.typing import ArrayLike

from ._validation import check_count
from .plotting import Curve
from .properties import (
    final_rate,
    first_step_below,
    lr_at_fraction,
    mean_rate,
    share_lost,
    step_at_fraction,
    training_curve,
)
from .tables import Table

__all__ = [
    "drops_by_segment",
    "family_curves",
    "shape_table",
]

Schedule = Callable[..., Any]


def drops_by_segment(steps: ArrayLike, values: ArrayLike, segments: int = 4) -> list[dict]:
    r"""Split a run into equal segments and measure the fall of the rate in each.

    The boundaries are the steps :math:`t_{k/n}` of
    :func:`~lrdecay_lessons.properties.step_at_fraction` (:math:`\lfloor kT/n \rfloor`,
    the last one :math:`T-1`, the last step training uses), and the fall in a
    segment is :math:`\eta(t_a) - \eta(t_b)` =
    :math:`\eta(0)\,\cdot` :func:`~lrdecay_lessons.properties.share_lost`.

    Parameters
    ----------
    steps, values : array_like
        The curve, ``steps = 0, ..., T-1`` (see :func:`~lrdecay_lessons.properties.training_curve`).
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
        raise ValueError(
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

    One row per value of ``vary``, measured on the run's curve :math:`\eta(0), \dots, \eta(T-1)`
    with the functions of :mod:`lrdecay_lessons.properties`: the rate a quarter of the
    way in (:func:`~lrdecay_lessons.properties.lr_at_fraction`), the first step below
    :math:`\eta_0 / 2` (:func:`~lrdecay_lessons.properties.first_step_below`), the share of
    :math:`\eta_0` lost in the first and in the last tenth of the steps
    (:func:`~lrdecay_lessons.properties.share_lost`), the final rate :math:`\eta(T-1)` and
    the mean rate (:func:`~lrdecay_lessons.properties.mean_rate`). Rates are shown as
    percentages of :math:`\eta_0`.

    Parameters
    ----------
    schedule : callable
        The schedule.
    vary : str
        The keyword that changes from row to row, e.g. ``"power"``.
    values : sequence of float
        Its values.
    horizon : int, optional
        :math:`T`, the number of training steps; defaults to ``params["total_steps"]``.
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
    (1.0, '75.0%', 501, '10.0%', '9.9%', '0.1%', '50.0%')
    """
    if horizon is None:
        if "total_steps" not in params:
            raise ValueError(
                "horizon must be given for a schedule without total_steps; got horizon=None "
                f"and parameters {sorted(params)}."
            )
        horizon = params["total_steps"]
    horizon = check_count("horizon", horizon, minimum=2)
    if not values:
        raise ValueError("values must hold at least one value; got an empty sequence.")
    rows = []
    for value in values:
        steps, lr = training_curve(schedule, horizon, **{**params, vary: value})
        lr0 = lr[0]
        try:
            half = first_step_below(steps, lr, 0.5 * lr0)
        except ValueError:
            half = "never"
        rows.append(
            (
                value,
                f"{lr_at_fraction(steps, lr, 0.25) / lr0:.1%}",
                half,
                f"{share_lost(steps, lr, 0.0, 0.1):.1%}",
                f"{share_lost(steps, lr, 0.9, 1.0):.1%}",
                f"{final_rate(steps, lr) / lr0:.1%}",
                f"{mean_rate(steps, lr) / lr0:.1%}",
            )
        )
    return Table(
        columns=(
            name or vary,
            "η at T/4",
            "first t with η < η₀/2",
            "lost in first 10 % of steps",
            "lost in last 10 % of steps",
            "final η(T−1)",
            "mean η",
        ),
        rows=rows,
        title=f"Shape of the curve for several {name or vary} (rates as % of η₀, steps t = 0 … {horizon - 1})",
    )
