"""Paired comparisons (:class:`~lrdecay_lessons.training.PairedComparison`) as the rows of a table, for the chapters
whose comparisons are not a tuned sweep (those use :func:`~lrdecay_lessons.training.tuned_comparison_rows`)."""

from __future__ import annotations

from typing import Sequence

from ..training import PairedComparison

__all__ = ["comparison_rows"]


def comparison_rows(comparisons: Sequence[PairedComparison]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Headings and rows of a table of paired comparisons (each a − b seed by seed, Holm-adjusted verdicts).

    >>> from lrdecay_lessons.training import paired_comparison
    >>> columns, rows = comparison_rows([paired_comparison("a", "b", [1, 2, 3, 4, 5], [2, 3, 4, 5, 6.5])])
    >>> rows[0][0], rows[0][3], rows[0][4]
    ('a − b', '5 of 5', 'a lower')
    """
    rows = [(f"{c.first} − {c.second}", f"{c.mean:+.3g} [{c.low:+.3g}, {c.high:+.3g}]", f"{c.sd:.2g}",
             f"{c.first_lower} of {c.n}", c.verdict) for c in comparisons]
    return ("a − b", "mean [95 % interval]", "sd of the differences (n − 1)", "a lower on",
            "verdict (Holm, 5 %)"), rows
