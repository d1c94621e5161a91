"""Exercises of chapter 05, cosine annealing (余弦衰减)."""

from __future__ import annotations

import math

from ..frameworks import recorded_case
from ..schedules import cosine_annealing
from ..schedules.measures import first_step_below, mean_rate, share_lost, training_curve
from . import Exercise

__all__ = [
    "LR0",
    "EXERCISES",
]


LR0 = 0.1


def _first_below_tenth() -> int:
    return first_step_below(*training_curve(cosine_annealing, 1000, lr0=LR0, total_steps=1000), LR0 / 10)


def _last_quarter_share() -> float:
    """Share of η₀ the cosine loses in the last quarter, from t = 0.75 T to t = T."""
    return (cosine_annealing(750, lr0=LR0, total_steps=1000) - cosine_annealing(1000, lr0=LR0, total_steps=1000)) / LR0


def _lr_min_for_mean(target: float = 0.06, total: int = 1000) -> float:
    # The mean rate is a straight-line function of lr_min: find it from its two ends.
    at_zero = mean_rate(*training_curve(cosine_annealing, total, lr0=LR0, total_steps=total, lr_min=0.0))
    at_lr0 = mean_rate(*training_curve(cosine_annealing, total, lr0=LR0, total_steps=total, lr_min=LR0))
    return (target - at_zero) / (at_lr0 - at_zero) * LR0


def _pytorch_past_end(step: int = 13) -> float:
    case = recorded_case("pytorch", "cosine_annealing", total_steps=10, lr_min=0.01)
    return float(case.values[list(case.steps).index(step)])


EXERCISES = (
    Exercise(
        key="cosine-last-quarter",
        question=(
            "Predict before you compute: cosine annealing from η₀ = 0.1 over T = 1000 steps. What share of "
            "η₀ does the rate lose in the last quarter of the run, from t = 750 to t = 1000? (Answer as a "
            "fraction, e.g. 0.25.)"
        ),
        solve=_last_quarter_share,
        hint="At t = 750 the angle πt/T is 3π/4; the rate there is η₀ · ½(1 + cos(3π/4)), and 0 at t = T.",
        explanation=lambda right: (
            f"½(1 + cos(3π/4)) = ½(1 − √2/2) = {right:.4g}: the last quarter loses as little as the first; "
            "the fast part is the middle."
        ),
    ),
    Exercise(
        key="cosine-first-below-tenth",
        question=(
            "Cosine annealing from η₀ = 0.1 over T = 1000 steps. At which step t does the rate first fall "
            "below a tenth of η₀, i.e. below 0.01? Answer with a whole step number."
        ),
        solve=_first_below_tenth,
        hint="Solve ½(1 + cos(πt/T)) < 0.1, i.e. cos(πt/T) < −0.8, for t; then take the first whole step after it.",
        explanation=lambda right: (
            f"t > 1000 · arccos(−0.8)/π = {1000 * math.acos(-0.8) / math.pi:.2f}, so the first whole step is "
            f"{right}: the rate stays above a tenth of η₀ for about 80 % of the run."
        ),
        kind="integer",
    ),
    Exercise(
        key="cosine-lr-min-for-mean",
        question=(
            "Cosine annealing from η₀ = 0.1 over T = 1000 steps. Which floor lr_min makes the mean "
            "learning rate over training (the average of η(t) over the steps t = 0 … 999) equal to 0.06?"
        ),
        solve=_lr_min_for_mean,
        hint=(
            "The cosine part ½(1 + cos(πt/T)) sums to (T + 1)/2 over t = 0 … T−1 (the cosines cancel "
            "in pairs), so the mean is lr_min + (η₀ − lr_min)·(T + 1)/(2T)."
        ),
        explanation=lambda right: (
            f"lr_min + (0.1 − lr_min) × 1001/2000 = 0.06 gives lr_min = {right:.4g} — just under the "
            "0.02 that the continuous average ½ would give."
        ),
    ),
    Exercise(
        key="cosine-pytorch-past-end",
        question=(
            "PyTorch: CosineAnnealingLR(optimizer(lr=0.1), T_max=10, eta_min=0.01), stepped 13 times "
            "— three steps past T_max. What learning rate does PyTorch give at step 13?"
        ),
        solve=_pytorch_past_end,
        hint=(
            "Past T_max PyTorch keeps following η_min + (η₀ − η_min)·½(1 + cos(πt/T_max)) with t = 13: "
            "the cosine climbs back up."
        ),
        explanation=lambda right: (
            f"PyTorch gives {right:.4g} (recorded from the real library); this course's "
            f"cosine_annealing holds {cosine_annealing(13, lr0=LR0, total_steps=10, lr_min=0.01):g} after T."
        ),
    ),
)
