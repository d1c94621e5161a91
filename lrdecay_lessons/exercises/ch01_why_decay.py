"""Exercises of chapter 01, why decay the learning rate: the bowl's limits and the noise floor."""

from __future__ import annotations

import functools

from ..training import measure_noise_floor, noisy_least_squares, quadratic
from . import Exercise

__all__ = [
    "EXERCISE_CURVATURES",
    "BATCH_SIZE",
    "EXERCISES",
]


#: The bowl of the first two exercises (not the chapter's (1, 10): the reader computes).
EXERCISE_CURVATURES = (2.0, 50.0)


#: The chapter's noisy least-squares problem and batch size (the notebook uses the defaults too).
BATCH_SIZE = 10


def _stability_limit() -> float:
    return quadratic(EXERCISE_CURVATURES).stability_limit


def _best_constant() -> float:
    return quadratic(EXERCISE_CURVATURES).optimal_lr


def _halving_factor() -> float:
    problem = noisy_least_squares()
    return problem.noise_floor(0.1, BATCH_SIZE) / problem.noise_floor(0.05, BATCH_SIZE)


@functools.lru_cache(maxsize=1)
def _measured_halving() -> float:
    measured = measure_noise_floor(noisy_least_squares(), (0.1, 0.05), batch_size=BATCH_SIZE)
    return float(measured.halving_factors()[0])


EXERCISES = (
    Exercise(
        key="why-stability-limit",
        question=(
            f"Gradient descent with a constant rate η on the bowl with curvatures λ = {EXERCISE_CURVATURES}. "
            "Every η below some number converges, every η above it diverges. What is that number?"
        ),
        solve=_stability_limit,
        hint="One step multiplies coordinate i by (1 − ηλᵢ). It must shrink in every direction: |1 − ηλᵢ| < 1.",
        explanation=lambda right: (
            f"|1 − ηλ| < 1 means 0 < η < 2/λ, and the steepest direction λmax = {max(EXERCISE_CURVATURES):g} "
            f"decides: η < 2/{max(EXERCISE_CURVATURES):g} = {right:g}."
        ),
    ),
    Exercise(
        key="why-best-constant-lr",
        question=(
            f"Same bowl, λ = {EXERCISE_CURVATURES}. Which constant η makes gradient descent converge fastest, "
            "i.e. makes the worse of the two factors |1 − ηλ₁| and |1 − ηλ₂| as small as possible?"
        ),
        solve=_best_constant,
        hint="The flat factor 1 − ηλmin falls as η grows, the steep one ηλmax − 1 rises: make them equal.",
        explanation=lambda right: (
            f"1 − ηλmin = ηλmax − 1 gives η = 2/(λmin + λmax) = {right:.6g}; both directions then shrink by "
            f"(κ − 1)/(κ + 1) = {quadratic(EXERCISE_CURVATURES).optimal_contraction:.4g} per step."
        ),
    ),
    Exercise(
        key="why-floor-halving",
        question=(
            "Constant-rate SGD on the chapter's noisy least-squares problem (batch 10) levels off at a noise "
            "floor. By what factor does the floor drop when η is halved from 0.1 to 0.05?"
        ),
        solve=_halving_factor,
        hint="Look at the measured table, or at the formula: the floor is (almost exactly) proportional to η.",
        explanation=lambda right: (
            f"The formula gives {right:.3f}: a factor 2 from η, and a little more from the 1/(2 − ηλ) terms. "
            f"Measured over 3 seeds: {_measured_halving():.3f}."
        ),
        rtol=0.1,
    ),
)
