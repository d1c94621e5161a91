"""Exercises of chapter 05, cosine annealing (余弦衰减)."""

from __future__ import annotations

import math
from fractions import Fraction

from ..errors import InvalidParameterError
from ..frameworks import recorded_case
from ..schedules import cosine_annealing
from ..schedules.measures import first_step_below, mean_rate, training_curve
from ..i18n import Text
from . import Exercise

__all__ = [
    "LR0",
    "TOTAL",
    "TAIL",
    "MEAN_TARGET",
    "PYTORCH_STEP",
    "bank",
    "EXERCISES",
]


LR0 = 0.1


TOTAL = 1000


# The last part of the run whose loss is asked for (a quarter), the mean rate to reach with a floor,
# and the step of PyTorch's recorded CosineAnnealingLR(T_max=10, eta_min=0.01) run past T_max (0 … 20 recorded).
TAIL = 0.25


MEAN_TARGET = 0.06


PYTORCH_STEP = 13


_PYTORCH_T_MAX, _PYTORCH_MIN = 10, 0.01


_WORDS = {1: Text("one step"), 2: Text("two steps"), 3: Text("three steps"), 4: Text("four steps"),
          5: Text("five steps"), 6: Text("six steps"), 7: Text("seven steps"), 8: Text("eight steps"),
          9: Text("nine steps"), 10: Text("ten steps")}


def _pi_times(fraction: float) -> str:
    """``fraction`` · π as written by hand: ``3π/4`` for 0.75."""
    f = Fraction(fraction).limit_denominator(100)
    return f"{f.numerator if f.numerator != 1 else ''}π" + (f"/{f.denominator}" if f.denominator != 1 else "")


