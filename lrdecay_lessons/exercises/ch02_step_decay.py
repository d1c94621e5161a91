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
    "ACCUMULATION",
    "MULTISTEP",
    "HALVING",
    "AT_EPOCH",
    "bank",
    "EXERCISES",
]


# The article's worked example (§4.1).
ARTICLE = {"lr0": 0.1, "gamma": 0.5, "step_size": 100}


THRESHOLD = 1e-3


# "Halve every 10 epochs", with 48 batches per epoch, gradients accumulated over 4 batches and the
# scheduler stepped after every optimizer update (not every batch, as in the chapter's example).
EPOCH_RECIPE = {"lr0": 0.1, "gamma": 0.5, "step_size": 10}


BATCHES_PER_EPOCH = 48


ACCUMULATION = 4


# Two recipes from the same start: x0.1 at hand-placed milestones, or halving every 10 epochs.
MULTISTEP = {"lr0": 0.1, "milestones": (30, 60, 80), "gamma": 0.1}


HALVING = {"lr0": 0.1, "gamma": 0.5, "step_size": 10}


AT_EPOCH = 70


def bank(*, article: dict = ARTICLE, threshold: float = THRESHOLD, epoch_recipe: dict = EPOCH_RECIPE,
         batches_per_epoch: int = BATCHES_PER_EPOCH, accumulation: int = ACCUMULATION,
         multistep: dict = MULTISTEP, halving: dict = HALVING, at_epoch: int = AT_EPOCH) -> tuple[Exercise, ...]:
    """The chapter's exercises for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    A graded assignment (``make assignments``) asks the same questions with numbers of its own, so
    :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """

    # The chapter's numbers are the article's; an assignment's are not, and its question must not say so.
    numbers = f"η₀ = {article['lr0']}, γ = {article['gamma']}, s = {article['step_size']}"
    setting = f"the article's example ({numbers})" if article == ARTICLE else numbers

    def first_below() -> int:
        return first_step_below(*training_curve(step_decay, 10_000, **article), threshold)

    def per_update_step_size() -> int:
        """The first optimizer update at which the per-epoch recipe drops: that is the period in updates."""
        updates_per_epoch = batches_per_epoch // accumulation

        def per_epoch(update, lr0, gamma, step_size):
            return step_decay(update // updates_per_epoch, lr0=lr0, gamma=gamma, step_size=step_size)

        return first_step_below(*training_curve(per_epoch, 10_000, **epoch_recipe), epoch_recipe["lr0"])

    def lower_at_epoch() -> str:
        milestones, halves = multistep_decay(at_epoch, **multistep), step_decay(at_epoch, **halving)
        return "milestones" if milestones < halves else "halving"

    return (
        Exercise(
            key="step-first-below",
            question=(
                f"Step decay with {setting}: at which step t does the learning rate first fall below "
                f"{threshold:g}? Answer with a whole number of steps."
            ),
            solve=first_below,
            hint=(
                "Find the smallest whole k with η₀·γ^k < threshold (try k = 1, 2, 3, ...); "
                "the rate takes the value η₀·γ^k from step t = k·s on."
            ),
            explanation=lambda t: (
                f"After k = {t // article['step_size']} drops the rate is "
                f"{step_decay(t, **article):.3g} < {threshold:g}, one drop earlier it was "
                f"{step_decay(t - 1, **article):.3g}; the k-th drop happens at t = k·s."
            ),
            kind="integer",
        ),
        Exercise(
            key="step-epochs-to-steps",
            question=(
                f"A paper says: start at η₀ = {epoch_recipe['lr0']} and multiply by γ = "
                f"{epoch_recipe['gamma']} every {epoch_recipe['step_size']} epochs. Your data loader "
                f"gives {batches_per_epoch} batches per epoch, you accumulate gradients over "
                f"{accumulation} batches before each optimizer update, and your code calls scheduler.step() "
                "after every optimizer update. Which step_size reproduces the paper's schedule?"
            ),
            solve=per_update_step_size,
            hint="t counts what scheduler.step() counts: optimizer updates. How many of those make one epoch?",
            explanation=lambda s: (
                f"{batches_per_epoch} batches / {accumulation} per update = "
                f"{batches_per_epoch // accumulation} updates per epoch, × {epoch_recipe['step_size']} epochs = {s}: "
                "the period must be given in the unit that t counts."
            ),
            kind="integer",
        ),
        Exercise(
            key="step-multistep-milestones",
            question=(
                f"Two recipes start at η₀ = {multistep['lr0']}. 'milestones': multiply by {multistep['gamma']} at "
                f"epochs {', '.join(str(m) for m in multistep['milestones'])}. 'halving': multiply by "
                f"{halving['gamma']} every {halving['step_size']} epochs. Which one has the lower learning rate "
                f"at epoch {at_epoch}? Decide first, then check with the package."
            ),
            solve=lower_at_epoch,
            hint="Count the drops each recipe has made by that epoch (a milestone at or before it counts).",
            explanation=lambda which: (
                f"milestones: {multistep_decay(at_epoch, **multistep):.3g} after "
                f"{sum(m <= at_epoch for m in multistep['milestones'])} cuts by {multistep['gamma']}; "
                f"halving: {step_decay(at_epoch, **halving):.3g} after {at_epoch // halving['step_size']} halvings. "
                f"Lower: {which}."
            ),
            kind="choice",
            choices=("milestones", "halving"),
        ),
    )


EXERCISES = bank()
