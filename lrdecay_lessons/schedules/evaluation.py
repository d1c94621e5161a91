"""Any schedule on an array of steps: the one way the package evaluates a function of the step."""

from __future__ import annotations

import numbers
from typing import Any, Callable

import numpy as np

from ..errors import InvalidParameterError

__all__ = ["rates_on"]


def rates_on(schedule: Callable[..., Any], steps: np.ndarray, label: str, offset: float = 0) -> np.ndarray:
    r""":math:`\eta(t)` for every ``t`` in ``steps``, as finite floats ``>= 0``.

    The whole array at once when ``schedule`` takes one (the course's schedules do; a function
    returning one number for every step is a constant); a function of one step only
    (``lambda t: 0.1 if t < 50 else 0.01``) is called step by step. Errors name ``label`` and
    the step, counted from ``offset``.

    >>> rates_on(lambda t: 0.1 if t < 2 else 0.01, np.arange(4), "stepwise")
    array([0.1 , 0.1 , 0.01, 0.01])
    """
    try:
        whole = schedule(steps)
    except (TypeError, ValueError):  # a function of one step only: call it step by step
        whole = None
    if isinstance(whole, np.ndarray) and whole.dtype.kind in "iuf" and whole.shape == steps.shape:
        rates = whole.astype(float)
    elif isinstance(whole, (numbers.Real, np.ndarray)) and not isinstance(whole, (bool, np.bool_)) \
            and np.ndim(whole) == 0 and np.asarray(whole).dtype.kind in "iuf":
        rates = np.full(steps.shape, float(whole))  # one number whatever the step: a constant
    else:
        rates = np.array([_rate_at(schedule, t, label, offset) for t in steps.tolist()], dtype=float)
    bad = ~np.isfinite(rates) | (rates < 0)
    if np.any(bad):
        i = int(np.argmax(bad))
        raise InvalidParameterError(f"learning rates must be finite and >= 0; schedule {label} gave "
                                    f"{float(rates[i]):.6g} at step {steps[i] + offset:g}.")
    return rates


def _rate_at(schedule: Callable[..., Any], t: float, label: str, offset: float) -> float:
    """``schedule(t)`` as a float, or an error naming the schedule, the step and what it returned."""
    value = schedule(t)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InvalidParameterError(
            f"schedule must return a number (the learning rate) at every step; schedule {label} returned "
            f"{value!r} ({type(value).__name__}) at step {t + offset:g}."
        )
    return float(value)
