"""A tuned sweep summed up: each schedule at its best peak beside a reference schedule, seed by seed.

:func:`best_peak_rows` turns a :class:`~lrdecay_lessons.training.many_runs.Sweep` into one row of
text per schedule (best peak, mean ± spread of the final excess loss, failed runs of the grid,
the paired gap to ``reference`` and whether it is larger than its spread); chapters lay the rows
out as a table with :func:`best_peak_columns`. Computes, never draws.
"""

from __future__ import annotations

import numpy as np

from .many_runs import Sweep
from .protocol_sweep import TunedComparison
from ..errors import InvalidParameterError

__all__ = ["best_peak_columns", "best_peak_rows", "tuned_comparison_columns", "tuned_comparison_rows"]


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


def tuned_comparison_columns(result: TunedComparison) -> tuple[str, ...]:
    """The headings of :func:`tuned_comparison_rows`, naming the reference and the seeds."""
    tuning, evaluation = result.plan.tuning, result.plan.evaluation
    return ("schedule", f"peak (tuned on {len(tuning)} seeds)",
            f"final excess loss, mean ± sd over {len(evaluation)} other seeds (sd with n − 1)",
            f"minus {result.reference}: mean [95 % interval]", "lower on", "verdict (Holm, 5 %)")


def tuned_comparison_rows(result: TunedComparison) -> list[tuple[str, ...]]:
    r"""One row per schedule of a :class:`~lrdecay_lessons.training.protocol_sweep.TunedComparison`.

    The peak carries "(grid edge: low/high)" when it is the grid's first or last; the gap to the
    reference is :math:`\bar d` with its 95 % t-interval over the evaluation seeds, the seeds on
    which the schedule ended lower, and a verdict only where Holm's correction leaves it significant.
    """
    rows = []
    n = len(result.plan.evaluation)
    for name, values in result.results.items():
        peak = result.peaks[name]
        if peak is None:
            rows.append((name, "every peak had a failed run", "—", "—", "—", "—"))
            continue
        edge = result.edges[name]
        shown_peak = f"{peak:.3g}" + (f" (grid edge: {edge})" if edge else "")
        failed = int(np.sum(~np.isfinite(values)))
        if failed:
            rows.append((name, shown_peak, f"{failed} of {n} runs failed", "—", "—", "—"))
            continue
        level = f"{values.mean():.4f} ± {values.std(ddof=1):.4f}"
        if name == result.reference:
            rows.append((name, shown_peak, level, "—", "—", "(reference)"))
            continue
        c = result.comparisons[name]
        verdict = {f"{name} lower": "lower", f"{result.reference} lower": "higher"}.get(c.verdict, "not separated")
        rows.append((name, shown_peak, level, f"{c.mean:+.4f} [{c.low:+.4f}, {c.high:+.4f}]",
                     f"{c.first_lower} of {c.n}", verdict))
    return rows
