"""Exercises of chapter 09, schedules of today (当代调度)."""

from __future__ import annotations

import math

import numpy as np

from ..schedules import cosine_annealing, inverse_time_decay, polynomial_decay, wsd
from ..schedules.bounds import tuned_last_iterate_bound
from . import Exercise

__all__ = [
    "COOLDOWN",
    "COOLDOWN_AT",
    "BRANCH_LENGTHS",
    "BRANCH_COOLDOWN",
    "SGD_BATCH",
    "ADAM_BATCH",
    "BOUND_STEPS",
    "BOUND_CHOICES",
    "INVERSE",
    "EXERCISES",
]


# A WSD run with a 1-sqrt cooldown: the rate part-way through the cooldown.
COOLDOWN = {"lr0": 0.1, "total_steps": 1000, "warmup_steps": 50, "decay_steps": 200, "decay_shape": "1-sqrt"}


COOLDOWN_AT = 950


# One constant run branched into 20 % cooldowns at three lengths.
BRANCH_LENGTHS, BRANCH_COOLDOWN = (1000, 2000, 4000), 0.2


# Batch-size rules: (old batch, old rate, new batch).
SGD_BATCH = (32, 0.1, 256)


ADAM_BATCH = (32, 1e-3, 256)


# Which shape has the smallest convex bound at its own best peak?
BOUND_STEPS = 1000


BOUND_CHOICES = ("constant", "cosine", "linear")


# Inverse-time decay: when is the rate half of lr0?
INVERSE = {"lr0": 0.1, "decay_rate": 0.5, "decay_steps": 100}


def _cooldown_rate() -> float:
    return wsd(COOLDOWN_AT, **COOLDOWN)


def _cooldown_progress() -> float:
    start = COOLDOWN["total_steps"] - COOLDOWN["decay_steps"]
    return (COOLDOWN_AT - start) / COOLDOWN["decay_steps"]


def _branch_cost() -> int:
    cooldowns = [round(BRANCH_COOLDOWN * L) for L in BRANCH_LENGTHS]
    return max(L - D for L, D in zip(BRANCH_LENGTHS, cooldowns)) + sum(cooldowns)


def _sgd_rate() -> float:
    old_batch, rate, new_batch = SGD_BATCH
    return rate * new_batch / old_batch


def _adam_rate() -> float:
    old_batch, rate, new_batch = ADAM_BATCH
    return rate * math.sqrt(new_batch / old_batch)


def _shapes() -> dict[str, np.ndarray]:
    t = np.arange(BOUND_STEPS)
    return {"constant": np.ones(BOUND_STEPS),
            "cosine": cosine_annealing(t, lr0=1.0, total_steps=BOUND_STEPS),
            "linear": polynomial_decay(t, lr0=1.0, total_steps=BOUND_STEPS, power=1.0)}


def _smallest_bound() -> str:
    bounds = {name: tuned_last_iterate_bound(shape).bound for name, shape in _shapes().items()}
    return min(bounds, key=bounds.get)


def _bound_explanation(name: str) -> str:
    bounds = {n: tuned_last_iterate_bound(s).bound for n, s in _shapes().items()}
    listed = ", ".join(f"{n} {b:.4f}" for n, b in sorted(bounds.items(), key=lambda item: item[1]))
    return f"At their own best peaks (D = G = 1): {listed}. {name} is smallest."


def _inverse_half_step() -> int:
    steps = np.arange(100_000)
    rates = inverse_time_decay(steps, **INVERSE)
    return int(steps[rates <= INVERSE["lr0"] / 2][0])


