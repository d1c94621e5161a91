r"""Helpers of chapter 05, cosine annealing (余弦衰减): the article's unfinished §4.4, completed.

:func:`completed_cosine_example` finishes §4.4 the way the article writes its other examples,
since the article breaks off in the middle of it. Nothing is typed in: every number comes from
:data:`lrdecay_lessons.chapters.article.WORKED_EXAMPLES` and the schedules.
"""

from __future__ import annotations

from typing import Optional

from ..schedules import cosine_annealing
from .article import worked_example
from ..i18n import tr

__all__ = [
    "completed_cosine_example",
]


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
            tr("当 t={t} 时 (at t = {t}): η = {lr0:g} × (½ × (1 + cos({t}π/{total}))) = {value:.{digits}f}").format(
                t=t, lr0=lr0, total=total, value=value, digits=digits)
        )
    first, *rest = [(t, share) for t, share in zip(example.steps, lost)]
    parts = [tr("by t = {first} the rate has lost {first2:.1%} of η₀").format(first=first[0], first2=first[1])]
    parts += [tr("by t = {t} {share:.1%}").format(t=t, share=share) for t, share in rest]
    final = cosine_annealing(total, lr0=lr0, total_steps=total)
    lines.append(tr("可见 (so we see): {join}, and at t = T = {total} all of it (η = {final:g}).").format(
        join=', '.join(parts), total=total, final=final))
    return lines
