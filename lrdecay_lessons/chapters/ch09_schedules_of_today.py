r"""Chapter 09, schedules of today (当代调度): WSD branching, tuned sweeps, the convex bound, batch size.

What only this chapter needs, on top of the lab (:func:`lrdecay_lessons.training.tuned_sweep`,
the teacher–student problem) and two reusable pieces (:mod:`lrdecay_lessons.schedules.bounds`,
:mod:`lrdecay_lessons.training.noisy_quadratic`):

* :func:`today_schedules`: the factories ``make(peak, T)`` of the schedules compared.
* :func:`wsd_branching`: one constant run branched into WSD cooldowns at several lengths,
  against a cosine run from scratch for each length, every family at its own best peak.
* :func:`bound_table`, :func:`rank_correlation`: the convex last-iterate bound of each schedule
  (at its own best peak) beside the lab's measured ranking.
* :func:`paired_across`: the seed-by-seed gap between schedules of two sweeps (two optimizers).
* :func:`batch_table`: the best constant rate of SGD and of an idealised Adam per batch size on
  the noisy quadratic model, for the linear and square-root rules.
* :func:`sweep_table` and the chapter's figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING, Callable, Mapping, Optional, Sequence

import numpy as np

from ..display import DISTINCT_STYLES, Table, new_figure
from ..errors import InvalidParameterError
from ..schedules import Schedule, constant, cosine_annealing, schedule, wsd
from ..schedules.bounds import tuned_last_iterate_bound
from ..schedules.validation import check_count, check_in_interval, check_positive
from ..training import (MLP, ManyRuns, NoisyQuadratic, Optimizer, Sweep, TeacherStudent, best_peak_columns,
                        best_peak_rows, train_many)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "today_schedules",
    "Branching",
    "wsd_branching",
    "branching_table",
    "branching_figure",
    "cooldown_figure",
    "sweep_table",
    "sweep_figure",
    "paired_across",
    "versus_table",
    "inside_spread",
    "bound_table",
    "rank_correlation",
    "bound_figure",
    "batch_table",
    "batch_figure",
]

Factory = Callable[[float, int], Schedule]


def today_schedules(cooldown_fraction: float = 0.2) -> dict[str, Factory]:
    """The schedules the chapter compares, each a factory ``make(peak, T) -> Schedule``.

    constant; step (×0.1 at T/2 and 3T/4); cosine to 0; cosine to 10 % of the peak; linear to 0;
    WSD without warm-up and with a cooldown over the last ``cooldown_fraction`` of the run, in
    its three shapes (linear, 1-sqrt, cosine).
    """
    f = check_in_interval("cooldown_fraction", cooldown_fraction, 0.0, 1.0, closed_high=True)

    def make_wsd(shape: str) -> Factory:
        return lambda peak, T: schedule("wsd", lr0=peak, total_steps=T, warmup_steps=0,
                                        decay_steps=max(1, round(f * T)), decay_shape=shape)

    return {
        "constant": lambda peak, T: constant(peak),
        "step ×0.1 at T/2, 3T/4": lambda peak, T: schedule("multistep_decay", lr0=peak,
                                                         milestones=[T // 2, 3 * T // 4], gamma=0.1),
        "cosine to 0": lambda peak, T: schedule("cosine_annealing", lr0=peak, total_steps=T),
        "cosine to 10%": lambda peak, T: schedule("cosine_annealing", lr0=peak, total_steps=T, lr_min=0.1 * peak),
        "linear to 0": lambda peak, T: schedule("polynomial_decay", lr0=peak, total_steps=T, power=1.0),
        "WSD, linear cooldown": make_wsd("linear"),
        "WSD, 1-sqrt cooldown": make_wsd("1-sqrt"),
        "WSD, cosine cooldown": make_wsd("cosine"),
    }


# ---------------------------------------------------------------------------------------------
# WSD: one constant run, several lengths
# ---------------------------------------------------------------------------------------------

FAMILIES = ("WSD branch", "cosine from scratch")


@dataclass(frozen=True)
class Branching:
    r"""WSD branches of one constant run against cosine runs from scratch, at several lengths.

    A WSD run of length :math:`L` with a cooldown of :math:`D_L` steps is the constant run up to
    step :math:`C_L = L - D_L`, then its own cooldown. So one constant run to the last
    checkpoint :math:`\max_L C_L` plus one cooldown per length gives every length:

    .. math:: \text{cost}_\text{branched} = \max_L C_L + \sum_L D_L, \qquad
              \text{cost}_\text{separate} = \sum_L L .

    Attributes
    ----------
    final : dict
        ``(family, L) -> array (peaks, seeds)`` of the excess loss at step :math:`L`, ``nan``
        where a run failed.
    prefix_gap : float
        The largest difference, at any evaluation before a branch's cooldown, between that
        branch and the longest run with the same peak and seed: 0 when the branches really are
        the constant run up to their checkpoints.
    """

    lengths: tuple[int, ...]
    cooldowns: tuple[int, ...]
    peaks: tuple[float, ...]
    seeds: tuple[int, ...]
    final: dict
    prefix_gap: float
    runs: ManyRuns

    @property
    def branched_cost(self) -> int:
        return max(L - D for L, D in zip(self.lengths, self.cooldowns)) + sum(self.cooldowns)

    @property
    def separate_cost(self) -> int:
        return sum(self.lengths)

    def best(self, family: str, length: int) -> Optional[tuple[float, float, float]]:
        """(best peak, mean, std over seeds) among the peaks where no seed failed; ``None`` if none."""
        table = self.final[(family, length)]
        clean = [j for j in range(len(self.peaks)) if not np.isnan(table[j]).any()]
        if not clean:
            return None
        j = min(clean, key=lambda j: table[j].mean())
        return self.peaks[j], float(table[j].mean()), float(table[j].std())

    def paired(self, length: int) -> Optional[tuple[float, float]]:
        """Mean and std over seeds of (WSD branch − cosine from scratch), each at its own best peak."""
        a, b = self.best(FAMILIES[0], length), self.best(FAMILIES[1], length)
        if a is None or b is None:
            return None
        diff = (self.final[(FAMILIES[0], length)][self.peaks.index(a[0])]
                - self.final[(FAMILIES[1], length)][self.peaks.index(b[0])])
        return float(diff.mean()), float(diff.std())


def wsd_branching(
    problem: TeacherStudent,
    net: MLP,
    optimizer: Optimizer,
    lengths: Sequence[int],
    peaks: Sequence[float],
    seeds: Sequence[int],
    cooldown_fraction: float = 0.2,
    batch_size: int = 32,
) -> Branching:
    r"""Train the WSD branches and the cosine runs of every length, peak and seed in one :func:`train_many` call.

    Every run is as long as the longest length :math:`L_\max`; a run of length :math:`L`
    has rate 0 from step :math:`L` on (both schedules hold their final value 0), so its
    weights stop there and its excess loss at :math:`L` is read at an evaluation. The WSD
    run of length :math:`L` uses ``wsd(t, peak, L, 0, D_L)`` with
    :math:`D_L = \mathrm{round}(f L)`; the runs are computed from step 0 and the
    :attr:`Branching.prefix_gap` checks they coincide with the longest run before their
    cooldowns, so that a real training would pay only :attr:`Branching.branched_cost` steps.
    The optimizer must not move the weights at rate 0 (SGD, Adam, AdamW do not).
    """
    lengths = tuple(sorted({check_count("lengths", L, minimum=2) for L in lengths}))
    peaks = tuple(check_positive("peaks", p) for p in peaks)
    seeds = tuple(check_count("seeds", s, minimum=0) for s in seeds)
    f = check_in_interval("cooldown_fraction", cooldown_fraction, 0.0, 1.0)
    if not lengths or not peaks or not seeds:
        raise InvalidParameterError("lengths, peaks and seeds must each hold at least one entry.")
    cooldowns = tuple(max(1, round(f * L)) for L in lengths)
    steps = lengths[-1]
    unit = reduce(math.gcd, lengths + tuple(L - D for L, D in zip(lengths, cooldowns)))
    t = np.arange(steps)
    rows, keys = [], []
    for family in FAMILIES:
        for L, D in zip(lengths, cooldowns):
            for peak in peaks:
                if family == FAMILIES[0]:
                    curve = wsd(t, lr0=peak, total_steps=L, warmup_steps=0, decay_steps=D)
                else:
                    curve = cosine_annealing(t, lr0=peak, total_steps=L)
                for seed in seeds:
                    rows.append(curve)
                    keys.append((family, L, peak, seed))
    runs = train_many(problem, net, optimizer, np.array(rows), [k[3] for k in keys], batch_size,
                      evaluations=steps // unit)
    position = {int(s): i for i, s in enumerate(runs.eval_steps)}
    final, gap = {}, 0.0
    for family in FAMILIES:
        for L, D in zip(lengths, cooldowns):
            table = np.full((len(peaks), len(seeds)), np.nan)
            for j, peak in enumerate(peaks):
                for k, seed in enumerate(seeds):
                    row = keys.index((family, L, peak, seed))
                    if not runs.failed[row]:
                        table[j, k] = runs.excess[row, position[L]]
                    if family == FAMILIES[0]:
                        longest = keys.index((family, lengths[-1], peak, seed))
                        before = runs.eval_steps <= L - D
                        both = runs.excess[[row, longest]][:, before]
                        if np.all(np.isfinite(both)):
                            gap = max(gap, float(np.max(np.abs(both[0] - both[1]), initial=0.0)))
            final[(family, L)] = table
    return Branching(lengths, cooldowns, peaks, seeds, final, gap, runs)


def _verdict(gap: tuple[float, float]) -> str:
    mean, spread = gap
    return "WSD lower" if mean < -spread else "cosine lower" if mean > spread else "no: inside the spread"


def branching_table(result: Branching) -> Table:
    """One row per length: each family at its best peak, and the seed-by-seed gap between them."""
    rows = []
    for L, D in zip(result.lengths, result.cooldowns):
        cells = [L, f"{L - D} + {D}"]
        for family in FAMILIES:
            best = result.best(family, L)
            cells += (["—", "every peak failed"] if best is None
                      else [f"{best[0]:g}", f"{best[1]:.4f} ± {best[2]:.4f}"])
        gap = result.paired(L)
        cells += ["—", "—"] if gap is None else [f"{gap[0]:+.4f} ± {gap[1]:.4f}", _verdict(gap)]
        rows.append(cells)
    return Table(("length L", "branch: constant + cooldown", "WSD best peak", "WSD excess loss",
                  "cosine best peak", "cosine excess loss", "WSD − cosine, seed by seed", "beyond the spread?"),
                 rows, title=f"Excess loss at step L, each family at its own best peak "
                             f"(mean ± std over {len(result.seeds)} seeds)")


MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def _style(index: int) -> dict:
    """A line style that differs from every other index's (colour and dash cycle, then a marker too)."""
    style = dict(DISTINCT_STYLES[index % len(DISTINCT_STYLES)])
    if index >= len(DISTINCT_STYLES):
        style["marker"] = MARKERS[(index // len(DISTINCT_STYLES)) % len(MARKERS)]
    return style


def _legend_outside(ax, title: str) -> None:
    """Legend beside the axes (off the data); the title starts at the axes' left edge, so it is never cut."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
    ax.set_title(title, loc="left")


def branching_figure(result: Branching, peak: float) -> Figure:
    """Top: the constant run and its cooldown branches at ``peak``. Bottom: their excess loss (mean over seeds)."""
    if peak not in result.peaks:
        raise InvalidParameterError(f"peak must be one of the peaks trained {list(result.peaks)}; got peak={peak!r}.")
    figure, (left, right) = new_figure(2, 1)
    runs, n = result.runs, len(result.seeds)
    for index, (L, D) in enumerate(zip(result.lengths, result.cooldowns)):
        style = DISTINCT_STYLES[index % len(DISTINCT_STYLES)]
        t = np.arange(L + 1)
        left.plot(t, wsd(t, lr0=peak, total_steps=L, warmup_steps=0, decay_steps=D),
                  label=f"branch at step {L - D}, ends at {L}", **style)
        first = (index * len(result.peaks) + result.peaks.index(peak)) * n
        shown = runs.eval_steps <= L
        right.plot(runs.eval_steps[shown], runs.excess[first:first + n, shown].mean(axis=0),
                   label=f"WSD, L = {L}", **style)
    left.set_ylim(bottom=0)
    left.set_xlabel("step t")
    left.set_ylabel("learning rate η")
    _legend_outside(left, f"One constant run, {len(result.lengths)} cooldowns (peak {peak:g})")
    right.set_yscale("log")
    right.set_xlabel("step t")
    right.set_ylabel("excess loss (nats, log scale)")
    _legend_outside(right, f"Excess loss of each branch (mean over {n} seeds)")
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
            ax.plot(t, lr, label=f"cooldown {shape}", **DISTINCT_STYLES[index])
    right.set_xlim(start - decay_steps * 0.1, total_steps)
    for ax, title in ((left, f"WSD: warm-up {warmup_steps}, cooldown {decay_steps} of {total_steps}"),
                      (right, f"The cooldown only (steps {start}–{total_steps})")):
        ax.set_ylim(0, lr0 * 1.05)
        ax.set_title(title)
        ax.set_xlabel("step t")
        ax.set_ylabel("learning rate η")
    left.legend(loc="lower center")          # below the plateau, where no curve runs
    right.legend(loc="upper right")
    return figure


# ---------------------------------------------------------------------------------------------
# Reading sweeps
# ---------------------------------------------------------------------------------------------

def paired_across(first: Sweep, first_name: str, second: Sweep, second_name: str) -> Optional[tuple[float, float]]:
    """Mean and std over seeds of ``first_name − second_name``, each at its own best peak, across two sweeps.

    Sweeps with the same seeds, steps and batch size give each seed the same initial weights,
    images and labels whatever the optimizer, so the difference can be taken seed by seed.
    """
    if first.seeds != second.seeds:
        raise InvalidParameterError(f"the sweeps must use the same seeds; got {first.seeds} and {second.seeds}.")
    a, b = first.at_best_peak(first_name), second.at_best_peak(second_name)
    if a is None or b is None:
        return None
    return float((a - b).mean()), float((a - b).std())


def sweep_table(sweep: Sweep, reference: str, title: str) -> Table:
    """Each schedule at its best peak: mean ± spread of the final excess loss, and the paired gap to ``reference``
    (:func:`lrdecay_lessons.training.best_peak_rows`); a gap counts only when it is larger than its spread."""
    return Table(best_peak_columns(reference), best_peak_rows(sweep, reference), title=title)


def sweep_figure(sweep: Sweep, title: str) -> Figure:
    """The excess loss along the run of each schedule at its best peak (mean over seeds), log scale.

    Chapter 07's figure, with a distinct style for each of up to 16 schedules and the legend beside the axes.
    """
    figure, ax = new_figure()
    runs, n_peaks, n_seeds = sweep.runs, len(sweep.peaks), len(sweep.seeds)
    for index, (name, entry) in enumerate(sweep.entries.items()):
        if entry.best_peak is None:
            continue
        first = (index * n_peaks + sweep.peaks.index(entry.best_peak)) * n_seeds
        ax.plot(runs.eval_steps, runs.excess[first:first + n_seeds].mean(axis=0),
                label=f"{name} (peak {entry.best_peak:g})", **_style(index))
    ax.axhline(runs.trivial_excess, color="0.45", linestyle=":", linewidth=2,
               label="trivial predictor (class frequencies)")
    ax.set_yscale("log")
    ax.set_xlabel("step t")
    ax.set_ylabel("excess loss (nats, log scale)")
    _legend_outside(ax, title)
    return figure


def versus_table(rows: Sequence[tuple[str, Sweep, str, Sweep, str]], title: str) -> Table:
    """One row per ``(label, sweep_a, name_a, sweep_b, name_b)``: both at their best peaks, and a − b by seed."""
    cells = []
    for label, first, first_name, second, second_name in rows:
        a, b = first.entries[first_name], second.entries[second_name]
        gap = paired_across(first, first_name, second, second_name)
        if gap is None:
            cells.append([label, "—", "—", "a schedule failed at every peak", "—"])
            continue
        verdict = "a lower" if gap[0] < -gap[1] else "b lower" if gap[0] > gap[1] else "no: inside the spread"
        cells.append([label, f"{a.mean:.4f} ± {a.std:.4f} (peak {a.best_peak:g})",
                      f"{b.mean:.4f} ± {b.std:.4f} (peak {b.best_peak:g})", f"{gap[0]:+.4f} ± {gap[1]:.4f}", verdict])
    return Table(("a against b", "a: excess loss", "b: excess loss", "a − b, seed by seed", "beyond the spread?"),
                 cells, title=title)


def inside_spread(sweep: Sweep, reference: str) -> list[str]:
    """The schedules whose seed-by-seed gap to ``reference`` is no larger than its spread (``reference`` included)."""
    if reference not in sweep.entries:
        raise InvalidParameterError(f"reference must be one of {list(sweep.entries)}; got reference={reference!r}.")
    names = []
    for name in sweep.entries:
        gap = sweep.paired_difference(name, reference)
        if gap is not None and abs(gap[0]) <= gap[1]:
            names.append(name)
    return names


def rank_correlation(a: Sequence[float], b: Sequence[float]) -> float:
    r"""Spearman's :math:`\rho = 1 - \frac{6\sum d_i^2}{n(n^2 - 1)}` of two sequences without ties (ranks by order)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or a.ndim != 1 or a.size < 2:
        raise InvalidParameterError(f"a and b must be two 1-D sequences of the same length >= 2; got shapes {a.shape}, {b.shape}.")
    d = np.argsort(np.argsort(a)) - np.argsort(np.argsort(b))
    n = a.size
    return float(1 - 6 * np.sum(d**2) / (n * (n**2 - 1)))


def bound_table(sweep: Sweep, schedules: Mapping[str, Factory], steps: int) -> Table:
    """Each schedule's measured excess loss at its best peak beside its convex bound at its best peak (D = G = 1)."""
    steps = check_count("steps", steps, minimum=2)
    t = np.arange(steps)
    rows = []
    for name, make in schedules.items():
        entry = sweep.entries[name]
        tuned = tuned_last_iterate_bound(np.broadcast_to(np.asarray(make(1.0, steps)(t), dtype=float), (steps,)))
        rows.append([name, np.nan if entry.mean is None else entry.mean, tuned.bound, tuned.peak])
    measured = [r[1] for r in rows]
    bounds = [r[2] for r in rows]
    rank_m = np.argsort(np.argsort(measured)) + 1
    rank_b = np.argsort(np.argsort(bounds)) + 1
    table_rows = [[r[0], f"{r[1]:.4f}", int(m), f"{r[2]:.4f}", int(b)] for r, m, b in zip(rows, rank_m, rank_b)]
    return Table(("schedule", "measured excess loss (best peak)", "measured rank", "bound Ω_T (best peak, D = G = 1)",
                  "bound rank"), table_rows, title=f"The convex bound against the lab, T = {steps}")


def bound_figure(table: Table) -> Figure:
    """Measured excess loss against the tuned bound, one point per schedule (from :func:`bound_table`)."""
    figure, ax = new_figure()
    names = table.column("schedule")
    measured = [float(v) for v in table.column("measured excess loss (best peak)")]
    bounds = [float(v) for v in table.column("bound Ω_T (best peak, D = G = 1)")]
    for index, (name, x, y) in enumerate(zip(names, bounds, measured)):
        colour = DISTINCT_STYLES[index % len(DISTINCT_STYLES)]["color"]
        ax.plot([x], [y], marker=MARKERS[index % len(MARKERS)], markersize=12, linestyle="none", color=colour,
                label=name)
    ax.set_xlim(0, max(bounds) * 1.1)
    ax.set_ylim(0, max(measured) * 1.1)
    ax.set_xlabel("convex last-iterate bound Ω_T (D = G = 1)")
    ax.set_ylabel("measured excess loss (nats)")
    _legend_outside(ax, "Theory against the lab, each at its best peak")
    return figure


# ---------------------------------------------------------------------------------------------
# Batch size on the noisy quadratic model
# ---------------------------------------------------------------------------------------------

def batch_table(model: NoisyQuadratic, samples: int, batch_sizes: Sequence[int]) -> Table:
    """Best constant rate per batch size at a fixed number of samples, for SGD and the idealised Adam."""
    rows = []
    for B in batch_sizes:
        sgd, sgd_loss = model.best_constant_rate(samples, B, "sgd")
        adam, adam_loss = model.best_constant_rate(samples, B, "adam")
        rows.append([B, samples // B, sgd, sgd / B, sgd_loss, adam, adam / math.sqrt(B), adam_loss])
    return Table(("batch B", "steps", "SGD best η", "η / B", "SGD loss", "Adam best η", "η / √B", "Adam loss"),
                 rows, title=f"Best constant rate for {samples:,} samples (noisy quadratic, exact expected loss)",
                 digits=3)


def batch_figure(table: Table) -> Figure:
    """The best rates of :func:`batch_table` against the batch size, with the two rules through the first point."""
    figure, ax = new_figure()
    B = np.array(table.column("batch B"), dtype=float)
    sgd = np.array(table.column("SGD best η"), dtype=float)
    adam = np.array(table.column("Adam best η"), dtype=float)
    ax.plot(B, sgd, marker="o", label="SGD: best η", **DISTINCT_STYLES[0])
    ax.plot(B, sgd[0] * B / B[0], label="linear rule η ∝ B", color="0.45", linestyle=":")
    ax.plot(B, adam, marker="s", label="Adam (idealised): best η", **DISTINCT_STYLES[1])
    ax.plot(B, adam[0] * np.sqrt(B / B[0]), label="square-root rule η ∝ √B", color="0.45", linestyle="--")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("batch size B (log scale)")
    ax.set_ylabel("best learning rate η (log scale)")
    _legend_outside(ax, "Best constant rate against batch size")
    return figure
