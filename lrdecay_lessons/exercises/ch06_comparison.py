"""Exercises of chapter 06, comparing the four schedules (核心概念总结)."""

from __future__ import annotations

from .. import schedules
from ..chapters.catalog import info
from ..chapters.ch06_comparison import match_parameter, matched_params
from ..errors import InvalidParameterError
from ..schedules.measures import final_rate, lr_at_fraction, mean_rate, training_curve
from . import Exercise

__all__ = [
    "MATCHED",
    "STOP_AT",
    "LINEAR_STEPS",
    "TOTAL",
    "STEP_GAMMA",
    "bank",
    "EXERCISES",
]


_LR0 = 0.1


# The short linear run whose mean is asked, and the run and step decay's γ of the period and power questions.
LINEAR_STEPS = 10


TOTAL = 1000


STEP_GAMMA = 0.5


def _linear_mean(lr0: float = _LR0, steps: int = LINEAR_STEPS) -> float:
    return mean_rate(*training_curve(schedules.polynomial_decay, steps, lr0=lr0, total_steps=steps, power=1.0))


def _cosine_mean(horizon: int, lr0: float = _LR0) -> float:
    return mean_rate(*training_curve(schedules.cosine_annealing, horizon, lr0=lr0, total_steps=horizon))


def _step_mean(step_size: int, horizon: int, lr0: float = _LR0, gamma: float = STEP_GAMMA) -> float:
    return mean_rate(*training_curve(schedules.step_decay, horizon, lr0=lr0, gamma=gamma, step_size=step_size))


def _step_period_matching_cosine(horizon: int = TOTAL, lr0: float = _LR0, gamma: float = STEP_GAMMA) -> int:
    target = _cosine_mean(horizon, lr0)
    return min(range(1, horizon + 1), key=lambda s: abs(_step_mean(s, horizon, lr0, gamma) - target))


def _cosine_final(horizon: int = TOTAL, lr0: float = _LR0) -> float:
    return final_rate(*training_curve(schedules.cosine_annealing, horizon, lr0=lr0, total_steps=horizon))


def _alpha_matching_cosine_final(horizon: int = TOTAL, lr0: float = _LR0) -> float:
    return match_parameter(
        schedules.polynomial_decay, {"lr0": lr0, "total_steps": horizon}, "power", _cosine_final(horizon, lr0),
        horizon, quantity=final_rate
    )


# The chapter's matched settings (its sliders' starting values) and the early stop of its "Your turn".
MATCHED = {"lr0": 0.1, "total_steps": 1000, "step_size": 250}


STOP_AT = 0.6


def _rates_at_stop(matched: dict = MATCHED, stop_at: float = STOP_AT) -> dict[str, float]:
    horizon = matched["total_steps"]
    return {name: lr_at_fraction(*training_curve(info(name).function, horizon, **p), stop_at)
            for name, p in matched_params(**matched).items()}


