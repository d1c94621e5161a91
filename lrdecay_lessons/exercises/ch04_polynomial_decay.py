"""Exercises of chapter 04, polynomial decay (多项式衰减)."""

from __future__ import annotations

from ..schedules import polynomial_decay
from ..schedules.measures import drop_per_step, first_step_below, training_curve
from . import Exercise

__all__ = [
    "LR0",
    "TOTAL",
    "EXERCISES",
]


LR0, TOTAL = 0.1, 1000


def _first_below_quarter() -> int:
    return first_step_below(*training_curve(polynomial_decay, TOTAL, lr0=LR0, total_steps=TOTAL, power=3.0), 0.25 * LR0)


def _lost_in_last_percent() -> float:
    """Share of η₀ that α = 0.5 loses between t = 0.99 T and t = T."""
    at = lambda t: polynomial_decay(t, lr0=LR0, total_steps=TOTAL, power=0.5)  # noqa: E731
    return (at(0.99 * TOTAL) - at(TOTAL)) / LR0


def _literal_past_end(t: int = 1200) -> float:
    """The article's formula η₀(1 − t/T)^α taken literally past T, with α = 2 (the package holds 0 instead)."""
    return LR0 * (1 - t / TOTAL) ** 2


def _linear_drop() -> float:
    _, drops = drop_per_step(*training_curve(polynomial_decay, TOTAL, lr0=LR0, total_steps=TOTAL, power=1.0, lr_end=0.001))
    return float(drops[0])


EXERCISES = (
    Exercise(
        key="poly-first-below-quarter",
        question=(
            "Polynomial decay with η₀ = 0.1, T = 1000 and α = 3. At which step t does the rate first "
            "fall below a quarter of η₀, i.e. below 0.025? Answer with a whole step number."
        ),
        solve=_first_below_quarter,
        hint="Solve (1 − t/T)³ < 1/4 for t, then take the first whole step after it.",
        explanation=lambda right: (
            f"(1 − t/1000)³ < 0.25 means t > 1000 × (1 − 0.25^(1/3)) = {TOTAL * (1 - 0.25 ** (1 / 3)):.2f}, "
            f"so the first whole step is {right}."
        ),
        kind="integer",
    ),
    Exercise(
        key="poly-last-percent",
        question=(
            "Polynomial decay with η₀ = 0.1, T = 1000 and α = 0.5. What fraction of η₀ does the rate "
            "lose in the last 1 % of training, from t = 990 to t = 1000? (Answer as a fraction, e.g. 0.5.)"
        ),
        solve=_lost_in_last_percent,
        hint="At t = 990, 1 − t/T = 0.01; at t = 1000 the rate is 0.",
        explanation=lambda right: (
            f"√0.01 = {right:.3g}: a tenth of η₀ vanishes in the last hundredth of the run — "
            "α < 1 is slow first, fast last."
        ),
    ),
    Exercise(
        key="poly-literal-past-end",
        question=(
            "The article's formula η₀(1 − t/T)^α with its example η₀ = 0.1, T = 1000 and α = 2, taken "
            "literally 200 steps past T: what rate does it give at t = 1200? Predict (0, negative, or "
            "positive?) before you compute."
        ),
        solve=_literal_past_end,
        hint="1 − 1200/1000 = −0.2; a whole-number power of a negative number is a real number.",
        explanation=lambda right: (
            f"0.1 × (−0.2)² = {right:.3g}: with an even α the literal formula climbs back up past T, with "
            "α = 0.5 it is not even a real number. The package, Keras and PyTorch hold the final value instead."
        ),
    ),
    Exercise(
        key="poly-linear-drop",
        question=(
            "Linear decay (α = 1) from η₀ = 0.1 down to the floor lr_end = 0.001 over T = 1000 steps. "
            "By how much does the rate fall in each step?"
        ),
        solve=_linear_drop,
        hint="A straight line from η₀ to lr_end in T equal steps.",
        explanation=lambda right: f"(η₀ − lr_end) / T = (0.1 − 0.001) / 1000 = {right:.3g} per step.",
    ),
)
