r"""Chapter 09's warm-up experiments: a convex window that only full batches open, and a deep network.

Convex (:func:`rescue_window`): the diabetes regression, about 100 steps of cosine decay with and
without a 30-step linear warm-up, at peaks around the stability limit :math:`2/\lambda_\max`.
With the full batch every seed takes the same steps; with minibatches each evaluation seed is
its own batch order, and the table counts the runs that diverged.

Network (:func:`warmup_study`): the teacher-student digits problem with a deep student (three
ReLU layers of 32 units at twice He's scale, float32), 1 000 steps of batch 32, cosine with and
without 100 steps of warm-up, at every peak of a half-octave grid on the plan's *evaluation*
seeds. Nothing is tuned: at each peak where every run of both trained, warm-up minus none is a
paired difference over the seeds (Holm over the peaks), and the largest peak at which every
seed trained is read off for each schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

import numpy as np

from .. import schedules as S
from ..schedules.validation import check_choice, check_count
from ..training import (MLP, SGD, Adam, PairedComparison, SeedPlan, Sweep, half_octave_grid, load_dataset,
                        steps_per_epoch, teacher_student_digits, train, tuned_sweep)
from ..training.protocol import holm, paired_comparison
from .claims import Claim

__all__ = ["WARMUP_STEPS", "STEPS", "COLD", "WARM", "WARMUP_SCHEDULES", "OPTIMIZERS", "deep_student",
           "WarmupStudy", "warmup_study", "CONVEX_STEPS", "CONVEX_WARMUP", "CONVEX_PEAKS", "WindowRow",
           "rescue_window", "window", "CLAIMS"]

#: Warm-up steps and length of the network's runs.
WARMUP_STEPS, STEPS = 100, 1000
COLD, WARM = "cosine, no warm-up", f"{WARMUP_STEPS} steps of warm-up, then cosine"
WARMUP_SCHEDULES: dict[str, Callable[[float, int], Callable]] = {
    COLD: lambda peak, T: S.schedule("cosine_annealing", lr0=peak, total_steps=T),
    WARM: lambda peak, T: S.schedule("warmup_cosine", lr0=peak, total_steps=T, warmup_steps=WARMUP_STEPS),
}
#: Each optimizer and its half-octave grid of peaks.
OPTIMIZERS: dict[str, tuple[Callable[[], Any], tuple[float, ...]]] = {
    "SGD + momentum 0.9": (lambda: SGD(momentum=0.9), half_octave_grid(0.0125, 0.141)),
    "Adam": (lambda: Adam(), half_octave_grid(0.004, 0.064)),
}


def deep_student() -> MLP:
    """Three ReLU layers of 32 units, initial weights at twice He's scale, float32."""
    return MLP(hidden=(32, 32, 32), init_scale=2.0, dtype="float32")


@dataclass(frozen=True)
class WarmupStudy:
    """Cosine with and without warm-up at every peak of a grid, on the evaluation seeds of ``plan``.

    Attributes
    ----------
    optimizer : str
    plan : SeedPlan
    sweep : Sweep
        Both schedules at every peak over ``plan.evaluation`` (nothing is tuned on it).
    comparisons : dict
        Peak -> warm-up minus none (:class:`PairedComparison`), at the peaks where every run of
        both schedules trained; Holm over those peaks.
    """

    optimizer: str
    plan: SeedPlan
    sweep: Sweep
    comparisons: dict

    def largest_stable_peak(self, schedule: str) -> Optional[float]:
        """The largest peak of the grid at which no seed of ``schedule`` failed (``None`` if none)."""
        check_choice("schedule", schedule, tuple(self.sweep.entries))
        failed = self.sweep.entries[schedule].failed_by_peak
        clean = [peak for peak in self.sweep.peaks if failed[peak] == 0]
        return max(clean) if clean else None

    def stable_verdict(self) -> str:
        """Whether warm-up raises the largest peak at which every seed trains."""
        cold, warm = self.largest_stable_peak(COLD), self.largest_stable_peak(WARM)
        if cold is None or warm is None or cold == warm:
            return "warm-up does not raise it"
        return "warm-up raises it" if warm > cold else "warm-up lowers it"


def warmup_study(optimizer: str, plan: SeedPlan) -> WarmupStudy:
    """Both schedules at every peak of ``optimizer``'s grid (:data:`OPTIMIZERS`) over ``plan.evaluation``."""
    check_choice("optimizer", optimizer, tuple(OPTIMIZERS))
    make, peaks = OPTIMIZERS[optimizer]
    sweep = tuned_sweep(teacher_student_digits(), deep_student(), make(), WARMUP_SCHEDULES, peaks,
                        plan.evaluation, STEPS)
    final = sweep.runs.final_excess.reshape(len(WARMUP_SCHEDULES), len(peaks), len(plan.evaluation))
    cold, warm = list(WARMUP_SCHEDULES).index(COLD), list(WARMUP_SCHEDULES).index(WARM)
    single = {peak: paired_comparison(WARM, COLD, final[warm, j], final[cold, j])
              for j, peak in enumerate(peaks) if np.all(np.isfinite(final[:, j]))}
    comparisons = {}
    if single:
        adjusted = holm([c.p_value for c in single.values()])
        comparisons = {peak: PairedComparison(c.first, c.second, c.differences, c.mean, c.sd, c.low, c.high,
                                              c.p_value, float(p), c.first_lower)
                       for (peak, c), p in zip(single.items(), adjusted)}
    return WarmupStudy(optimizer, plan, sweep, comparisons)


