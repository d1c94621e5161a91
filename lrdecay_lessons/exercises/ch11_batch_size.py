"""Exercises of chapter 11, batch size and weight decay (批量大小与权重衰减)."""

from __future__ import annotations

import math

from ..errors import InvalidParameterError
from ..i18n import Text
from . import Exercise

__all__ = ["SGD_BATCH", "ADAM_BATCH", "TIMESCALE", "bank", "EXERCISES"]


# Batch-size rules: (old batch, old rate, new batch).
SGD_BATCH = (32, 0.1, 256)


ADAM_BATCH = (32, 1e-3, 256)


# AdamW's weight-decay timescale 1/(ηλ), counted in epochs: a constant rate, a weight decay, a batch and a data set.
TIMESCALE = {"lr": 3e-4, "weight_decay": 0.05, "batch_size": 32, "examples": 50_000}


def bank(*, sgd_batch: tuple = SGD_BATCH, adam_batch: tuple = ADAM_BATCH, timescale: dict = TIMESCALE
         ) -> tuple[Exercise, ...]:
    """The chapter's exercises for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    Each argument replaces the module constant of the same name in capitals. A graded assignment
    (``make assignments``) asks the same questions with numbers of its own, so
    :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """
    sgd_batch, adam_batch = tuple(sgd_batch), tuple(adam_batch)
    if sorted(timescale) != ["batch_size", "examples", "lr", "weight_decay"]:
        raise InvalidParameterError(f"timescale must set lr, weight_decay, batch_size and examples; "
                                    f"got {sorted(timescale)}.")
    if not all(timescale[key] > 0 for key in timescale):
        raise InvalidParameterError(f"timescale's numbers must all be > 0; got timescale={timescale!r}.")

    def sgd_rate() -> float:
        old_batch, rate, new_batch = sgd_batch
        return rate * new_batch / old_batch

    def adam_rate() -> float:
        old_batch, rate, new_batch = adam_batch
        return rate * math.sqrt(new_batch / old_batch)

    def steps_per_epoch() -> float:
        return timescale["examples"] / timescale["batch_size"]

    def timescale_epochs() -> float:
        return 1 / (timescale["lr"] * timescale["weight_decay"]) / steps_per_epoch()

    return (
        Exercise(
            key="batch-sgd",
            question=(
                Text("SGD trains well at batch {batch} with rate {lr:g}. You move to batch {new_batch} and keep the "
                     "number of epochs. Which rate does the linear scaling rule give?",
                     batch=sgd_batch[0], lr=sgd_batch[1], new_batch=sgd_batch[2])
            ),
            solve=sgd_rate,
            hint=Text("The linear rule keeps η / B fixed (below the critical batch size)."),
            explanation=lambda lr: Text("{old_lr:g} × {new_batch}/{batch} = {lr:g}.",
                                        old_lr=sgd_batch[1], new_batch=sgd_batch[2], batch=sgd_batch[0], lr=lr),
        ),
        Exercise(
            key="batch-adam",
            question=(
                Text("Adam trains well at batch {batch} with rate {lr:g}. You move to batch {new_batch}. Which rate "
                     "does the square-root scaling rule give?",
                     batch=adam_batch[0], lr=adam_batch[1], new_batch=adam_batch[2])
            ),
            solve=adam_rate,
            hint=Text("The square-root rule keeps η / √B fixed: not the same rule as SGD's."),
            explanation=lambda lr: Text("{old_lr:g} × √({new_batch}/{batch}) = {lr:.4g}.",
                                        old_lr=adam_batch[1], new_batch=adam_batch[2], batch=adam_batch[0], lr=lr),
        ),
        Exercise(
            key="batch-timescale-epochs",
            question=(
                Text("AdamW at a constant rate η = {lr:g} with decoupled weight decay λ = {weight_decay:g}, batches "
                     "of {batch_size} from {examples:,} examples: over how many epochs is the timescale "
                     "τ = 1/(ηλ) of Wang & Aitchison (2025)?",
                     lr=timescale["lr"], weight_decay=timescale["weight_decay"], batch_size=timescale["batch_size"],
                     examples=timescale["examples"])
            ),
            solve=timescale_epochs,
            hint=Text("τ = 1/(ηλ) is counted in steps; an epoch is examples / batch steps."),
            explanation=lambda epochs: Text("1/({lr:g} × {weight_decay:g}) = {steps:,.0f} steps, and an epoch is "
                                            "{per_epoch:,.1f} steps: {epochs:.3g} epochs.",
                                            lr=timescale["lr"], weight_decay=timescale["weight_decay"],
                                            steps=1 / (timescale["lr"] * timescale["weight_decay"]),
                                            per_epoch=steps_per_epoch(), epochs=epochs),
            rtol=0.01,
        ),
    )


EXERCISES = bank()
