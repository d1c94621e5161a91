"""Exercises of chapter 04, polynomial decay (多项式衰减)."""

from __future__ import annotations

from ..schedules import polynomial_decay
from ..shape import drop_per_step, first_step_below
from . import Exercise

LR0, TOTAL = 0.1, 1000


def _first_below_half() -> int:
    return first_step_below(polynomial_decay, 0.5 * LR0, lr0=LR0, total_steps=TOTAL, power=2.0)


def _late_loss(power: float) -> float:
    """How much rate is lost between t = 0.9 T and t = T."""
    at = lambda t: polynomial_decay(t, lr0=LR0, total_steps=TOTAL, power=power)  # noqa: E731
    return at(0.9 * TOTAL) - at(TOTAL)


def _loses_more_late() -> str:
    return "alpha=2" if _late_loss(2.0) > _late_loss(0.5) else "alpha=0.5"


def _linear_drop() -> float:
    _, drops = drop_per_step(polynomial_decay, lr0=LR0, total_steps=TOTAL, power=1.0, lr_end=0.001)
    return float(drops[0])


EXERCISES = (
    Exercise(
        key="poly-first-below-half",
        question=(
            "Polynomial decay with η₀ = 0.1, T = 1000 and α = 2 (the article's example). "
            "At which step t does the rate first fall below half of η₀, i.e. below 0.05? "
            "Answer with a whole step number."
        ),
        solve=_first_below_half,
        hint="Solve (1 − t/T)² < 1/2 for t, then take the first whole step after it.",
        explanation=lambda right: (
            f"(1 − t/1000)² < 0.5 means t > 1000 × (1 − √0.5) = {TOTAL * (1 - 0.5 ** 0.5):.2f}, "
            f"so the first whole step is {right}."
        ),
        kind="integer",
    ),
    Exercise(
        key="poly-late-drop",
        question=(
            "Same η₀ = 0.1 and T = 1000. Over the last tenth of training (t = 900 to 1000), which "
            "schedule loses more learning rate: α = 2 or α = 0.5? Answer 'alpha=2' or 'alpha=0.5'."
        ),
        solve=_loses_more_late,
        hint="Both reach 0 at t = 1000, so compare their values at t = 900.",
        explanation=lambda right: (
            f"At t = 900 α = 2 has only {_late_loss(2.0):.4f} left to lose, α = 0.5 still "
            f"{_late_loss(0.5):.4f}: a small α keeps the rate high and drops it steeply at the end."
        ),
        kind="choice",
        choices=("alpha=2", "alpha=0.5"),
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
