"""Chapter 08's lab on the small network: the tuned race as a table and as a figure, the loss
cliff after a cut of the rate, and decay against overfitting.

The experiments are run by :mod:`lrdecay_lessons.experiments.ch08` (peaks tuned on some seeds,
schedules compared on others, :func:`~lrdecay_lessons.training.tune_and_evaluate`); this module
only shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..display import DISTINCT_STYLES, Table, new_figure
from ..experiments.ch08 import OVERFIT_SCHEDULES, TUNINGS, OverfitComparison
from ..training import ManyRuns, TunedComparison, shown_name, tuned_comparison_columns, tuned_comparison_rows
from ..errors import InvalidParameterError
from ..i18n import tr

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["sweep_table", "sweep_figure", "moving_average", "cliff_table", "cliff_figure",
           "overfitting_table", "overfitting_figure"]


def sweep_table(result: TunedComparison, title: str) -> Table:
    """Each schedule at its tuned peak on the evaluation seeds, and its paired gap to the reference
    with the 95 % interval, the sign count and the Holm verdict (:func:`~lrdecay_lessons.training.tuned_comparison_rows`)."""
    return Table(tuned_comparison_columns(result), tuned_comparison_rows(result), title=title)


def sweep_figure(result: TunedComparison, title: str) -> Figure:
    """The excess loss along the run of each schedule at its tuned peak (mean over the evaluation seeds), log scale."""
    figure, ax = new_figure()
    runs = result.runs
    for index, (name, peak) in enumerate(result.peaks.items()):
        if peak is None:
            continue
        curve = runs.excess[result.evaluation_runs(name)].mean(axis=0)
        ax.plot(runs.eval_steps, curve, label=tr("{name} (peak {peak:.3g})").format(
            name=shown_name(name), peak=peak), **DISTINCT_STYLES[index % len(DISTINCT_STYLES)])
    ax.axhline(runs.trivial_excess, color="0.45", linestyle=":", linewidth=2,
               label=tr("trivial predictor (class frequencies)"))
    ax.set_yscale("log")
    ax.set_title(title)
    ax.set_xlabel(tr("step t"))
    ax.set_ylabel(tr("excess loss (nats, log scale)"))
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
    for name, group in ((tr("decayed"), slice(0, half)), (tr("reference"), slice(half, None))):
        loss = {key: float(runs.step_loss[group, span].mean()) for key, span in spans.items()}
        excess = {key: float(runs.excess[group, int(np.abs(runs.eval_steps - step).argmin())].mean())
                  for key, step in at.items()}
        rows.append((name, f"{loss['before']:.4f}", f"{loss['after']:.4f}", f"{loss['after'] - loss['before']:+.4f}",
                     f"{excess['before']:.4f}", f"{excess['after']:.4f}"))
    return Table((tr("runs"), tr("minibatch loss, steps {value}-{value2}").format(value=cut - before, value2=cut - 1),
                  tr("steps {value}-{value2}").format(value=cut + after[0], value2=cut + after[1] - 1), tr("change"),
                  tr("excess loss at step {at}").format(at=at['before']), tr("at step {at}").format(
                      at=at['after'])), rows,
                 title=tr("Around the cut at step {cut} (means over {half} seeds)").format(cut=cut, half=half))


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
    left.axhline(floor, color="0.45", linestyle=":", linewidth=2, label=tr("label entropy (floor)"))
    left.set_ylim(0, None)
    for ax in (left, right):
        for cut in cuts:
            ax.axvline(cut, color="0.6", linewidth=1)
        ax.set_xlabel(tr("step t"))
    left.set_title(tr("Minibatch loss (mean of last {window} steps)").format(window=window))
    left.set_ylabel(tr("cross-entropy (nats)"))
    left.legend(loc="upper right")
    right.set_yscale("log")
    right.set_title(tr("Excess loss, measured exactly"))
    right.set_ylabel(tr("excess loss (nats, log scale)"))
    right.legend(loc="upper right")
    return figure


def overfitting_table(result: OverfitComparison, floor: float) -> Table:
    """Each schedule tuned two ways on the held-out excess loss (peaks from the tuning seeds): at the end
    of the run, and with early stopping; results on the evaluation seeds (mean ± sd with n − 1), with
    the last minibatch loss against the label-entropy ``floor`` (below it, labels were learnt by heart)."""
    runs, n = result.runs, len(result.plan.evaluation)
    rows = []
    for name in OVERFIT_SCHEDULES:
        end, stop = ("at the end", name), ("with early stopping", name)
        last_loss = runs.train_loss[result.rows(end), -1]
        steps = runs.best_held_out_step[result.rows(stop)]
        rows.append((shown_name(name), f"{result.peaks[end]:.3g}", _mean_sd(result.results[end]), f"{last_loss.mean():.3f}",
                     f"{result.peaks[stop]:.3g}", _mean_sd(result.results[stop]),
                     ", ".join(str(int(s)) for s in steps)))
    return Table((tr("schedule"), tr("peak (end)"), tr("held-out excess at the end"), tr("its last minibatch loss"),
                  tr("peak (early stop)"), tr("held-out excess, early stop"), tr("stopping step, by seed")), rows,
                 title=tr("Fixed labels: peaks tuned on {n_tuning} seeds, mean ± sd over {n} other seeds (sd with n − 1); "
                          "label entropy, the floor of fresh labels: {floor:.3f}").format(
                              n_tuning=len(result.plan.tuning), n=n, floor=floor))


def _mean_sd(values: np.ndarray) -> str:
    return f"{np.mean(values):.4f} ± {np.std(values, ddof=1):.4f}"


def overfitting_figure(result: OverfitComparison, floor: float) -> Figure:
    """Held-out excess loss and minibatch loss along the run, each schedule at its early-stopping peak,
    mean over the evaluation seeds; a dot marks the lowest held-out point."""
    figure, (left, right) = new_figure(1, 2)
    runs = result.runs
    for index, name in enumerate(OVERFIT_SCHEDULES):
        key = (TUNINGS[1], name)
        group, style = result.rows(key), DISTINCT_STYLES[index % len(DISTINCT_STYLES)]
        label = tr("{name} (peak {peaks:.3g})").format(name=shown_name(name), peaks=result.peaks[key])
        held_out = runs.held_out_excess[group].mean(axis=0)
        left.plot(runs.eval_steps, held_out, label=label, **style)
        lowest = int(held_out.argmin())
        left.plot(runs.eval_steps[lowest], held_out[lowest], "o", color=style["color"], markersize=9)
        right.plot(runs.eval_steps, runs.train_loss[group].mean(axis=0), label=label, **style)
    right.axhline(floor, color="0.45", linestyle=":", linewidth=2, label=tr("label entropy (floor of fresh labels)"))
    left.set_ylim(0, None)
    right.set_ylim(0, None)
    left.set_title(tr("Held-out images: excess loss (dot: lowest)"))
    left.set_ylabel(tr("excess loss (nats)"))
    right.set_title(tr("Training images: minibatch loss"))
    right.set_ylabel(tr("cross-entropy (nats)"))
    for ax in (left, right):
        ax.set_xlabel(tr("step t"))
        ax.legend(loc="upper right")
    return figure


