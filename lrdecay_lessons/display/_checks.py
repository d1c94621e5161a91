"""Input checks of the display layer (which imports only ``errors`` of ours, so keeps its own checks).

Same house style as :mod:`lrdecay_lessons.schedules.validation`: the message names the
parameter as the caller wrote it, repeats the value and says what is allowed.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
from ..errors import InvalidParameterError

__all__ = ["real", "whole", "text", "number_array", "MAX_POINTS"]

#: The most points a curve or a step axis may have (a figure shows a few thousand).
MAX_POINTS = 10_000_000


def _shown(value: Any) -> str:
    text = repr(value.item()) if isinstance(value, np.generic) else repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def real(name: str, value: Any, allowed: str = "a finite number") -> float:
    """A finite real number (not a bool, not a string)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InvalidParameterError(f"{name} must be {allowed}; got {name}={_shown(value)} ({type(value).__name__}).")
    try:
        as_float = float(value)
    except OverflowError:
        as_float = math.inf
    if not math.isfinite(as_float):
        raise InvalidParameterError(f"{name} must be {allowed}; got {name}={_shown(value)}.")
    return as_float


def whole(name: str, value: Any, minimum: int, maximum: int) -> int:
    """A whole number in ``[minimum, maximum]`` (``100`` and ``100.0`` are both fine)."""
    allowed = f"a whole number from {minimum} to {maximum:,}"
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        as_int = int(value)
    else:
        as_float = real(name, value, allowed)
        if not as_float.is_integer():
            raise InvalidParameterError(f"{name} must be {allowed}; got {name}={_shown(value)}.")
        as_int = int(as_float)
    if not minimum <= as_int <= maximum:
        raise InvalidParameterError(f"{name} must be {allowed}; got {name}={_shown(value)}.")
    return as_int


def text(name: str, value: Any) -> str:
    """A string."""
    if not isinstance(value, str):
        raise InvalidParameterError(f"{name} must be a str; got {name}={_shown(value)} ({type(value).__name__}).")
    return value


def number_array(name: str, value: Any, *, finite: bool = True) -> np.ndarray:
    """A 1-D array of real numbers (finite unless ``finite=False``, which still refuses NaN)."""
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        array = np.asarray(None)
    if array.dtype.kind not in "iuf" or array.ndim != 1:
        raise InvalidParameterError(
            f"{name} must be a 1-D sequence of numbers; got {name}={_shown(value)}"
            f" (dtype {array.dtype}, {array.ndim}-D)."
        )
    if array.size > MAX_POINTS:
        raise InvalidParameterError(f"{name} must have at most {MAX_POINTS:,} points; got {array.size:,}.")
    as_float = array.astype(float)
    bad = np.isnan(as_float) if not finite else ~np.isfinite(as_float)
    if np.any(bad):
        index = int(np.argmax(bad))
        raise InvalidParameterError(
            f"{name} must hold {'finite numbers' if finite else 'numbers, not NaN'}; "
            f"got {name}[{index}]={float(as_float[index])!r}."
        )
    return array
