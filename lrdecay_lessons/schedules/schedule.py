r"""A schedule as a value (调度对象): its name and parameters, validated once, callable on steps.

:func:`schedule` builds one from the :data:`~lrdecay_lessons.schedules.registry.REGISTRY` name
and the formula's keywords; :func:`constant` is the constant rate::

    >>> cosine = schedule("cosine_annealing", lr0=0.1, total_steps=1000)
    >>> cosine
    cosine_annealing(lr0=0.1, total_steps=1000)
    >>> cosine(500)
    0.05
    >>> constant(0.1)([0, 500])
    array([0.1, 0.1])

The value is what a training run, a sweep, a table or a figure takes: they read its
:attr:`~Schedule.name` (for the label and the colour) instead of taking a function apart.
The formula functions ``f(t, **params)`` stay the lesson's own code; a :class:`Schedule`
only remembers which formula and which parameters.
"""

from __future__ import annotations

import inspect
import numbers
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np
from numpy.typing import ArrayLike

from ._common import LearningRate
from .registry import REGISTRY, ScheduleEntry
from .validation import InvalidParameterError, check_choice

__all__ = ["Schedule", "schedule", "constant", "format_value"]


def format_value(value: Any) -> str:
    """A parameter as a reader writes it: ``0.1``, ``1e-05``, ``1000``, ``[500, 750]``, ``'linear'``."""
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return f"{float(value):g}"
    if isinstance(value, np.ndarray):
        return format_value(value.tolist())
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return repr(value)


class Schedule:
    """One schedule of the course with its parameters: call it with a step or an array of steps.

    Immutable, and checked once when made: ``Schedule("cosine_annealing", {"lr0": 0.1,
    "total_steps": 1000})``, or shorter :func:`schedule` and :func:`constant`. Two schedules
    are equal when their names and parameters are.

    Attributes
    ----------
    name : str
        Its key in :data:`~lrdecay_lessons.schedules.registry.REGISTRY`.
    params : mapping
        The formula's keywords (read-only).
    """

    __slots__ = ("_name", "_params")

    def __init__(self, name: str, params: Mapping[str, Any]) -> None:
        _check(name, params)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_params", MappingProxyType(dict(params)))
        self(0)  # the formula checks every value, with its own message

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"a Schedule is immutable; use .replace({key}=...) for a changed copy")

    @property
    def name(self) -> str:
        return self._name

    @property
    def params(self) -> Mapping[str, Any]:
        return self._params

    @property
    def entry(self) -> ScheduleEntry:
        """Its registry entry: formula, titles, chapter, colour key."""
        return REGISTRY[self._name]

    @property
    def function(self):
        """The formula ``function(t, **params)``."""
        return REGISTRY[self._name].function

    def __call__(self, t: ArrayLike) -> LearningRate:
        r""":math:`\eta_t` for a step ``t`` (a float) or an array of steps (an array of that shape)."""
        return self.function(t, **self._params)

    def replace(self, **params: Any) -> "Schedule":
        """A copy with some parameters changed, checked like a new one.

        >>> schedule("step_decay", lr0=0.1, gamma=0.5, step_size=100).replace(gamma=0.1)
        step_decay(lr0=0.1, gamma=0.1, step_size=100)
        """
        return schedule(self._name, **{**self._params, **params})

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={format_value(v)}" for k, v in self._params.items())
        return f"{self._name}({shown})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Schedule):
            return NotImplemented
        return self._name == other._name and dict(self._params) == dict(other._params)

    def __hash__(self) -> int:
        return hash((self._name, repr(self)))

    def __reduce__(self):
        return (Schedule, (self._name, dict(self._params)))


def schedule(name: str, **params: Any) -> Schedule:
    """The schedule ``name`` with these parameters, checked now.

    Parameters
    ----------
    name : str
        A key of :data:`~lrdecay_lessons.schedules.registry.REGISTRY` (``"step_decay"``,
        ``"cosine_annealing"``, ``"constant"``, ...).
    **params
        The keywords of its formula function, e.g. ``lr0=0.1, total_steps=1000``.

    Raises
    ------
    InvalidParameterError
        For an unknown name, an unknown or missing keyword, or a bad value (the formula's own
        message, naming the parameter, the value and what is allowed).

    Examples
    --------
    >>> schedule("step_decay", lr0=0.1, gamma=0.5, step_size=100)(150)
    0.05
    >>> schedule("cosine", lr0=0.1)
    Traceback (most recent call last):
    ...
    lrdecay_lessons.errors.InvalidParameterError: name must be one of 'constant', ...
    """
    return Schedule(name, params)


def _check(name: Any, params: Mapping[str, Any]) -> None:
    """``name`` is in the registry and ``params`` are exactly its formula's keywords (values: the formula checks)."""
    check_choice("name", name, tuple(REGISTRY))
    if not isinstance(params, Mapping):
        raise InvalidParameterError(f"params must map {name}'s keywords to values, e.g. {{'lr0': 0.1}}; "
                                    f"got params={params!r}.")
    signature = inspect.signature(REGISTRY[name].function)
    keywords = [p for p in signature.parameters if p != "t"]
    unknown = [k for k in params if k not in keywords]
    if unknown:
        raise InvalidParameterError(
            f"{name} takes the parameters {', '.join(keywords)}; got {unknown[0]}={params[unknown[0]]!r}."
        )
    missing = [k for k in keywords if signature.parameters[k].default is inspect.Parameter.empty
               and k not in params]
    if missing:
        raise InvalidParameterError(f"{name} needs {', '.join(missing)}; got only {', '.join(params) or 'none'}.")


def constant(lr0: float) -> Schedule:
    r"""The constant rate :math:`\eta_t = \eta_0`, as a :class:`Schedule`.

    >>> constant(0.05)
    constant(lr0=0.05)
    """
    if isinstance(lr0, numbers.Real) and not isinstance(lr0, bool):
        lr0 = float(lr0)
    return schedule("constant", lr0=lr0)
