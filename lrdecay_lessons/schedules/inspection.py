r"""Look at a schedule before training with it (训练前先画出来): a checklist computed from its curve.

:func:`inspect_schedule` evaluates any callable of the step over the planned steps
:math:`0, \dots, T-1` and a little beyond, and returns a :class:`ScheduleCheck`:

===========================  ===============================================================
:attr:`~ScheduleCheck.start`      :math:`\eta(0)`, the rate of the first update
:attr:`~ScheduleCheck.peak`       :math:`\max_{t < T} \eta(t)`, first reached at :attr:`~ScheduleCheck.peak_step`
:attr:`~ScheduleCheck.final`      :math:`\eta(T-1)`, the last planned rate
:attr:`~ScheduleCheck.jump_step`  :math:`\arg\max_{1 \le t < T} |\eta(t) - \eta(t-1)|`, the largest one-step change
:attr:`~ScheduleCheck.flat_from`  the first step from which the rate stays at :math:`\eta(T-1)`
:attr:`~ScheduleCheck.rises_past_end`  whether :math:`\eta(t) > \eta(T-1)` for some :math:`t \ge T`
===========================  ===============================================================

It catches a horizon given in epochs to a scheduler stepped per batch, a cosine that rises
again after its end, a warm-up that never reaches its peak::

    >>> from lrdecay_lessons.schedules import cosine_annealing
    >>> report = inspect_schedule(schedule("cosine_annealing", lr0=0.1, total_steps=100), 100)
    >>> report.peak, report.peak_step, report.rises_past_end
    (0.1, 0, False)
    >>> report.past_end_text
    'goes to 0 at step 100 and holds it up to step 149'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

import numpy as np

from ..errors import InvalidParameterError
from .composition import describe
from .evaluation import rates_on
from .validation import MAX_CURVE_STEPS, check_callable, check_count, check_non_negative

__all__ = ["ScheduleCheck", "inspect_schedule"]


#: Relative tolerance under which two rates count as equal (a rounding error, not a rise).
_RTOL = 1e-9


@dataclass(frozen=True)
class ScheduleCheck:
    r"""The checklist :func:`inspect_schedule` computes from a curve.

    Attributes
    ----------
    label : str
        The schedule's name.
    total_steps : int
        :math:`T`, the planned number of steps ``0 .. T - 1``.
    rates : numpy.ndarray
        :math:`\eta_0, \dots, \eta_{T-1}`.
    past_rates : numpy.ndarray
        The rates at ``T, T + 1, ...`` (empty if the schedule could not be evaluated there).
    past_error : str
        The error message the schedule gave past ``T - 1`` ('' if none).
    """

    label: str
    total_steps: int
    rates: np.ndarray
    past_rates: np.ndarray
    past_error: str = ""

    @property
    def start(self) -> float:
        r""":math:`\eta_0`, the rate of the first update."""
        return float(self.rates[0])

    @property
    def peak(self) -> float:
        """The largest planned rate."""
        return float(self.rates.max())

    @property
    def peak_step(self) -> int:
        """The first step at which the peak is reached."""
        return int(np.argmax(self.rates))

    @property
    def final(self) -> float:
        r""":math:`\eta_{T-1}`, the rate of the last planned update."""
        return float(self.rates[-1])

    @property
    def jump_step(self) -> Optional[int]:
        r"""The step :math:`t \ge 1` with the largest change :math:`|\eta_t - \eta_{t-1}|` (``None`` if constant)."""
        if self.total_steps < 2:
            return None
        change = np.abs(np.diff(self.rates))
        if change.max() == 0:
            return None
        # equal changes (a linear ramp) differ by rounding only: take the first of them
        return int(np.flatnonzero(change >= change.max() * (1 - 1e-6))[0]) + 1

    @property
    def jump(self) -> float:
        r""":math:`\eta_t - \eta_{t-1}` at :attr:`jump_step` (0 if the schedule is constant)."""
        t = self.jump_step
        return 0.0 if t is None else float(self.rates[t] - self.rates[t - 1])

    @property
    def flat_from(self) -> int:
        """The first step from which the rate stays at its last planned value to the end of the plan."""
        same = np.isclose(self.rates, self.final, rtol=_RTOL, atol=_RTOL * self.peak)
        moving = np.flatnonzero(~same)
        return int(moving[-1]) + 1 if moving.size else 0

    @property
    def rises_past_end(self) -> bool:
        """Whether some rate after the planned end is above the last planned rate."""
        if self.past_rates.size == 0:
            return False
        return bool(self.past_rates.max() > self.final * (1 + _RTOL) + _RTOL * self.peak)

    @property
    def past_end_text(self) -> str:
        """What the rate does after the planned end, in words."""
        if self.past_error:
            return f"error: {self.past_error}"
        if self.past_rates.size == 0:
            return "not checked"
        last = self.total_steps + self.past_rates.size - 1
        top, low = float(self.past_rates.max()), float(self.past_rates.min())
        if self.rises_past_end:
            at = self.total_steps + int(np.argmax(self.past_rates))
            return f"RISES again: up to {top:.4g} at step {at} ({top / self.peak:.0%} of the peak)"
        tail = float(self.past_rates[-1])
        if np.allclose(self.past_rates, tail, rtol=_RTOL, atol=_RTOL * self.peak):
            if np.isclose(tail, self.final, rtol=_RTOL, atol=_RTOL * self.peak):
                return f"holds {self.final:.4g} up to step {last}"
            return f"goes to {tail:.4g} at step {self.total_steps} and holds it up to step {last}"
        return f"keeps falling, to {low:.4g} at step {last}"

    @property
    def worth_a_look(self) -> dict[str, bool]:
        """The checks that deserve a second look: a final rate at least half the peak, a rate
        flat for more than half the run, a rise or an error after the end."""
        return {
            "final": self.final >= 0.5 * self.peak,
            "flat": self.flat_from < 0.5 * self.total_steps,
            "past_end": self.rises_past_end or bool(self.past_error),
        }


def inspect_schedule(
    fn: Callable[..., Any], total_steps: int, past_end: float = 0.5, label: Optional[str] = None
) -> ScheduleCheck:
    r"""Evaluate ``fn`` over the planned run and a bit beyond, and compute a checklist.

    The checklist: the first rate :math:`\eta(0)`; the peak :math:`\max_t \eta(t)` and the
    first step where it is reached; the last planned rate :math:`\eta(T-1)`; the step of the
    largest one-step change :math:`\arg\max_t |\eta(t) - \eta(t-1)|`; and whether the rate
    rises above :math:`\eta(T-1)` at some step in :math:`[T, T(1 + \text{past\_end}))`.

    Parameters
    ----------
    fn : callable
        The schedule, a function of the step ``t`` (vectorised or not), e.g.
        ``schedule("cosine_annealing", lr0=0.1, total_steps=1000)`` or ``lambda t: rates[t]``
        for rates recorded from a framework's scheduler.
    total_steps : int
        :math:`T \ge 1`, the number of steps you plan to train.
    past_end : float, default 0.5
        How far past the end to look, as a fraction of ``total_steps`` (``0`` to skip).
    label : str, optional
        A name for the report; defaults to the schedule's (``"cosine_annealing(lr0=0.1, ...)"``
        for a :class:`~lrdecay_lessons.schedules.Schedule`, a function's name otherwise).

    Returns
    -------
    ScheduleCheck
        An error raised by ``fn`` past the planned end is recorded in it, not raised; an error
        inside the planned run is raised.

    Raises
    ------
    ValueError
        If a planned rate is negative or not finite (naming the step), or for bad arguments.
    """
    check_callable("fn", fn)
    total_steps = check_count("total_steps", total_steps, maximum=MAX_CURVE_STEPS)
    past_end = check_non_negative("past_end", past_end)
    if total_steps * (1 + past_end) > MAX_CURVE_STEPS:
        raise InvalidParameterError(
            f"total_steps × (1 + past_end) must be at most {MAX_CURVE_STEPS:,} steps; got total_steps={total_steps}, "
            f"past_end={past_end!r}."
        )
    label = label or describe(fn)
    extra = int(round(total_steps * past_end))
    rates = _rates(fn, 0, total_steps, label)
    past_rates, error = np.empty(0), ""
    if extra:
        try:
            past_rates = _rates(fn, total_steps, total_steps + extra, label)
        except Exception as exc:  # a framework may refuse steps past its end (OneCycleLR does)
            error = f"{type(exc).__name__}: {exc}"
    return ScheduleCheck(label, total_steps, rates, past_rates, error)


def _rates(fn: Callable[..., Any], start: int, stop: int, label: str) -> np.ndarray:
    r""":math:`\eta(t)` for ``t = start .. stop - 1`` (:func:`~lrdecay_lessons.schedules.evaluation.rates_on`)."""
    return rates_on(fn, np.arange(start, stop), label)
