r"""Chapter 01's experiment: one pass of minibatch SGD on noisy least squares, constant against decayed.

Three schedules from the same start, batch 10, one epoch of :math:`n = 2000` steps, each seed its
own batch order: constant 0.2, constant 0.002 and an exponential decay from 0.2 to 0.002. Two
measures per run: the excess training loss :math:`J - J(\hat\theta)` averaged over the last 10 %
of the steps, and the expected excess loss of the final weights on new data.
The comparisons are paired by seed (:func:`~lrdecay_lessons.training.protocol.compare_all`,
Holm over the table); nothing is tuned, so no seed is spent on tuning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..schedules import schedule
from ..training import (NoisyLeastSquares, PairedComparison, SeedPlan, holm, learning_rates, noisy_least_squares,
                        paired_comparison, steps_per_epoch)
from ..training import sgd_least_squares
from .claims import Claim

__all__ = ["SEEDS_PER_COMPARISON", "SgdRuns", "comparison_seeds", "sgd_problem", "sgd_schedules", "sgd_runs", "CLAIMS"]

BATCH = 10
LAST = 0.1


def sgd_problem() -> NoisyLeastSquares:
    """20,000 samples of :math:`y = 2x_1 - x_2 + 0.5 + \\varepsilon`, :math:`\\sigma = 1`."""
    return noisy_least_squares(n_train=20_000, weights=(2.0, -1.0), bias=0.5, noise=1.0, seed=0)


def sgd_schedules(n_steps: int) -> dict:
    """The three schedules of the chapter over ``n_steps`` steps."""
    return {
        "constant 0.2": 0.2,
        "constant 0.002": 0.002,
        "decayed 0.2 → 0.002": schedule("exponential_decay", lr0=0.2, gamma=0.01, total_steps=n_steps),
    }


#: How many seeds a comparison of chapter 01 uses: the runs take milliseconds, and the gap on new data
#: is heavy-tailed (a constant run's last iterate sometimes lands near the optimum), so 5 seeds are too few.
SEEDS_PER_COMPARISON = 20


def comparison_seeds(plan: SeedPlan) -> tuple[int, ...]:
    """The plan's first evaluation seed and the next ones, :data:`SEEDS_PER_COMPARISON` in all
    (nothing is tuned in this chapter, so no seed is spent on tuning)."""
    first = plan.evaluation[0]
    return tuple(range(first, first + SEEDS_PER_COMPARISON))


@dataclass(frozen=True)
class SgdRuns:
    """The three schedules over many seeds: each measure per seed."""

    problem: NoisyLeastSquares
    seeds: tuple[int, ...]
    final_rates: dict  # name -> the schedule's last rate
    tail_excess: dict  # name -> array, one per seed: excess train loss over the last 10 % of steps
    new_data_excess: dict  # name -> array, one per seed: expected excess loss on new data

    def comparisons(self) -> list[PairedComparison]:
        """Decayed against each constant on the training tail, and against constant 0.2 on new data (Holm over 3)."""
        decayed = "decayed 0.2 → 0.002"
        single = [paired_comparison(decayed, "constant 0.2", self.tail_excess[decayed], self.tail_excess["constant 0.2"]),
                  paired_comparison(decayed, "constant 0.002", self.tail_excess[decayed],
                                    self.tail_excess["constant 0.002"]),
                  paired_comparison(decayed, "constant 0.2", self.new_data_excess[decayed],
                                    self.new_data_excess["constant 0.2"])]
        adjusted = holm([c.p_value for c in single])
        return [PairedComparison(c.first, c.second, c.differences, c.mean, c.sd, c.low, c.high, c.p_value, float(p),
                                 c.first_lower) for c, p in zip(single, adjusted)]

    def ratio_of_means(self, measure: str, above: str, below: str) -> float:
        """Mean over seeds of ``above`` divided by that of ``below`` (``measure``: "tail" or "new data")."""
        values = self.tail_excess if measure == "tail" else self.new_data_excess
        return float(values[above].mean() / values[below].mean())


def sgd_runs(seeds: Sequence[int]) -> SgdRuns:
    """Run the three schedules on every seed (all seeds at once, :func:`sgd_least_squares`)."""
    problem = sgd_problem()
    n_steps = steps_per_epoch(problem.dataset, batch_size=BATCH)
    tail, new, final = {}, {}, {}
    for name, s in sgd_schedules(n_steps).items():
        runs = sgd_least_squares(problem, s, seeds, batch_size=BATCH, last=LAST)
        tail[name], new[name] = runs.tail_excess, runs.new_data_excess
        final[name] = float(learning_rates(s, n_steps)[-1])
    return SgdRuns(problem, tuple(seeds), final, tail, new)


def _verdict(index: int):
    return lambda plan: sgd_runs(comparison_seeds(plan)).comparisons()[index].verdict


CLAIMS = (
    Claim("ch01-decay-below-large-constant", "01",
          "Decayed 0.2 → 0.002 ends with a lower excess training loss than constant 0.2.",
          "decayed 0.2 → 0.002 lower", _verdict(0)),
    Claim("ch01-decay-below-small-constant", "01",
          "Decayed 0.2 → 0.002 ends with a lower excess training loss than constant 0.002.",
          "decayed 0.2 → 0.002 lower", _verdict(1)),
    Claim("ch01-decay-below-large-constant-new-data", "01",
          "On new data, decayed 0.2 → 0.002 ends below constant 0.2.",
          "decayed 0.2 → 0.002 lower", _verdict(2)),
)
