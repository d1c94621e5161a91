"""Exercises of chapter 10, schedules of today (当代调度)."""

from __future__ import annotations

import math

import numpy as np

from ..schedules import cosine_annealing, inverse_time_decay, polynomial_decay, wsd
from ..schedules.bounds import tuned_last_iterate_bound
from ..errors import InvalidParameterError
from ..i18n import Text
from . import ChoiceList, Exercise

__all__ = [
    "COOLDOWN",
    "COOLDOWN_AT",
    "BRANCH_LENGTHS",
    "BRANCH_COOLDOWN",
    "BOUND_STEPS",
    "BOUND_CHOICES",
    "INVERSE",
    "PREDICTIONS",
    "bank",
    "EXERCISES",
]


# A WSD run with a 1-sqrt cooldown: the rate part-way through the cooldown.
COOLDOWN = {"lr0": 0.1, "total_steps": 1000, "warmup_steps": 50, "decay_steps": 200, "decay_shape": "1-sqrt"}


COOLDOWN_AT = 950


# One constant run branched into 20 % cooldowns at three lengths.
BRANCH_LENGTHS, BRANCH_COOLDOWN = (1000, 2000, 4000), 0.2


# Which shape has the smallest convex bound at its own best peak?
BOUND_STEPS = 1000


BOUND_CHOICES = ("constant", "cosine", "linear")


# Inverse-time decay: when is the rate half of lr0?
INVERSE = {"lr0": 0.1, "decay_rate": 0.5, "decay_steps": 100}


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
    return Text("At their own best peaks (D = G = 1): {listed}. {name} is smallest.",
                listed=listed, name=name)


#: Exercises that ask for a prediction; not part of :func:`bank` (no graded variant: linear decay has the
#: smallest bound at every T, so other numbers would not change the answer).
PREDICTIONS = (
    Exercise(
        key="today-bound-smallest",
        question=(
            Text("Predict before computing: of a constant rate, cosine to 0 and linear decay to 0 over T "
                 "= {BOUND_STEPS} steps, each at its own best peak, which has the smallest convex "
                 "last-iterate bound Ω_T? Answer one of {choices}.",
                 BOUND_STEPS=BOUND_STEPS, choices=ChoiceList(BOUND_CHOICES))
        ),
        solve=_smallest_bound,
        hint=Text("Defazio et al. (2023) show which schedule is worst-case optimal for the last iterate."),
        explanation=_bound_explanation,
        kind="choice",
        choices=BOUND_CHOICES,
    ),
)


_COUNTS = {2: Text("two"), 3: Text("three"), 4: Text("four"), 5: Text("five")}


