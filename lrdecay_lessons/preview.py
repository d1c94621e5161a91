r"""Look at a schedule before you train with it (训练前先画出来), chapter 10.

A schedule is cheap to evaluate and expensive to get wrong: a horizon given in epochs
to a scheduler stepped per batch, a cosine that rises again after its end, a warm-up
that never reaches its peak. :func:`inspect_schedule` evaluates any callable of the
step -- one of the course's schedules, a ``partial`` of one, or a framework's rates
recorded into an array -- over the planned steps and a little beyond, and reports a
checklist computed from the curve; :func:`preview_figure` draws the same curve with
the checklist's points marked::

    >>> from functools import partial
    >>> from lrdecay_lessons.schedules import cosine_annealing
    >>> report = inspect_schedule(partial(cosine_annealing, lr0=0.1, total_steps=100), 100)
    >>> report.peak, report.peak_step, report.rises_past_end
    (0.1, 0, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

import numpy as np
from matplotlib.figure import Figure

from ._validation import check_count, check_non_negative
from .plotting import new_figure
from .tables import Table
from .training import learning_rates, schedule_label

__all__ = ["ScheduleCheck", "inspect_schedule", "preview_figure"]

#: Relative tolerance under which two rates count as equal (a rounding error, not a rise).
_RTOL = 1e-9


@dataclass(frozen=True, repr=False)
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
        """:math:`\\eta_0`, the rate of the first update."""
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
        """:math:`\\eta_{T-1}`, the rate of the last planned update."""
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

    def _past_end_text(self) -> str:
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

    def table(self) -> Table:
        """The checklist as a table; rows worth a second look are highlighted."""
        T = self.total_steps
        t = self.jump_step
        jump = ("none: the rate is constant" if t is None else
                f"step {t}: {self.rates[t - 1]:.4g} → {self.rates[t]:.4g} "
                f"({'up' if self.jump > 0 else 'down'} {abs(self.jump) / self.peak:.1%} of the peak)")
        rows = [
            ("starts at η(0)", f"{self.start:.4g}" + (" (the first update does nothing)" if self.start == 0 else ""),
             "the rate you meant to start with?"),
            ("peak", f"{self.peak:.4g} at step {self.peak_step} ({self.peak_step / T:.1%} of the run)",
             "the peak you meant, where you meant it?"),
            ("ends at η(T−1)", f"{self.final:.4g} = {self.final / self.peak:.3g} × peak",
             "does it land low enough?"),
            ("largest one-step change", jump, "a drop or restart you planned?"),
            ("flat at the last rate", f"from step {self.flat_from}: {(T - self.flat_from) / T:.0%} of the run",
             "does the schedule use the whole run?"),
            (f"after the end (steps {T}–{T + max(self.past_rates.size, 1) - 1})", self._past_end_text(),
             "what happens if training runs longer?"),
        ]
        highlight = (False, False, self.final >= 0.5 * self.peak, False, self.flat_from < 0.5 * T,
                     self.rises_past_end or bool(self.past_error))
        return Table(("check", f"{self.label}, T = {T}", "ask yourself"), rows,
                     title="Before training: what the curve says", highlight=highlight)

    def __repr__(self) -> str:
        return repr(self.table())

    def _repr_html_(self) -> str:
        return self.table()._repr_html_()


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
        ``partial(cosine_annealing, lr0=0.1, total_steps=1000)`` or ``lambda t: rates[t]``
        for rates recorded from a framework's scheduler.
    total_steps : int
        :math:`T \ge 1`, the number of steps you plan to train.
    past_end : float, default 0.5
        How far past the end to look, as a fraction of ``total_steps`` (``0`` to skip).
    label : str, optional
        A name for the report; defaults to the schedule's.

    Returns
    -------
    ScheduleCheck
        Shows as a table in a notebook. An error raised by ``fn`` past the planned end is
        reported in the table, not raised; an error inside the planned run is raised.

    Raises
    ------
    ValueError
        If a planned rate is negative or not finite (naming the step), or for bad arguments.
    """
    if not callable(fn):
        raise ValueError(f"fn must be a callable schedule of the step; got fn={fn!r}.")
    total_steps = check_count("total_steps", total_steps)
    past_end = check_non_negative("past_end", past_end)
    extra = int(round(total_steps * past_end))
    rates = learning_rates(fn, total_steps)
    past_rates, error = np.empty(0), ""
    if extra:
        try:
            past_rates = learning_rates(fn, total_steps + extra)[total_steps:]
        except Exception as exc:  # a framework may refuse steps past its end (OneCycleLR does)
            error = f"{type(exc).__name__}: {exc}"
    return ScheduleCheck(label or schedule_label(fn), total_steps, rates, past_rates, error)


def preview_figure(check: ScheduleCheck, title: Optional[str] = None, logy: bool = False) -> Figure:
    """Draw the schedule of a :class:`ScheduleCheck` with the checklist's points marked.

    The planned run is a solid line, the steps after its end a dashed one over a grey band;
    the peak, the last planned rate and the largest one-step change are marked.
    """
    figure, ax = new_figure(figsize=(13.5, 5.2))
    T = check.total_steps
    steps = np.arange(T)
    ax.plot(steps, check.rates, color="#0072B2", label=f"planned run, steps 0–{T - 1}")
    if check.past_rates.size:
        past = np.arange(T - 1, T + check.past_rates.size)
        ax.plot(past, np.concatenate([[check.final], check.past_rates]), color="#D55E00", linestyle="--",
                label="if training runs on" + (" — it rises!" if check.rises_past_end else ""))
        ax.axvspan(T - 0.5, past[-1], color="0.9", zorder=0, label="after the planned end")
    ax.plot([check.peak_step], [check.peak], "o", color="black", zorder=5,
            label=f"peak {check.peak:.3g} at step {check.peak_step}")
    ax.plot([T - 1], [check.final], "s", color="black", zorder=5, label=f"last planned {check.final:.3g}")
    if check.jump_step is not None:
        t = check.jump_step
        ax.annotate("", xy=(t, check.rates[t]), xytext=(t, check.rates[t - 1]),
                    arrowprops={"arrowstyle": "->", "color": "#CC79A7", "lw": 2.5})
        ax.plot([], [], color="#CC79A7", label=f"largest one-step change, step {t}")
    if logy:
        ax.set_yscale("log")
    ax.set_title(title or (f"Preview: {check.label}" if len(check.label) <= 45 else "Preview before training"))
    ax.set_xlabel("step t")
    ax.set_ylabel("learning rate η")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return figure