def bank(*, lr0: float = _LR0, linear_steps: int = LINEAR_STEPS, matched: dict = MATCHED, stop_at: float = STOP_AT,
         total_steps: int = TOTAL, step_gamma: float = STEP_GAMMA) -> tuple[Exercise, ...]:
    """The chapter's exercises for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    ``linear_steps``: the short linear run whose mean is asked; ``matched`` (``lr0``, ``total_steps``,
    ``step_size``) and ``stop_at`` (a fraction of T): the early stop of the matched schedules;
    ``total_steps`` and ``step_gamma``: the run of the period and power questions (η₀ = ``lr0``).
    A graded assignment (``make assignments``) asks the same questions with numbers of its own, so
    :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """
    if sorted(matched) != ["lr0", "step_size", "total_steps"]:
        raise InvalidParameterError(f"matched must set lr0, total_steps and step_size; got {sorted(matched)}.")
    if not 0 < stop_at < 1:
        raise InvalidParameterError(f"stop_at must be a fraction of T in (0, 1); got stop_at={stop_at!r}.")
    if not 0 < step_gamma < 1:
        raise InvalidParameterError(f"step_gamma must be in (0, 1); got step_gamma={step_gamma!r}.")
    T = total_steps
    # The chapter's notebook holds the matched schedules in fair_params and T_fair; an assignment has no such names.
    chapter_stop = (matched, stop_at) == (MATCHED, STOP_AT)
    curves = ("article_curves(fair_params, T_fair)" if chapter_stop else
              f"article_curves(matched_params({matched['lr0']}, {matched['total_steps']}, {matched['step_size']}), "
              f"{matched['total_steps']}) (from lrdecay_lessons.chapters.ch06_comparison; lr_at_fraction is in "
              "lrdecay_lessons.schedules.measures)")
    solved = ("print fair_params" if chapter_stop else
              f"print matched_params({matched['lr0']}, {matched['total_steps']}, {matched['step_size']})")

    def lowest_at_stop() -> str:
        rates = _rates_at_stop(matched, stop_at)
        return min(rates, key=rates.get)

    def explain_stop(right: str) -> str:
        at_stop = _rates_at_stop(matched, stop_at)
        rates = ", ".join(f"{info(n).english} {v:.3g}" for n, v in sorted(at_stop.items(), key=lambda kv: kv[1]))
        lowest = min(at_stop.values()) / matched["lr0"]
        landing = (f" All four still use at least {lowest:.0%} of η₀ there: none has made its final descent, so the "
                   "stop comes before the landing." if chapter_stop else "")
        return f"At t = {int(stop_at * matched['total_steps'])}: {rates}. Lowest: {right}.{landing}"

    def explain_period(right: int) -> str:
        return (
            f"With s = {right} the mean rate is {_step_mean(right, T, lr0, step_gamma):.6g}, against cosine's "
            f"{_cosine_mean(T, lr0):.6g}; s = {right - 1} gives {_step_mean(right - 1, T, lr0, step_gamma):.6g} and "
            f"s = {right + 1} gives {_step_mean(right + 1, T, lr0, step_gamma):.6g}."
        )

    # A bracket of the answer for the hint, in round periods (50 for T = 1000): below cosine's mean, and above it.
    width, target = max(1, T // 20), _cosine_mean(T, lr0)
    rounds = range(width, T + 1, width)
    below = max((s for s in rounds if _step_mean(s, T, lr0, step_gamma) < target), default=1)
    above = min((s for s in rounds if _step_mean(s, T, lr0, step_gamma) > target), default=T)
    return (
        Exercise(
            key="comparison-linear-mean",
            question=(
                f"Linear decay (polynomial decay with α = 1) starts at η₀ = {lr0} and runs for T = {linear_steps} "
                f"steps, t = 0, 1, …, {linear_steps - 1}. What is its mean rate over those steps?"
            ),
            solve=lambda: _linear_mean(lr0, linear_steps),
            hint=(
                "Add up η₀(1 − t/T) for t = 0 … T−1 and divide by T. It is not η₀/2: the rate 0 at t = T "
                "is never used."
            ),
            explanation=lambda right: (
                f"η₀(T + 1)/(2T) = {lr0} · {linear_steps + 1} / {2 * linear_steps} = {right:.6g}."),
        ),
        Exercise(
            key="comparison-lowest-at-stop",
            question=(
                f"The four schedules at the same budget (the matched settings: η₀ = {matched['lr0']}, "
                f"T = {matched['total_steps']}, step decay's s = {matched['step_size']}). You stop early, at "
                f"{stop_at:.0%} of T. Which schedule uses the lowest rate there? Predict, then compute "
                f"lr_at_fraction(*curve, {stop_at}) for each curve of {curves}. "
                "Answer with its function name, e.g. 'cosine_annealing'."
            ),
            solve=lowest_at_stop,
            hint=(
                f"Write each formula at t = {stop_at:g} T with its solved parameter ({solved}), or call "
                f"lr_at_fraction on each curve of {curves.split(' (from')[0]}."
            ),
            explanation=explain_stop,
            kind="choice",
            choices=("step_decay", "exponential_decay", "polynomial_decay", "cosine_annealing"),
        ),
        Exercise(
            key="comparison-step-period",
            question=(
                f"Step decay with η₀ = {lr0} and γ = {step_gamma} runs for T = {T} steps. Which whole-number period s "
                f"gives a mean rate closest to cosine annealing's over the same {T} steps?"
            ),
            solve=lambda: _step_period_matching_cosine(T, lr0, step_gamma),
            hint=(
                f"Cosine's mean is η₀(T + 1)/(2T). s = {below} gives a mean below it and s = {above} one above; "
                f"try mean_rate(*training_curve(schedules.step_decay, {T}, lr0={lr0}, gamma={step_gamma}, "
                "step_size=s))."
            ),
            explanation=explain_period,
            kind="integer",
        ),
        Exercise(
            key="comparison-alpha-final",
            question=(
                f"Over T = {T} steps with η₀ = {lr0}, which polynomial power α makes the final rate η(T−1) "
                "equal to cosine annealing's final rate?"
            ),
            solve=lambda: _alpha_matching_cosine_final(T, lr0),
            hint=(
                "Polynomial decay's final rate is η₀(1/T)^α, so α = ln(final/η₀) / ln(1/T); or use "
                "match_parameter(..., quantity=final_rate)."
            ),
            explanation=lambda right: (
                f"Cosine ends at η({T - 1}) = {_cosine_final(T, lr0):.3g}; "
                f"α = {right:.4g} ends there too, yet with a mean rate of "
                f"{mean_rate(*training_curve(schedules.polynomial_decay, T, lr0=lr0, total_steps=T, power=right)):.4g} "
                f"instead of cosine's {_cosine_mean(T, lr0):.4g}: matching the end does not match the budget."
            ),
            digits=2,
        ),
    )


EXERCISES = bank()
