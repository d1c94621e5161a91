"""Exercises of chapter 05, cosine annealing (余弦衰减)."""

from __future__ import annotations

from ..recorded import recorded_case
from ..schedules import cosine_annealing
from ..shape import mean_rate, steepest_step
from . import Exercise

LR0 = 0.1


def _steepest() -> int:
    return steepest_step(cosine_annealing, lr0=LR0, total_steps=600)


def _lr_min_for_mean(target: float = 0.06, total: int = 1000) -> float:
    # The mean rate is a straight-line function of lr_min: find it from its two ends.
    at_zero = mean_rate(cosine_annealing, lr0=LR0, total_steps=total, lr_min=0.0)
    at_lr0 = mean_rate(cosine_annealing, lr0=LR0, total_steps=total, lr_min=LR0)
    return (target - at_zero) / (at_lr0 - at_zero) * LR0


def _pytorch_past_end(step: int = 13) -> float:
    case = recorded_case("pytorch", "cosine_annealing", total_steps=10, lr_min=0.01)
    return float(case.values[list(case.steps).index(step)])


EXERCISES = (
    Exercise(
        key="cosine-steepest-step",
        question=(
            "Cosine annealing with η₀ = 0.1 and T = 600. At which step t is the rate falling "
            "fastest (the steepest point of the curve)? Answer with a whole step number."
        ),
        solve=_steepest,
        hint="The slope of ½(1 + cos(πt/T)) is −(π/2T)·sin(πt/T). Where is sin largest?",
        explanation=lambda right: f"sin(πt/T) is largest at πt/T = π/2, i.e. t = T/2 = {right}.",
        kind="integer",
    ),
    Exercise(
        key="cosine-lr-min-for-mean",
        question=(
            "Cosine annealing from η₀ = 0.1 over T = 1000 steps. Which floor lr_min makes the mean "
            "learning rate over training (area under the curve ÷ T) equal to 0.06?"
        ),
        solve=_lr_min_for_mean,
        hint="The cosine part averages to one half over [0, T], so the mean is lr_min + (η₀ − lr_min)/2.",
        explanation=lambda right: f"lr_min + (0.1 − lr_min)/2 = 0.06 gives lr_min = {right:.4g}.",
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
