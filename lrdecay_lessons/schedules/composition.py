r"""Composing schedules (组合调度): one schedule after another, and a warm-up for any schedule.

:func:`join_schedules` runs schedules one after the other, like optax's
``join_schedules`` and PyTorch's ``SequentialLR``: each later schedule starts its own
clock at its boundary. :func:`with_warmup` puts a linear warm-up (预热) in front of any
schedule of the course::

    >>> from lrdecay_lessons.schedules import schedule
    >>> warm_cosine = with_warmup(schedule("cosine_annealing", lr0=1.0, total_steps=100), 10)
    >>> warm_cosine([0, 5, 10, 60, 110])
    array([0. , 0.5, 1. , 0.5, 0. ])
    >>> warm_cosine
    join_schedules([linear_warmup(lr0=1, warmup_steps=10), cosine_annealing(lr0=1, total_steps=100)], boundaries=[10])

The results keep the conventions of :mod:`lrdecay_lessons.schedules`: a scalar ``t``
gives a ``float``, an array gives an array of the same shape, and a negative,
non-finite or non-numeric ``t`` raises :class:`ValueError`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike

from .evaluation import rates_on
from .schedule import Schedule, format_value
from .validation import (
    InvalidParameterError,
    check_callable,
    check_count,
    check_in_interval,
    check_positive,
    check_steps,
)

__all__ = [
    "JoinedSchedule",
    "LinearWarmup",
    "join_schedules",
    "linear_warmup",
    "with_warmup",
]


ScheduleFunction = Callable[[Any], Any]


def linear_warmup(
    t: ArrayLike, lr0: float, warmup_steps: int, start_factor: float = 0.0
) -> float | np.ndarray:
    r"""Linear warm-up (线性预热) from ``start_factor * lr0`` to ``lr0`` over ``warmup_steps``.

    .. math:: \eta_t = \eta_0 \left(f + (1 - f)\,\frac{\min(t, W)}{W}\right)

    Parameters
    ----------
    t : float or array_like
        Step number, ``t >= 0``; for ``t >= W`` the rate stays at ``lr0``.
    lr0 : float
        Rate reached at ``t = warmup_steps``, ``> 0``.
    warmup_steps : int
        :math:`W \ge 1`.
    start_factor : float, default 0.0
        :math:`f \in [0, 1]`, the rate at ``t = 0`` as a fraction of ``lr0``.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    PyTorch's ``LinearLR(optimizer(lr=lr0), start_factor=f, end_factor=1.0,
    total_iters=W)`` (which needs ``f > 0``); optax's
    ``linear_schedule(f * lr0, lr0, transition_steps=W)``.

    Examples
    --------
    >>> linear_warmup([0, 2, 4, 8], lr0=0.1, warmup_steps=4)
    array([0.  , 0.05, 0.1 , 0.1 ])
    """
    steps, is_scalar = check_steps(t)
    lr0 = check_positive("lr0", lr0)
    warmup_steps = check_count("warmup_steps", warmup_steps)
    start_factor = check_in_interval("start_factor", start_factor, 0.0, 1.0, closed_low=True,
                                     closed_high=True)
    # min(t, W): a huge t past the warm-up (say 1e308) must not overflow in the unused branch.
    rising = lr0 * (start_factor + (1.0 - start_factor) * np.minimum(steps, warmup_steps) / warmup_steps)
    values = np.where(steps < warmup_steps, rising, lr0)
    return float(values) if is_scalar else values


def describe(schedule: ScheduleFunction) -> str:
    """How a schedule reads in a label: a course schedule's ``repr``, a function's name.

    A :class:`~lrdecay_lessons.schedules.Schedule`, a warm-up or a join says what it is
    (``cosine_annealing(lr0=0.1, total_steps=1000)``); any other function of the step gives
    its ``__name__`` (``<lambda>`` for a lambda).
    """
    if isinstance(schedule, (JoinedSchedule, LinearWarmup, Schedule)):
        return repr(schedule)
    return getattr(schedule, "__name__", None) or repr(schedule)


@dataclass(frozen=True)
class LinearWarmup:
    r"""The ramp of :func:`with_warmup`: :func:`linear_warmup` with its parameters, as a value."""

    lr0: float
    warmup_steps: int
    start_factor: float = 0.0

    def __call__(self, t: ArrayLike) -> float | np.ndarray:
        return linear_warmup(t, self.lr0, self.warmup_steps, self.start_factor)

    def __repr__(self) -> str:
        factor = f", start_factor={format_value(self.start_factor)}" if self.start_factor else ""
        return f"linear_warmup(lr0={format_value(self.lr0)}, warmup_steps={self.warmup_steps}{factor})"


@dataclass(frozen=True)
class JoinedSchedule:
    r"""Schedules run one after another; call it with the step ``t``.

    Schedule ``i`` is used for :math:`b_{i-1} \le t < b_i` (with :math:`b_{-1} = 0`)
    and is given the steps since its boundary, :math:`t - b_{i-1}`. Build it with
    :func:`join_schedules` or :func:`with_warmup`.
    """

    schedules: tuple[ScheduleFunction, ...]
    boundaries: tuple[int, ...]

    def __call__(self, t: ArrayLike) -> float | np.ndarray:
        steps, is_scalar = check_steps(t)
        values = np.empty_like(steps)
        starts = (0, *self.boundaries)
        ends = (*self.boundaries, math.inf)
        for index, (schedule, start, end) in enumerate(zip(self.schedules, starts, ends)):
            inside = (steps >= start) & (steps < end)
            if not np.any(inside):
                continue
            values[inside] = rates_on(schedule, steps[inside] - start, f"schedules[{index}]", offset=start)
        return float(values) if is_scalar else values

    def __repr__(self) -> str:
        names = ", ".join(describe(s) for s in self.schedules)
        return f"join_schedules([{names}], boundaries={list(self.boundaries)})"


def join_schedules(schedules: Sequence[ScheduleFunction], boundaries: Sequence[int]) -> JoinedSchedule:
    r"""Run ``schedules`` one after another, switching at ``boundaries``.

    .. math:: \eta_t = s_i(t - b_{i-1}) \quad\text{for } b_{i-1} \le t < b_i,
              \qquad b_{-1} = 0,\ b_{n} = \infty

    Parameters
    ----------
    schedules : sequence of callable
        ``n + 1`` schedules, each a function of the step (like those in
        :mod:`lrdecay_lessons.schedules`, e.g. ``schedule("cosine_annealing", lr0=0.1,
        total_steps=100)`` or ``constant(0.01)``).
    boundaries : sequence of int
        ``n`` whole-number steps ``>= 0`` in strictly increasing order: schedule
        ``i + 1`` takes over *at* step ``boundaries[i]`` and counts its steps from there.

    Returns
    -------
    JoinedSchedule
        A callable of ``t``: a float for a scalar ``t``, an array for an array.

    Notes
    -----
    optax's ``join_schedules(schedules, boundaries)``, which also gives each later
    schedule ``step - boundary``. PyTorch's ``SequentialLR(optimizer, schedulers,
    milestones=boundaries)`` does the same for schedulers that start from the
    optimizer's base rate. Each schedule is evaluated only on its own stretch of steps,
    so it never sees a negative step (optax evaluates every schedule at every step, the
    later ones at negative ``step - boundary``, and masks the results).

    Examples
    --------
    >>> from lrdecay_lessons.schedules import constant, schedule
    >>> joined = join_schedules([constant(0.01), schedule("step_decay", lr0=0.1, gamma=0.5, step_size=10)], [5])
    >>> joined([0, 4, 5, 14, 15])
    array([0.01, 0.01, 0.1 , 0.1 , 0.05])
    """
    if isinstance(schedules, (str, bytes)) or not isinstance(schedules, Sequence) or not schedules:
        raise InvalidParameterError(
            f"schedules must be a non-empty list of schedules (callables); got schedules={schedules!r}."
        )
    for index, schedule in enumerate(schedules):
        check_callable(f"schedules[{index}]", schedule)
    if isinstance(boundaries, (str, bytes)) or not isinstance(boundaries, (Sequence, np.ndarray)):
        raise InvalidParameterError(
            f"boundaries must be a list of steps in increasing order, e.g. [100]; got boundaries={boundaries!r}."
        )
    marks = [check_count(f"boundaries[{i}]", b, minimum=0) for i, b in enumerate(list(boundaries))]
    if len(marks) != len(schedules) - 1:
        raise InvalidParameterError(
            f"boundaries must have one entry fewer than schedules: got {len(schedules)} schedules "
            f"and {len(marks)} boundaries (boundaries={list(boundaries)!r})."
        )
    for i in range(1, len(marks)):
        if marks[i] <= marks[i - 1]:
            raise InvalidParameterError(
                f"boundaries must be strictly increasing; got boundaries={list(boundaries)!r} "
                f"(boundaries[{i}]={marks[i]} is not after {marks[i - 1]})."
            )
    return JoinedSchedule(tuple(schedules), tuple(marks))


def with_warmup(
    schedule: ScheduleFunction, warmup_steps: int, lr0: float | None = None, start_factor: float = 0.0
) -> JoinedSchedule:
    r"""Give any schedule a linear warm-up: ramp up for ``warmup_steps``, then run it.

    .. math::
        \eta_t = \begin{cases}
          \eta_0 \left(f + (1 - f)\, t / W\right), & t < W,\\
          s(t - W), & t \ge W,
        \end{cases}
        \qquad \eta_0 = s(0) \text{ unless given}

    Parameters
    ----------
    schedule : callable
        The schedule to warm up, a function of the step.
    warmup_steps : int
        :math:`W \ge 0`; ``0`` returns the schedule unchanged (as a joined schedule).
    lr0 : float, optional
        Rate the warm-up climbs to; defaults to ``schedule(0)``, so the curve is
        continuous at ``t = W``.
    start_factor : float, default 0.0
        :math:`f \in [0, 1]`, the first rate as a fraction of ``lr0``.

    Returns
    -------
    JoinedSchedule
        ``join_schedules([linear_warmup, schedule], [warmup_steps])``.

    Notes
    -----
    With ``schedule = schedule("cosine_annealing", lr0=lr0, total_steps=T - W)`` this is
    :func:`~lrdecay_lessons.schedules.warmup_cosine` with ``total_steps=T``. PyTorch:
    ``SequentialLR([LinearLR(start_factor=f, total_iters=W), scheduler], milestones=[W])``
    (``f > 0`` there); optax: ``join_schedules([linear_schedule(f * lr0, lr0, W), schedule], [W])``.
    Against PyTorch 2.13's ``SequentialLR`` with ``CosineAnnealingLR(T_max)`` there is no
    off-by-one: step ``W - 1`` is the last warm-up step and step ``W`` is exactly ``lr0``;
    the cosine's ``T_max`` counts from the milestone (``T_max = T - W``), and past
    ``W + T_max`` PyTorch's rate rises again while this one holds. With
    ``schedule = schedule("polynomial_decay", lr0=lr0, total_steps=T - W, power=1)`` (linear
    decay to zero) it is Hugging Face's ``get_linear_schedule_with_warmup(optimizer(lr=lr0),
    num_warmup_steps=W, num_training_steps=T)`` (``T > W``) at every step, past ``T`` too (recorded
    from transformers 5.24.0).

    Examples
    --------
    >>> from lrdecay_lessons.schedules import schedule
    >>> warm = with_warmup(schedule("exponential_decay", lr0=0.1, gamma=0.5, total_steps=10), 4)
    >>> warm([0, 1, 4, 14])
    array([0.   , 0.025, 0.1  , 0.05 ])
    """
    check_callable("schedule", schedule)
    warmup_steps = check_count("warmup_steps", warmup_steps, minimum=0)
    start_factor = check_in_interval("start_factor", start_factor, 0.0, 1.0, closed_low=True,
                                     closed_high=True)
    if lr0 is None:
        first = np.asarray(schedule(0), dtype=float)
        if first.size != 1 or not np.isfinite(first) or first <= 0:
            raise InvalidParameterError(
                f"with_warmup climbs to schedule(0), which must be a number > 0; got schedule(0)={first!r}. "
                "Pass lr0 to choose the peak of the warm-up."
            )
        lr0 = float(first)
    lr0 = check_positive("lr0", lr0)
    if warmup_steps == 0:
        return join_schedules([schedule], [])
    return join_schedules([LinearWarmup(lr0, warmup_steps, start_factor), schedule], [warmup_steps])
