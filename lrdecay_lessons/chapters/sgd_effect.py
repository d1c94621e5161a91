r""""What this schedule does to SGD" in chapters 02–06: the table and the picture of
:mod:`lrdecay_lessons.experiments.schedules_on_sgd`.

* :func:`outcome_table` — each schedule's final excess loss, mean ± sd over the seeds (sd with
  :math:`n - 1`), on the training tail and on new data;
* :func:`outcome_figure` — the rates (left) and the seed-averaged excess training loss (right, log axis);
* :func:`against` — paired comparisons against one schedule, as :func:`~.evidence.comparison_table`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

from ..display import Curve, Table, new_figure, plot_curves
from ..experiments.schedules_on_sgd import SgdOutcome
from .evidence import comparison_table
from ..i18n import tr
from ..training import shown_name

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["outcome_table", "outcome_figure", "against"]

#: Okabe–Ito colours, told apart also with a colour-vision deficiency; the first is the reference.
_COLOURS = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")


def _mean_sd(values: np.ndarray) -> str:
    return f"{values.mean():.2g} ± {values.std(ddof=1):.2g}"


def outcome_table(outcome: SgdOutcome, title: str) -> Table:
    """One row per schedule: its last rate and the two measures, mean ± sd over the seeds."""
    rows = [(shown_name(name), f"{outcome.paths[name].rates[-1]:.3g}", _mean_sd(outcome.tail(name)), _mean_sd(outcome.new_data(name)))
            for name in outcome.names]
    return Table([tr("schedule"), tr("last rate η(T−1)"), tr("excess training loss, last 10 % (mean ± sd)"),
                  tr("excess loss on new data (mean ± sd)")], rows,
                 title=tr("{title} ({n_seeds} seeds, sd with n − 1)").format(title=title, n_seeds=len(outcome.seeds)))


def outcome_figure(outcome: SgdOutcome, title: str, drops: Sequence[int] = ()) -> Figure:
    """Left the rates, right the excess training loss averaged over the seeds (log axis); ``drops`` are marked."""
    figure, (left, right) = new_figure(1, 2)
    rates, losses = [], []
    for colour, name in zip(_COLOURS, outcome.names):
        path = outcome.paths[name]
        steps = np.arange(path.rates.size)
        style = {"color": colour, "linewidth": 2.5}
        rates.append(Curve(shown_name(name), steps, path.rates, style))
        losses.append(Curve(shown_name(name), steps, outcome.mean_path(name), style))
    plot_curves(rates, title=tr("The rates"), ax=left, legend_loc=None)
    # Low on the left of the loss panel nothing is drawn: every run starts high and falls from there.
    plot_curves(losses, title=title, ax=right, ylabel=tr("excess training loss (mean over seeds)"), logy=True,
                legend_loc="lower left")
    for step in drops:
        right.axvline(step, color="0.5", linestyle=":", linewidth=1.5)
    return figure


def against(outcome: SgdOutcome, reference: str, title: str) -> Table:
    """Every other schedule against ``reference`` on the training tail, seed by seed (Holm across the rows)."""
    comparisons = outcome.comparisons(reference)
    return comparison_table(comparisons, [tr("excess training loss, last 10 %")] * len(comparisons), title)