# --- the convex window ----------------------------------------------------------------------------------------

#: About 100 steps per run, a 30-step warm-up, and the peaks of the window table.
CONVEX_STEPS, CONVEX_WARMUP = 100, 30
CONVEX_PEAKS = (0.45, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class WindowRow:
    """One batch size and peak of :func:`rescue_window`: runs of cosine and of warm-up + cosine that diverged,
    warmed-up runs that failed (finished above the mean predictor's validation loss), and the mean final
    validation loss of the warmed-up runs that did neither."""

    batch: str
    steps: int
    peak: float
    runs: int
    cold_diverged: int
    warm_diverged: int
    warm_failed: int
    warm_val_loss: Optional[float]


def rescue_window(batch_sizes: Sequence[Optional[int]], seeds: Sequence[int],
                  peaks: Sequence[float] = CONVEX_PEAKS) -> list[WindowRow]:
    """Cosine with and without a 30-step warm-up on the diabetes regression at each peak and batch size.

    ``None`` in ``batch_sizes`` is the full batch (one run: every seed takes the same steps). A
    minibatch run lasts the whole epochs nearest 100 steps, its schedule spread over them.
    """
    diabetes = load_dataset("diabetes")
    rows = []
    for batch in batch_sizes:
        size = diabetes.n_train if batch is None else check_count("batch size", batch, 1, diabetes.n_train)
        per_epoch = steps_per_epoch(diabetes, size)
        epochs = max(1, round(CONVEX_STEPS / per_epoch))
        total = epochs * per_epoch
        run_seeds = tuple(seeds)[:1] if batch is None else tuple(seeds)
        for peak in peaks:
            cold = S.schedule("warmup_cosine", lr0=peak, total_steps=total, warmup_steps=0)
            warm = S.schedule("warmup_cosine", lr0=peak, total_steps=total, warmup_steps=CONVEX_WARMUP)
            cold_runs = [train(diabetes, cold, epochs=epochs, batch_size=size, seed=s) for s in run_seeds]
            warm_runs = [train(diabetes, warm, epochs=epochs, batch_size=size, seed=s) for s in run_seeds]
            finished = [r.val_loss[-1] for r in warm_runs if not r.diverged]
            trained = [loss for loss in finished if loss < diabetes.trivial_val_loss]
            rows.append(WindowRow("full" if batch is None else str(batch), total, peak, len(run_seeds),
                                  sum(r.diverged for r in cold_runs), sum(r.diverged for r in warm_runs),
                                  len(finished) - len(trained), float(np.mean(trained)) if trained else None))
    return rows


def window(rows: Sequence[WindowRow], batch: str) -> list[float]:
    """The peaks at which every cosine run diverged and every warmed-up run trained, for ``batch``."""
    return [r.peak for r in rows
            if r.batch == batch and r.cold_diverged == r.runs and r.warm_diverged == 0 and r.warm_failed == 0]


def _window_verdict(plan: SeedPlan) -> str:
    rows = rescue_window((None, 32, 64), plan.evaluation)
    parts = []
    for batch in ("full", "32", "64"):
        opened = window(rows, batch)
        parts.append(f"batch {batch}: " + (", ".join(f"{p:g}" for p in opened) if opened else "no window"))
    return "; ".join(parts)


def _stable_verdict(optimizer: str) -> Callable[[SeedPlan], str]:
    return lambda plan: warmup_study(optimizer, plan).stable_verdict()


def _adam_small_peak_verdict(plan: SeedPlan) -> str:
    study = warmup_study("Adam", plan)
    smallest = min(study.comparisons)
    return f"at {smallest:g}: {study.comparisons[smallest].verdict}"


CLAIMS: tuple[Claim, ...] = (
    Claim("ch09-convex-window-full-batch-only", "09",
          "Diabetes: warm-up + cosine trains at peaks where cosine diverges only with the full batch; with "
          "minibatches of 32 or 64 the warmed-up runs diverge there too.",
          "batch full: 0.6, 0.7, 0.8; batch 32: no window; batch 64: no window", _window_verdict),
    Claim("ch09-sgd-warmup-raises-stable-peak", "09",
          "Deep student, SGD with momentum: warm-up raises the largest peak at which every seed trains.",
          "warm-up raises it", _stable_verdict("SGD + momentum 0.9")),
    Claim("ch09-adam-warmup-worse-at-small-peak", "09",
          "Deep student, Adam: at the grid's smallest peak, warm-up ends higher than no warm-up.",
          f"at 0.004: {COLD} lower", _adam_small_peak_verdict),
)
