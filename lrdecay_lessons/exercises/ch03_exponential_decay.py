"""Exercises of chapter 03, exponential decay (指数衰减)."""

from __future__ import annotations

from ..schedules import exponential_decay
from ..schedules.measures import first_step_below, training_curve
from ..schedules.multiplicative import per_step_factor, steps_to_fraction
from . import Exercise

__all__ = [
    "ARTICLE",
    "PERIODS",
    "bank",
    "EXERCISES",
]


# The article's worked example (§4.2).
ARTICLE = {"lr0": 0.1, "gamma": 0.9, "total_steps": 1000}


PERIODS = 2.5


def bank(*, article: dict = ARTICLE, periods: float = PERIODS) -> tuple[Exercise, ...]:
    """The chapter's exercises for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    A graded assignment (``make assignments``) asks the same questions with numbers of its own, so
    :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """
    at = periods * article["total_steps"]
    # The chapter's numbers are the article's; an assignment's are not, and its question must not say so.
    whose = "The article's" if article == ARTICLE else "This"
    parameters = "the article's parameters" if article == ARTICLE else "the parameters"

    def per_step_gamma() -> float:
        return per_step_factor(article["gamma"], article["total_steps"])

    def staircase_against_smooth() -> str:
        stair, smooth = exponential_decay(at, staircase=True, **article), exponential_decay(at, **article)
        return "above" if stair > smooth else "below" if stair < smooth else "equal"

    def first_below_half() -> int:
        return first_step_below(*training_curve(exponential_decay, 100_000, **article), article["lr0"] / 2)

    return (
        Exercise(
            key="exp-per-step-gamma",
            question=(
                f"{whose} schedule multiplies the rate by γ = {article['gamma']} every "
                f"T = {article['total_steps']} steps. PyTorch's ExponentialLR multiplies once per step. "
                "Which γ per step gives exactly the same curve? (Compute it in Python.)"
            ),
            solve=per_step_gamma,
            hint="T steps of the per-step factor must multiply up to γ: solve γ_step ** T = γ.",
            explanation=lambda g: (
                f"γ_step = γ^(1/T) = {article['gamma']} ** (1/{article['total_steps']}) = {g:.10f}; "
                f"then γ_step^t = γ^(t/T) at every step t."
            ),
            digits=6,
        ),
        Exercise(
            key="exp-staircase-periods",
            question=(
                f"Exponential decay with {parameters} (η₀ = {article['lr0']}, γ = {article['gamma']}, "
                f"T = {article['total_steps']}), at t = {at:g}: is the rate with "
                "staircase=True above, below or equal to the smooth rate? Decide from the formula before you "
                "compute."
            ),
            solve=staircase_against_smooth,
            hint="staircase=True rounds the exponent t/T down before raising γ (< 1) to it.",
            explanation=lambda which: (
                f"⌊{periods:g}⌋ = {int(periods)} < {periods:g}, and γ < 1 raised to a smaller power is larger: "
                f"η₀·γ^{int(periods)} = {exponential_decay(at, staircase=True, **article):.4g} "
                f"against η₀·γ^{periods:g} = {exponential_decay(at, **article):.4g}: {which}."
            ),
            kind="choice",
            choices=("above", "below", "equal"),
        ),
        Exercise(
            key="exp-half-life",
            question=(
                f"With {parameters} (η₀ = {article['lr0']}, γ = {article['gamma']}, "
                f"T = {article['total_steps']}), at which whole step t does the smooth schedule first fall "
                f"below half of η₀?"
            ),
            solve=first_below_half,
            hint="Solve γ^(t/T) = 1/2 for t (take logarithms), then take the next whole step.",
            explanation=lambda t: (
                f"γ^(t/T) = 1/2 at t = T·ln(1/2)/ln(γ) = "
                f"{steps_to_fraction(0.5, article['gamma'], article['total_steps']):.1f}, so the first whole "
                f"step below η₀/2 is {t}: far past T. The rate does not stop at t = T; it keeps "
                "shrinking by γ every T steps."
            ),
            kind="integer",
        ),
    )


EXERCISES = bank()
