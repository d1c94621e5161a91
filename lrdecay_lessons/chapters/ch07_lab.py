"""Chapter 07's lab on the small network: a tuned sweep as a table and as a figure, the loss
cliff after a cut of the rate, and decay against overfitting.

The sweep itself is computed by :func:`lrdecay_lessons.training.tuned_sweep` (every schedule at
every peak of a grid, over seeds, on the teacher-student digits problem); this module only shows
it: each schedule at its own best peak, with the spread over seeds, the failed runs of the grid,
and the difference to a reference schedule taken seed by seed (:meth:`Sweep.paired_difference`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..display import DISTINCT_STYLES, Table, new_figure
from ..training import ManyRuns, Sweep, best_peak_columns, best_peak_rows
from ..errors import InvalidParameterError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["sweep_table", "sweep_figure", "moving_average", "cliff_table", "cliff_figure",
           "early_stopped", "early_stopped_difference", "overfitting_table", "overfitting_figure"]

def sweep_table(sweep: Sweep, reference: str, title: str) -> Table:
    """Each schedule at its best peak: mean ± spread of the final excess loss, and the paired gap to ``reference``.

    The last column says whether the gap to ``reference`` is larger than its spread over seeds
    (the standard deviation of the seed-by-seed differences): only then is one named better
    (:func:`lrdecay_lessons.training.best_peak_rows`).
    """
    return Table(best_peak_columns(reference), best_peak_rows(sweep, reference), title=title)


def sweep_figure(sweep: Sweep, title: str) -> Figure:
    """The excess loss along the run of each schedule at its best peak (mean over seeds), log scale."""
    figure, ax = new_figure()
    runs = sweep.runs
    names = list(sweep.entries)
    n_peaks, n_seeds = len(sweep.peaks), len(sweep.seeds)
    for index, name in enumerate(names):
        entry = sweep.entries[name]
        if entry.best_peak is None:
            continue
        first = (index * n_peaks + sweep.peaks.index(entry.best_peak)) * n_seeds
        curve = runs.excess[first:first + n_seeds].mean(axis=0)
        ax.plot(runs.eval_steps, curve, label=f"{name} (peak {entry.best_peak:g})",
                **DISTINCT_STYLES[index % len(DISTINCT_STYLES)])
    ax.axhline(runs.trivial_excess, color="0.45", linestyle=":", linewidth=2,
               label="trivial predictor (class frequencies)")
    ax.set_yscale("log")
    ax.set_title(title)
    ax.set_xlabel("step t")
    ax.set_ylabel("excess loss (nats, log scale)")
    ax.legend(loc="center right")
    return figure


def moving_average(values: np.ndarray, window: int) -> np.ndarray:
    """Trailing mean over the last ``window`` values along the last axis (shorter at the start)."""
    if not isinstance(window, (int, np.integer)) or window < 1:
        raise InvalidParameterError(f"window must be a whole number >= 1; got window={window!r}.")
    values = np.asarray(values, dtype=float)
    cumulative = np.cumsum(values, axis=-1)
    shifted = np.zeros_like(cumulative)
    shifted[..., window:] = cumulative[..., :-window]
    count = np.minimum(np.arange(1, values.shape[-1] + 1), window)
    return (cumulative - shifted) / count


def _check_halves(runs: ManyRuns) -> int:
    if runs.rates.shape[0] % 2:
        raise InvalidParameterError(f"runs must hold the decayed runs first and as many reference runs after them; "
                         f"got {runs.rates.shape[0]} runs.")
    return runs.rates.shape[0] // 2


def cliff_table(runs: ManyRuns, cut: int, before: int = 100, after: tuple[int, int] = (50, 150)) -> Table:
    """Mean minibatch loss just before and just after step ``cut``, and the exact excess loss at both.

    ``runs`` holds the decayed runs (one per seed) followed by the reference runs with the
    same seeds (a constant rate at the same peak). Minibatch losses are averaged over the
    steps ``cut - before .. cut - 1`` and ``cut + after[0] .. cut + after[1] - 1`` and over seeds;
    the excess loss is read at the evaluations nearest those ends.
    """
    half = _check_halves(runs)
    if not before <= cut < runs.rates.shape[1] - after[1]:
        raise InvalidParameterError(f"cut must leave {before} steps before it and {after[1]} after it; got cut={cut!r}.")
    spans = {"before": slice(cut - before, cut), "after": slice(cut + after[0], cut + after[1])}
    at = {"before": cut, "after": cut + after[1]}
    rows = []
    for name, group in (("decayed", slice(0, half)), ("reference", slice(half, None))):
        loss = {key: float(runs.step_loss[group, span].mean()) for key, span in spans.items()}
        excess = {key: float(runs.excess[group, int(np.abs(runs.eval_steps - step).argmin())].mean())
                  for key, step in at.items()}
        rows.append((name, f"{loss['before']:.4f}", f"{loss['after']:.4f}", f"{loss['after'] - loss['before']:+.4f}",
                     f"{excess['before']:.4f}", f"{excess['after']:.4f}"))
    return Table(("runs", f"minibatch loss, steps {cut - before}-{cut - 1}",
                  f"steps {cut + after[0]}-{cut + after[1] - 1}", "change",
                  f"excess loss at step {at['before']}", f"at step {at['after']}"), rows,
                 title=f"Around the cut at step {cut} (means over {half} seeds)")


def cliff_figure(runs: ManyRuns, labels: tuple[str, str], cuts: tuple[int, ...], floor: float,
                 window: int = 25) -> Figure:
    """Two panels over the whole run: the minibatch loss as a training log shows it (trailing
    mean over ``window`` steps, mean over seeds) above the label-entropy ``floor``, and the
    exact excess loss at every evaluation, with the cuts marked."""
    half = _check_halves(runs)
    figure, (left, right) = new_figure(1, 2)
    steps = np.arange(runs.rates.shape[1])
    for index, (label, group) in enumerate(zip(labels, (slice(0, half), slice(half, None)))):
        style = DISTINCT_STYLES[index]
        left.plot(steps, moving_average(runs.step_loss[group].mean(axis=0), window), label=label, **style)
        right.plot(runs.eval_steps, runs.excess[group].mean(axis=0), label=label, **style)
    left.axhline(floor, color="0.45", linestyle=":", linewidth=2, label="label entropy (floor)")
    left.set_ylim(0, None)
    for ax in (left, right):
        for cut in cuts:
            ax.axvline(cut, color="0.6", linewidth=1)
        ax.set_xlabel("step t")
    left.set_title(f"Minibatch loss (mean of last {window} steps)")
    left.set_ylabel("cross-entropy (nats)")
    left.legend(loc="upper right")
    right.set_yscale("log")
    right.set_title("Excess loss, measured exactly")
    right.set_ylabel("excess loss (nats, log scale)")
    right.legend(loc="upper right")
    return figure


def _best_rows(sweep: Sweep, name: str, peak: float) -> slice:
    first = (list(sweep.entries).index(name) * len(sweep.peaks) + sweep.peaks.index(peak)) * len(sweep.seeds)
    return slice(first, first + len(sweep.seeds))


def early_stopped(sweep: Sweep) -> dict:
    """Each schedule tuned for early stopping: per peak the held-out excess at each run's best
    evaluation; the best peak is the lowest mean among peaks where no seed failed.

    Returns ``{schedule: (best peak or None, values over seeds at that peak, steps of the best)}``.
    """
    runs, chosen = sweep.runs, {}
    per_run = runs.best_held_out.reshape(len(sweep.entries), len(sweep.peaks), len(sweep.seeds))
    for index, name in enumerate(sweep.entries):
        clean = [j for j in range(len(sweep.peaks)) if not np.isnan(per_run[index, j]).any()]
        if not clean:
            chosen[name] = (None, None, None)
            continue
        best = min(clean, key=lambda j: per_run[index, j].mean())
        group = _best_rows(sweep, name, sweep.peaks[best])
        chosen[name] = (sweep.peaks[best], per_run[index, best], runs.best_held_out_step[group])
    return chosen


def early_stopped_difference(sweep: Sweep, first: str, second: str) -> tuple[float, float]:
    """Mean and standard deviation over seeds of ``first - second``, each tuned for early stopping."""
    chosen = early_stopped(sweep)
    if chosen[first][0] is None or chosen[second][0] is None:
        raise InvalidParameterError(f"{first!r} and {second!r} both need a peak where every seed trained.")
    diff = chosen[first][1] - chosen[second][1]
    return float(diff.mean()), float(diff.std())


def overfitting_table(sweep: Sweep, floor: float) -> Table:
    """Each schedule tuned two ways on the held-out excess loss: at the end of the run (the
    sweep's own best peak) and with early stopping (:func:`early_stopped`), with the last
    minibatch loss against the label-entropy ``floor`` (below it, labels were learnt by heart)."""
    runs, stopped = sweep.runs, early_stopped(sweep)
    rows = []
    for name, entry in sweep.entries.items():
        if entry.best_peak is None:
            end = ("—", "every peak had a failed run", "—")
        else:
            last_loss = runs.train_loss[_best_rows(sweep, name, entry.best_peak), -1]
            end = (f"{entry.best_peak:g}", f"{entry.mean:.4f} ± {entry.std:.4f}",
                   f"{last_loss.mean():.3f}")
        peak, values, steps = stopped[name]
        stop = ("—", "—", "—") if peak is None else (
            f"{peak:g}", f"{values.mean():.4f} ± {values.std():.4f}", ", ".join(str(int(s)) for s in steps))
        rows.append((name, *end, *stop))
    return Table(("schedule", "best peak (end)", "held-out excess at the end", "its last minibatch loss",
                  "best peak (early stop)", "held-out excess, early stop", "stopping step, by seed"), rows,
                 title=f"Fixed labels, mean ± std over seeds (label entropy, the floor of fresh labels: {floor:.3f})")


def overfitting_figure(sweep: Sweep, floor: float) -> Figure:
    """Held-out excess loss and minibatch loss along the run, each schedule at its early-stopping
    best peak (:func:`early_stopped`), mean over seeds; a dot marks the lowest held-out point."""
    figure, (left, right) = new_figure(1, 2)
    runs = sweep.runs
    for index, (name, (peak, _, _)) in enumerate(early_stopped(sweep).items()):
        if peak is None:
            continue
        group, style = _best_rows(sweep, name, peak), DISTINCT_STYLES[index % len(DISTINCT_STYLES)]
        label = f"{name} (peak {peak:g})"
        held_out = runs.held_out_excess[group].mean(axis=0)
        left.plot(runs.eval_steps, held_out, label=label, **style)
        lowest = int(held_out.argmin())
        left.plot(runs.eval_steps[lowest], held_out[lowest], "o", color=style["color"], markersize=9)
        right.plot(runs.eval_steps, runs.train_loss[group].mean(axis=0), label=label, **style)
    right.axhline(floor, color="0.45", linestyle=":", linewidth=2, label="label entropy (floor of fresh labels)")
    left.set_ylim(0, None)
    right.set_ylim(0, None)
    left.set_title("Held-out images: excess loss (dot: lowest)")
    left.set_ylabel("excess loss (nats)")
    right.set_title("Training images: minibatch loss")
    right.set_ylabel("cross-entropy (nats)")
    for ax in (left, right):
        ax.set_xlabel("step t")
        ax.legend(loc="upper right")
    return figure
