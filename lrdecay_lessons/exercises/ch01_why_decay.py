"""Exercises of chapter 01, why decay the learning rate: the bowl's limits and the noise floor."""

from __future__ import annotations

import functools

from ..training import noisy_least_squares, quadratic
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


@functools.lru_cache(maxsize=1)
def _batch_doubling_factor() -> float:
    problem = noisy_least_squares()
    return problem.noise_floor(0.2, BATCH_SIZE) / problem.noise_floor(0.2, 2 * BATCH_SIZE)


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
            "Constant-rate SGD on the chapter's noisy least-squares problem levels off at a noise floor. "
            f"At η = 0.2 with batches of {BATCH_SIZE}, by what factor does the predicted floor drop if the "
            f"batch size doubles to {2 * BATCH_SIZE}? Use the floor formula of the chapter."
        ),
        solve=_batch_doubling_factor,
        hint="The floor is ησ̂²/(2B) Σ λᵢ/(2 − ηλᵢ): which factor holds the batch size B?",
        explanation=lambda right: (
            f"Only the 1/B in front depends on the batch: doubling B halves the floor, a factor {right:.3f}. "
            "(A larger batch lowers the floor as a smaller rate does; decay and larger batches are "
            "two ways down.)"
        ),
    ),
)
