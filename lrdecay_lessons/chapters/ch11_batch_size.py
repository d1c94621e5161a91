r"""Chapter 11, batch size and weight decay (批量大小与权重衰减): the views of the two studies.

The experiments are functions of a seed plan in :mod:`lrdecay_lessons.experiments.batch_size` and
:mod:`lrdecay_lessons.experiments.weight_decay` (peaks tuned on some seeds, results and paired comparisons
on others); this module lays them out:

* :func:`batch_table`, :func:`batch_figure`: the best constant rate of SGD and of an idealised Adam
  per batch size on the noisy quadratic model;
* :func:`network_batch_table`, :func:`noise_scale_table`, :func:`network_batch_figure`: the tuned peak per
  batch size on the lab's network, and the gradient noise scale along a run;
* :func:`weight_decay_table`, :func:`timescale_figure`: AdamW's decoupled weight decay with a schedule.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

from ..display import DISTINCT_STYLES, Table, new_figure
from ..experiments.batch_size import REFERENCE_BATCH, BatchSizeStudy, NoiseScale
from ..experiments.ch08 import LAB_STEPS
from ..experiments.weight_decay import LAMBDAS, SCHEDULES, WeightDecayStudy, short_verdict, timescale
from ..training import NoisyQuadratic, shown_name
from .evidence import MARKERS, SD, legend_outside, level_text, peak_text, verdict_text
from ..i18n import tr

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["batch_table", "batch_figure", "network_batch_table", "noise_scale_table", "network_batch_figure",
           "weight_decay_table", "timescale_figure"]



def batch_table(model: NoisyQuadratic, samples: int, batch_sizes: Sequence[int]) -> Table:
    """Best constant rate per batch size at a fixed number of samples, for SGD and the idealised Adam."""
    rows = []
    for B in batch_sizes:
        sgd, sgd_loss = model.best_constant_rate(samples, B, "sgd")
        adam, adam_loss = model.best_constant_rate(samples, B, "adam")
        rows.append([B, samples // B, sgd, sgd / B, sgd_loss, adam, adam / math.sqrt(B), adam_loss])
    return Table((tr("batch B"), tr("steps"), tr("SGD best η"), "η / B", tr("SGD loss"), tr("Adam best η"), "η / √B", tr("Adam loss")),
                 rows, title=tr("Best constant rate for {samples:,} samples (noisy quadratic, exact expected loss)").format(
                     samples=samples),
                 digits=3)


def batch_figure(table: Table) -> Figure:
    """The best rates of :func:`batch_table` against the batch size, with the two rules through the first point."""
    figure, ax = new_figure()
    B = np.array(table.column(tr("batch B")), dtype=float)
    sgd = np.array(table.column(tr("SGD best η")), dtype=float)
    adam = np.array(table.column(tr("Adam best η")), dtype=float)
    ax.plot(B, sgd, marker="o", label=tr("SGD: best η"), **DISTINCT_STYLES[0])
    ax.plot(B, sgd[0] * B / B[0], label=tr("linear rule η ∝ B"), color="0.45", linestyle=":")
    ax.plot(B, adam, marker="s", label=tr("Adam (idealised): best η"), **DISTINCT_STYLES[1])
    ax.plot(B, adam[0] * np.sqrt(B / B[0]), label=tr("square-root rule η ∝ √B"), color="0.45", linestyle="--")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel(tr("batch size B (log scale)"))
    ax.set_ylabel(tr("best learning rate η (log scale)"))
    legend_outside(ax, tr("Best constant rate against batch size"))
    return figure


def network_batch_table(study: BatchSizeStudy) -> Table:
    """One row per optimizer and batch size: the tuned peak against the two rules' predictions from B = 32, the
    final excess loss there, and B − 32 seed by seed (Holm over one optimizer's batch sizes)."""
    rows = []
    for optimizer in study.optimizers:
        by_batch = {c.first: c for c in study.comparisons[optimizer]}
        for B in study.batch_sizes:
            peak, c = study.peak(optimizer, B), by_batch.get(f"B = {B}")
            ratio = "" if peak is None or study.peak(optimizer, REFERENCE_BATCH) is None else f"{study.ratio(optimizer, B):.3g}"
            grid = study.grid(optimizer, B)
            rows.append([optimizer, B, study.samples // B, f"{grid[0]:.3g} … {grid[-1]:.3g} ({len(grid)})",
                         peak_text(peak, study.edge(optimizer, B)), ratio, f"{B / REFERENCE_BATCH:.3g}",
                         f"{math.sqrt(B / REFERENCE_BATCH):.3g}", level_text(study.results(optimizer, B)),
                         "reference" if B == REFERENCE_BATCH else (f"{c.mean:+.4f} [{c.low:+.4f}, {c.high:+.4f}]"
                                                                    if c else tr("a run failed")),
                         "" if c is None else tr("{value} of {n}").format(
                             value=c.n - int(np.sum(c.differences >= 0)), n=c.n),
                         "" if c is None else verdict_text(c, f"B = {B}", f"B = {REFERENCE_BATCH}")])
    return Table([tr("optimizer"), tr("batch B"), tr("steps"), tr("grid (peaks)"), tr("tuned peak η_B"), f"η_B / η_{REFERENCE_BATCH}",
                  tr("linear rule B/{REFERENCE_BATCH}").format(REFERENCE_BATCH=REFERENCE_BATCH), tr("square-root rule √(B/{REFERENCE_BATCH})").format(
                      REFERENCE_BATCH=REFERENCE_BATCH),
                  tr("excess loss (mean ± sd, {SD})").format(SD=SD), tr("B − {REFERENCE_BATCH}: mean [95 % interval]").format(
                      REFERENCE_BATCH=REFERENCE_BATCH), tr("larger B lower on"),
                  tr("verdict (Holm over B, 5 %)")], rows,
                 title=tr("Tuned peak per batch size, {samples:,} samples per run, linear decay to 0 (tuned on {n_tuning} "
                          "seeds, results on {n_evaluation})").format(
                              samples=study.samples, n_tuning=len(study.plan.tuning),
                              n_evaluation=len(study.plan.evaluation)))


def noise_scale_table(scales: Mapping[int, Sequence[NoiseScale]], steps: int) -> Table:
    """One row per point of the run: the noise scale B_simple = tr Σ / |G|² over the seeds, and its two parts."""
    rows = []
    for step, values in scales.items():
        simple = np.array([v.simple for v in values])
        rows.append([step, f"{step / steps:.0%}", f"{np.exp(np.log(simple).mean()):.3g}",
                     f"{simple.min():.3g} … {simple.max():.3g}", float(np.mean([v.trace for v in values])),
                     float(np.mean([v.signal for v in values]))])
    return Table([tr("step"), tr("of the run"), tr("B_simple (geometric mean)"), tr("B_simple (lowest … highest seed)"),
                  tr("tr Σ (mean)"), tr("|G|² (mean)")], rows, digits=3,
                 title=tr("Gradient noise scale along the B = {REFERENCE_BATCH} run ({n_next} seeds)").format(
                     REFERENCE_BATCH=REFERENCE_BATCH, n_next=len(next(iter(scales.values())))))


def network_batch_figure(study: BatchSizeStudy, marks: Mapping[str, float]) -> Figure:
    """Tuned peaks against the batch size (log–log), each rule as a line through the optimizer's B = 32 peak, and
    a vertical line at each noise scale of ``marks`` (label -> B)."""
    figure, ax = new_figure()
    B = np.array(study.batch_sizes, dtype=float)
    span = np.geomspace(B.min(), max(B.max(), *marks.values()), 50)
    for i, optimizer in enumerate(study.optimizers):
        peaks = np.array([np.nan if (p := study.peak(optimizer, b)) is None else p for b in study.batch_sizes])
        style = DISTINCT_STYLES[i]
        ax.plot(B, peaks, marker=MARKERS[i], markersize=9, label=tr("{optimizer}: tuned peak").format(
            optimizer=shown_name(optimizer)), **style)
        edges = [b for b in study.batch_sizes if study.edge(optimizer, b)]
        if edges:
            ax.plot(edges, [study.peak(optimizer, b) for b in edges], linestyle="none", marker="o", markersize=16,
                    markerfacecolor="none", color="black", label=tr("{optimizer}: at an end of the grid").format(
                        optimizer=shown_name(optimizer)))
        reference = study.peak(optimizer, REFERENCE_BATCH)
        if reference is None:
            continue
        ax.plot(span, reference * span / REFERENCE_BATCH, color=style.get("color"), linestyle=":", linewidth=1.5,
                label=tr("{optimizer}: linear rule η ∝ B").format(optimizer=shown_name(optimizer)))
        ax.plot(span, reference * np.sqrt(span / REFERENCE_BATCH), color=style.get("color"), linestyle="--",
                linewidth=1.5, label=tr("{optimizer}: square-root rule η ∝ √B").format(optimizer=shown_name(optimizer)))
    for j, (label, value) in enumerate(marks.items()):
        ax.axvline(value, color="0.3", linestyle=("-", "-.", (0, (1, 3)))[j % 3], linewidth=2,
                   label=tr("B_simple {label}: {value:.3g}").format(label=label, value=value))
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel(tr("batch size B (log scale)"))
    ax.set_ylabel(tr("tuned peak η (log scale)"))
    legend_outside(ax, tr("Tuned peak against batch size, rules through B = {REFERENCE_BATCH}").format(
        REFERENCE_BATCH=REFERENCE_BATCH))
    return figure


def _shown_verdict(c) -> str:
    """:func:`short_verdict` (an English key of the claims) as the reader sees it."""
    return {"decay lower": tr("decay lower"), "no decay lower": tr("no decay lower")}.get(short_verdict(c), tr("not separated"))


def weight_decay_table(study: WeightDecayStudy) -> Table:
    """One row per schedule: its tuned peak and final excess loss at each λ, and each λ > 0 minus λ = 0."""
    rows = []
    for name in SCHEDULES:
        cells = [shown_name(name)]
        for wd in LAMBDAS:
            cells.append(tr("{mean_sd} (peak {peak:.3g}").format(
                mean_sd=level_text(study.results[(name, wd)]), peak=study.peak(name, wd))
                         + (tr(", grid edge: {edges})").format(
                             edges=study.edges[(name, wd)]) if study.edges[(name, wd)] else ")"))
        for wd in LAMBDAS[1:]:
            c = study.comparisons.get((name, wd))
            cells.append(f"{c.mean:+.4f} [{c.low:+.4f}, {c.high:+.4f}], {_shown_verdict(c)}" if c else tr("a run failed"))
        rows.append(cells)
    n = len(study.plan.evaluation)
    return Table([tr("schedule")] + [tr("λ = {wd:.3g}: excess loss (mean ± sd, n − 1)").format(wd=wd) for wd in LAMBDAS]
                 + [tr("λ = {wd:.3g} − λ = 0: mean [95 % interval], verdict (Holm over {n_comparisons})").format(
                     wd=wd, n_comparisons=len(study.comparisons))
                    for wd in LAMBDAS[1:]], rows,
                 title=tr("AdamW with decoupled weight decay λ, each schedule at its own tuned peak, {n} evaluation seeds").format(
                     n=n))


def timescale_figure(study: WeightDecayStudy, steps_per_epoch: float) -> Figure:
    """The decay's timescale 1/(η_t λ) along each schedule at its tuned peak, for each λ > 0 (log scale), against
    the run's length and one epoch."""
    figure, axes = new_figure(1, len(LAMBDAS) - 1, sharey=True)
    t = np.arange(LAB_STEPS)
    for ax, wd in zip(np.atleast_1d(axes), LAMBDAS[1:]):
        for index, name in enumerate(SCHEDULES):
            ax.plot(t, timescale(study.rates(name, wd), wd), label=shown_name(name), **DISTINCT_STYLES[index % len(DISTINCT_STYLES)])
        ax.axhline(LAB_STEPS, color="0.3", linestyle=":", linewidth=2, label=tr("the run: {LAB_STEPS} steps").format(
            LAB_STEPS=LAB_STEPS))
        ax.axhline(steps_per_epoch, color="0.6", linestyle="--", linewidth=2,
                   label=tr("one epoch: {steps_per_epoch:.0f} steps").format(steps_per_epoch=steps_per_epoch))
        ax.set_yscale("log")
        ax.set_ylim(10, 1e6)
        ax.set_xlabel(tr("step t"))
        peaks = ", ".join(f"{study.peak(name, wd):.3g}" for name in SCHEDULES)
        ax.set_title(tr("λ = {wd:.3g} (tuned peaks {peaks})").format(wd=wd, peaks=peaks), loc="left")
    np.atleast_1d(axes)[0].set_ylabel(tr("timescale 1/(ηₜλ), steps (log)"))
    np.atleast_1d(axes)[0].legend(loc="upper left")
    return figure
