"""Exercises of chapter 03, exponential decay (指数衰减)."""

from __future__ import annotations

import math

from ..schedules import cosine_annealing, exponential_decay, polynomial_decay
from ..schedules.measures import first_step_below, training_curve
from ..schedules.multiplicative import per_step_factor, steps_to_fraction
from ..i18n import Text
from . import Exercise

__all__ = [
    "PAST_END",
    "PREDICTIONS",
    "ARTICLE",
    "PERIODS",
    "bank",
    "EXERCISES",
]


# The article's worked example (§4.2).
ARTICLE = {"lr0": 0.1, "gamma": 0.9, "total_steps": 1000}


PERIODS = 2.5


# The step past a horizon of 1000 at which the "Your turn" asks about polynomial and cosine decay.
PAST_END = 1500


def _smaller_gamma_catches_up() -> float:
    """The step at which γ = 0.25 reaches the rate γ = 0.5 has at t = T (η₀ γ^(t/T) solved for t)."""
    T = ARTICLE["total_steps"]
    target = exponential_decay(T, lr0=ARTICLE["lr0"], gamma=0.5, total_steps=T)
    return float(T * math.log(target / ARTICLE["lr0"]) / math.log(0.25))


def _past_horizon() -> str:
    T, lr0 = ARTICLE["total_steps"], ARTICLE["lr0"]
    at_end = [polynomial_decay(T, lr0=lr0, total_steps=T, power=2.0), cosine_annealing(T, lr0=lr0, total_steps=T)]
    later = [polynomial_decay(PAST_END, lr0=lr0, total_steps=T, power=2.0),
             cosine_annealing(PAST_END, lr0=lr0, total_steps=T)]
    if later == at_end:
        return "hold"
    return "rise" if all(b > a for a, b in zip(at_end, later)) else "other"


#: Exercises that ask for a prediction; not part of :func:`bank` (no graded variant).
PREDICTIONS = (
    Exercise(
        key="exp-smaller-gamma-faster",
        question=(
            Text("\"γ越小,下降越快\": two exponential decays from η₀ = {lr0} with T = {total_steps}, one "
                 "with γ = "
                 "0.5 and one with γ = 0.25. At which step t does the γ = 0.25 schedule reach the rate "
                 "that the γ = 0.5 schedule has at t = T? Predict (before T, at T, after T?) before you "
                 "compute.",
                 lr0=ARTICLE['lr0'], total_steps=ARTICLE['total_steps'])
        ),
        solve=_smaller_gamma_catches_up,
        hint=Text("Solve η₀ · 0.25^(t/T) = η₀ · 0.5 for t; 0.25 is 0.5 squared."),
        explanation=lambda right: (
            Text("0.25^(t/T) = 0.5^(2t/T) = 0.5 at t = T/2 = {right:g}: a smaller γ gets there earlier, "
                 "so the article's sentence holds.",
                 right=right)
        ),
    ),
    Exercise(
        key="exp-past-horizon",
        question=(
            Text("This course's polynomial_decay (α = 2) and cosine_annealing, both from η₀ = {lr0} with "
                 "T = {total_steps}: what do their rates do between t = T and t = {PAST_END}? Answer "
                 "'hold' (stay at their value at T), 'rise' or 'other'. Predict before you compute.",
                 lr0=ARTICLE['lr0'], total_steps=ARTICLE['total_steps'], PAST_END=PAST_END)
        ),
        solve=_past_horizon,
        hint=(
            Text("Both formulas contain t/T, and 1 − t/T turns negative past T. Call the two functions at "
                 "t = {total_steps} and t = {PAST_END} and compare.",
                 total_steps=ARTICLE['total_steps'], PAST_END=PAST_END)
        ),
        explanation=lambda right: (
            Text("Both give 0 at T and at t = {PAST_END}: the package uses min(t, T), as Keras does "
                 "({right}). The formulas taken literally would rise again (chapters 04 and 05), and "
                 "PyTorch's CosineAnnealingLR does climb back up (chapter 05).",
                 PAST_END=PAST_END, right=right)
        ),
        kind="choice",
        choices=(Text("hold"), Text("rise"), Text("other")),
    ),
)


def bank(*, article: dict = ARTICLE, periods: float = PERIODS) -> tuple[Exercise, ...]:
    """The chapter's exercises for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    A graded assignment (``make assignments``) asks the same questions with numbers of its own, so
    :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """
    at = periods * article["total_steps"]
    # The chapter's numbers are the article's; an assignment's are not, and its question must not say so.
    whose = Text("The article's") if article == ARTICLE else Text("This")
    parameters = Text("the article's parameters") if article == ARTICLE else Text("the parameters")

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
                Text("{whose} schedule multiplies the rate by γ = {gamma} every T = {total_steps} steps. "
                     "PyTorch's ExponentialLR multiplies once per step. Which γ per step gives exactly the "
                     "same curve? (Compute it in Python.)",
                     whose=whose, gamma=article['gamma'], total_steps=article['total_steps'])
            ),
            solve=per_step_gamma,
            hint=Text("T steps of the per-step factor must multiply up to γ: solve γ_step ** T = γ."),
            explanation=lambda g: (
                Text("γ_step = γ^(1/T) = {gamma} ** (1/{total_steps}) = {g:.10f}; then γ_step^t = γ^(t/T) at "
                     "every step t.",
                     gamma=article['gamma'], total_steps=article['total_steps'], g=g)
            ),
            digits=6,
        ),
        Exercise(
            key="exp-staircase-periods",
            question=(
                Text("Exponential decay with {parameters} (η₀ = {lr0}, γ = {gamma}, T = {total_steps}), at t "
                     "= {at:g}: is the rate with staircase=True above, below or equal to the smooth rate? "
                     "Decide from the formula before you compute.",
                     parameters=parameters, lr0=article['lr0'], gamma=article['gamma'],
                     total_steps=article['total_steps'], at=at)
            ),
            solve=staircase_against_smooth,
            hint=Text("staircase=True rounds the exponent t/T down before raising γ (< 1) to it."),
            explanation=lambda which: (
                Text("⌊{periods:g}⌋ = {whole_periods} < {periods:g}, and γ < 1 raised to a smaller power is "
                     "larger: η₀·γ^{whole_periods} = {staircase_rate:.4g} against η₀·γ^{periods:g} = "
                     "{smooth_rate:.4g}: {which}.",
                     periods=periods, whole_periods=int(periods),
                     staircase_rate=exponential_decay(at, staircase=True, **article),
                     smooth_rate=exponential_decay(at, **article), which=which)
            ),
            kind="choice",
            choices=(Text("above"), Text("below"), Text("equal")),
        ),
        Exercise(
            key="exp-half-life",
            question=(
                Text("With {parameters} (η₀ = {lr0}, γ = {gamma}, T = {total_steps}), at which whole step t "
                     "does the smooth schedule first fall below half of η₀?",
                     parameters=parameters, lr0=article['lr0'], gamma=article['gamma'],
                     total_steps=article['total_steps'])
            ),
            solve=first_below_half,
            hint=Text("Solve γ^(t/T) = 1/2 for t (take logarithms), then take the next whole step."),
            explanation=lambda t: (
                Text("γ^(t/T) = 1/2 at t = T·ln(1/2)/ln(γ) = {half_life:.1f}, so the first whole step below η₀/2 is "
                     "{t}: far past T. The rate does not stop at t = T; it keeps shrinking by γ every T steps.",
                     half_life=steps_to_fraction(0.5, article['gamma'], article['total_steps']), t=t)
            ),
            kind="integer",
        ),
    )


EXERCISES = PREDICTIONS + bank()
