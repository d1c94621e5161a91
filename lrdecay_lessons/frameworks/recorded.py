"""Learning rates recorded from the real frameworks: every reader of the recorded values.

The JSON files in ``lrdecay_lessons/frameworks/data/`` (package data, read with
:mod:`importlib.resources`, so they work from an installed package too) hold rates stepped
out of PyTorch, Keras, Hugging Face and optax by the scripts in ``tests/reference/`` (the
frameworks are not dependencies of the course):

* ``framework_values.json`` — our schedules' closest framework calls (:func:`recorded_case`),
  and under ``warmup_cases`` Hugging Face's ``get_linear_schedule_with_warmup``, which is
  ``with_warmup`` over linear decay to zero;
* ``translation_values.json`` and ``optax_values.json`` — the rows of
  :data:`lrdecay_lessons.frameworks.TRANSLATIONS` with translated parameters (:func:`recorded_run`);
* ``plateau_values.json`` — ``ReduceLROnPlateau`` on scripted metrics;
* ``composition_values.json`` — ``SequentialLR`` warm-up runs (:func:`recorded_sequential`);
* ``call_values.json`` — chapter 12's "for today's users": schedules of PyTorch, Hugging Face,
  Keras, optax and timm outside the table (:func:`recorded_call`), what a training loop sees in
  the pitfalls (:func:`recorded_trace`) and the Trainer's settings (:func:`trainer_records`);
* ``pitfall_values.json`` — chapter 12's cheat sheet, each snippet run as it stands
  (:func:`recorded_snippet`), and the pitfalls of momentum cycling, Keras's gradient
  accumulation, Accelerate's processes, AMP, resuming, plateaus, parameter groups, warm restarts,
  schedule-free evaluation, LR finders and the Trainer's warm-up across versions (:func:`recorded_pitfall`).

The tests use them to check the schedules; the chapters use them to *show* a framework's
behaviour — for instance PyTorch's ``CosineAnnealingLR`` rising again after ``T_max`` —
without installing it::

    >>> case = recorded_case("pytorch", "cosine_annealing", total_steps=10, lr_min=0.0)
    >>> case.call
    'CosineAnnealingLR(optimizer(lr=0.1), T_max=10, eta_min=0.0)'
    >>> version_of("torch")
    '2.13.0+cpu'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Optional

import numpy as np
from ..errors import InvalidParameterError
from ..i18n import tr

__all__ = [
    "DATA_FILES",
    "PACKAGES",
    "load_data",
    "RecordedCase",
    "recorded_cases",
    "recorded_case",
    "version_of",
    "RecordedRun",
    "recorded_run",
    "recorded_sequential",
    "recorded_call_names",
    "recorded_call",
    "recorded_trace",
    "trainer_records",
    "recorded_snippet",
    "recorded_pitfall",
]


#: The data files (in ``lrdecay_lessons/frameworks/data/``) with values recorded from the real libraries.
DATA_FILES = ("framework_values.json", "translation_values.json", "optax_values.json",
              "plateau_values.json", "composition_values.json", "optimizer_values.json",
              "mlp_values.json", "call_values.json", "pitfall_values.json", "box_values.json")


#: The package each framework's rows were recorded with.
PACKAGES = {"pytorch": "torch", "keras": "keras", "huggingface": "transformers", "optax": "optax", "timm": "timm"}


@lru_cache(maxsize=None)
def _text(name: str) -> str:
    if name not in DATA_FILES:
        raise InvalidParameterError(f"name must be one of {', '.join(DATA_FILES)}; got name={name!r}.")
    resource = resources.files("lrdecay_lessons.frameworks") / "data" / name
    try:
        return resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(
            f"the recorded values {name} are missing from the installed package (lrdecay_lessons/frameworks/data/); "
            "reinstall lrdecay-lessons."
        ) from None


def load_data(name: str) -> dict:
    """One data file, parsed: ``{"generated_with": {...}, "cases": [...], ...}`` (a fresh copy).

    Parameters
    ----------
    name : str
        One of :data:`DATA_FILES`, e.g. ``"plateau_values.json"``.
    """
    return json.loads(_text(name))


@lru_cache(maxsize=None)
def _cached(name: str) -> dict:
    """Read-only use inside this module: parsed once."""
    return load_data(name)


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
        package = PACKAGES.get(self.framework, self.framework)
        return f"{package} {self.versions.get(package, '?')}"


def recorded_cases(framework: Optional[str] = None, schedule: Optional[str] = None) -> list[RecordedCase]:
    """Every recorded run, optionally only one framework's or one schedule's.

    Raises
    ------
    ValueError
        If ``framework`` or ``schedule`` is not one with recorded runs (so a typo such as
        ``framework="torch"`` is named, not answered with an empty list).
    """
    data = _cached("framework_values.json")
    for parameter, given in (("framework", framework), ("schedule", schedule)):
        known = sorted({raw[parameter] for raw in data["cases"]})
        if given is not None and given not in known:
            hint = f" (the framework, not its package {given!r})" if given in PACKAGES.values() else ""
            raise InvalidParameterError(f"{parameter} must be None or one of {known}{hint}; got {parameter}={given!r}.")
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
    if not isinstance(framework, str):
        raise InvalidParameterError(f"framework must be a str such as 'pytorch'; got framework={framework!r}.")
    if not isinstance(schedule, str):
        raise InvalidParameterError(f"schedule must be a str such as 'cosine_annealing'; got schedule={schedule!r}.")
    candidates = recorded_cases(framework, schedule)
    for case in candidates:
        if all(k in case.kwargs and case.kwargs[k] == v for k, v in kwargs.items()):
            return case
    known = [c.call for c in candidates] or "none"
    raise InvalidParameterError(
        f"the keyword arguments must match a recorded {framework} run of {schedule}; got "
        f"{', '.join(f'{k}={v!r}' for k, v in kwargs.items()) or 'none'}. Recorded runs: {known}."
    )


def version_of(package: str) -> str:
    """The recorded version of ``package`` (``'torch'``, ``'keras'``, ``'transformers'``, ``'optax'``, ``'jax'``)."""
    for name in DATA_FILES:
        generated = _cached(name)["generated_with"]
        if package in generated:
            return str(generated[package])
    raise InvalidParameterError(f"package must be one recorded in lrdecay_lessons/frameworks/data (torch, keras, transformers, optax, "
                     f"jax, timm); got package={package!r}.")


@dataclass(frozen=True)
class RecordedRun:
    """Rates read from a real library: ``values[i]`` is the rate used at step ``steps[i]``.

    ``call`` and ``kwargs`` describe the run where the data file records them.
    """

    label: str
    steps: np.ndarray
    values: np.ndarray
    call: str = ""
    kwargs: Mapping[str, Any] = field(default_factory=dict)


def recorded_run(schedule: str, framework: str, our_kwargs: Mapping[str, Any],
                 total_steps: Optional[int] = None) -> Optional[RecordedRun]:
    """The real library's rates for a row of the framework table and *our* parameters, if recorded.

    Looks in ``translation_values.json`` (PyTorch, Keras, Hugging Face) and ``optax_values.json``;
    returns ``None`` when these parameters were not recorded.

    Raises
    ------
    ValueError
        If ``(schedule, framework)`` is not a row of :data:`lrdecay_lessons.frameworks.TRANSLATIONS`.
    """
    from .translations import translation

    translation(schedule, framework)  # validates both names
    source = "optax_values.json" if framework == "optax" else "translation_values.json"
    for case in _cached(source)["cases"]:
        if (case["schedule"] == schedule and case.get("framework", "optax") == framework
                and case["kwargs"] == dict(our_kwargs) and case["total_steps"] == total_steps):
            package = PACKAGES[framework]
            return RecordedRun(tr("{package} {version} (recorded)").format(package=package, version=version_of(package)), np.asarray(case["steps"], dtype=float),
                               np.asarray(case["values"], dtype=float))
    return None


def recorded_sequential(warmup_steps: int, T_max: int) -> RecordedRun:
    """A recorded PyTorch ``SequentialLR([LinearLR, CosineAnnealingLR], milestones=[W])`` run.

    ``kwargs`` holds ``lr0``, ``start_factor``, ``warmup_steps``, ``T_max`` and ``eta_min``.
    """
    cases = _cached("composition_values.json")["cases"]
    for case in cases:
        if case["warmup_steps"] == warmup_steps and case["T_max"] == T_max:
            kwargs = {k: case[k] for k in ("lr0", "start_factor", "warmup_steps", "T_max", "eta_min")}
            return RecordedRun(tr("{package} {version} (recorded)").format(package="torch", version=version_of("torch")), np.asarray(case["steps"], dtype=float),
                               np.asarray(case["values"], dtype=float), case["call"], kwargs)
    known = [(c["warmup_steps"], c["T_max"]) for c in cases]
    raise InvalidParameterError(f"(warmup_steps, T_max) must be a recorded pair, one of {known}; "
                     f"got ({warmup_steps!r}, {T_max!r}).")


def recorded_call_names() -> list[str]:
    """The names of the runs in ``call_values.json``, e.g. ``'torch_chained'``."""
    return [case["name"] for case in _cached("call_values.json")["cases"]]


def recorded_call(name: str) -> RecordedRun:
    """One run of ``call_values.json``: ``kwargs`` holds ``framework``, ``function`` (the NumPy
    formula in :mod:`lrdecay_lessons.frameworks`), its ``arguments`` and the ``course`` counterpart
    (``None`` where the course has none).

    Raises
    ------
    ValueError
        If ``name`` is not recorded; the message lists the names.
    """
    for case in _cached("call_values.json")["cases"]:
        if case["name"] == name:
            package = PACKAGES[case["framework"]]
            kwargs = {"framework": case["framework"], "function": case["function"], "arguments": case["kwargs"],
                      "course": case["course"]}
            return RecordedRun(tr("{package} {version} (recorded)").format(package=package, version=version_of(package)), np.asarray(case["steps"], dtype=float),
                               np.asarray(case["values"], dtype=float), case["call"], kwargs)
    raise InvalidParameterError(f"name must be one of {recorded_call_names()}; got name={name!r}.")


def recorded_trace(name: str) -> dict:
    """What a training loop saw in one pitfall (rates, the library's message), as recorded; a fresh copy.

    Raises
    ------
    ValueError
        If ``name`` is not a recorded trace; the message lists them.
    """
    traces = load_data("call_values.json")["traces"]
    if name not in traces:
        raise InvalidParameterError(f"name must be one of {sorted(traces)}; got name={name!r}.")
    return traces[name]


def trainer_records() -> dict:
    """Hugging Face Trainer settings, recorded: ``scheduler_types``, ``default_scheduler`` and
    ``warmup`` (rows of ``warmup_steps``, ``num_training_steps``, ``get_warmup_steps``)."""
    data = load_data("call_values.json")
    return {"scheduler_types": data["trainer_scheduler_types"], "default_scheduler": data["trainer_default_scheduler"],
            "warmup": data["trainer_warmup"]}


def recorded_snippet(key: str) -> dict:
    """A cheat-sheet snippet as it was run: ``code``, ``setting`` and the ``rates`` of its updates; a fresh copy.

    Raises
    ------
    InvalidParameterError
        If ``key`` is not a recorded snippet; the message lists them.
    """
    snippets = load_data("pitfall_values.json")["cheatsheet"]
    if key not in snippets:
        raise InvalidParameterError(f"key must be one of {sorted(snippets)}; got key={key!r}.")
    return snippets[key]


def recorded_pitfall(key: str) -> dict:
    """What the real library did in one pitfall of chapter 12 (rates, momenta, messages); a fresh copy.

    Raises
    ------
    InvalidParameterError
        If ``key`` is not a recorded pitfall; the message lists them.
    """
    pitfalls = load_data("pitfall_values.json")["pitfalls"]
    if key not in pitfalls:
        raise InvalidParameterError(f"key must be one of {sorted(pitfalls)}; got key={key!r}.")
    return pitfalls[key]
