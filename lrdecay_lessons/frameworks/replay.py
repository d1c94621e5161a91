"""Replay the runs of ``call_values.json``: the framework's NumPy formula and the course's counterpart.

Each recorded run (:func:`~lrdecay_lessons.frameworks.recorded.recorded_call`) names the formula
that reproduces it (``function`` and its ``arguments``) and, where the course has the same
schedule, the course call (``course``). :func:`formula_values` and :func:`course_values`
evaluate them at the recorded steps; :func:`replay_agreement` compares all three for every run.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Optional

import numpy as np

from .. import schedules as _schedules
from . import huggingface, keras, optax, pytorch, timm
from .recorded import RecordedRun, recorded_call, recorded_call_names
from ..errors import InvalidParameterError

__all__ = ["formula_values", "course_values", "replay_agreement"]

_MODULES = (pytorch, huggingface, keras, optax, timm)


def _formula(name: str) -> Any:
    for module in _MODULES:
        if name in module.__all__:
            return getattr(module, name)
    raise InvalidParameterError(f"function must name a formula of lrdecay_lessons.frameworks; got function={name!r}.")


def formula_values(run: RecordedRun) -> np.ndarray:
    """The framework's NumPy formula at the run's steps (``LambdaLR`` runs: the course function it wraps)."""
    function, arguments = run.kwargs["function"], dict(run.kwargs["arguments"])
    if function == "course":
        schedule = getattr(_schedules, arguments.pop("schedule"))
        return np.asarray(schedule(run.steps, **arguments), dtype=float)
    if "parts" in arguments:
        lr = arguments.pop("lr")
        parts = [partial(_formula(name), lr=lr, **kwargs) for name, kwargs in arguments.pop("parts")]
        key = "schedulers"
        return np.asarray(_formula(function)(run.steps, **({"lr": lr} if function != "torch_sequential_lr" else {}),
                                             **{key: parts}, **arguments), dtype=float)
    if "boundaries_and_scales" in arguments:
        arguments["boundaries_and_scales"] = {int(b): s for b, s in arguments["boundaries_and_scales"]}
    return np.asarray(_formula(function)(run.steps, **arguments), dtype=float)


def course_values(run: RecordedRun) -> Optional[tuple[np.ndarray, Optional[int]]]:
    """The course's counterpart at the run's steps and the last step it is meant to agree at
    (``None``: every step), or ``None`` when the course has no counterpart."""
    course = run.kwargs["course"]
    if course is None:
        return None
    if course["schedule"] == "with_warmup":
        inner, kwargs = course["inner"]
        warmed = _schedules.with_warmup(_schedules.schedule(inner, **kwargs), course["warmup_steps"])
        return np.asarray(warmed(run.steps), dtype=float), course.get("compare_up_to")
    formula = _schedules.REGISTRY[course["schedule"]].function
    return np.asarray(formula(run.steps, **course["kwargs"]), dtype=float), course.get("compare_up_to")


def _relative(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-12)))


def replay_agreement() -> list[dict[str, Any]]:
    """One dict per recorded run: ``name``, ``call``, ``steps`` compared, the largest relative
    difference of the formula from the recording, and of the course (``None`` without a counterpart)."""
    rows = []
    for name in recorded_call_names():
        run = recorded_call(name)
        course = course_values(run)
        course_gap = None
        if course is not None:
            values, up_to = course
            keep = run.steps <= up_to if up_to is not None else np.ones_like(run.steps, dtype=bool)
            course_gap = _relative(values[keep], run.values[keep])
        rows.append({"name": name, "framework": run.kwargs["framework"], "call": run.call, "steps": int(run.steps.size),
                     "formula": _relative(formula_values(run), run.values), "course": course_gap})
    return rows
