"""lrdecay_lessons: the helper package behind the learning-rate decay course.

The schedules are pure functions of the step (``lrdecay_lessons.schedules``);
the other modules draw them, wrap them in sliders, train small models with them
and check the reader's answers.
"""

from .schedules import (
    cosine_annealing,
    cosine_restarts,
    exponential_decay,
    inverse_time_decay,
    multistep_decay,
    one_cycle,
    polynomial_decay,
    step_decay,
    warmup_cosine,
)

__version__ = "0.1.0"

__all__ = [
    "step_decay",
    "multistep_decay",
    "exponential_decay",
    "polynomial_decay",
    "cosine_annealing",
    "cosine_restarts",
    "one_cycle",
    "inverse_time_decay",
    "warmup_cosine",
]
