"""Paired comparisons shown as a table: the difference, its 95 % interval, the sign count, the verdict."""

from __future__ import annotations

from typing import Sequence

from ..display import Table
from ..errors import InvalidParameterError
from ..training import PairedComparison

__all__ = ["comparison_table"]


def comparison_table(comparisons: Sequence[PairedComparison], measures: Sequence[str], title: str) -> Table:
    """One row per comparison: what is compared on which measure, :math:`\\bar d` with its 95 % t-interval,
    the seeds on which the first ended lower, and the verdict (Holm-corrected when the comparisons were)."""
    if len(measures) != len(comparisons):
        raise InvalidParameterError(f"measures must name one measure per comparison ({len(comparisons)}); "
                                    f"got {len(measures)}.")
    rows = [(f"{c.first} − {c.second}", measure, f"{c.mean:+.3g}", f"[{c.low:+.3g}, {c.high:+.3g}]",
             f"{c.first_lower} of {c.n}", c.verdict) for c, measure in zip(comparisons, measures)]
    return Table(["difference, seed by seed", "measure", "mean", "95 % interval", "first lower on", "verdict (Holm, 5 %)"],
                 rows, title=title)
