"""The four frameworks, the course schedules they translate, and how each framework steps its scheduler."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import schedules as _schedules
from ..i18n import Text

__all__ = [
    "FRAMEWORKS",
    "COURSE_SCHEDULES",
    "STEPPING",
]


#: Framework keys, in table order, with display names.
FRAMEWORKS: dict[str, str] = {
    "pytorch": "PyTorch",
    "keras": "Keras",
    "huggingface": "Hugging Face transformers",
    "optax": "optax",
}


#: Everything in the course that has a row: the decaying schedules of the registry, plateau and
#: composition. The constant rate has no row: it is every framework's default (no scheduler).
COURSE_SCHEDULES: tuple[str, ...] = (
    *(name for name in _schedules.REGISTRY if name != "constant"),
    "plateau_schedule",
    "with_warmup",
    "join_schedules",
)


#: How ``t`` advances in each framework (translated when shown: ``str(STEPPING[key])``).
STEPPING: dict[str, Text] = {
    "pytorch": Text(
        "t = calls of scheduler.step() so far; call optimizer.step() first, then "
        "scheduler.step(), once per batch if your T counts batches, once per epoch if it "
        "counts epochs"
    ),
    "keras": Text(
        "t = optimizer.iterations, the updates done so far, one per batch; with "
        "gradient_accumulation_steps the schedule is called at each update with the batches done "
        "so far instead (iterations counts updates)"
    ),
    "huggingface": Text(
        "a torch LambdaLR: t = calls of scheduler.step(); the Trainer calls it once per "
        "optimizer update (per batch, after gradient accumulation)"
    ),
    "optax": Text("t = count, the updates applied so far (per batch)"),
}


def as_steps(t: Any) -> np.ndarray:
    return np.asarray(t, dtype=float)


def half_cosine(x: Any) -> np.ndarray:
    return 0.5 * (1.0 + np.cos(np.pi * np.asarray(x, dtype=float)))
