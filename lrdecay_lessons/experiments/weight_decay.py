r"""Weight decay with a schedule: AdamW's decoupled decay follows the scheduled rate.

PyTorch's ``AdamW`` (and the course's :class:`~lrdecay_lessons.training.AdamW`) shrinks every weight
by :math:`(1 - \eta_t\lambda)` at step :math:`t`, so the decay acts on the timescale

.. math:: \tau_t = \frac{1}{\eta_t \lambda}\ \text{steps},

which Wang & Aitchison (2025, ICML, *How to set AdamW's weight decay as you scale model and dataset
size*) read as the window of an exponential moving average of recent updates. A schedule that decays
the rate lengthens :math:`\tau_t` as it goes, to infinity for a decay to 0.

The study (:func:`weight_decay_study`): chapter 08's network (teacher–student digits, one ReLU layer
of 32 in float32, 1 000 steps of batch 32) under AdamW with :math:`\lambda \in` :data:`LAMBDAS`
(0; the decay whose timescale at the grid's middle peak is the run; ten times that), and three
schedules (cosine, WSD with a 20 % linear cooldown, linear decay to 0). Each (schedule, λ) has its peak
tuned on the plan's tuning seeds over :data:`PEAKS`; on the evaluation seeds each λ > 0 is compared with
λ = 0, schedule by schedule (Holm over the table).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np

from .. import schedules as S
from ..training import MLP, AdamW, PairedComparison, SeedPlan, TunedComparison, half_octave_grid, teacher_student_digits
from ..training import tune_and_evaluate
from ..training.parallel import run_blocks
from ..training.protocol_sweep import grid_start
from ..training.protocol import paired_comparison
from .ch08 import LAB_SCHEDULES, LAB_STEPS, lab_comparison, lab_student
from .ch10 import with_holm
from .claims import Claim

__all__ = ["PEAKS", "LAMBDAS", "START",
           "SCHEDULES", "timescale", "WeightDecayStudy", "weight_decay_study", "short_verdict",
           "CLAIMS"]

#: AdamW's peaks, half an octave apart (chapter 08's AdamW grid).
PEAKS = half_octave_grid(0.00424, 0.034)
#: λ = 0; the decay whose timescale 1/(ηλ) at the grid's middle peak (0.012) is the run (1 000 steps); ten times it.
LAMBDAS = (0.0, 1 / (1000 * 0.012), 10 / (1000 * 0.012))
#: Where each (λ, schedule)'s tuning starts its search of :data:`PEAKS` (grid positions: the peaks the chapter's
#: tuning seeds chose on the whole grid; λ = 0's cosine and linear decay are chapter 08's AdamW race).
START: dict[int, dict[str, int]] = {
    0: {"WSD, 20 % linear cooldown": 2},
    1: {"cosine": 5, "WSD, 20 % linear cooldown": 2, "linear to 0": 5},
    2: {"cosine": 3, "WSD, 20 % linear cooldown": 1, "linear to 0": 3},
}
#: The schedules, each a factory ``make(peak, T)``.
SCHEDULES: dict[str, Callable] = {
    "cosine": lambda peak, T: S.schedule("cosine_annealing", lr0=peak, total_steps=T),
    "WSD, 20 % linear cooldown": lambda peak, T: S.schedule("wsd", lr0=peak, total_steps=T, warmup_steps=0,
                                                            decay_steps=T // 5),
    "linear to 0": lambda peak, T: S.schedule("polynomial_decay", lr0=peak, total_steps=T, power=1.0),
}


def timescale(rates: np.ndarray, weight_decay: float) -> np.ndarray:
    r""":math:`\tau_t = 1/(\eta_t\lambda)` in steps (``inf`` where the rate or λ is 0).

    >>> timescale(np.array([0.01, 0.001, 0.0]), 0.1).tolist()
    [1000.0, 10000.0, inf]
    """
    product = np.asarray(rates, dtype=float) * weight_decay
    with np.errstate(divide="ignore"):
        return np.where(product > 0, 1.0 / np.where(product > 0, product, 1.0), np.inf)


@dataclass(frozen=True)
class WeightDecayStudy:
    """Every schedule at every λ, tuned and evaluated (:func:`weight_decay_study`).

    Attributes
    ----------
    plan : SeedPlan
    peaks, edges, results : dict
        ``(schedule, λ)`` -> the peak tuned on the tuning seeds, whether it is at an end of the grid,
        and the final excess loss per evaluation seed at that peak.
    comparisons : dict
        ``(schedule, λ)`` for λ > 0 -> the schedule at λ minus itself at λ = 0, seed by seed (Holm over the table);
        a pair where a run failed is left out (its results hold NaN).
    """

    plan: SeedPlan
    peaks: dict
    edges: dict
    results: dict
    comparisons: dict

    def peak(self, schedule: str, weight_decay: float) -> float | None:
        return self.peaks[(schedule, weight_decay)]

    def rates(self, schedule: str, weight_decay: float) -> np.ndarray:
        """The schedule's rate at every step of the run at its tuned peak for λ."""
        return np.asarray(SCHEDULES[schedule](self.peak(schedule, weight_decay), LAB_STEPS)(np.arange(LAB_STEPS)),
                          dtype=float)