def bank(*, cooldown: dict = COOLDOWN, cooldown_at: int = COOLDOWN_AT, branch_lengths: tuple = BRANCH_LENGTHS,
         branch_cooldown: float = BRANCH_COOLDOWN, inverse: dict = INVERSE) -> tuple[Exercise, ...]:
    """The chapter's exercises for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    Each argument replaces the module constant of the same name in capitals; ``cooldown`` keeps its
    ``decay_shape`` '1-sqrt' and ``cooldown_at`` lies in its cooldown. The prediction :data:`PREDICTIONS`
    has no graded variant. A graded assignment (``make assignments``) asks the same questions with numbers
    of its own, so :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """
    start = cooldown["total_steps"] - cooldown["decay_steps"]
    if cooldown.get("decay_shape") != "1-sqrt":
        raise InvalidParameterError(f"cooldown['decay_shape'] must be '1-sqrt' (the question is about its shape); "
                                    f"got {cooldown.get('decay_shape')!r}.")
    if not start <= cooldown_at <= cooldown["total_steps"]:
        raise InvalidParameterError(f"cooldown_at must be a step of the cooldown, {start} … {cooldown['total_steps']}; "
                                    f"got cooldown_at={cooldown_at!r}.")
    branch_lengths = tuple(branch_lengths)
    cooldowns = [round(branch_cooldown * L) for L in branch_lengths]
    runs = _COUNTS.get(len(branch_lengths), str(len(branch_lengths)))

    def cooldown_rate() -> float:
        return wsd(cooldown_at, **cooldown)

    def cooldown_progress() -> float:
        return (cooldown_at - start) / cooldown["decay_steps"]

    def branch_cost() -> int:
        return max(L - D for L, D in zip(branch_lengths, cooldowns)) + sum(cooldowns)

    def inverse_half_step() -> int:
        steps = np.arange(1_000_000)
        rates = inverse_time_decay(steps, **inverse)
        return int(steps[rates <= inverse["lr0"] / 2][0])

    return (
        Exercise(
            key="today-cooldown-rate",
            question=(
                Text("WSD with η₀ = {lr0:g}, T = {total_steps}, a {warmup_steps}-step warm-up and a "
                     "{decay_shape} cooldown over the last D = {decay_steps} steps. What is the rate at step "
                     "{cooldown_at}?",
                     lr0=cooldown['lr0'], total_steps=cooldown['total_steps'], warmup_steps=cooldown['warmup_steps'],
                     decay_shape=cooldown['decay_shape'], decay_steps=cooldown['decay_steps'],
                     cooldown_at=cooldown_at)
            ),
            solve=cooldown_rate,
            hint=(Text("The cooldown starts at C = T − D; the progress is p = (t − C)/D and the 1-sqrt shape "
                       "leaves 1 − √p.")),
            explanation=lambda lr: (
                Text("p = {progress:g}, 1 − √p = {left:.4f}, η = {lr0:g} × that = {lr:.4g} (a linear cooldown would "
                     "still be at {linear_rate:g}).",
                     progress=cooldown_progress(), left=1 - math.sqrt(cooldown_progress()), lr0=cooldown['lr0'], lr=lr,
                     linear_rate=cooldown['lr0'] * (1 - cooldown_progress()))
            ),
        ),
        Exercise(
            key="today-branch-cost",
            question=(
                Text("You want models trained for {lengths} steps, each ending with a cooldown over its last "
                     "{branch_cooldown:.0%}. Run one constant-rate training and branch the cooldowns off its "
                     "checkpoints: how many training steps does that cost in all?",
                     lengths=', '.join(map(str, branch_lengths)), branch_cooldown=branch_cooldown)
            ),
            solve=branch_cost,
            hint=(Text("The constant run must reach the last checkpoint, the start of the longest cooldown; "
                       "then add every cooldown.")),
            explanation=lambda n: (
                Text("Constant run to {constant_steps}, plus cooldowns of {cooldowns}: {n} steps, against "
                     "{separate_steps} for {runs} separate runs.",
                     constant_steps=max(L - D for L, D in zip(branch_lengths, cooldowns)),
                     cooldowns=' + '.join(map(str, cooldowns)), n=n, separate_steps=sum(branch_lengths), runs=runs)
            ),
            kind="integer",
        ),
        Exercise(
            key="today-inverse-half",
            question=(
                Text("Inverse-time decay with η₀ = {lr0:g}, k = {decay_rate:g} and T = {decay_steps}: at "
                     "which step is the rate first half of η₀?",
                     lr0=inverse['lr0'], decay_rate=inverse['decay_rate'], decay_steps=inverse['decay_steps'])
            ),
            solve=inverse_half_step,
            hint=Text("η₀ / (1 + k t / T) = η₀ / 2 when k t / T = 1."),
            explanation=lambda t: Text("k·t/T = {decay_rate:g}·{t}/{decay_steps} = 1.",
                                       decay_rate=inverse['decay_rate'], t=t, decay_steps=inverse['decay_steps']),
            kind="integer",
        ),
    )


# --- a prediction about the lab's cooldown study (asked before the study runs) -------------------------------

#: The two answers of the cooldown prediction.
COOLDOWN_CHOICES = (Text("length"), Text("shape"))


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
            Text("Predict before you run the study: on the lab, which lowers the final excess loss more, "
                 "doubling a linear cooldown from 20 % to 40 % of the run, or giving the 20 % cooldown "
                 "the best of the other three shapes? Answer one of {choices}.",
                 choices=ChoiceList(COOLDOWN_CHOICES))
        ),
        solve=_length_or_shape,
        hint=Text("Compare the rows of the study's table: linear 20 % against linear 40 %, and against the "
                  "other 20 % rows."),
        explanation=lambda answer: (
            Text("Doubling the length gained {by_length:.4f}; the best other shape gained {by_shape:.4f} (mean over "
                 "the evaluation seeds): on this lab the {answer} matters more.",
                 by_length=_cooldown_gaps()[0], by_shape=_cooldown_gaps()[1], answer=answer)
        ),
        kind="choice",
        choices=COOLDOWN_CHOICES,
    ),
)


EXERCISES = PREDICTIONS + bank() + LAB_PREDICTIONS
