"""Chapter 07's lab on the small network: a tuned sweep as a table and as a figure.

The sweep itself is computed by :func:`lrdecay_lessons.training.tuned_sweep` (every schedule at
every peak of a grid, over seeds, on the teacher-student digits problem); this module only shows
it: each schedule at its own best peak, with the spread over seeds, the failed runs of the grid,
and the difference to a reference schedule taken seed by seed (:meth:`Sweep.paired_difference`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..display import DISTINCT_STYLES, Table, new_figure
from ..training import Sweep

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["sweep_table", "sweep_figure"]

def sweep_table(sweep: Sweep, reference: str, title: str) -> Table:
    """Each schedule at its best peak: mean ± spread of the final excess loss, and the paired gap to ``reference``.

    The last column says whether the gap to ``reference`` is larger than its spread over seeds
    (the standard deviation of the seed-by-seed differences): only then is one named better.
    """
    if reference not in sweep.entries:
        raise ValueError(f"reference must be one of the sweep's schedules {list(sweep.entries)}; "
                         f"got reference={reference!r}.")
    rows = []
    for name, entry in sweep.entries.items():
        failed = sum(entry.failed_by_peak.values())
        if entry.best_peak is None:
            rows.append((name, "—", "every peak had a failed run", f"{failed} of {entry.seeds * len(sweep.peaks)}",
                         "—", "—"))
            continue
        gap = sweep.paired_difference(name, reference)
        verdict = "—" if name == reference else ("yes, lower" if gap[0] < -gap[1] else
                                                 "yes, higher" if gap[0] > gap[1] else "no: inside the spread")
        rows.append((name, f"{entry.best_peak:g}", f"{entry.mean:.4f} ± {entry.std:.4f}",
                     f"{failed} of {entry.seeds * len(sweep.peaks)}",
                     "—" if name == reference else f"{gap[0]:+.4f} ± {gap[1]:.4f}", verdict))
    return Table(("schedule", "best peak", "final excess loss (mean ± std over seeds)", "failed runs in the grid",
                  f"minus {reference}, seed by seed", f"beyond the spread?"), rows, title=title)


def sweep_figure(sweep: Sweep, title: str) -> Figure:
    """The excess loss along the run of each schedule at its best peak (mean over seeds), log scale."""
    figure, ax = new_figure()
    runs = sweep.runs
    names = list(sweep.entries)
    n_peaks, n_seeds = len(sweep.peaks), len(sweep.seeds)
    for index, name in enumerate(names):
        entry = sweep.entries[name]
        if entry.best_peak is None:
            continue
        first = (index * n_peaks + sweep.peaks.index(entry.best_peak)) * n_seeds
        curve = runs.excess[first:first + n_seeds].mean(axis=0)
        ax.plot(runs.eval_steps, curve, label=f"{name} (peak {entry.best_peak:g})",
                **DISTINCT_STYLES[index % len(DISTINCT_STYLES)])
    ax.axhline(runs.trivial_excess, color="0.45", linestyle=":", linewidth=2,
               label="trivial predictor (class frequencies)")
    ax.set_yscale("log")
    ax.set_title(title)
    ax.set_xlabel("step t")
    ax.set_ylabel("excess loss (nats, log scale)")
    ax.legend(loc="center right")
    return figure
