"""Paired comparisons shown as a table: the difference, its 95 % interval, the sign count, the verdict;
and the texts of tuned results (peak, level, verdict) that chapters 10 and 11 share.

For the comparisons that are not a tuned sweep (those use :func:`~lrdecay_lessons.training.tuned_comparison_rows`).
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from ..display import Table
from ..errors import InvalidParameterError
from ..training import PairedComparison, shown_name
from ..i18n import Text, tr

__all__ = ["comparison_rows", "comparison_table", "paired_table", "SD", "MARKERS", "peak_text", "level_text",
           "verdict_text", "legend_outside"]


def comparison_table(comparisons: Sequence[PairedComparison], measures: Sequence[str], title: str) -> Table:
    """One row per comparison: what is compared on which measure, :math:`\\bar d` with its 95 % t-interval,
    the seeds on which the first ended lower, and the verdict (Holm-corrected when the comparisons were)."""
    if len(measures) != len(comparisons):
        raise InvalidParameterError(f"measures must name one measure per comparison ({len(comparisons)}); "
                                    f"got {len(measures)}.")
    rows = [(f"{shown_name(c.first)} − {shown_name(c.second)}", measure, f"{c.mean:+.3g}", f"[{c.low:+.3g}, {c.high:+.3g}]",
             tr("{first_lower} of {n}").format(
                 first_lower=c.first_lower, n=c.n), c.verdict_text) for c, measure in zip(comparisons, measures)]
    return Table([tr("difference, seed by seed"), tr("measure"), tr("mean"), tr("95 % interval"), tr("first lower on"), tr("verdict (Holm, 5 %)")],
                 rows, title=title)


def comparison_rows(comparisons: Sequence[PairedComparison]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Headings and rows of a table of paired comparisons (each a − b seed by seed, Holm-adjusted verdicts).

    >>> from lrdecay_lessons.training import paired_comparison
    >>> columns, rows = comparison_rows([paired_comparison("a", "b", [1, 2, 3, 4, 5], [2, 3, 4, 5, 6.5])])
    >>> rows[0][0], rows[0][3], rows[0][4]
    ('a − b', '5 of 5', 'a lower')
    """
    rows = [(f"{shown_name(c.first)} − {shown_name(c.second)}", f"{c.mean:+.3g} [{c.low:+.3g}, {c.high:+.3g}]", f"{c.sd:.2g}",
             tr("{first_lower} of {n}").format(first_lower=c.first_lower, n=c.n), c.verdict_text) for c in comparisons]
    return ("a − b", tr("mean [95 % interval]"), tr("sd of the differences (n − 1)"), tr("a lower on"),
            tr("verdict (Holm, 5 %)")), rows


def paired_table(comparisons: Sequence[PairedComparison], title: str,
                 labels: Optional[Sequence[str]] = None) -> Table:
    """One row per comparison: the mean difference seed by seed, its 95 % t-interval, the sd of the
    differences (n − 1), the sign count, the Holm-adjusted p-value and the verdict at 5 %.

    ``labels`` name the rows (default: each comparison's first schedule)."""
    names = [c.first for c in comparisons] if labels is None else list(labels)
    if len(names) != len(comparisons):
        raise InvalidParameterError(f"labels must name each of the {len(comparisons)} comparisons; got labels={labels!r}.")
    rows = []
    for name, c in zip(names, comparisons):
        verdict = {f"{c.first} lower": tr("lower"), f"{c.second} lower": tr("higher")}.get(c.verdict, tr("not separated"))
        rows.append((shown_name(name), f"{c.mean:+.4f} [{c.low:+.4f}, {c.high:+.4f}]", f"{c.sd:.4f}",
                     tr("{first_lower} of {n}").format(
                         first_lower=c.first_lower, n=c.n), f"{c.adjusted_p:.2g}", verdict))
    second = shown_name(comparisons[0].second) if comparisons else "reference"
    return Table((tr("compared"), tr("minus {second}: mean [95 % interval]").format(
        second=second), tr("sd of the differences (n − 1)"), tr("lower on"),
                  tr("p after Holm"), tr("verdict (Holm, 5 %)")), rows, title=title)


# --- tuned results as text, and a figure's legend beside its axes (chapters 10 and 11) ---------------

SD = Text("sd with n − 1")  # translated where it is formatted into a heading


MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def peak_text(value, edge) -> str:
    """A tuned peak to 3 significant digits, with the grid edge it sits at; "every peak failed" for ``None``."""
    return tr("every peak failed") if value is None else f"{value:.3g}" + (tr(" (grid edge: {edge})").format(
        edge=edge) if edge else "")


def level_text(values: np.ndarray) -> str:
    """Mean ± sd (n − 1) of final losses to 4 decimals, or how many runs failed."""
    if not np.all(np.isfinite(values)):
        return tr("{int} of {size} runs failed").format(int=int(np.sum(~np.isfinite(values))), size=values.size)
    return f"{values.mean():.4f} ± {values.std(ddof=1):.4f}"


def verdict_text(comparison, first: str, second: str) -> str:
    """A paired comparison's verdict as the reader sees it: ``first`` or ``second`` lower, or not separated."""
    return {f"{comparison.first} lower": first, f"{comparison.second} lower": second}.get(comparison.verdict,
                                                                                          tr("not separated"))


def legend_outside(ax, title: str) -> None:
    """Legend beside the axes (off the data); the title starts at the axes' left edge, so it is never cut."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
    ax.set_title(title, loc="left")
