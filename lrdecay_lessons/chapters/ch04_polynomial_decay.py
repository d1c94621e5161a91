r"""Helpers of chapter 04, polynomial decay (多项式衰减): the §4.3 misprints and the shape of α.

* :func:`implied_polynomial_power` — which :math:`\alpha` each printed value of §4.3
  would need (if one :math:`\alpha` fitted all three, the article would merely have used
  another :math:`\alpha`; it does not);
* :func:`polynomial_misprint_pattern` — a simple slip that reproduces every printed digit
  of §4.3 (a stray factor 0.9, the :math:`\gamma` of §4.2);
* :func:`family_curves` and :func:`shape_table` — a family of curves over one parameter,
  drawn and measured (:mod:`lrdecay_lessons.schedules.measures`), to test "α越大,衰减越快"
  (the larger α, the faster the decay).

Nothing is typed in: every number comes from
:data:`lrdecay_lessons.chapters.article.WORKED_EXAMPLES` and the schedules.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Optional, Sequence

import numpy as np

from ..display import DISTINCT_STYLES, Curve, Table
from ..schedules.measures import (
    final_rate,
    first_step_below,
    lr_at_fraction,
    mean_rate,
    share_lost,
    training_curve,
)
from ..schedules.validation import check_count
from .article import worked_example
from ..errors import InvalidParameterError
from ..i18n import tr

__all__ = [
    "implied_polynomial_power",
    "polynomial_misprint_pattern",
    "family_curves",
    "shape_table",
]


def implied_polynomial_power() -> list[dict]:
    r"""The power :math:`\alpha` each printed value of §4.3 would need.

    Solving :math:`\eta = \eta_0 (1 - t/T)^\alpha` for :math:`\alpha`:

    .. math:: \alpha = \frac{\ln(\eta / \eta_0)}{\ln(1 - t/T)}

    Returns
    -------
    list of dict
        ``step``, ``printed`` and ``implied_power`` for each example step.

    Examples
    --------
    >>> [round(r["implied_power"], 2) for r in implied_polynomial_power()]
    [1.37, 2.15, 2.08]
    """
    example = worked_example("polynomial_decay")
    lr0, total = example.params["lr0"], example.params["total_steps"]
    return [
        {
            "step": t,
            "printed": printed,
            "implied_power": math.log(printed / lr0) / math.log(1.0 - t / total),
        }
        for t, printed in zip(example.steps, example.printed)
    ]


def polynomial_misprint_pattern(factor: float = 0.9, powers: tuple[int, ...] = (1, 2, 3)) -> list[dict]:
    r"""Test one guess at how §4.3's printed values arose.

    For each example step, look for a whole power :math:`k` in ``powers`` such that
    :math:`\text{factor} \cdot \eta_0 (1 - t/T)^k`, rounded as the article rounds,
    equals the printed value.

    Returns
    -------
    list of dict
        ``step``, ``printed``, ``power`` (the first :math:`k` that reproduces the
        printed value, or ``None``) and ``value`` (the unrounded value for that
        :math:`k`, or ``None``).

    Examples
    --------
    >>> [r["power"] for r in polynomial_misprint_pattern()]
    [1, 2, 2]
    """
    example = worked_example("polynomial_decay")
    lr0, total = example.params["lr0"], example.params["total_steps"]
    rows = []
    for t, printed in zip(example.steps, example.printed):
        found: Optional[int] = None
        value: Optional[float] = None
        for k in powers:
            candidate = factor * lr0 * (1.0 - t / total) ** k
            if abs(round(candidate, example.printed_digits) - printed) < 0.5 * 10.0**-example.printed_digits:
                found, value = k, candidate
                break
        rows.append({"step": t, "printed": printed, "power": found, "value": value})
    return rows


Schedule = Callable[..., Any]


def family_curves(
    schedule: Schedule,
    vary: str,
    values: Sequence[float],
    steps: np.ndarray,
    *,
    label: str = "{name} = {value:g}",
    **params: Any,
) -> list[Curve]:
    """One curve per value of the parameter ``vary``, each in its own colour and dash pattern.

    Shades of one colour map cannot be told apart on a projector, so the curves cycle through
    :data:`lrdecay_lessons.display.DISTINCT_STYLES` (colour-blind-safe Okabe-Ito colours, each with its own dash pattern).

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
        raise InvalidParameterError("values must hold at least one value; got an empty sequence.")
    curves = []
    for index, value in enumerate(values):
        lr = np.asarray(schedule(steps, **{**params, vary: value}), dtype=float)
        text = label.format(name=vary, value=value)
        style = dict(DISTINCT_STYLES[index % len(DISTINCT_STYLES)])
        curves.append(Curve(text, np.asarray(steps), lr, style))
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
    with the functions of :mod:`lrdecay_lessons.schedules.measures`: the rate a quarter of the
    way in (:func:`~lrdecay_lessons.schedules.measures.lr_at_fraction`), the first step below
    :math:`\eta_0 / 2` (:func:`~lrdecay_lessons.schedules.measures.first_step_below`), the share of
    :math:`\eta_0` lost in the first and in the last tenth of the steps
    (:func:`~lrdecay_lessons.schedules.measures.share_lost`), the final rate :math:`\eta(T-1)` and
    the mean rate (:func:`~lrdecay_lessons.schedules.measures.mean_rate`). Rates are shown as
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
            raise InvalidParameterError(
                "horizon must be given for a schedule without total_steps; got horizon=None "
                f"and parameters {sorted(params)}."
            )
        horizon = params["total_steps"]
    horizon = check_count("horizon", horizon, minimum=2)
    if not values:
        raise InvalidParameterError("values must hold at least one value; got an empty sequence.")
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
            tr("η at T/4"),
            tr("first t with η < η₀/2"),
            tr("lost in first 10 % of steps"),
            tr("lost in last 10 % of steps"),
            tr("final η(T−1)"),
            tr("mean η"),
        ),
        rows=rows,
        title=tr("Shape of the curve for several {value} (rates as % of η₀, steps t = 0 … {value2})").format(
            value=name or vary, value2=horizon - 1),
    )
