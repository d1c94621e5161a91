"""A tuned sweep summed up: each schedule at its best peak beside a reference schedule, seed by seed.

:func:`best_peak_rows` turns a :class:`~lrdecay_lessons.training.many_runs.Sweep` into one row of
text per schedule (best peak, mean ± spread of the final excess loss, failed runs of the grid,
the paired gap to ``reference`` and whether it is larger than its spread); chapters lay the rows
out as a table with :func:`best_peak_columns`. Computes, never draws.
"""

from __future__ import annotations

from .many_runs import Sweep
from ..errors import InvalidParameterError

__all__ = ["best_peak_columns", "best_peak_rows"]


def best_peak_columns(reference: str) -> tuple[str, ...]:
    """The headings of :func:`best_peak_rows`, naming ``reference``."""
    return ("schedule", "best peak", "final excess loss (mean ± std over seeds)", "failed runs in the grid",
            f"minus {reference}, seed by seed", "beyond the spread?")


def best_peak_rows(sweep: Sweep, reference: str) -> list[tuple[str, ...]]:
    r"""Each schedule at its best peak, and its paired gap to ``reference``.

    The gap is :math:`\overline{d} \pm s_d` with :math:`d_k = L_k(\text{name}) - L_k(\text{reference})`
    the difference of the final excess losses of seed :math:`k`
    (:meth:`~lrdecay_lessons.training.many_runs.Sweep.paired_difference`); one schedule is named
    better only when :math:`|\overline{d}| > s_d`.

    Raises
    ------
    ValueError
        If ``reference`` is not a schedule of the sweep.
    """
    if reference not in sweep.entries:
        raise InvalidParameterError(f"reference must be one of the sweep's schedules {list(sweep.entries)}; "
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
    return rows
