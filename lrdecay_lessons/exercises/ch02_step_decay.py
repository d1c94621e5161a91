"""Exercises of chapter 02, step decay (阶梯衰减)."""

from __future__ import annotations

from ..schedules import multistep_decay, step_decay
from ..schedules.measures import first_step_below, training_curve
from . import Exercise

__all__ = [
    "ARTICLE",
    "THRESHOLD",
    "EPOCH_RECIPE",
    "BATCHES_PER_EPOCH",
    "MULTISTEP",
    "AT_EPOCH",
    "EXERCISES",
]


# The article's worked example (§4.1).
ARTICLE = {"lr0": 0.1, "gamma": 0.5, "step_size": 100}


THRESHOLD = 1e-3


# "Halve every 10 epochs", with 50 batches per epoch and the scheduler stepped every batch.
EPOCH_RECIPE = {"lr0": 0.1, "gamma": 0.5, "step_size": 10}


BATCHES_PER_EPOCH = 50


# A hand-made recipe: x0.1 at epochs 30, 60 and 80.
MULTISTEP = {"lr0": 0.1, "milestones": (30, 60, 80), "gamma": 0.1}


AT_EPOCH = 70


def _first_below() -> int:
    return first_step_below(*training_curve(step_decay, 10_000, **ARTICLE), THRESHOLD)


def _per_batch_step_size() -> int:
    """The first batch at which the per-epoch recipe drops: that is the period in batches."""

    def per_epoch(batch, lr0, gamma, step_size):
        return step_decay(batch // BATCHES_PER_EPOCH, lr0=lr0, gamma=gamma, step_size=step_size)

    return first_step_below(*training_curve(per_epoch, 10_000, **EPOCH_RECIPE), EPOCH_RECIPE["lr0"])


def _milestones_at_epoch() -> float:
    return multistep_decay(AT_EPOCH, **MULTISTEP)


EXERCISES = (
    Exercise(
        key="step-first-below",
        question=(
            f"Step decay with the article's example (η₀ = {ARTICLE['lr0']}, γ = {ARTICLE['gamma']}, "
            f"s = {ARTICLE['step_size']}): at which step t does the learning rate first fall below "
            f"{THRESHOLD:g}? Answer with a whole number of steps."
        ),
        solve=_first_below,
        hint=(
            "Find the smallest whole k with η₀·γ^k < threshold (try k = 1, 2, 3, ...); "
            "the rate takes the value η₀·γ^k from step t = k·s on."
        ),
        explanation=lambda t: (
            f"After k = {t // ARTICLE['step_size']} drops the rate is "
            f"{step_decay(t, **ARTICLE):.3g} < {THRESHOLD:g}, one drop earlier it was "
            f"{step_decay(t - 1, **ARTICLE):.3g}; the k-th drop happens at t = k·s."
        ),
        kind="integer",
    ),
    Exercise(
        key="step-epochs-to-steps",
        question=(
            f"A paper says: start at η₀ = {EPOCH_RECIPE['lr0']} and multiply by γ = "
            f"{EPOCH_RECIPE['gamma']} every {EPOCH_RECIPE['step_size']} epochs. Your data loader "
            f"gives {BATCHES_PER_EPOCH} batches per epoch and your code calls the scheduler after "
            "every batch. Which step_size (in batches) reproduces the paper's schedule?"
        ),
        solve=_per_batch_step_size,
        hint="t now counts batches, not epochs: how many batches are there in one period of the paper?",
        explanation=lambda s: (
            f"{EPOCH_RECIPE['step_size']} epochs × {BATCHES_PER_EPOCH} batches per epoch = {s} batches: "
            "the period must be converted to the unit that t counts."
        ),
        kind="integer",
    ),
    Exercise(
        key="step-multistep-milestones",
        question=(
            f"A training recipe uses multi-step decay: η₀ = {MULTISTEP['lr0']}, multiplied by "
            f"γ = {MULTISTEP['gamma']} at epochs {', '.join(str(m) for m in MULTISTEP['milestones'])}. "
            f"What is the learning rate at epoch {AT_EPOCH}?"
        ),
        solve=_milestones_at_epoch,
        hint="Count the milestones at or before that epoch; each one multiplies by γ.",
        explanation=lambda lr: (
            f"Milestones at or before epoch {AT_EPOCH}: "
            f"{sum(m <= AT_EPOCH for m in MULTISTEP['milestones'])}, so η = η₀·γ^that = {lr:.3g}."
        ),
    ),
)
