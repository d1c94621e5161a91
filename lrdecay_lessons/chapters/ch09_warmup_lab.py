"""Chapter 09's warm-up study on the lab's network: which peaks train with and without warm-up.

The runs are made by :mod:`lrdecay_lessons.experiments.ch09` (each schedule at each peak of a
grid, over the evaluation seeds); this module shows what the chapter reports: how many runs failed
at each peak, the largest peak at which every seed trained, warm-up against none peak by peak
(paired, Holm-corrected), how each failed run failed, and the outcome of one run of the convex
study (:func:`run_outcome`) with its slider panel (:func:`warmup_matters_panel`).
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

import numpy as np

from .. import schedules
from ..display import Axes, BrowserPanel, Computed, Control, Formula, Level, Line, Slider, Table
from ..experiments.ch09 import COLD, WARM, WARMUP_STEPS, WarmupStudy
from ..training import Dataset, Sweep, TrainingResult, shown_name, stiff_growth, train_stacked
from ..errors import InvalidParameterError
from .catalog import schedule_colour
from .evidence import level_text, verdict_text
from ..i18n import tr

__all__ = ["largest_stable_peak", "stability_table", "comparison_table", "failed_runs_table", "run_outcome",
           "warmup_matters_curves", "warmup_matters_panel"]


def _check_schedule(sweep: Sweep, schedule: str) -> int:
    names = list(sweep.entries)
    if schedule not in names:
        raise InvalidParameterError(f"schedule must be one of the sweep's schedules {names}; got schedule={schedule!r}.")
    return names.index(schedule)


def largest_stable_peak(sweep: Sweep, schedule: str) -> Optional[float]:
    """The largest peak of the grid at which no seed of ``schedule`` failed (``None`` if there is none)."""
    _check_schedule(sweep, schedule)
    failed = sweep.entries[schedule].failed_by_peak
    clean = [peak for peak in sweep.peaks if failed[peak] == 0]
    return max(clean) if clean else None


def _shown(name: str) -> str:
    """A run's name as the reader sees it: :data:`WARM` (built from :data:`WARMUP_STEPS`) or :func:`shown_name`."""
    if name == WARM:
        return tr("{steps} steps of warm-up, then cosine").format(steps=WARMUP_STEPS)
    return shown_name(name)


def stability_table(sweep: Sweep, title: str) -> Table:
    """Failed runs at each peak and the largest peak where every seed trained."""
    seeds = len(sweep.seeds)
    rows = []
    for name, entry in sweep.entries.items():
        stable = largest_stable_peak(sweep, name)
        rows.append((_shown(name), *(tr("{failed_by_peak} of {seeds}").format(
            failed_by_peak=entry.failed_by_peak[peak], seeds=seeds) for peak in sweep.peaks),
                     tr("none") if stable is None else f"{stable:.3g}"))
    return Table((tr("schedule"), *(tr("failed at {peak:.3g}").format(
        peak=peak) for peak in sweep.peaks), tr("largest peak, all trained")),
                 rows, title=title)


def comparison_table(study: WarmupStudy, title: str) -> Table:
    """Warm-up minus none at each peak where every run of both trained: mean final excess loss of each
    (± sd with n − 1), the paired difference with its 95 % interval, the sign count and the Holm verdict."""
    final = study.sweep.runs.final_excess.reshape(len(study.sweep.entries), len(study.sweep.peaks), -1)
    names = list(study.sweep.entries)
    rows = []
    for peak, c in study.comparisons.items():
        j = study.sweep.peaks.index(peak)
        cold, warm = final[names.index(COLD), j], final[names.index(WARM), j]
        verdict = verdict_text(c, tr("warm-up lower"), tr("warm-up higher"))  # c is warm-up minus none
        rows.append((f"{peak:.3g}", level_text(cold), level_text(warm), f"{c.mean:+.4f} [{c.low:+.4f}, {c.high:+.4f}]",
                     tr("{first_lower} of {n}").format(
                         first_lower=c.first_lower, n=c.n), f"{c.adjusted_p:.2g}", verdict))
    n = len(study.plan.evaluation)
    return Table((tr("peak"), tr("no warm-up: final excess loss, mean ± sd over {n} seeds (sd with n − 1)").format(
        n=n), tr("with warm-up"),
                  tr("warm-up minus none: mean [95 % interval]"), tr("warm-up lower on"), tr("p after Holm"),
                  tr("verdict (Holm, 5 %)")), rows, title=title)


