r"""Chapter 10, schedules of today (当代调度): the views of WSD branching, tuned comparisons and the convex bound.

The experiments are functions of a seed plan in :mod:`lrdecay_lessons.experiments.ch10` (peaks tuned
on some seeds, results and paired comparisons on others); this module lays them out:

* :func:`branching_table`, :func:`branching_figure`, :func:`cooldown_figure`: WSD and its branches;
* :func:`peak_table`, :func:`peak_length_figure`: how each family's best peak moves with the run's length;
* :func:`cooldown_study_table`, :func:`cooldown_study_figure`: cooldown length × shape against runs from scratch;
* :func:`comparison_table`, :func:`sweep_figure`: a tuned comparison as a table and its curves;
* :func:`schedule_free_table`: schedule-free optimizers against a tuned linear decay;
* :func:`bound_table`, :func:`rank_correlation`, :func:`bound_figure`: the convex last-iterate bound
  of each schedule (at its own best peak) beside the lab's measured ranking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np
from matplotlib.ticker import NullLocator

from ..display import DISTINCT_STYLES, Table, new_figure
from ..errors import InvalidParameterError
from ..experiments.ch10 import FAMILIES, Branching, Factory, ScheduleFreeComparison, today_schedules
from ..experiments.cooldowns import BASELINES, FRACTIONS, SHAPES, CooldownStudy, branch_name
from ..schedules import wsd
from ..schedules.bounds import tuned_last_iterate_bound
from ..schedules.validation import check_count
from ..training import TunedComparison, shown_name, tuned_comparison_columns, tuned_comparison_rows
from .evidence import MARKERS, SD, legend_outside, level_text, peak_text, verdict_text
from ..i18n import tr

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "today_schedules",
    "branching_table",
    "branching_figure",
    "peak_table",
    "peak_length_figure",
    "cooldown_figure",
    "comparison_table",
    "sweep_figure",
    "schedule_free_table",
    "cooldown_study_table",
    "cooldown_study_figure",
    "bound_table",
    "rank_correlation",
    "bound_figure",
]

def branching_table(result: Branching) -> Table:
    """One row per length: WSD and cosine each at its tuned peak, and WSD − cosine seed by seed (Holm over the lengths)."""
    n = len(next(iter(result.per_length.values())).plan.evaluation)
    tuning = len(next(iter(result.per_length.values())).plan.tuning)
    rows = []
    for L, D, c in zip(result.lengths, result.cooldowns, result.comparisons):
        cells = [L, f"{L - D} + {D}"]
        for family in ("WSD branch", "cosine from scratch"):
            cells += [peak_text(result.peak(family, L), result.edge(family, L)), level_text(result.results(family, L))]
        cells += [f"{c.mean:+.4f} [{c.low:+.4f}, {c.high:+.4f}]", tr("{first_lower} of {n}").format(
            first_lower=c.first_lower, n=c.n),
                  verdict_text(c, tr("WSD lower"), tr("cosine lower"))]
        rows.append(cells)
    return Table((tr("length L"), tr("branch: constant + cooldown"), tr("WSD peak (tuned on {tuning} seeds)").format(
        tuning=tuning),
                  tr("WSD excess loss (mean ± sd, {SD})").format(SD=SD), tr("cosine peak"), tr("cosine excess loss (mean ± sd, {SD})").format(
                      SD=SD),
                  tr("WSD − cosine: mean [95 % interval]"), tr("WSD lower on"), tr("verdict (Holm over the lengths, 5 %)")),
                 rows, title=tr("Excess loss at step L, each family at its own tuned peak, {n} evaluation seeds").format(
                     n=n))


def peak_table(result: Branching) -> Table:
    """The peak each family was tuned to at each length (on the tuning seeds), grid edges flagged."""
    rows = [[shown_name(family)] + [peak_text(result.peak(family, L), result.edge(family, L)) for L in result.lengths]
            for family in FAMILIES]
    tuning = len(next(iter(result.per_length.values())).plan.tuning)
    return Table([tr("family")] + [tr("tuned peak, L = {L}").format(L=L) for L in result.lengths], rows,
                 title=tr("The best peak of each family at each run length (tuned on {tuning} seeds, grid {join})").format(
                     tuning=tuning,
                     join=', '.join(f'{p:.3g}' for p in next(iter(result.per_length.values())).tuning.peaks)))


def peak_length_figure(result: Branching) -> Figure:
    """One panel per family: the mean final excess loss on the tuning seeds against the peak, a line per length,
    the tuned peak marked."""
    figure, axes = new_figure(1, len(FAMILIES), sharey=True)
    for ax, family in zip(axes, FAMILIES):
        for index, L in enumerate(result.lengths):
            sweep = result.per_length[L].tuning
            means = sweep.final_excess[result.name(family, L)].mean(axis=1)  # nan where a seed failed: not a candidate
            style = _style(index)
            ax.plot(sweep.peaks, means, label=f"L = {L}", **style)
            best = result.peak(family, L)
            if best is not None:
                ax.plot([best], [means[sweep.peaks.index(best)]], marker="o", markersize=12, color=style["color"],
                        linestyle="none")
        ax.set_xscale("log", base=2)
        ticks = next(iter(result.per_length.values())).tuning.peaks[::2]
        ax.set_xticks(ticks, [f"{p:.3g}" for p in ticks])
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_yscale("log")
        ax.set_xlabel(tr("peak η (log scale)"))
        ax.set_title(shown_name(family), loc="left")
    axes[0].set_ylabel(tr("final excess loss, tuning seeds (log)"))
    axes[-1].legend(loc="upper right")
    return figure


def comparison_table(result: TunedComparison, title: str) -> Table:
    """A :class:`~lrdecay_lessons.training.TunedComparison` as a table (tuned peaks, levels, intervals, verdicts)."""
    return Table(tuned_comparison_columns(result), tuned_comparison_rows(result), title=title)


def schedule_free_table(result: ScheduleFreeComparison) -> Table:
    """Each schedule-free optimizer against its baseline: tuned peaks, levels and the paired gap (Holm over the pairs)."""
    rows = []
    for (a, b), c in zip(ScheduleFreeComparison.PAIRS, result.comparisons):
        if a not in result.tuned:
            continue
        cells = [f"{a} − {b}"]
        for label in (a, b):
            peak, edge = result.peak(label)
            cells.append(tr("{level} (peak {peak})").format(level=level_text(result.final(label)), peak=peak_text(peak, edge)))
        cells += [f"{c.mean:+.4f} [{c.low:+.4f}, {c.high:+.4f}]", tr("{first_lower} of {n}").format(
            first_lower=c.first_lower, n=c.n),
                  verdict_text(c, tr("schedule-free lower"), tr("decay lower"))]
        rows.append(cells)
    n = len(next(iter(result.tuned.values())).plan.evaluation)
    return Table(("a − b", tr("a: excess loss (mean ± sd, {SD})").format(SD=SD), tr("b: excess loss (mean ± sd, {SD})").format(
        SD=SD),
                  tr("a − b: mean [95 % interval]"), tr("a lower on"), tr("verdict (Holm over the pairs, 5 %)")), rows,
                 title=tr("No schedule against a tuned linear decay, {warmup_steps}-step warm-up for all, {n} evaluation "
                          "seeds").format(warmup_steps=result.warmup_steps, n=n))


def _style(index: int) -> dict:
    """A line style that differs from every other index's (colour and dash cycle, then a marker too)."""
    style = dict(DISTINCT_STYLES[index % len(DISTINCT_STYLES)])
    if index >= len(DISTINCT_STYLES):
        style["marker"] = MARKERS[(index // len(DISTINCT_STYLES)) % len(MARKERS)]
    return style


def branching_figure(result: Branching, peak: float) -> Figure:
    """Top: the constant run and its cooldown branches at ``peak``. Bottom: their excess loss (tuning runs, mean over seeds)."""
    grid = next(iter(result.per_length.values())).tuning.peaks
    if peak not in grid:
        raise InvalidParameterError(f"peak must be one of the peaks trained {list(grid)}; got peak={peak!r}.")
    figure, (left, right) = new_figure(2, 1)
    for index, (L, D) in enumerate(zip(result.lengths, result.cooldowns)):
        style = DISTINCT_STYLES[index % len(DISTINCT_STYLES)]
        t = np.arange(L + 1)
        left.plot(t, wsd(t, lr0=peak, total_steps=L, warmup_steps=0, decay_steps=D),
                  label=tr("branch at step {value}, ends at {L}").format(value=L - D, L=L), **style)
        sweep = result.per_length[L].tuning
        n = len(sweep.seeds)
        first = (list(sweep.entries).index(result.name("WSD branch", L)) * len(sweep.peaks) + sweep.peaks.index(peak)) * n
        right.plot(sweep.runs.eval_steps, sweep.runs.excess[first:first + n].mean(axis=0), label=tr("WSD, L = {L}").format(
            L=L),
                   **style)
    n = len(next(iter(result.per_length.values())).tuning.seeds)
    left.set_ylim(bottom=0)
    left.set_xlabel(tr("step t"))
    left.set_ylabel(tr("learning rate η"))
    legend_outside(left, tr("One constant run, {n_lengths} cooldowns (peak {peak:.3g})").format(
        n_lengths=len(result.lengths), peak=peak))
    right.set_yscale("log")
    right.set_xlabel(tr("step t"))
    right.set_ylabel(tr("excess loss (nats, log scale)"))
    legend_outside(right, tr("Excess loss of each branch (mean over the {n} tuning seeds)").format(n=n))
    return figure


def cooldown_figure(lr0: float, total_steps: int, warmup_steps: int, decay_steps: int) -> Figure:
    """WSD with its three cooldown shapes, on a full axis and zoomed on the cooldown."""
    figure, (left, right) = new_figure(1, 2)
    t = np.arange(total_steps + 1)
    start = total_steps - decay_steps
    for index, shape in enumerate(("linear", "1-sqrt", "cosine")):
        lr = wsd(t, lr0=lr0, total_steps=total_steps, warmup_steps=warmup_steps, decay_steps=decay_steps,
                 decay_shape=shape)
        for ax in (left, right):
            ax.plot(t, lr, label=tr("cooldown {shape}").format(shape=shape), **DISTINCT_STYLES[index])
    right.set_xlim(start - decay_steps * 0.1, total_steps)
    for ax, title in ((left, tr("WSD: warm-up {warmup_steps}, cooldown {decay_steps} of {total_steps}").format(
        warmup_steps=warmup_steps, decay_steps=decay_steps, total_steps=total_steps)),
                      (right, tr("The cooldown only (steps {start}–{total_steps})").format(
                          start=start, total_steps=total_steps))):
        ax.set_ylim(0, lr0 * 1.05)
        ax.set_title(title)
        ax.set_xlabel(tr("step t"))
        ax.set_ylabel(tr("learning rate η"))
    left.legend(loc="lower center")          # below the plateau, where no curve runs
    right.legend(loc="upper right")
    return figure


# ---------------------------------------------------------------------------------------------
# Reading sweeps
# ---------------------------------------------------------------------------------------------

def sweep_figure(result: TunedComparison, title: str) -> Figure:
    """The excess loss along the run of each schedule at its tuned peak (mean over the evaluation seeds), log scale."""
    figure, ax = new_figure()
    runs = result.runs
    for index, name in enumerate(result.results):
        if result.peaks[name] is None:
            continue
        rows = result.evaluation_runs(name)
        ax.plot(runs.eval_steps, runs.excess[rows].mean(axis=0),
                label=tr("{name} (peak {peaks:.3g})").format(name=shown_name(name), peaks=result.peaks[name]), **_style(index))
    ax.axhline(runs.trivial_excess, color="0.45", linestyle=":", linewidth=2,
               label=tr("trivial predictor (class frequencies)"))
    ax.set_yscale("log")
    ax.set_xlabel(tr("step t"))
    ax.set_ylabel(tr("excess loss (nats, log scale)"))
    legend_outside(ax, title)
    return figure


def rank_correlation(a: Sequence[float], b: Sequence[float]) -> float:
    r"""Spearman's :math:`\rho = 1 - \frac{6\sum d_i^2}{n(n^2 - 1)}` of two sequences without ties (ranks by order)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or a.ndim != 1 or a.size < 2:
        raise InvalidParameterError(f"a and b must be two 1-D sequences of the same length >= 2; got shapes {a.shape}, {b.shape}.")
    d = np.argsort(np.argsort(a)) - np.argsort(np.argsort(b))
    n = a.size
    return float(1 - 6 * np.sum(d**2) / (n * (n**2 - 1)))


def bound_table(result: TunedComparison, schedules: Mapping[str, Factory], steps: int) -> Table:
    """Each schedule's measured excess loss at its tuned peak (mean over the evaluation seeds) beside its convex
    bound at its own best peak (D = G = 1)."""
    steps = check_count("steps", steps)
    t = np.arange(steps)
    rows = []
    for name, make in schedules.items():
        values = result.results[name]
        tuned = tuned_last_iterate_bound(np.broadcast_to(np.asarray(make(1.0, steps)(t), dtype=float), (steps,)))
        rows.append([shown_name(name), float(values.mean()) if np.all(np.isfinite(values)) else np.nan, tuned.bound, tuned.peak])
    measured = [r[1] for r in rows]
    bounds = [r[2] for r in rows]
    rank_m = np.argsort(np.argsort(measured)) + 1
    rank_b = np.argsort(np.argsort(bounds)) + 1
    table_rows = [[r[0], f"{r[1]:.4f}", int(m), f"{r[2]:.4f}", int(b)] for r, m, b in zip(rows, rank_m, rank_b)]
    return Table((tr("schedule"), tr("measured excess loss (tuned peak)"), tr("measured rank"), tr("bound Ω_T (best peak, D = G = 1)"),
                  tr("bound rank")), table_rows,
                 title=tr("The convex bound against the lab, T = {steps} (measured: mean over {n_evaluation} evaluation "
                          "seeds)").format(steps=steps, n_evaluation=len(result.plan.evaluation)))


def bound_figure(table: Table) -> Figure:
    """Measured excess loss against the tuned bound, one point per schedule (from :func:`bound_table`)."""
    figure, ax = new_figure()
    names = table.column("schedule")
    measured = [float(v) for v in table.column(tr("measured excess loss (tuned peak)"))]
    bounds = [float(v) for v in table.column(tr("bound Ω_T (best peak, D = G = 1)"))]
    for index, (name, x, y) in enumerate(zip(names, bounds, measured)):
        colour = DISTINCT_STYLES[index % len(DISTINCT_STYLES)]["color"]
        ax.plot([x], [y], marker=MARKERS[index % len(MARKERS)], markersize=12, linestyle="none", color=colour,
                label=name)
    ax.set_xlim(0, max(bounds) * 1.1)
    ax.set_ylim(0, max(measured) * 1.1)
    ax.set_xlabel(tr("convex last-iterate bound Ω_T (D = G = 1)"))
    ax.set_ylabel(tr("measured excess loss (nats)"))
    legend_outside(ax, tr("Theory against the lab, each at its own tuned peak"))
    return figure


# ---------------------------------------------------------------------------------------------
# Batch size on the noisy quadratic model
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Batch size on the lab's network
# ---------------------------------------------------------------------------------------------


def cooldown_study_table(study: CooldownStudy) -> Table:
    """One row per branch: its final excess loss, and branch − each baseline seed by seed (Holm over the table)."""
    rows = []
    for name in study.branches:
        cells = [shown_name(name), level_text(study.results[name])]
        for baseline in BASELINES:
            c = study.comparisons[(name, baseline)]
            cells += [tr("{mean:+.4f} [{low:+.4f}, {high:+.4f}], lower on {first_lower} of {n}").format(
                mean=c.mean, low=c.low, high=c.high, first_lower=c.first_lower, n=c.n),
                      verdict_text(c, tr("cooldown lower"), tr("{baseline} lower").format(baseline=shown_name(baseline)))]
        rows.append(cells)
    levels = ", ".join(tr("{b} {level} (peak {peaks:.3g})").format(
        b=shown_name(b), level=level_text(study.results[b]), peaks=study.peaks[b]) for b in BASELINES)
    return Table((tr("cooldown (shape, share of the run)"), tr("excess loss (mean ± sd, {SD})").format(SD=SD),
                  tr("− cosine to 0: mean [95 % interval]"), tr("verdict"), tr("− linear to 0: mean [95 % interval]"),
                  tr("verdict (Holm over the table, 5 %)")), rows,
                 title=tr("Branches of one constant run (peak {peaks:.3g}) against runs from scratch: {levels}").format(
                     peaks=study.peaks[study.names[0]], levels=levels))


#: The runs from scratch, drawn apart from the branches.
BASELINE_STYLES = {"cosine to 0": {"color": "0.4", "linestyle": ":", "linewidth": 3},
                   "linear to 0": {"color": "black", "linestyle": "-.", "linewidth": 2.5}}


def _smoothed(values: np.ndarray, window: int) -> np.ndarray:
    """The mean over the last ``window`` steps at each step from ``window - 1`` on."""
    total = np.cumsum(np.concatenate([[0.0], values]))
    return (total[window:] - total[:-window]) / window


def cooldown_study_figure(study: CooldownStudy, window: int = 5) -> Figure:
    """Left: each linear cooldown's minibatch loss minus the constant run's on the same minibatch, step by step
    (mean over the seeds and ``window`` steps). Right: the excess loss of every shape at 20 %, measured every
    1 % of the run, with the runs from scratch."""
    window = check_count("window", window)
    figure, (left, right) = new_figure(1, 2)
    runs = study.runs
    last = runs.step_loss.shape[1]
    start = round(last * (1 - max(FRACTIONS))) - last // 10
    for index, f in enumerate(FRACTIONS):
        gap = _smoothed(study.step_gap(branch_name("linear", f)), window)
        t = np.arange(window - 1, last)
        keep = t >= start
        left.plot(t[keep], gap[keep], label=tr("linear, {round} % (from step {round2})").format(
            round=round(100 * f), round2=round(last * (1 - f))),
                  **_style(index))
    left.axhline(0.0, color="0.5", linewidth=1)
    left.set_xlabel(tr("step t"))
    left.set_ylabel(tr("minibatch loss − constant run's (nats)"))
    left.set_title(tr("The drop, step by step\n(mean of {n_evaluation} seeds and {window} steps)").format(
        n_evaluation=len(study.plan.evaluation), window=window),
                   loc="left")
    left.legend(loc="lower left")
    dense = runs.eval_steps >= start
    for index, name in enumerate([branch_name(shape, 0.2) for shape in SHAPES] + list(BASELINES)):
        style = BASELINE_STYLES.get(name) or _style(index)
        right.plot(runs.eval_steps[dense], runs.excess[study.rows(name)][:, dense].mean(axis=0),
                   label=shown_name(name) if name in BASELINES else tr("{name} cooldown").format(name=name), **style)
    right.set_yscale("log")
    right.set_xlabel(tr("step t"))
    right.set_ylabel(tr("excess loss (nats, log scale)"))
    right.set_title(tr("Four shapes of a 20 % cooldown\n(excess loss every 10 steps)"), loc="left")
    right.legend(loc="upper right")
    return figure
