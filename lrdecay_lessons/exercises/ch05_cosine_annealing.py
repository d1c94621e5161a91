"""Exercises of chapter 05, cosine annealing (余弦衰减)."""

from __future__ import annotations

from ..frameworks import recorded_case
from ..schedules import cosine_annealing, cosine_restarts
from ..schedules.measures import largest_drop, mean_rate, training_curve
from . import Exercise

__all__ = [
    "LR0",
    "EXERCISES",
]


LR0 = 0.1


def _steepest_with_restarts() -> int:
    return largest_drop(*training_curve(cosine_restarts, 700, lr0=0.1, period=100, period_mult=2)).step


def _steepest() -> int:
    return largest_drop(*training_curve(cosine_annealing, 600, lr0=LR0, total_steps=600)).step


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
        key="cosine-steepest-step",
        question=(
            "Cosine annealing with warm restarts (cosine_restarts) from η₀ = 0.1, first period 100 steps, "
            "each period twice as long as the one before. Over the steps t = 0 … 699 (three periods), at "
            "which step is the one-step fall η(t−1) − η(t) largest? (If two steps tie, give the earlier.) "
            "Predict before you compute."
        ),
        solve=_steepest_with_restarts,
        hint=(
            "Within one period the fall per step is largest in its middle, and a shorter period must fall the "
            "same height in fewer steps. (A restart is a rise, not a fall.)"
        ),
        explanation=lambda right: (
            f"The first, shortest period falls steepest: its middle is at t = 50, and the steps 50 and 51 tie; "
            f"the earlier is t = {right}."
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
