"""A tuned comparison summed up: each schedule at its tuned peak beside a reference schedule, seed by seed.

:func:`tuned_comparison_rows` turns a :class:`~lrdecay_lessons.training.protocol_sweep.TunedComparison` into
one row of text per schedule (peak and whether it sits at the grid's edge, mean ± sd with n − 1 on the
evaluation seeds, the paired gap to the reference with its 95 % interval, the sign count, the Holm verdict);
chapters lay the rows out as a table with :func:`tuned_comparison_columns`. Computes, never draws.
"""

from __future__ import annotations

import numpy as np

from .protocol_sweep import TunedComparison
from ..i18n import tr
from .shown_names import shown_name

__all__ = ["tuned_comparison_columns", "tuned_comparison_rows"]


def tuned_comparison_columns(result: TunedComparison) -> tuple[str, ...]:
    """The headings of :func:`tuned_comparison_rows`, naming the reference and the seeds."""
    tuning, evaluation = result.plan.tuning, result.plan.evaluation
    return (tr("schedule"), tr("peak (tuned on {n_tuning} seeds)").format(n_tuning=len(tuning)),
            tr("final excess loss, mean ± sd over {n_evaluation} other seeds (sd with n − 1)").format(
                n_evaluation=len(evaluation)),
            tr("minus {reference}: mean [95 % interval]").format(
                reference=shown_name(result.reference)), tr("lower on"), tr("verdict (Holm, 5 %)"))


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
            rows.append((shown_name(name), tr("every peak had a failed run"), "—", "—", "—", "—"))
            continue
        edge = result.edges[name]
        shown_peak = f"{peak:.3g}" + (tr(" (grid edge: {edge})").format(edge=edge) if edge else "")
        failed = int(np.sum(~np.isfinite(values)))
        if failed:
            rows.append((shown_name(name), shown_peak, tr("{failed} of {n} runs failed").format(failed=failed, n=n), "—", "—", "—"))
            continue
        level = f"{values.mean():.4f} ± {values.std(ddof=1):.4f}"
        if name == result.reference:
            rows.append((shown_name(name), shown_peak, level, "—", "—", tr("(reference)")))
            continue
        c = result.comparisons[name]
        verdict = {f"{name} lower": tr("lower"), f"{result.reference} lower": tr("higher")}.get(c.verdict, tr("not separated"))
        rows.append((shown_name(name), shown_peak, level, f"{c.mean:+.4f} [{c.low:+.4f}, {c.high:+.4f}]",
                     tr("{first_lower} of {n}").format(first_lower=c.first_lower, n=c.n), verdict))
    return rows
