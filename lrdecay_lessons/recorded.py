"""Learning rates recorded from the real frameworks, for showing what they do.

``tests/data/framework_values.json`` holds rates stepped out of PyTorch, Keras and
Hugging Face by ``tests/reference/make_framework_values.py`` (the frameworks are
not dependencies of the course). The tests use them to check the schedules; the
chapters use them, through :func:`recorded_case`, to *show* a framework's
behaviour — for instance PyTorch's ``CosineAnnealingLR`` rising again after
``T_max`` — without installing it::

    >>> case = recorded_case("pytorch", "cosine_annealing", total_steps=10, lr_min=0.0)
    >>> case.call
    'CosineAnnealingLR(optimizer(lr=0.1), T_max=10, eta_min=0.0)'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Optional

import numpy as np

__all__ = ["DATA_FILE", "RecordedCase", "recorded_cases", "recorded_case"]

DATA_FILE = Path(__file__).resolve().parents[1] / "tests" / "data" / "framework_values.json"


@dataclass(frozen=True)
class RecordedCase:
    """One framework run: the call that was made and the rate at each step.

    ``compare_up_to`` is set where the framework and the course deliberately
    differ past that step (and ``note`` says how).
    """

    name: str
    framework: str
    call: str
    schedule: str
    kwargs: Mapping[str, Any]
    steps: np.ndarray
    values: np.ndarray
    compare_up_to: Optional[int]
    note: str
    versions: Mapping[str, str]

    @property
    def version(self) -> str:
        """The framework's version string, e.g. ``'torch 2.13.0+cpu'``."""
        package = {"pytorch": "torch", "huggingface": "transformers"}.get(self.framework, self.framework)
        return f"{package} {self.versions.get(package, '?')}"


@lru_cache(maxsize=1)
def _load() -> dict:
    if not DATA_FILE.exists():
        raise FileNotFoundError(
            f"the recorded framework values are not at {DATA_FILE}; they ship with the course's "
            "repository (tests/data), so run from a checkout of it."
        )
    return json.loads(DATA_FILE.read_text())


def recorded_cases(framework: Optional[str] = None, schedule: Optional[str] = None) -> list[RecordedCase]:
    """Every recorded run, optionally only one framework's or one schedule's."""
    data = _load()
    cases = []
    for raw in data["cases"]:
        if framework is not None and raw["framework"] != framework:
            continue
        if schedule is not None and raw["schedule"] != schedule:
            continue
        cases.append(
            RecordedCase(
                name=raw["name"],
                framework=raw["framework"],
                call=raw["call"],
                schedule=raw["schedule"],
                kwargs=dict(raw["kwargs"]),
                steps=np.asarray(raw["steps"], dtype=float),
                values=np.asarray(raw["values"], dtype=float),
                compare_up_to=raw["compare_up_to"],
                note=raw["note"],
                versions=dict(data["generated_with"]),
            )
        )
    return cases


def recorded_case(framework: str, schedule: str, **kwargs: Any) -> RecordedCase:
    """The first recorded run of ``schedule`` in ``framework`` whose parameters include ``kwargs``.

    Raises
    ------
    ValueError
        If no run matches; the message lists the runs there are.
    """
    candidates = recorded_cases(framework, schedule)
    for case in candidates:
        if all(k in case.kwargs and case.kwargs[k] == v for k, v in kwargs.items()):
            return case
    known = [c.call for c in candidates] or "none"
    raise ValueError(
        f"kwargs must match a recorded {framework} run of {schedule}; got kwargs={kwargs!r}. "
        f"Recorded runs: {known}."
    )
