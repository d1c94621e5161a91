"""Ready-made figures (and the comparison chapter's guide table) built on the package's measures."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from . import schedules
from ._validation import check_count
from .article import worked_example
from .catalog import _SYMBOLS, ARTICLE_SCHEDULES, schedule_label
from .plotting import SCHEDULE_COLOURS, Curve, mark_points, new_figure, plot_curves, schedule_curve, steps_for
from .properties import compare, curve_properties, matched_params, step_at_fraction, training_curve
from .tables import Table

__all__ = ["article_schedules_figure", "comparison_figure", "choosing_table"]


def article_schedules_figure(past_end: float = 0.2) -> Figure:
    """The article's four schedules side by side, each with its worked-example parameters.

    Each panel marks the steps of the article's worked example (§4) with the
    values the formula gives there, and runs ``past_end`` × T beyond the horizon.
    """
    figure, axes = new_figure(2, 2, sharex=True, sharey=True)
    for ax, info in zip(axes.flat, ARTICLE_SCHEDULES.values()):
        example = worked_example(info.name)
        horizon = int(example.params.get("total_steps", 1000))
        curve = schedule_curve(info.function, steps_for(horizon, past_end), label="η(t)", **info.example)
        plot_curves([curve], title=f"{info.english} (§{info.article_section})", ax=ax, drawstyle=info.drawstyle)
        mark_points(ax, example.steps, example.compute(), label="§4 example steps", digits=3)
    for ax in axes[0]:
        ax.set_xlabel("")
    for ax in axes[:, 1]:
        ax.set_ylabel("")
    figure.suptitle("The article's four schedules, η₀ = 0.1", fontsize=20, fontweight="bold")
    return figure


def comparison_figure(
    params: Mapping[str, Mapping[str, Any]],
    horizon: int,
    *,
    title: str,
    show_budget: bool = False,
) -> Figure:
    r"""The schedules on one axes over a run of ``horizon`` steps, legend below.

    Dotted vertical lines (and the x ticks) mark 25, 50 and 75 % of training,
    the columns of :func:`~lrdecay_lessons.properties.properties_table`; a dashed line marks :math:`\eta_0/2`. With
    ``show_budget`` a second panel below shows the share of the budget spent by
    step :math:`t`, :math:`\sum_{u \le t} \eta(u) \big/ \sum_{u < T} \eta(u)`.
    """
    horizon = check_count("horizon", horizon, minimum=2)
    if show_budget:
        figure, (rate_ax, budget_ax) = new_figure(2, 1, sharex=True, figsize=(10.0, 8.8))
    else:
        figure, rate_ax = new_figure(figsize=(10.0, 6.4))
    curves, budgets = [], []
    for name, p in params.items():
        info = ARTICLE_SCHEDULES[name]
        steps, values = training_curve(info.function, horizon, **p)
        colour = SCHEDULE_COLOURS[name]
        curves.append(Curve(schedule_label(name, p), steps, values, {"color": colour, "drawstyle": info.drawstyle}))
        budgets.append(Curve(info.english, steps, np.cumsum(values) / values.sum(), {"color": colour}))
    plot_curves(curves, title=title, ax=rate_ax)
    half = max(float(c.values[0]) for c in curves) / 2
    rate_ax.axhline(half, color="0.35", linestyle="--", linewidth=1.5)
    rate_ax.annotate("η₀/2", (horizon, half), xytext=(-4, 5), textcoords="offset points", ha="right", color="0.35")
    axes = [rate_ax]
    if show_budget:
        plot_curves(budgets, title="Share of the budget Σ η spent so far", ax=budget_ax,
                    ylabel="spent by step t")
        rate_ax.set_xlabel("")
        axes.append(budget_ax)
    for ax in axes:
        ax.get_legend().remove()
        quarters = [step_at_fraction(f, horizon) for f in (0.25, 0.5, 0.75)]
        for step in quarters:
            ax.axvline(step, color="0.6", linestyle=":", linewidth=1.5)
        ax.set_xticks([0, *quarters, horizon])
        ax.set_xlim(0, horizon)
        ax.set_ylim(bottom=0)
    handles, labels = rate_ax.get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncol=2)
    return figure


def choosing_table(
    lr0: float, total_steps: int, step_size: int, alphas: Sequence[float] = (0.5, 4.0)
) -> Table:
    r"""A guide to choosing a schedule, each row backed by numbers computed here.

    The schedules are matched to cosine annealing's mean rate
    (:func:`~lrdecay_lessons.properties.matched_params`), so the numbers compare shapes at the same budget;
    the last row compares polynomial decay at the powers ``alphas``.

    Parameters
    ----------
    lr0, total_steps, step_size : float, int, int
        As for :func:`~lrdecay_lessons.properties.matched_params`.
    alphas : sequence of float, default (0.5, 4.0)
        Two polynomial powers to contrast.

    Returns
    -------
    lrdecay_lessons.tables.Table
        Columns "if you …", "consider", "because".
    """
    params = matched_params(lr0, total_steps, step_size)
    fair = compare(params, total_steps)
    after = {name: ARTICLE_SCHEDULES[name].function(2 * total_steps, **p) for name, p in params.items()}
    own = {name: [_SYMBOLS[k] for k in p if k in _SYMBOLS] for name, p in params.items()}
    low, high = (
        curve_properties(*training_curve(schedules.polynomial_decay, total_steps, lr0=lr0,
                                         total_steps=total_steps, power=a))
        for a in (alphas[0], alphas[-1])
    )

    def title(name: str) -> str:
        return ARTICLE_SCHEDULES[name].english.lower()

    def listing(values: Mapping[str, Any], fmt: str) -> str:
        return ", ".join(f"{title(n)} {format(v, fmt)}" for n, v in values.items())

    by_final = sorted(fair, key=lambda n: fair[n].final)
    early = max(fair, key=lambda n: fair[n].first_half_budget)
    fewest = min(fair, key=lambda n: fair[n].changes)
    rows = [
        ("know T and want training to end at a tiny rate", f"{title(by_final[0])} or {title(by_final[1])}",
         "final rate η(T−1): " + listing({n: fair[n].final for n in by_final}, ".2g")),
        ("may train past T, or do not know T", " or ".join(title(n) for n in after if after[n] > 0),
         "rate at t = 2T: " + listing(after, ".2g")),
        ("want nothing to tune but η₀ and T", " or ".join(title(n) for n in own if not own[n]),
         "own parameters: " + "; ".join(f"{title(n)} {', '.join(k) or 'none'}" for n, k in own.items())),
        ("want a high rate for long, then a firm landing",
         title(early) if early == by_final[0] else f"{title(early)} or {title(by_final[0])}",
         f"most budget in the 1st half: {title(early)} ({fair[early].first_half_budget:.1%}); "
         f"lowest final rate: {title(by_final[0])}"),
        ("want a few distinct phases (e.g. a checkpoint before each drop)", title(fewest),
         f"the rate changes at {fair[fewest].changes} of {total_steps - 1} steps, by up to "
         f"{fair[fewest].drop_size / fair[fewest].lr0:.0%} of η₀"),
        ("want one knob for how early the rate falls", "polynomial decay",
         f"α = {alphas[0]:g} → {alphas[-1]:g} moves the time above η₀/2 from "
         f"{low.above_half:.0%} to {high.above_half:.0%}"),
    ]
    return Table(
        ["if you …", "consider", "because (same budget, computed)"],
        rows,
        title=f"Choosing a schedule (T = {total_steps}, η₀ = {lr0:g}, step s = {step_size})",
    )
