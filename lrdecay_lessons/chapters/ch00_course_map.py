"""Helpers of chapter 00, the course map (课程导览): the four article schedules in one figure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..display import mark_points, new_figure, plot_curves, schedule_curve, steps_for
from .article import worked_example
from .catalog import ARTICLE_SCHEDULES
from ..i18n import tr

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "article_schedules_figure",
]


def article_schedules_figure(past_end: float = 0.2) -> Figure:
    """The article's four schedules side by side, each with its worked-example parameters.

    Each panel marks the steps of the article's worked example (§4) with the
    values the formula gives there, and runs ``past_end`` × T beyond the horizon.
    """
    figure, axes = new_figure(2, 2, sharex=True, sharey=True)
    for ax, info in zip(axes.flat, ARTICLE_SCHEDULES.values()):
        example = worked_example(info.name)
        horizon = int(example.params.get("total_steps", 1000))
        curve = schedule_curve(info.function, steps_for(horizon, past_end), label="η(t)", colour=info.colour, **info.example)
        plot_curves([curve], title=f"{info.shown_title} (§{info.article_section})", ax=ax, drawstyle=info.drawstyle)
        mark_points(ax, example.steps, example.compute(), label=tr("§4 example steps"), digits=3)
    for ax in axes[0]:
        ax.set_xlabel("")
    for ax in axes[:, 1]:
        ax.set_ylabel("")
    figure.suptitle(tr("The article's four schedules, η₀ = 0.1"), fontsize=20, fontweight="bold")
    return figure
