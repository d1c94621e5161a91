"""Exercises of chapter 06, comparing the four schedules (核心概念总结)."""

from __future__ import annotations

from .. import schedules
from ..chapters.catalog import info
from ..chapters.ch06_comparison import match_parameter, matched_params
from ..errors import InvalidParameterError
from ..schedules.measures import final_rate, lr_at_fraction, mean_rate, training_curve
from ..i18n import Text, language
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
    curves_call = ("article_curves(fair_params, T_fair)" if chapter_stop else
                   f"article_curves(matched_params({matched['lr0']}, {matched['total_steps']}, "
                   f"{matched['step_size']}), {matched['total_steps']})")
    curves = (curves_call if chapter_stop else
              Text("{call} (from lrdecay_lessons.chapters.ch06_comparison; lr_at_fraction is in "
                   "lrdecay_lessons.schedules.measures)", call=curves_call))
    solved = ("print fair_params" if chapter_stop else
              f"print matched_params({matched['lr0']}, {matched['total_steps']}, {matched['step_size']})")

    def lowest_at_stop() -> str:
        rates = _rates_at_stop(matched, stop_at)
        return min(rates, key=rates.get)

    def explain_stop(right: str) -> str:
        at_stop = _rates_at_stop(matched, stop_at)
        named = (lambda n: info(n).chinese) if language() == "zh" else (lambda n: info(n).english)
        rates = ", ".join(f"{named(n)} {v:.3g}" for n, v in sorted(at_stop.items(), key=lambda kv: kv[1]))
        lowest = min(at_stop.values()) / matched["lr0"]
        landing = (Text(" All four still use at least {lowest:.0%} of η₀ there: none has made its final descent, "
                        "so the stop comes before the landing.",
                        lowest=lowest) if chapter_stop else "")
        return Text("At t = {stop_step}: {rates}. Lowest: {right}.{landing}",
                    stop_step=int(stop_at * matched['total_steps']), rates=rates, right=right, landing=landing)

    def explain_period(right: int) -> str:
        return (
            Text("With s = {right} the mean rate is {mean:.6g}, against cosine's {cosine_mean:.6g}; s = {below} gives "
                 "{mean_below:.6g} and s = {above} gives {mean_above:.6g}.",
                 right=right, mean=_step_mean(right, T, lr0, step_gamma), cosine_mean=_cosine_mean(T, lr0),
                 below=right - 1,
                 mean_below=_step_mean(right - 1, T, lr0, step_gamma), above=right + 1,
                 mean_above=_step_mean(right + 1, T, lr0, step_gamma))
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
                Text("Linear decay (polynomial decay with α = 1) starts at η₀ = {lr0} and runs for T = "
                     "{linear_steps} steps, t = 0, 1, …, {last_step}. What is its mean rate over those steps?",
                     lr0=lr0, linear_steps=linear_steps, last_step=linear_steps - 1)
            ),
            solve=lambda: _linear_mean(lr0, linear_steps),
            hint=(
                Text("Add up η₀(1 − t/T) for t = 0 … T−1 and divide by T. It is not η₀/2: the rate 0 at t = T "
                     "is never used.")
            ),
            explanation=lambda right: (
                Text("η₀(T + 1)/(2T) = {lr0} · {steps_plus_one} / {twice_steps} = {right:.6g}.",
                     lr0=lr0, steps_plus_one=linear_steps + 1, twice_steps=2 * linear_steps, right=right)),
        ),
        Exercise(
            key="comparison-lowest-at-stop",
            question=(
                Text("The four schedules at the same budget (the matched settings: η₀ = {lr0}, T = "
                     "{total_steps}, step decay's s = {step_size}). You stop early, at {stop_at:.0%} of T. "
                     "Which schedule uses the lowest rate there? Predict, then compute lr_at_fraction(*curve, "
                     "{stop_at}) for each curve of {curves}. Answer with its function name, e.g. "
                     "'cosine_annealing'.",
                     lr0=matched['lr0'], total_steps=matched['total_steps'], step_size=matched['step_size'],
                     stop_at=stop_at, curves=curves)
            ),
            solve=lowest_at_stop,
            hint=(
                Text("Write each formula at t = {stop_at:g} T with its solved parameter ({solved}), or call "
                     "lr_at_fraction on each curve of {call}.",
                     stop_at=stop_at, solved=solved, call=curves_call)
            ),
            explanation=explain_stop,
            kind="choice",
            choices=("step_decay", "exponential_decay", "polynomial_decay", "cosine_annealing"),
        ),
        Exercise(
            key="comparison-step-period",
            question=(
                Text("Step decay with η₀ = {lr0} and γ = {step_gamma} runs for T = {T} steps. Which "
                     "whole-number period s gives a mean rate closest to cosine annealing's over the same {T} "
                     "steps?",
                     lr0=lr0, step_gamma=step_gamma, T=T)
            ),
            solve=lambda: _step_period_matching_cosine(T, lr0, step_gamma),
            hint=(
                Text("Cosine's mean is η₀(T + 1)/(2T). s = {below} gives a mean below it and s = {above} one "
                     "above; try mean_rate(*training_curve(schedules.step_decay, {T}, lr0={lr0}, "
                     "gamma={step_gamma}, step_size=s)).",
                     below=below, above=above, T=T, lr0=lr0, step_gamma=step_gamma)
            ),
            explanation=explain_period,
            kind="integer",
        ),
        Exercise(
            key="comparison-alpha-final",
            question=(
                Text("Over T = {T} steps with η₀ = {lr0}, which polynomial power α makes the final rate "
                     "η(T−1) equal to cosine annealing's final rate?",
                     T=T, lr0=lr0)
            ),
            solve=lambda: _alpha_matching_cosine_final(T, lr0),
            hint=(
                Text("Polynomial decay's final rate is η₀(1/T)^α, so α = ln(final/η₀) / ln(1/T); or use "
                     "match_parameter(..., quantity=final_rate).")
            ),
            explanation=lambda right: (
                Text("Cosine ends at η({last_step}) = {cosine_final:.3g}; α = {right:.4g} ends there too, yet with "
                     "a mean rate of {mean:.4g} instead of cosine's {cosine_mean:.4g}: matching the end does not "
                     "match the budget.",
                     last_step=T - 1, cosine_final=_cosine_final(T, lr0), right=right,
                     mean=mean_rate(*training_curve(schedules.polynomial_decay, T, lr0=lr0, total_steps=T, power=right)),
                     cosine_mean=_cosine_mean(T, lr0))
            ),
            digits=2,
        ),
    )


EXERCISES = bank()
