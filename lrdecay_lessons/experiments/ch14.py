r"""Chapter 14's two experiments on chapter 01's noisy least squares, compared seed by seed.

* :func:`adam_runs`: Adam (Kingma & Ba's update with bias correction, batches of 10) at a constant rate of
  0.02, at 0.01, and with a cosine decay from 0.02, over :data:`ADAM_STEPS` steps.
* :func:`floor_runs`: plain SGD, one pass with batches of 10, from the same peak 0.1 down to 0 by a cosine,
  to 10 % of the peak by a cosine, and to 0 linearly.

Every rate is fixed by the text, so nothing is tuned: each run reports on the plan's evaluation seeds
(seed ``k`` fixes the order of the samples), and the comparisons are paired by seed with 95 %
t-intervals and Holm's correction over each table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..schedules import schedule
from ..training import (NoisyLeastSquares, PairedComparison, SeedPlan, adam_excess, noisy_least_squares,
                        paired_comparison, train)
from .ch10 import with_holm
from .claims import Claim

__all__ = ["ADAM_STEPS", "FLOOR_STEPS", "PEAK", "AdamRuns", "adam_runs", "FloorRuns", "floor_runs", "CLAIMS"]

#: Adam's steps (the training samples are reshuffled whenever they run out).
ADAM_STEPS = 4000
#: One pass of SGD over the 20,000 samples in batches of 10.
FLOOR_STEPS = 2000
#: The peak of the SGD runs.
PEAK = 0.1


def adam_schedules(steps: int = ADAM_STEPS) -> dict:
    """Adam's three rates: constant 0.02, constant 0.01, and a cosine from 0.02 to 0 over ``steps``."""
    return {"Adam, constant η = 0.02": 0.02, "Adam, constant η = 0.01": 0.01,
            "Adam, cosine from η = 0.02": schedule("cosine_annealing", lr0=0.02, total_steps=steps)}


@dataclass(frozen=True)
class AdamRuns:
    """Adam's excess loss after every step, one row per evaluation seed, for each schedule."""

    seeds: tuple[int, ...]
    curves: dict  # name -> array (seeds, steps)

    @property
    def floor(self) -> dict:
        """Each run's mean excess loss over the second half of its steps (the level it bounces at)."""
        return {name: c[:, c.shape[1] // 2:].mean(axis=1) for name, c in self.curves.items()}

    @property
    def final(self) -> dict:
        """Each run's excess loss after its last step."""
        return {name: c[:, -1] for name, c in self.curves.items()}

    def comparisons(self) -> list[PairedComparison]:
        """Half the constant rate against the constant 0.02 (their second-half levels), and where the cosine
        ends against the level the constant 0.02 bounces at; Holm over the two."""
        names = list(self.curves)
        return with_holm([paired_comparison(names[1], names[0], self.floor[names[1]], self.floor[names[0]]),
                          paired_comparison(f"{names[2]} (final)", f"{names[0]} (level)", self.final[names[2]],
                                            self.floor[names[0]])])


def adam_runs(plan: SeedPlan, steps: int = ADAM_STEPS) -> AdamRuns:
    """Adam with each of :func:`adam_schedules` on every evaluation seed of ``plan``."""
    problem = noisy_least_squares(seed=0)
    curves = {name: np.array([adam_excess(problem, s, steps, seed=seed) for seed in plan.evaluation])
              for name, s in adam_schedules(steps).items()}
    return AdamRuns(plan.evaluation, curves)


def floor_schedules(steps: int = FLOOR_STEPS, peak: float = PEAK) -> dict:
    """Cosine to 0, cosine to 10 % of the peak, linear to 0, all from ``peak`` over ``steps``."""
    return {"cosine to 0": schedule("cosine_annealing", lr0=peak, total_steps=steps),
            "cosine to 10%": schedule("cosine_annealing", lr0=peak, total_steps=steps, lr_min=0.1 * peak),
            "linear to 0": schedule("polynomial_decay", lr0=peak, total_steps=steps)}


@dataclass(frozen=True)
class FloorRuns:
    """The final expected excess loss of each schedule, one per evaluation seed."""

    problem: NoisyLeastSquares
    seeds: tuple[int, ...]
    final: dict  # name -> array (seeds,)

    def comparisons(self) -> list[PairedComparison]:
        """Cosine to 10 % and linear to 0, each against cosine to 0; Holm over the two."""
        return with_holm([paired_comparison(name, "cosine to 0", self.final[name], self.final["cosine to 0"])
                          for name in ("cosine to 10%", "linear to 0")])


def floor_runs(plan: SeedPlan) -> FloorRuns:
    """One pass of minibatch SGD (batches of 10) with each of :func:`floor_schedules` on every evaluation seed."""
    problem = noisy_least_squares(seed=0)
    per_epoch = -(-problem.dataset.n_train // 10)
    final = {}
    for name, s in floor_schedules().items():
        runs = [train(problem.dataset, s, epochs=FLOOR_STEPS // per_epoch, batch_size=10, seed=seed)
                for seed in plan.evaluation]
        final[name] = np.array([problem.expected_excess(r.weights, r.bias) for r in runs])
    return FloorRuns(problem, plan.evaluation, final)


CLAIMS = (
    Claim("ch14-adam-half-rate-lower-floor", "14",
          "Adam at a constant rate of 0.01 bounces at a lower level than at 0.02 (second half of the run).",
          "Adam, constant η = 0.01 lower", lambda plan: adam_runs(plan).comparisons()[0].verdict),
    Claim("ch14-adam-cosine-below-constant-level", "14",
          "Adam with a cosine decay from 0.02 ends below the level at which Adam at a constant 0.02 bounces.",
          "Adam, cosine from η = 0.02 (final) lower", lambda plan: adam_runs(plan).comparisons()[1].verdict),
    Claim("ch14-cosine-floor-not-separated", "14",
          "At the same peak 0.1 on noisy least squares, cosine to 10 % and cosine to 0 are not separated "
          "(final excess loss, Holm over 2).",
          "not separated", lambda plan: floor_runs(plan).comparisons()[0].verdict),
)
