"""Parameter checks shared by the package.

Every check raises :class:`InvalidParameterError` whose message names the parameter as
the caller wrote it, repeats the value it was given and says what is allowed, in the
spirit of scikit-learn's parameter validation (and like scikit-learn's error of that
name, it is both a :class:`ValueError` and a :class:`TypeError`, so ``except ValueError``
and ``except TypeError`` both catch a bad parameter, whatever was wrong with it).
Nothing is coerced silently and no NaN is ever returned.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Sequence

import numpy as np

from ..errors import InvalidParameterError

__all__ = [
    "InvalidParameterError",
    "check_steps",
    "check_positive",
    "check_non_negative",
    "check_in_interval",
    "check_count",
    "check_bool",
    "check_milestones",
    "check_choice",
    "check_callable",
    "check_seed",
    "check_seeds",
    "check_instance",
]


def _describe(value: Any) -> str:
    return repr(value.item()) if isinstance(value, np.generic) else repr(value)


def _as_real(name: str, value: Any, allowed: str) -> float:
    """Return ``value`` as a finite float, or raise naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InvalidParameterError(f"{name} must be a real number ({allowed}); got {name}={_describe(value)}.")
    try:
        as_float = float(value)
    except OverflowError:  # an int beyond float range, e.g. 10**400
        raise InvalidParameterError(
            f"{name} must be finite ({allowed}); got {name}={_describe_big(value)}, beyond the float range."
        ) from None
    if not math.isfinite(as_float):
        raise InvalidParameterError(f"{name} must be finite ({allowed}); got {name}={_describe(value)}.")
    return as_float


def _describe_big(value: Any) -> str:
    """A huge integer without its hundreds of digits."""
    digits = str(abs(int(value)))
    return repr(value) if len(digits) <= 30 else f"{'-' if value < 0 else ''}an integer of {len(digits)} digits"


def check_positive(name: str, value: Any) -> float:
    """``value > 0`` and finite."""
    as_float = _as_real(name, value, "a finite number > 0")
    if as_float <= 0:
        raise InvalidParameterError(f"{name} must be > 0; got {name}={_describe(value)}.")
    return as_float


def check_non_negative(name: str, value: Any) -> float:
    """``value >= 0`` and finite."""
    as_float = _as_real(name, value, "a finite number >= 0")
    if as_float < 0:
        raise InvalidParameterError(f"{name} must be >= 0; got {name}={_describe(value)}.")
    return as_float


def check_in_interval(
    name: str,
    value: Any,
    low: float,
    high: float,
    *,
    closed_low: bool = False,
    closed_high: bool = False,
) -> float:
    """``value`` in the interval between ``low`` and ``high`` (open or closed ends)."""
    interval = f"{'[' if closed_low else '('}{low:g}, {high:g}{']' if closed_high else ')'}"
    as_float = _as_real(name, value, f"a number in {interval}")
    above_low = as_float >= low if closed_low else as_float > low
    below_high = as_float <= high if closed_high else as_float < high
    if not (above_low and below_high):
        raise InvalidParameterError(f"{name} must be in {interval}; got {name}={_describe(value)}.")
    return as_float


#: The longest curve a function of this package evaluates step by step (as the display layer draws).
MAX_CURVE_STEPS = 10_000_000


def check_count(name: str, value: Any, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole number of steps ``>= minimum`` (and ``<= maximum`` if given; ``100`` and ``100.0`` are both fine)."""
    allowed = f"a whole number >= {minimum}" if maximum is None else f"a whole number from {minimum} to {maximum:,}"
    as_float = _as_real(name, value, allowed)
    if not as_float.is_integer() or as_float < minimum or (maximum is not None and as_float > maximum):
        raise InvalidParameterError(f"{name} must be {allowed}; got {name}={_describe(value)}.")
    return int(value) if isinstance(value, numbers.Integral) else int(as_float)


def check_bool(name: str, value: Any) -> bool:
    """``True`` or ``False``, nothing merely truthy."""
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidParameterError(f"{name} must be True or False; got {name}={_describe(value)}.")
    return bool(value)


def check_choice(name: str, value: Any, choices: Sequence[str]) -> str:
    """One of the strings ``choices``, spelled exactly (no case folding, nothing coerced).

    >>> check_choice("record", "epochs", ("epoch", "step"))
    Traceback (most recent call last):
    ...
    lrdecay_lessons.errors.InvalidParameterError: record must be one of 'epoch', 'step'; got record='epochs'.
    """
    choices = choices if isinstance(choices, (tuple, list)) else tuple(choices)
    if isinstance(value, str) and value in choices:  # the list is spelled out only for an error
        return value
    allowed = ", ".join(repr(c) for c in choices)
    raise InvalidParameterError(f"{name} must be one of {allowed}; got {name}={_describe(value)}.")


def check_callable(name: str, value: Any, what: str = "a callable schedule of the step") -> Any:
    """``value`` can be called (a schedule, a factory); the message says what it should be."""
    if not callable(value):
        raise InvalidParameterError(f"{name} must be {what}; got {name}={value!r}.")
    return value


def check_milestones(name: str, value: Any) -> np.ndarray:
    """A sequence of finite, non-negative steps in non-decreasing order."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise InvalidParameterError(
            f"{name} must be a list of steps in increasing order, e.g. [30, 80]; "
            f"got {name}={_describe(value)}."
        )
    as_list = list(np.asarray(value).ravel()) if isinstance(value, np.ndarray) else list(value)
    steps = [_as_real(f"{name}[{i}]", step, "a finite step >= 0") for i, step in enumerate(as_list)]
    for i, step in enumerate(steps):
        if step < 0:
            raise InvalidParameterError(f"{name} must hold steps >= 0; got {name}[{i}]={_describe(as_list[i])} in {name}={value!r}.")
    for i in range(1, len(steps)):
        if steps[i] < steps[i - 1]:
            raise InvalidParameterError(
                f"{name} must be sorted in increasing order; got {name}={value!r} "
                f"({name}[{i}]={steps[i]:g} comes after {steps[i - 1]:g})."
            )
    return np.asarray(steps, dtype=float)


