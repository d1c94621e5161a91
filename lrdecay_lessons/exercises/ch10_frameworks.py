"""Exercises of chapter 10, from this course to your framework (框架对照).

Every answer comes from the framework table's own translation rules
(:meth:`lrdecay_lessons.frameworks.Translation.translate`).
"""

from __future__ import annotations

from ..frameworks import translation
from . import Exercise

__all__ = [
    "EPOCHS",
    "BATCHES",
    "LR0",
    "LR_MIN",
    "TORCH_PATIENCE",
    "EXERCISES",
]


EPOCHS, BATCHES = 90, 391


LR0, LR_MIN = 0.2, 0.001


TORCH_PATIENCE = 4


def _t_max_per_batch() -> int:
    row = translation("cosine_annealing", "pytorch")
    return int(row.translate({"lr0": 0.1, "total_steps": EPOCHS * BATCHES})["T_max"])


def _keras_alpha() -> float:
    row = translation("cosine_annealing", "keras")
    return float(row.translate({"lr0": LR0, "total_steps": 1000, "lr_min": LR_MIN})["alpha"])


def _keras_patience() -> int:
    row = translation("plateau_schedule", "keras")
    ours = {"lr0": 0.1, "patience": TORCH_PATIENCE, "threshold": 0.0, "threshold_mode": "abs"}
    return int(row.translate(ours)["patience"])


EXERCISES = (
    Exercise(
        key="frameworks-t-max-per-batch",
        question=(
            f"You train for {EPOCHS} epochs of {BATCHES} batches and want one cosine from η₀ down to η_min "
            "over the whole run. You call scheduler.step() after every batch. Which T_max do you pass to "
            "PyTorch's CosineAnnealingLR?"
        ),
        solve=_t_max_per_batch,
        hint="T_max counts calls of scheduler.step(). How many times do you call it in the whole run?",
        explanation=lambda right: (
            f"One call per batch: T_max = {EPOCHS} × {BATCHES} = {right}. T_max = {EPOCHS} would finish the "
            f"cosine after {EPOCHS} batches and then oscillate."
        ),
        kind="integer",
    ),
    Exercise(
        key="frameworks-keras-alpha",
        question=(
            f"Cosine annealing from η₀ = {LR0} down to η_min = {LR_MIN}. What alpha do you pass to Keras's "
            "CosineDecay?"
        ),
        solve=_keras_alpha,
        hint="Keras's alpha is not a learning rate: it is the floor as a fraction of initial_learning_rate.",
        explanation=lambda right: f"alpha = η_min / η₀ = {LR_MIN} / {LR0} = {right:g}.",
    ),
    Exercise(
        key="frameworks-keras-patience",
        question=(
            f"Your PyTorch recipe uses ReduceLROnPlateau(patience={TORCH_PATIENCE}). Which patience makes "
            "Keras's ReduceLROnPlateau callback cut the rate after exactly the same epochs?"
        ),
        solve=_keras_patience,
        hint=(
            "PyTorch cuts when the count of bad epochs exceeds patience; Keras when the count reaches "
            "patience. Look at the trap table 'Plateau patience counts differently'."
        ),
        explanation=lambda right: (
            f"PyTorch cuts at bad epoch {TORCH_PATIENCE} + 1; Keras at bad epoch = patience, so "
            f"patience = {right}."
        ),
        kind="integer",
    ),
)
