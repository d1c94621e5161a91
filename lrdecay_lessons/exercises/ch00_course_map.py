"""Exercises of the course map (00)."""

from __future__ import annotations

from ..chapters.catalog import ARTICLE_SCHEDULES
from ..i18n import Text
from . import Exercise

__all__ = [
    "EXERCISES",
]


AT_STEP = 300


def _rates_at_step() -> dict[str, float]:
    return {name: info.function(AT_STEP, **info.example) for name, info in ARTICLE_SCHEDULES.items()}


def _lowest_at_step() -> str:
    values = _rates_at_step()
    return min(values, key=values.get)


def _why_lowest(right: str) -> str:
    values = ", ".join(f"{name} {value:.3g}" for name, value in sorted(_rates_at_step().items(), key=lambda kv: kv[1]))
    period = ARTICLE_SCHEDULES["step_decay"].example["step_size"]
    return (Text("At t = {AT_STEP}: {values}. Step decay has already been cut {cuts} times (its period is "
                 "{period} steps), while the article's exponential γ is the factor over the whole run and "
                 "has barely moved.",
                 AT_STEP=AT_STEP, values=values, cuts=AT_STEP // period, period=period))


EXERCISES = (
    Exercise(
        key="map-lowest-at-300",
        question=(
            Text("With the article's example parameters (the four panels above), which schedule has the "
                 "lowest learning rate at step t = {AT_STEP}? Decide from the formulas first, then check "
                 "by calling each function. Answer with its function name, e.g. 'cosine_annealing'.",
                 AT_STEP=AT_STEP)
        ),
        solve=_lowest_at_step,
        hint=(
            Text("For each formula, work out which share of its period or horizon has passed at t = "
                 "{AT_STEP}, and what the formula does with that share: a power of γ, a power of 1 − t/T, "
                 "or a cosine.",
                 AT_STEP=AT_STEP)
        ),
        explanation=_why_lowest,
        kind="choice",
        choices=tuple(ARTICLE_SCHEDULES),
    ),
)
