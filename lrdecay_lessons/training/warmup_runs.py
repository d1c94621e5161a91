r"""Warm-up above the stability limit, in two runs: full-batch gradient descent on diabetes, cosine
from a peak above :math:`2/\lambda_\max`, without and with a linear warm-up (chapter 09's experiment).
Computes, never draws.
"""

from __future__ import annotations

from typing import Any

from ..schedules import schedule
from ..schedules.validation import check_count, check_positive
from .curvature import top_curvature
from .datasets import load_dataset
from .trainer import MAX_STEPS, train
from ..errors import InvalidParameterError

__all__ = ["warmup_evidence"]


def warmup_evidence(peak: float = 0.7, total_steps: int = 100, warmup_steps: int = 30) -> dict[str, Any]:
    r"""Chapter 09's warm-up experiment in two runs: full-batch diabetes, cosine with and without warm-up.

    Returns ``{"without": TrainingResult, "with": TrainingResult, "limit": 2 / lambda_max, "peak": peak,
    "warmup_steps": warmup_steps}``.
    """
    peak = check_positive("peak", peak)
    total_steps = check_count("total_steps", total_steps)
    warmup_steps = check_count("warmup_steps", warmup_steps)
    if warmup_steps >= total_steps:
        raise InvalidParameterError(
            f"warmup_steps must be < total_steps (total_steps={total_steps}); got warmup_steps={warmup_steps}."
        )
    if total_steps > MAX_STEPS // 2:
        raise InvalidParameterError(f"total_steps must be at most {MAX_STEPS // 2:,} (two runs); got total_steps={total_steps:,}.")
    data = load_dataset("diabetes")
    runs = {
        name: train(data, schedule("warmup_cosine", lr0=peak, total_steps=total_steps, warmup_steps=w),
                    epochs=total_steps, batch_size=data.n_train, label=name)
        for name, w in (("without", 0), ("with", warmup_steps))
    }
    return {**runs, "limit": 2.0 / top_curvature(data), "peak": peak, "warmup_steps": warmup_steps}
