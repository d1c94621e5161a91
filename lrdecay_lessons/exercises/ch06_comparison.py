"""Exercises of chapter 06, comparing the four schedules (核心概念总结)."""

from __future__ import annotations

from .. import schedules
from ..chapters.catalog import info
from ..chapters.ch06_comparison import match_parameter, matched_params
from ..schedules.measures import final_rate, lr_at_fraction, mean_rate, training_curve
from . import Exercise

__all__ = [
    "MATCHED",
    "STOP_AT",
    "EXERCISES",
]


_LR0 = 0.1


def _linear_mean() -> float:
    return mean_rate(*training_curve(schedules.polynomial_decay, 10, lr0=_LR0, total_steps=10, power=1.0))


def _cosine_mean(horizon: int) -> float:
    return mean_rate(*training_curve(schedules.cosine_annealing, horizon, lr0=_LR0, total_steps=horizon))


def _step_mean(step_size: int, horizon: int) -> float:
    return mean_rate(*training_curve(schedules.step_decay, horizon, lr0=_LR0, gamma=0.5, step_size=step_size))


def _step_period_matching_cosine() -> int:
    target = _cosine_mean(1000)
    return min(range(1, 1001), key=lambda s: abs(_step_mean(s, 1000) - target))


def _alpha_matching_cosine_final() -> float:
    target = final_rate(*training_curve(schedules.cosine_annealing, 1000, lr0=_LR0, total_steps=1000))
    return match_parameter(
        schedules.polynomial_decay, {"lr0": _LR0, "total_steps": 1000}, "power", target, 1000, quantity=final_rate
    )


# The chapter's matched settings (its sliders' starting values) and the early stop of its "Your turn".
MATCHED = {"lr0": 0.1, "total_steps": 1000, "step_size": 250}


STOP_AT = 0.6


def _rates_at_stop() -> dict[str, float]:
    horizon = MATCHED["total_steps"]
    return {name: lr_at_fraction(*training_curve(info(name).function, horizon, **p), STOP_AT)
            for name, p in matched_params(**MATCHED).items()}


def _lowest_at_stop() -> str:
    rates = _rates_at_stop()
    return min(rates, key=rates.get)


def _explain_stop(right: str) -> str:
    rates = ", ".join(f"{info(n).english} {v:.3g}" for n, v in sorted(_rates_at_stop().items(), key=lambda kv: kv[1]))
    lowest = min(_rates_at_stop().values()) / MATCHED["lr0"]
    return (f"At t = {int(STOP_AT * MATCHED['total_steps'])}: {rates}. Lowest: {right}. All four still use at "
            f"least {lowest:.0%} of η₀ there: none has made its final descent, so the stop comes before the landing.")


def _explain_period(right: int) -> str:
    return (
        f"With s = {right} the mean rate is {_step_mean(right, 1000):.6g}, against cosine's "
        f"{_cosine_mean(1000):.6g}; s = {right - 1} gives {_step_mean(right - 1, 1000):.6g} and "
        f"s = {right + 1} gives {_step_mean(right + 1, 1000):.6g}."
    )


EXERCISES = (
    Exercise(
        key="comparison-linear-mean",
        question=(
            "Linear decay (polynomial decay with α = 1) starts at η₀ = 0.1 and runs for T = 10 steps, "
            "t = 0, 1, …, 9. What is its mean rate over those steps?"
        ),
        solve=_linear_mean,
        hint=(
            "Add up η₀(1 − t/T) for t = 0 … T−1 and divide by T. It is not η₀/2: the rate 0 at t = T "
            "is never used."
        ),
        explanation=lambda right: f"η₀(T + 1)/(2T) = 0.1 · 11 / 20 = {right:.6g}.",
    ),
    Exercise(
        key="comparison-lowest-at-stop",
        question=(
            f"The four schedules at the same budget (the matched settings: η₀ = {MATCHED['lr0']}, "
            f"T = {MATCHED['total_steps']}, step decay's s = {MATCHED['step_size']}). You stop early, at "
            f"{STOP_AT:.0%} of T. Which schedule uses the lowest rate there? Predict, then compute "
            f"lr_at_fraction(*curve, {STOP_AT}) for each curve of article_curves(fair_params, T_fair). "
            "Answer with its function name, e.g. 'cosine_annealing'."
        ),
        solve=_lowest_at_stop,
        hint=(
            "Write each formula at t = 0.6 T with its solved parameter (print fair_params), or call lr_at_fraction on "
            "each curve of article_curves(fair_params, T_fair)."
        ),
        explanation=_explain_stop,
        kind="choice",
        choices=("step_decay", "exponential_decay", "polynomial_decay", "cosine_annealing"),
    ),
    Exercise(
        key="comparison-step-period",
        question=(
            "Step decay with η₀ = 0.1 and γ = 0.5 runs for T = 1000 steps. Which whole-number period s "
            "gives a mean rate closest to cosine annealing's over the same 1000 steps?"
        ),
        solve=_step_period_matching_cosine,
        hint=(
            "Cosine's mean is η₀(T + 1)/(2T). s = 250 gives a mean below it and s = 300 one above; "
            "try mean_rate(*training_curve(schedules.step_decay, 1000, lr0=0.1, gamma=0.5, step_size=s))."
        ),
        explanation=_explain_period,
        kind="integer",
    ),
    Exercise(
        key="comparison-alpha-final",
        question=(
            "Over T = 1000 steps with η₀ = 0.1, which polynomial power α makes the final rate η(T−1) "
            "equal to cosine annealing's final rate?"
        ),
        solve=_alpha_matching_cosine_final,
        hint=(
            "Polynomial decay's final rate is η₀(1/T)^α, so α = ln(final/η₀) / ln(1/T); or use "
            "match_parameter(..., quantity=final_rate)."
        ),
        explanation=lambda right: (
            f"Cosine ends at η(999) = {final_rate(*training_curve(schedules.cosine_annealing, 1000, lr0=_LR0, total_steps=1000)):.3g}; "
            f"α = {right:.4g} ends there too, yet with a mean rate of "
            f"{mean_rate(*training_curve(schedules.polynomial_decay, 1000, lr0=_LR0, total_steps=1000, power=right)):.4g} "
            f"instead of cosine's {_cosine_mean(1000):.4g}: matching the end does not match the budget."
        ),
        digits=2,
    ),
)
