"""Exercises of chapter 05, cosine annealing (余弦衰减)."""

from __future__ import annotations

from ..frameworks import recorded_case
from ..schedules import cosine_annealing
from ..schedules.measures import largest_drop, mean_rate, training_curve
from . import Exercise

__all__ = [
    "LR0",
    "EXERCISES",
]


LR0 = 0.1


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
            "Cosine annealing with η₀ = 0.1 and T = 600. At which step t does the rate fall most, "
            "i.e. where is the drop η(t−1) − η(t) largest? (If two steps tie, give the earlier.) "
            "Answer with a whole step number."
        ),
        solve=_steepest,
        hint=(
            "η(t−1) − η(t) = η₀ · sin(π/(2T)) · sin(π(t − ½)/T). Where is sin largest, and which whole "
            "steps t come closest?"
        ),
        explanation=lambda right: (
            f"sin(π(t − ½)/T) is largest for t − ½ = T/2 = 300: t = 300 and t = 301 are equally close "
            f"and drop by the same amount (the curve is symmetric about T/2); the earlier is t = {right}."
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