def _tuned(index: int | None, plan: SeedPlan, net: MLP, peaks: tuple[float, ...], steps: int) -> TunedComparison:
    """The tuning at λ = ``LAMBDAS[index]`` (at λ = 0 of the schedules chapter 08's race does not run), or for ``None``
    chapter 08's AdamW race, computed by this process (the first block of :func:`run_blocks`), which remembers it.
    The student, grid and steps are arguments: a worker process computes with the caller's."""
    if index is None:
        return lab_comparison("AdamW", plan)
    schedules = {name: SCHEDULES[name] for name in SCHEDULES if index or name not in LAB_SCHEDULES}
    return tune_and_evaluate(teacher_student_digits(), net, AdamW(weight_decay=LAMBDAS[index]), schedules, peaks,
                             plan, steps, next(iter(schedules)) if index == 0 else "linear to 0",
                             tuning_curves=False, start={name: grid_start(peaks, START[index][name]) for name in schedules})


@lru_cache(maxsize=2)
def weight_decay_study(plan: SeedPlan) -> WeightDecayStudy:
    """Tune each schedule at each λ on ``plan.tuning``; compare each λ > 0 with λ = 0 on ``plan.evaluation``.

    At λ = 0 cosine and linear decay are chapter 08's AdamW race (:func:`~lrdecay_lessons.experiments.ch08.lab_comparison`,
    the same grid, seeds and runs), so only WSD is trained there. Each tuning searches the grid from
    :data:`START` (three or four peaks instead of all). Remembered for the last two plans (the runs are
    deterministic); do not modify the arrays of the result.
    """
    settings = (lab_student(), PEAKS, LAB_STEPS)
    at_zero, *tuned = run_blocks(_tuned, [(index, plan, *settings) for index in (None, *range(len(LAMBDAS)))])
    runs: dict[float, list[TunedComparison]] = {0.0: [at_zero, tuned[0]]}
    runs.update({wd: [t] for wd, t in zip(LAMBDAS[1:], tuned[1:])})
    peaks, edges, results = {}, {}, {}
    for wd, tuned in runs.items():
        for name in SCHEDULES:
            source = next(t for t in tuned if name in t.peaks)
            peaks[(name, wd)], edges[(name, wd)], results[(name, wd)] = (source.peaks[name], source.edges[name],
                                                                          source.results[name])
    keys = [(name, wd) for wd in LAMBDAS[1:] for name in SCHEDULES
            if np.all(np.isfinite(results[(name, wd)])) and np.all(np.isfinite(results[(name, 0.0)]))]
    single = [paired_comparison(f"{name}, λ = {wd:.3g}", f"{name}, λ = 0", results[(name, wd)], results[(name, 0.0)])
              for name, wd in keys]
    return WeightDecayStudy(plan, peaks, edges, results, dict(zip(keys, with_holm(single))))


def short_verdict(c: PairedComparison) -> str:
    """``"decay lower"``, ``"no decay lower"`` or ``"not separated"`` for a λ > 0 minus λ = 0 comparison."""
    return {f"{c.first} lower": "decay lower", f"{c.second} lower": "no decay lower"}.get(c.verdict, "not separated")


def _verdicts_at(weight_decay: float) -> Callable[[SeedPlan], str]:
    def check(plan: SeedPlan) -> str:
        study = weight_decay_study(plan)
        return "; ".join(f"{name}: {short_verdict(c) if (c := study.comparisons.get((name, weight_decay))) else 'a run failed'}"
                         for name in SCHEDULES)
    return check


CLAIMS: tuple[Claim, ...] = (
    Claim("ch11-weight-decay-small", "11",
          f"AdamW with λ = {LAMBDAS[1]:.3g} (timescale about the run) against λ = 0, each at its tuned peak: not separated "
          "under cosine, higher under WSD and linear decay to 0 (Holm over the 6).",
          "cosine: not separated; WSD, 20 % linear cooldown: no decay lower; linear to 0: no decay lower",
          _verdicts_at(LAMBDAS[1])),
    Claim("ch11-weight-decay-large-hurts", "11",
          f"AdamW with λ = {LAMBDAS[2]:.3g} (timescale a tenth of the run) ends higher than λ = 0 under every schedule.",
          "cosine: no decay lower; WSD, 20 % linear cooldown: no decay lower; linear to 0: no decay lower",
          _verdicts_at(LAMBDAS[2])),
)