def failed_runs_table(sweep: Sweep, schedule: str) -> Table:
    """Every failed run of ``schedule``: its peak and seed, how it failed (blew up at a step, or
    learnt nothing), and its excess loss at the first and the last evaluation against the
    trivial predictor's."""
    index = _check_schedule(sweep, schedule)
    runs, seeds = sweep.runs, len(sweep.seeds)
    rows = []
    for j, peak in enumerate(sweep.peaks):
        for k, seed in enumerate(sweep.seeds):
            run = (index * len(sweep.peaks) + j) * seeds + k
            if not runs.failed[run]:
                continue
            how = (tr("blew up at step {failed_at}").format(failed_at=runs.failed_at[run]) if runs.failed_at[run] >= 0
                   else tr("learnt nothing"))
            first, last = runs.excess[run, 0], runs.excess[run, -1]
            rows.append((f"{peak:g}", seed, how, f"{first:.3f}" if np.isfinite(first) else "—",
                         f"{last:.3f}" if np.isfinite(last) else "—"))
    step0, step1 = runs.eval_steps[0], runs.eval_steps[-1]
    return Table((tr("peak"), tr("seed"), tr("how it failed"), tr("excess loss at step {step0}").format(step0=step0), tr("at step {step1}").format(
        step1=step1)), rows,
                 title=tr("{schedule}: the failed runs (trivial predictor: {trivial_excess:.3f})").format(
                     schedule=schedule, trivial_excess=runs.trivial_excess))


def run_outcome(result: TrainingResult, dataset: Dataset) -> str:
    """One convex run in a word or a number: ``"diverged"``, ``"failed"`` (its final validation loss
    is no better than the mean predictor's, :attr:`Dataset.trivial_val_loss`), or that loss."""
    if result.diverged:
        return "diverged"
    final = result.val_loss[-1]
    return "failed" if final >= dataset.trivial_val_loss else f"{final:.3g}"


def warmup_matters_curves(values: Mapping[str, Any], dataset: Dataset, total_steps: int, curvature: float) -> dict:
    r"""One full-batch run of ``warmup_cosine(lr0=peak, total_steps, warmup_steps=W)`` on ``dataset``: the stiff
    error growth :math:`\prod_{s \le t} |1 - \eta_s \lambda|` of its rates (``growth``) and, in ``names``,
    its outcome (:func:`run_outcome`). The ``compute`` of :func:`warmup_matters_panel`."""
    rates = schedules.warmup_cosine(np.arange(total_steps), lr0=values["peak"], total_steps=total_steps,
                                    warmup_steps=values["W"])
    run = train_stacked(dataset, rates[None], (0,), epochs=total_steps, batch_size=dataset.n_train)[0]
    outcome = run_outcome(run, dataset)  # an English key ("diverged", "failed") or a number; shown translated
    shown = {"diverged": tr("diverged"), "failed": tr("failed")}.get(outcome, outcome)
    return {"growth": stiff_growth(rates, curvature), "names": {"verdict": shown}}


def warmup_matters_panel(dataset: Dataset, sliders: Sequence[Slider], *, total_steps: int, curvature: float) -> BrowserPanel:
    r"""Chapter 09's panel: the peak and the warm-up of a cosine run, its schedule beside the limit
    :math:`2/\lambda_\max`, and the growth of the stiff error with the run's outcome (full batch, trained in
    the kernel at each change, drawn by the browser). ``sliders`` are named ``peak`` and ``W``."""
    grey = {"colour": "grey", "dash": ":"}
    schedule = Line(tr("peak {peak:.2f}, W = {W}"), Formula(schedules.warmup_cosine, {
        "lr0": Control("peak"), "total_steps": total_steps, "warmup_steps": Control("W")}),
        colour=schedule_colour("warmup_cosine"))
    growth = Line(tr("final validation loss: {verdict}"), Computed("growth"), colour="#D55E00")
    return BrowserPanel(sliders, [
        Axes("Schedule", [schedule, Line(tr("limit 2/λ_max"), Level(2 / curvature), **grey)], horizon=total_steps - 1,
             legend="upper right"),
        Axes(tr("Stiff error growth"), [growth, Line(tr("no growth (1×)"), Level(1.0), **grey)], horizon=total_steps - 1,
             logy=True, ylabel=tr("growth since step 0"), legend="lower left")],
        heading=tr("Move the sliders"), layout="row", figsize=(15.0, 5.2),
        compute=lambda values: warmup_matters_curves(values, dataset, total_steps, curvature))
