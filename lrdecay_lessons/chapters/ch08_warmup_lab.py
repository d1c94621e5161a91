"""Chapter 08's warm-up study on the lab's network: which peaks train with and without warm-up.

The runs are a :func:`lrdecay_lessons.training.tuned_sweep` (each schedule at each peak of a
grid, over seeds); this module reads off what the chapter reports: how many runs failed at
each peak, the largest peak at which every seed trained, each schedule at its own best peak,
how each failed run failed, and
the outcome of one run of the convex study (:func:`run_outcome`).
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from ..display import Table
from ..training import Dataset, Sweep, TrainingResult
from ..errors import InvalidParameterError

__all__ = ["largest_stable_peak", "stability_table", "failed_runs_table", "run_outcome"]


def _check_schedule(sweep: Sweep, schedule: str) -> int:
    names = list(sweep.entries)
    if schedule not in names:
        raise InvalidParameterError(f"schedule must be one of the sweep's schedules {names}; got schedule={schedule!r}.")
    return names.index(schedule)


def largest_stable_peak(sweep: Sweep, schedule: str) -> Optional[float]:
    """The largest peak of the grid at which no seed of ``schedule`` failed (``None`` if there is none)."""
    _check_schedule(sweep, schedule)
    failed = sweep.entries[schedule].failed_by_peak
    clean = [peak for peak in sweep.peaks if failed[peak] == 0]
    return max(clean) if clean else None


def stability_table(sweep: Sweep, title: str) -> Table:
    """Failed runs at each peak, the largest peak where every seed trained, and the best peak's result."""
    seeds = len(sweep.seeds)
    rows = []
    for name, entry in sweep.entries.items():
        stable = largest_stable_peak(sweep, name)
        result = "—" if entry.mean is None else f"{entry.mean:.4f} ± {entry.std:.4f} at {entry.best_peak:g}"
        rows.append((name, *(f"{entry.failed_by_peak[peak]} of {seeds}" for peak in sweep.peaks),
                     "none" if stable is None else f"{stable:g}", result))
    return Table(("schedule", *(f"failed at {peak:g}" for peak in sweep.peaks), "largest peak, all trained",
                  "best peak: final excess loss"), rows, title=title)


def failed_runs_table(sweep: Sweep, schedule: str) -> Table:
    """Every failed run of ``schedule``: its peak and seed, how it failed (blew up at a step, or
    learnt nothing), and its excess loss at the first and the last evaluation against the
    trivial predictor's."""
    index = _check_schedule(sweep, schedule)
    runs, seeds = sweep.runs, len(sweep.seeds)
    rows = []
    for j, peak in enumerate(sweep.peaks):
        for k, seed in enumerate(sweep.seeds):
            run = (index * len(sweep.peaks) + j) * seeds + k
            if not runs.failed[run]:
                continue
            how = (f"blew up at step {runs.failed_at[run]}" if runs.failed_at[run] >= 0
                   else "learnt nothing")
            first, last = runs.excess[run, 0], runs.excess[run, -1]
            rows.append((f"{peak:g}", seed, how, f"{first:.3f}" if np.isfinite(first) else "—",
                         f"{last:.3f}" if np.isfinite(last) else "—"))
    step0, step1 = runs.eval_steps[0], runs.eval_steps[-1]
    return Table(("peak", "seed", "how it failed", f"excess loss at step {step0}", f"at step {step1}"), rows,
                 title=f"{schedule}: the failed runs (trivial predictor: {runs.trivial_excess:.3f})")


def run_outcome(result: TrainingResult, dataset: Dataset) -> str:
    """One convex run in a word or a number: ``"diverged"``, ``"failed"`` (its final validation loss
    is no better than the mean predictor's, :attr:`Dataset.trivial_val_loss`), or that loss."""
    if result.diverged:
        return "diverged"
    final = result.val_loss[-1]
    return "failed" if final >= dataset.trivial_val_loss else f"{final:.3g}"
