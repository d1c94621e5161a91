r"""Following up the article's polynomial and cosine examples (§4.3, §4.4).

:mod:`lrdecay_lessons.article` recomputes the worked examples and flags the
misprints. This module goes one step further for chapters 04 and 05:

* :func:`implied_polynomial_power` — which :math:`\alpha` each printed value of
  §4.3 would need (if one :math:`\alpha` fitted all three, the article would
  merely have used another :math:`\alpha`; it does not);
* :func:`polynomial_misprint_pattern` — a simple slip that reproduces every
  printed digit of §4.3 (a stray factor 0.9, the :math:`\gamma` of §4.2);
* :func:`completed_cosine_example` — §4.4 finished the way the article writes
  its other examples, since the article breaks off in the middle of it.

Nothing is typed in: every number comes from
:data:`lrdecay_lessons.article.WORKED_EXAMPLES` and the schedules.
"""

from __future__ import annotations

import math
from typing import Optional

from .article import worked_example
from .schedules import cosine_annealing

__all__ = ["implied_polynomial_power", "polynomial_misprint_pattern", "completed_cosine_example"]


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


def completed_cosine_example(digits: Optional[int] = None) -> list[str]:
    r"""§4.4's example finished in the article's own style, every value computed.

    The article's other examples give, for each step, the formula with the numbers
    put in and the result to four decimals, then one sentence "可见, ..." (so we see,
    ...). This returns those lines for the cosine example
    (:math:`\eta_0 = 0.1, T = 1000` at :math:`t = 250, 500, 750`).

    Examples
    --------
    >>> completed_cosine_example()[0]
    '当 t=250 时 (at t = 250): η = 0.1 × (½ × (1 + cos(250π/1000))) = 0.0854'
    """
    example = worked_example("cosine_annealing")
    digits = example.printed_digits if digits is None else digits
    lr0, total = example.params["lr0"], example.params["total_steps"]
    lines = []
    lost = []
    for t in example.steps:
        value = cosine_annealing(t, lr0=lr0, total_steps=total)
        lost.append(1.0 - value / lr0)
        lines.append(
            f"当 t={t} 时 (at t = {t}): η = {lr0:g} × (½ × (1 + cos({t}π/{total}))) = {value:.{digits}f}"
        )
    first, *rest = [(t, share) for t, share in zip(example.steps, lost)]
    parts = [f"by t = {first[0]} the rate has lost {first[1]:.1%} of η₀"]
    parts += [f"by t = {t} {share:.1%}" for t, share in rest]
    final = cosine_annealing(total, lr0=lr0, total_steps=total)
    lines.append(f"可见 (so we see): {', '.join(parts)}, and at t = T = {total} all of it (η = {final:g}).")
    return lines
