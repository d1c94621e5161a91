"""Exercises of chapter 04, polynomial decay (多项式衰减)."""

from __future__ import annotations

from ..errors import InvalidParameterError
from ..schedules import polynomial_decay
from ..schedules.measures import drop_per_step, first_step_below, training_curve
from ..i18n import Text
from . import Exercise

__all__ = [
    "LR0",
    "TOTAL",
    "QUARTER_POWER",
    "LAST_PERCENT_POWER",
    "LITERAL_POWER",
    "LITERAL_AT",
    "LR_END",
    "bank",
    "EXERCISES",
]


LR0, TOTAL = 0.1, 1000


# The powers α and the step past T that the exercises use, and the floor of the linear decay.
QUARTER_POWER = 3.0


LAST_PERCENT_POWER = 0.5


LITERAL_POWER = 2


LITERAL_AT = 1200


LR_END = 0.001


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _raised(power: float) -> str:
    """``(…)`` raised to ``power`` as written in a formula: ``³`` for 3, ``^0.4`` otherwise."""
    return f"{power:g}".translate(_SUPERSCRIPTS) if float(power).is_integer() else f"^{power:g}"


def bank(*, lr0: float = LR0, total_steps: int = TOTAL, quarter_power: float = QUARTER_POWER,
         last_percent_power: float = LAST_PERCENT_POWER, literal_power: int = LITERAL_POWER,
         literal_at: int = LITERAL_AT, lr_end: float = LR_END) -> tuple[Exercise, ...]:
    """The chapter's exercises for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    ``quarter_power``: α of the first step below η₀/4; ``last_percent_power``: α of the share lost in the
    last 1 % of the run; ``literal_power`` (a whole number) and ``literal_at`` (> ``total_steps``): the
    literal formula η₀(1 − t/T)^α past T; ``lr_end``: the floor of the linear decay.
    A graded assignment (``make assignments``) asks the same questions with numbers of its own, so
    :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """
    if isinstance(literal_power, bool) or not float(literal_power).is_integer():
        raise InvalidParameterError(f"literal_power must be a whole number (the literal formula of a negative base); "
                                    f"got literal_power={literal_power!r}.")
    if not literal_at > total_steps:
        raise InvalidParameterError(f"literal_at must be a step past total_steps = {total_steps}; "
                                    f"got literal_at={literal_at!r}.")
    if not 0 <= lr_end < lr0:
        raise InvalidParameterError(f"lr_end must be in [0, lr0 = {lr0}); got lr_end={lr_end!r}.")
    T, quarter = total_steps, 0.25 * lr0
    last_start = 0.99 * T
    # The chapter's numbers are the article's; an assignment's are not, and its question must not say so.
    article = (lr0, T, literal_power) == (LR0, TOTAL, LITERAL_POWER)
    literal_numbers = Text("η₀ = {lr0:g}, T = {T} and α = {literal_power:g}",
                           lr0=lr0, T=T, literal_power=literal_power)

    def first_below_quarter() -> int:
        return first_step_below(*training_curve(polynomial_decay, T, lr0=lr0, total_steps=T, power=quarter_power),
                                quarter)

    def lost_in_last_percent() -> float:
        """Share of η₀ that the rate loses between t = 0.99 T and t = T."""
        at = lambda t: polynomial_decay(t, lr0=lr0, total_steps=T, power=last_percent_power)  # noqa: E731
        return (at(last_start) - at(T)) / lr0

    def literal_past_end() -> float:
        """The article's formula η₀(1 − t/T)^α taken literally past T (the package holds 0 instead)."""
        return lr0 * (1 - literal_at / T) ** int(literal_power)

    def linear_drop() -> float:
        _, drops = drop_per_step(*training_curve(polynomial_decay, T, lr0=lr0, total_steps=T, power=1.0,
                                                 lr_end=lr_end))
        return float(drops[0])

    last_percent_why = (
        (lambda right: Text("√0.01 = {right:.3g}: a tenth of η₀ vanishes in the last hundredth of the run — "
                            "α < 1 is "
                            "slow first, fast last.",
                            right=right))
        if last_percent_power == 0.5 else
        (lambda right: Text("0.01^{last_percent_power:g} = {right:.3g} of η₀ vanishes in the last hundredth of the "
                            "run — α < 1 is slow first, fast last.",
                            last_percent_power=last_percent_power, right=right))
        if last_percent_power < 1 else
        (lambda right: Text("0.01^{last_percent_power:g} = {right:.3g} of η₀ vanishes in the last hundredth of the "
                            "run.",
                            last_percent_power=last_percent_power, right=right))
    )
    literal_base = f"{1 - literal_at / T:g}".replace("-", "−")
    literal_why = (
        (lambda right: Text("0.1 × (−0.2)² = {right:.3g}: with an even α the literal formula climbs back up past T, "
                            "with α = 0.5 it is not even a real number. The package, Keras and PyTorch hold the "
                            "final value instead.",
                            right=right))
        if article and literal_at == LITERAL_AT else
        (lambda right: Text("{lr0:g} × ({literal_base}){power} = {right:.3g}: the literal formula {what_it_does} "
                            "past T. The package, Keras and PyTorch hold the final value instead.",
                            lr0=lr0, literal_base=literal_base, power=_raised(literal_power), right=right,
                            what_it_does=(Text("climbs back up") if int(literal_power) % 2 == 0
                                          else Text("turns negative"))))
    )
    return (
        Exercise(
            key="poly-first-below-quarter",
            question=(
                Text("Polynomial decay with η₀ = {lr0:g}, T = {T} and α = {quarter_power:g}. At which step t "
                     "does the rate first fall below a quarter of η₀, i.e. below {quarter:g}? Answer with a "
                     "whole step number.",
                     lr0=lr0, T=T, quarter_power=quarter_power, quarter=quarter)
            ),
            solve=first_below_quarter,
            hint=Text("Solve (1 − t/T){power} < 1/4 for t, then take the first whole step after it.",
                      power=_raised(quarter_power)),
            explanation=lambda right: (
                Text("(1 − t/{T}){power} < 0.25 means t > {T} × (1 − 0.25^(1/{quarter_power:g})) = {crossing:.2f}, so "
                     "the first whole step is {right}.",
                     T=T, power=_raised(quarter_power), quarter_power=quarter_power,
                     crossing=T * (1 - 0.25 ** (1 / quarter_power)), right=right)
            ),
            kind="integer",
        ),
        Exercise(
            key="poly-last-percent",
            question=(
                Text("Polynomial decay with η₀ = {lr0:g}, T = {T} and α = {last_percent_power:g}. What "
                     "fraction of η₀ does the rate lose in the last 1 % of training, from t = {last_start:g} "
                     "to t = {T}? (Answer as a fraction, e.g. 0.5.)",
                     lr0=lr0, T=T, last_percent_power=last_percent_power, last_start=last_start)
            ),
            solve=lost_in_last_percent,
            hint=Text("At t = {last_start:g}, 1 − t/T = 0.01; at t = {T} the rate is 0.",
                      last_start=last_start, T=T),
            explanation=last_percent_why,
        ),
        Exercise(
            key="poly-literal-past-end",
            question=(
                Text("The article's formula η₀(1 − t/T)^α with {setting}, taken literally {steps_past} steps past "
                     "T: what rate does it give at t = {literal_at}? Predict (0, negative, or positive?) before "
                     "you compute.",
                     setting=Text("its example {numbers}", numbers=literal_numbers) if article else literal_numbers,
                     steps_past=literal_at - T, literal_at=literal_at)
            ),
            solve=literal_past_end,
            hint=Text("1 − {literal_at}/{T} = {literal_base}; a whole-number power of a negative number is a "
                      "real number.",
                      literal_at=literal_at, T=T, literal_base=literal_base),
            explanation=literal_why,
        ),
        Exercise(
            key="poly-linear-drop",
            question=(
                Text("Linear decay (α = 1) from η₀ = {lr0:g} down to the floor lr_end = {lr_end:g} over T = "
                     "{T} steps. By how much does the rate fall in each step?",
                     lr0=lr0, lr_end=lr_end, T=T)
            ),
            solve=linear_drop,
            hint=Text("A straight line from η₀ to lr_end in T equal steps."),
            explanation=lambda right: (
                Text("(η₀ − lr_end) / T = ({lr0:g} − {lr_end:g}) / {T} = {right:.3g} per step.",
                     lr0=lr0, lr_end=lr_end, T=T, right=right)),
        ),
    )


EXERCISES = bank()