def check_steps(t: Any, name: str = "t") -> tuple[np.ndarray, bool]:
    """Return the steps as a float array and whether the input was a scalar.

    ``t`` may be a Python number, a NumPy scalar or any array-like of numbers.
    Every entry must be finite and ``>= 0``; the first offending entry is named.
    """
    if isinstance(t, (bool, np.bool_)):
        raise InvalidParameterError(f"{name} must be a step number >= 0, not a boolean; got {name}={_describe(t)}.")
    try:
        raw = np.asarray(t)
    except (TypeError, ValueError):
        raw = np.asarray(None)
    if raw.dtype == object and raw.size and all(
        isinstance(x, numbers.Integral) and not isinstance(x, bool) for x in raw.ravel()
    ):  # integers beyond int64, e.g. t=10**30: steps as floats, or refused if beyond float range too
        try:
            raw = raw.astype(float)
        except OverflowError:
            index = next(i for i, x in enumerate(raw.ravel()) if abs(x) > 1e308)
            where = name if raw.ndim == 0 else f"{name}[{index}]"
            raise InvalidParameterError(
                f"{name} must hold finite numbers >= 0; got {where}={_describe_big(raw.ravel()[index])}, "
                "beyond the float range."
            ) from None
    if raw.dtype.kind not in "iuf":
        raise InvalidParameterError(
            f"{name} must be a number or an array of numbers >= 0; got {name}={t!r}."
        )
    steps = raw.astype(float)
    is_scalar = steps.ndim == 0
    bad = ~np.isfinite(steps) | (steps < 0)
    if np.any(bad):
        if is_scalar:
            raise InvalidParameterError(f"{name} must be a finite number >= 0; got {name}={_describe(t)}.")
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = ", ".join(str(i) for i in index)
        raise InvalidParameterError(
            f"{name} must hold finite numbers >= 0; got {name}[{where}]={float(steps[index])!r}."
        )
    return steps, is_scalar


#: The largest seed NumPy's legacy generators and scikit-learn's ``random_state`` accept.
MAX_SEED = 2**32 - 1


def check_seed(name: str, value: Any) -> int:
    """A random seed: a whole number from 0 to :data:`MAX_SEED`."""
    seed = check_count(name, value, minimum=0)
    if seed > MAX_SEED:
        raise InvalidParameterError(f"{name} must be a whole number from 0 to {MAX_SEED}; got {name}={_describe_big(value)}.")
    return seed


def check_seeds(name: str, value: Any) -> tuple[int, ...]:
    """A non-empty sequence of random seeds (whole numbers from 0 to :data:`MAX_SEED`)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray, range)) or len(value) == 0:
        raise InvalidParameterError(f"{name} must be a non-empty list of whole numbers >= 0, e.g. (0, 1, 2); got {name}={value!r}.")
    return tuple(check_seed(f"{name}[{i}]", seed) for i, seed in enumerate(value))


def check_instance(name: str, value: Any, kind: type, made_by: str) -> Any:
    """``value`` is a ``kind`` (e.g. a problem, not a dataset); the message says how one is made."""
    if not isinstance(value, kind):
        raise InvalidParameterError(
            f"{name} must be a {kind.__name__} ({made_by}); got {name}={value!r} ({type(value).__name__})."
        )
    return value
