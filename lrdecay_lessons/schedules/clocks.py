r"""A schedule read with another clock: stepped once per epoch, or restarted at a resume.

Both take a schedule :math:`\eta(\cdot)` and return a new pure function of the update step
:math:`t`; only the step the schedule is evaluated at changes:

======================  =========================================================================
:func:`epoch_stepped`   :math:`\tilde\eta_t = \eta(\lfloor t / B \rfloor)`: the rate changes only when an epoch starts
:func:`restarted_clock` :math:`\tilde\eta_t = \eta(t)` before :math:`R`, :math:`\eta(t - R)` after: the resume bug
======================  =========================================================================

>>> from lrdecay_lessons.schedules import schedule
>>> per_epoch = epoch_stepped(schedule("cosine_annealing", lr0=0.1, total_steps=10), steps_per_epoch=100)
>>> per_epoch([0, 99, 100]).round(6)
array([0.1     , 0.1     , 0.097553])
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
from numpy.typing import ArrayLike

from .validation import check_callable, check_count, check_steps

__all__ = ["epoch_stepped", "restarted_clock"]


def _check_schedule(name: str, schedule: Any) -> Callable[[Any], Any]:
    return check_callable(name, schedule)


def epoch_stepped(schedule: Callable[[Any], Any], steps_per_epoch: int) -> Callable[[ArrayLike], Any]:
    r"""A schedule whose clock is the epoch: the rate changes only when an epoch starts.

    .. math:: \tilde\eta_t = \eta\big(\lfloor t / B \rfloor\big)

    where :math:`t` counts updates (batches) and :math:`B` is ``steps_per_epoch``. This is
    what you get by calling PyTorch's ``scheduler.step()`` once per epoch with a schedule
    whose horizon is given in epochs.

    Parameters
    ----------
    schedule : callable
        A schedule whose ``t`` counts epochs.
    steps_per_epoch : int
        :math:`B \ge 1`.

    Returns
    -------
    callable
        A schedule of the update step ``t``: a float for a number, an array for an array.
    """
    schedule = _check_schedule("schedule", schedule)
    steps_per_epoch = check_count("steps_per_epoch", steps_per_epoch)

    def per_epoch(t: ArrayLike) -> Any:
        steps, is_scalar = check_steps(t)
        values = np.asarray(schedule(np.floor(steps / steps_per_epoch)), dtype=float)
        return float(values) if is_scalar else values

    per_epoch.__name__ = "stepped once per epoch"
    return per_epoch


def restarted_clock(schedule: Callable[[Any], Any], resume_at: int) -> Callable[[ArrayLike], Any]:
    r"""The resume bug: after a checkpoint at step ``resume_at`` the schedule starts again from 0.

    .. math:: \tilde\eta_t = \begin{cases} \eta(t), & t < R,\\ \eta(t - R), & t \ge R. \end{cases}

    The right resume is the schedule itself, :math:`\eta(t)`: a schedule is a pure function of
    the step, so resuming means evaluating it at the saved step :math:`R`.

    Parameters
    ----------
    schedule : callable
        The schedule of the whole run.
    resume_at : int
        :math:`R \ge 1`, the step at which training was resumed.

    Returns
    -------
    callable
        A schedule of the step ``t``: a float for a number, an array for an array.

    Examples
    --------
    >>> from lrdecay_lessons.schedules import schedule
    >>> restarted_clock(schedule("polynomial_decay", lr0=1.0, total_steps=10, power=1.0), 4)([3, 4, 5])
    array([0.7, 1. , 0.9])
    """
    schedule = _check_schedule("schedule", schedule)
    resume_at = check_count("resume_at", resume_at)

    def buggy(t: ArrayLike) -> Any:
        steps, is_scalar = check_steps(t)
        values = np.asarray(schedule(np.where(steps < resume_at, steps, steps - resume_at)), dtype=float)
        return float(values) if is_scalar else values

    buggy.__name__ = f"clock restarted at step {resume_at}"
    return buggy
