"""What the closed-form schedules share: the return convention and two small formulas."""

from __future__ import annotations

from typing import Union

import numpy as np

from .validation import check_non_negative
from ..errors import InvalidParameterError

LearningRate = Union[float, np.ndarray]


def finish(values: np.ndarray, is_scalar: bool) -> LearningRate:
    return float(values) if is_scalar else values


def check_lr_floor(name: str, value: float, lr_name: str, lr: float) -> float:
    value = check_non_negative(name, value)
    if value > lr:
        raise InvalidParameterError(f"{name} must be <= {lr_name} ({lr_name}={lr:g}); got {name}={value!r}.")
    return value


def half_cosine(fraction: np.ndarray) -> np.ndarray:
    """``(1 + cos(pi * fraction)) / 2``: 1 at ``fraction = 0``, 0 at ``fraction = 1``."""
    return 0.5 * (1.0 + np.cos(np.pi * fraction))