EXERCISES = (
    Exercise(
        key="today-cooldown-rate",
        question=(
            f"WSD with η₀ = {COOLDOWN['lr0']:g}, T = {COOLDOWN['total_steps']}, a {COOLDOWN['warmup_steps']}-step "
            f"warm-up and a {COOLDOWN['decay_shape']} cooldown over the last D = {COOLDOWN['decay_steps']} steps. "
            f"What is the rate at step {COOLDOWN_AT}?"
        ),
        solve=_cooldown_rate,
        hint=("The cooldown starts at C = T − D; the progress is p = (t − C)/D and the 1-sqrt shape "
              "leaves 1 − √p."),
        explanation=lambda lr: (
            f"p = {_cooldown_progress():g}, 1 − √p = {1 - math.sqrt(_cooldown_progress()):.4f}, "
            f"η = {COOLDOWN['lr0']:g} × that = {lr:.4g} (a linear cooldown would still be at "
            f"{COOLDOWN['lr0'] * (1 - _cooldown_progress()):g})."
        ),
    ),
    Exercise(
        key="today-branch-cost",
        question=(
            f"You want models trained for {', '.join(map(str, BRANCH_LENGTHS))} steps, each ending with a cooldown "
            f"over its last {BRANCH_COOLDOWN:.0%}. Run one constant-rate training and branch the cooldowns off its "
            "checkpoints: how many training steps does that cost in all?"
        ),
        solve=_branch_cost,
        hint=("The constant run must reach the last checkpoint, the start of the longest cooldown; "
              "then add every cooldown."),
        explanation=lambda n: (
            f"Constant run to {max(L - round(BRANCH_COOLDOWN * L) for L in BRANCH_LENGTHS)}, plus cooldowns of "
            f"{' + '.join(str(round(BRANCH_COOLDOWN * L)) for L in BRANCH_LENGTHS)}: {n} steps, against "
            f"{sum(BRANCH_LENGTHS)} for three separate runs."
        ),
        kind="integer",
    ),
    Exercise(
        key="today-batch-sgd",
        question=(
            f"SGD trains well at batch {SGD_BATCH[0]} with rate {SGD_BATCH[1]:g}. You move to batch {SGD_BATCH[2]} "
            "and keep the number of epochs. Which rate does the linear scaling rule give?"
        ),
        solve=_sgd_rate,
        hint="The linear rule keeps η / B fixed (below the critical batch size).",
        explanation=lambda lr: f"{SGD_BATCH[1]:g} × {SGD_BATCH[2]}/{SGD_BATCH[0]} = {lr:g}.",
    ),
    Exercise(
        key="today-batch-adam",
        question=(
            f"Adam trains well at batch {ADAM_BATCH[0]} with rate {ADAM_BATCH[1]:g}. You move to batch "
            f"{ADAM_BATCH[2]}. Which rate does the square-root scaling rule give?"
        ),
        solve=_adam_rate,
        hint="The square-root rule keeps η / √B fixed: not the same rule as SGD's.",
        explanation=lambda lr: f"{ADAM_BATCH[1]:g} × √({ADAM_BATCH[2]}/{ADAM_BATCH[0]}) = {lr:.4g}.",
    ),
    Exercise(
        key="today-bound-smallest",
        question=(
            f"Predict before computing: of a constant rate, cosine to 0 and linear decay to 0 over T = {BOUND_STEPS} "
            "steps, each at its own best peak, which has the smallest convex last-iterate bound Ω_T? "
            f"Answer one of {', '.join(repr(c) for c in BOUND_CHOICES)}."
        ),
        solve=_smallest_bound,
        hint="Defazio et al. (2023) show which schedule is worst-case optimal for the last iterate.",
        explanation=_bound_explanation,
        kind="choice",
        choices=BOUND_CHOICES,
    ),
    Exercise(
        key="today-inverse-half",
        question=(
            f"Inverse-time decay with η₀ = {INVERSE['lr0']:g}, k = {INVERSE['decay_rate']:g} and "
            f"T = {INVERSE['decay_steps']}: at which step is the rate first half of η₀?"
        ),
        solve=_inverse_half_step,
        hint="η₀ / (1 + k t / T) = η₀ / 2 when k t / T = 1.",
        explanation=lambda t: f"k·t/T = {INVERSE['decay_rate']:g}·{t}/{INVERSE['decay_steps']} = 1.",
        kind="integer",
    ),
)


# --- a prediction about the lab's cooldown study (asked before the study runs) -------------------------------

#: The two answers of the cooldown prediction.
COOLDOWN_CHOICES = ("length", "shape")


def _cooldown_gaps() -> tuple[float, float]:
    """What doubling a linear 20 % cooldown to 40 % gains, and what the best other shape at 20 % gains
    (mean final excess loss on the chapter's seeds; the study is remembered once run)."""
    from ..experiments import CHAPTER_PLAN
    from ..experiments.cooldowns import SHAPES, branch_name, cooldown_study

    means = {name: float(np.mean(values)) for name, values in cooldown_study(CHAPTER_PLAN).results.items()}
    linear = means[branch_name("linear", 0.2)]
    return linear - means[branch_name("linear", 0.4)], max(linear - means[branch_name(s, 0.2)] for s in SHAPES)


def _length_or_shape() -> str:
    by_length, by_shape = _cooldown_gaps()
    return "length" if by_length > by_shape else "shape"


LAB_PREDICTIONS = (
    Exercise(
        key="today-cooldown-length-or-shape",
        question=(
            "Predict before you run the study: on the lab, which lowers the final excess loss more, doubling a "
            "linear cooldown from 20 % to 40 % of the run, or giving the 20 % cooldown the best of the other "
            f"three shapes? Answer one of {', '.join(repr(c) for c in COOLDOWN_CHOICES)}."
        ),
        solve=_length_or_shape,
        hint="Compare the rows of the study's table: linear 20 % against linear 40 %, and against the other 20 % rows.",
        explanation=lambda answer: (
            f"Doubling the length gained {_cooldown_gaps()[0]:.4f}; the best other shape gained "
            f"{_cooldown_gaps()[1]:.4f} (mean over the evaluation seeds): on this lab the {answer} matters more."
        ),
        kind="choice",
        choices=COOLDOWN_CHOICES,
    ),
)

EXERCISES = EXERCISES + LAB_PREDICTIONS
