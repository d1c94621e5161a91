"""Exercises of the course map (00)."""

from __future__ import annotations

from ..chapters.catalog import ARTICLE_SCHEDULES
from . import Exercise

__all__ = [
    "EXERCISES",
]


def _highest_at_500() -> str:
    values = {name: info.function(500, **info.example) for name, info in ARTICLE_SCHEDULES.items()}
    return max(values, key=values.get)


def _why_exponential() -> str:
    info = ARTICLE_SCHEDULES["exponential_decay"]
    lost = 1 - info.function(500, **info.example) / info.example["lr0"]
    return (
        f"With γ = {info.example['gamma']} over T = {info.example['total_steps']} steps, the exponential "
        f"schedule has lost only {lost:.1%} of η₀ by t = 500: the article's γ is the factor over the "
        "whole run, not per step."
    )


EXERCISES = (
    Exercise(
        key="map-highest-at-500",
        question=(
            "With the article's example parameters (the four panels above), which schedule has the "
            "highest learning rate at step t = 500? Answer with its function name, e.g. 'step_decay'."
        ),
        solve=_highest_at_500,
        hint="Read the four panels at t = 500, or call each function at 500 with info.example.",
        explanation=lambda right: _why_exponential(),
        kind="choice",
        choices=tuple(ARTICLE_SCHEDULES),
    ),
)
