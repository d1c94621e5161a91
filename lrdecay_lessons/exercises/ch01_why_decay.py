"""Exercises of chapter 01, why decay the learning rate: the bowl's limits and the noise floor."""

from __future__ import annotations

import functools
from typing import Sequence

from ..errors import InvalidParameterError
from ..training import noisy_least_squares, quadratic
from ..i18n import Text
from . import Exercise

__all__ = [
    "EXERCISE_CURVATURES",
    "BATCH_SIZE",
    "FLOOR_LR",
    "bank",
    "EXERCISES",
]


#: The bowl of the first two exercises (not the chapter's (1, 10): the reader computes).
EXERCISE_CURVATURES = (2.0, 50.0)


#: The chapter's noisy least-squares problem and batch size (the notebook uses the defaults too).
BATCH_SIZE = 10


#: The constant rate at which the noise floor is compared.
FLOOR_LR = 0.2


@functools.lru_cache(maxsize=8)
def _floor_factor(lr: float, batch_size: int, larger_batch: int) -> float:
    """By how much the chapter's predicted noise floor drops from ``batch_size`` to ``larger_batch``."""
    problem = noisy_least_squares()
    return problem.noise_floor(lr, batch_size) / problem.noise_floor(lr, larger_batch)


def bank(*, curvatures: Sequence[float] = EXERCISE_CURVATURES, batch_size: int = BATCH_SIZE,
         larger_batch: int = 2 * BATCH_SIZE, floor_lr: float = FLOOR_LR) -> tuple[Exercise, ...]:
    """The chapter's exercises for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    ``curvatures``: the bowl of the first two questions; ``batch_size``, ``larger_batch`` and ``floor_lr``:
    the noise floor of the chapter's noisy least-squares problem before and after the batch grows.
    A graded assignment (``make assignments``) asks the same questions with numbers of its own, so
    :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """
    curvatures = tuple(float(c) for c in curvatures)
    if len(curvatures) != 2 or not 0 < curvatures[0] < curvatures[1]:
        raise InvalidParameterError(f"curvatures must be two numbers 0 < λ₁ < λ₂; got curvatures={curvatures!r}.")
    if not larger_batch > batch_size:
        raise InvalidParameterError(f"larger_batch must be larger than batch_size = {batch_size}; "
                                    f"got larger_batch={larger_batch!r}.")
    bowl = quadratic(curvatures)
    grows = Text("doubles to {larger_batch}",
                 larger_batch=larger_batch) if larger_batch == 2 * batch_size else Text("grows to {larger_batch}",
                                                                                     larger_batch=larger_batch)
    floor_why = (
        (lambda right: Text("Only the 1/B in front depends on the batch: doubling B halves the floor, a factor "
                            "{right:.3f}. (A larger batch lowers the floor as a smaller rate does; decay and larger "
                            "batches are two ways down.)",
                            right=right))
        if larger_batch == 2 * batch_size else
        (lambda right: Text("Only the 1/B in front depends on the batch: B from {batch_size} to {larger_batch} "
                            "divides the floor by {larger_batch}/{batch_size}, a factor {right:.3f}. (A larger batch "
                            "lowers the floor as a smaller rate does; decay and larger batches are two ways down.)",
                            batch_size=batch_size, larger_batch=larger_batch, right=right))
    )
    return (
        Exercise(
            key="why-stability-limit",
            question=(
                Text("Gradient descent with a constant rate η on the bowl with curvatures λ = {curvatures}. "
                     "Every η below some number converges, every η above it diverges. What is that number?",
                     curvatures=curvatures)
            ),
            solve=lambda: bowl.stability_limit,
            hint=Text("One step multiplies coordinate i by (1 − ηλᵢ). It must shrink in every direction: |1 − "
                      "ηλᵢ| < 1."),
            explanation=lambda right: (
                Text("|1 − ηλ| < 1 means 0 < η < 2/λ, and the steepest direction λmax = {steepest:g} decides: η < "
                     "2/{steepest:g} = {right:g}.",
                     steepest=max(curvatures), right=right)
            ),
        ),
        Exercise(
            key="why-best-constant-lr",
            question=(
                Text("Same bowl, λ = {curvatures}. Which constant η makes gradient descent converge fastest, "
                     "i.e. makes the worse of the two factors |1 − ηλ₁| and |1 − ηλ₂| as small as possible?",
                     curvatures=curvatures)
            ),
            solve=lambda: bowl.optimal_lr,
            hint=Text("The flat factor 1 − ηλmin falls as η grows, the steep one ηλmax − 1 rises: make them "
                      "equal."),
            explanation=lambda right: (
                Text("1 − ηλmin = ηλmax − 1 gives η = 2/(λmin + λmax) = {right:.6g}; both directions then "
                     "shrink by (κ − 1)/(κ + 1) = {optimal_contraction:.4g} per step.",
                     right=right, optimal_contraction=bowl.optimal_contraction)
            ),
        ),
        Exercise(
            key="why-floor-halving",
            question=(
                Text("Constant-rate SGD on the chapter's noisy least-squares problem levels off at a noise "
                     "floor. At η = {floor_lr} with batches of {batch_size}, by what factor does the "
                     "predicted floor drop if the batch size {grows}? Use the floor formula of the chapter.",
                     floor_lr=floor_lr, batch_size=batch_size, grows=grows)
            ),
            solve=lambda: _floor_factor(floor_lr, batch_size, larger_batch),
            hint=Text("The floor is ησ̂²/(2B) Σ λᵢ/(2 − ηλᵢ): which factor holds the batch size B?"),
            explanation=floor_why,
        ),
    )


EXERCISES = bank()
