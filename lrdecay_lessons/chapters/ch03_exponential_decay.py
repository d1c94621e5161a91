r"""Helpers of chapter 03, exponential decay (指数衰减): what the misprinted §4.2 values imply.

:func:`implied_exponential_gamma` solves each printed value of §4.2 for the :math:`\gamma` it
would need; all three agree with each other and not with the stated 0.9. The printed values
come from :data:`lrdecay_lessons.chapters.article.WORKED_EXAMPLES`.
"""

from __future__ import annotations

from .article import worked_example

__all__ = [
    "implied_exponential_gamma",
]


def implied_exponential_gamma() -> list[dict]:
    r"""The decay rate :math:`\gamma` each printed value of §4.2 would need.

    Solving :math:`\eta = \eta_0 \gamma^{t/T}` for :math:`\gamma` gives
    :math:`\gamma = (\eta / \eta_0)^{T/t}`. If all printed values imply the same
    :math:`\gamma`, the article computed consistently, just not with its stated
    :math:`\gamma = 0.9`.
    """
    example = worked_example("exponential_decay")
    lr0, total = example.params["lr0"], example.params["total_steps"]
    return [
        {"step": t, "printed": printed, "implied_gamma": (printed / lr0) ** (total / t)}
        for t, printed in zip(example.steps, example.printed)
    ]