def bank(*, lr0: float = LR0, total_steps: int = TOTAL, tail: float = TAIL, mean_target: float = MEAN_TARGET,
         pytorch_step: int = PYTORCH_STEP) -> tuple[Exercise, ...]:
    """The chapter's exercises for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    ``tail``: the last share of the run, in (0, 0.5], whose loss of rate is asked; ``mean_target``: the mean
    rate a floor lr_min must give; ``pytorch_step``: a recorded step of PyTorch's run past T_max = 10, 11 … 20.
    A graded assignment (``make assignments``) asks the same questions with numbers of its own, so
    :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """
    T = total_steps
    start = (1 - tail) * T
    if not 0 < tail <= 0.5 or not float(start).is_integer():
        raise InvalidParameterError(f"tail must be in (0, 0.5] with (1 − tail)·total_steps a whole step; "
                                    f"got tail={tail!r}.")
    if not lr0 * (T + 1) / (2 * T) <= mean_target < lr0:
        raise InvalidParameterError(f"mean_target must be in [lr0·(T + 1)/(2T), lr0) = "
                                    f"[{lr0 * (T + 1) / (2 * T):g}, {lr0:g}) so that 0 <= lr_min < lr0; "
                                    f"got mean_target={mean_target!r}.")
    if isinstance(pytorch_step, bool) or pytorch_step not in range(_PYTORCH_T_MAX + 1, 2 * _PYTORCH_T_MAX + 1):
        raise InvalidParameterError(f"pytorch_step must be a recorded step past T_max, 11 … 20; "
                                    f"got pytorch_step={pytorch_step!r}.")
    start = int(start)
    part = Text("quarter") if tail == 0.25 else f"{tail * 100:g} %"

    def last_part_share() -> float:
        """Share of η₀ the cosine loses in the last ``tail`` of the run, from t = (1 − tail) T to t = T."""
        return (cosine_annealing(start, lr0=lr0, total_steps=T) - cosine_annealing(T, lr0=lr0, total_steps=T)) / lr0

    def first_below_tenth() -> int:
        return first_step_below(*training_curve(cosine_annealing, T, lr0=lr0, total_steps=T), lr0 / 10)

    def lr_min_for_mean() -> float:
        # The mean rate is a straight-line function of lr_min: find it from its two ends.
        at_zero = mean_rate(*training_curve(cosine_annealing, T, lr0=lr0, total_steps=T, lr_min=0.0))
        at_lr0 = mean_rate(*training_curve(cosine_annealing, T, lr0=lr0, total_steps=T, lr_min=lr0))
        return (mean_target - at_zero) / (at_lr0 - at_zero) * lr0

    def pytorch_past_end() -> float:
        case = recorded_case("pytorch", "cosine_annealing", total_steps=_PYTORCH_T_MAX, lr_min=_PYTORCH_MIN)
        return float(case.values[list(case.steps).index(pytorch_step)])

    angle = _pi_times(1 - tail)
    past = pytorch_step - _PYTORCH_T_MAX
    return (
        Exercise(
            key="cosine-last-quarter",
            question=(
                Text("Predict before you compute: cosine annealing from η₀ = {lr0:g} over T = {T} steps. What "
                     "share of η₀ does the rate lose in the last {part} of the run, from t = {start} to t = "
                     "{T}? (Answer as a fraction, e.g. 0.25.)",
                     lr0=lr0, T=T, part=part, start=start)
            ),
            solve=last_part_share,
            hint=(Text("At t = {start} the angle πt/T is {angle}; the rate there is η₀ · ½(1 + cos({angle})), "
                       "and 0 at t = T.",
                       start=start, angle=angle)),
            explanation=(
                (lambda right: Text("½(1 + cos(3π/4)) = ½(1 − √2/2) = {right:.4g}: the last quarter loses as "
                                    "little as the "
                                    "first; the fast part is the middle.",
                                    right=right))
                if tail == 0.25 else
                (lambda right: Text("½(1 + cos({angle})) = {right:.4g}: the last {part} loses as little as the "
                                    "first {part}; "
                                    "the fast part is the middle.",
                                    angle=angle, right=right, part=part))
            ),
        ),
        Exercise(
            key="cosine-first-below-tenth",
            question=(
                Text("Cosine annealing from η₀ = {lr0:g} over T = {T} steps. At which step t does the rate "
                     "first fall below a tenth of η₀, i.e. below {tenth:g}? Answer with a whole step number.",
                     lr0=lr0, T=T, tenth=lr0 / 10)
            ),
            solve=first_below_tenth,
            hint=Text("Solve ½(1 + cos(πt/T)) < 0.1, i.e. cos(πt/T) < −0.8, for t; then take the first whole "
                      "step after it."),
            explanation=lambda right: (
                Text("t > {T} · arccos(−0.8)/π = {crossing:.2f}, so the first whole step is {right}: the rate stays "
                     "above a tenth of η₀ for about 80 % of the run.",
                     T=T, crossing=T * math.acos(-0.8) / math.pi, right=right)
            ),
            kind="integer",
        ),
        Exercise(
            key="cosine-lr-min-for-mean",
            question=(
                Text("Cosine annealing from η₀ = {lr0:g} over T = {T} steps. Which floor lr_min makes the "
                     "mean learning rate over training (the average of η(t) over the steps t = 0 … {last_step}) "
                     "equal to {mean_target:g}?",
                     lr0=lr0, T=T, last_step=T - 1, mean_target=mean_target)
            ),
            solve=lr_min_for_mean,
            hint=(
                Text("The cosine part ½(1 + cos(πt/T)) sums to (T + 1)/2 over t = 0 … T−1 (the cosines cancel "
                     "in pairs), so the mean is lr_min + (η₀ − lr_min)·(T + 1)/(2T).")
            ),
            explanation=lambda right: (
                Text("lr_min + ({lr0:g} − lr_min) × {steps_plus_one}/{twice_steps} = {mean_target:g} gives lr_min "
                     "= {right:.4g} — just under the {continuous:g} that the continuous average ½ would give.",
                     lr0=lr0, steps_plus_one=T + 1, twice_steps=2 * T, mean_target=mean_target, right=right,
                     continuous=2 * mean_target - lr0)
            ),
        ),
        Exercise(
            key="cosine-pytorch-past-end",
            question=(
                Text("PyTorch: CosineAnnealingLR(optimizer(lr=0.1), T_max={_PYTORCH_T_MAX}, "
                     "eta_min={_PYTORCH_MIN}), stepped {pytorch_step} times — {past} past T_max. What "
                     "learning rate does PyTorch give at step {pytorch_step}?",
                     _PYTORCH_T_MAX=_PYTORCH_T_MAX, _PYTORCH_MIN=_PYTORCH_MIN, pytorch_step=pytorch_step,
                     past=_WORDS[past])
            ),
            solve=pytorch_past_end,
            hint=(
                Text("Past T_max PyTorch keeps following η_min + (η₀ − η_min)·½(1 + cos(πt/T_max)) with t = "
                     "{pytorch_step}: the cosine climbs back up.",
                     pytorch_step=pytorch_step)
            ),
            explanation=lambda right: (
                Text("PyTorch gives {right:.4g} (recorded from the real library); this course's cosine_annealing "
                     "holds {course_rate:g} after T.",
                     right=right,
                     course_rate=cosine_annealing(pytorch_step, lr0=0.1, total_steps=_PYTORCH_T_MAX, lr_min=_PYTORCH_MIN))
            ),
        ),
    )


EXERCISES = bank()
