r"""Chapter 13's experiment: every published recipe's shape on chapter 01's noisy least squares, seed by seed.

Each recipe is stretched to the same :data:`STEPS` steps and the same peak :data:`PEAK`
(:func:`~lrdecay_lessons.schedules.recipes.rescaled`) and trained with minibatch SGD, batches of 10,
one pass over the data; the score is the final expected excess loss, computed exactly from the
weights. The peak and the length are fixed by the question (the shapes, not the peaks, are compared),
so nothing is tuned: every run reports on the plan's evaluation seeds, and seed ``k`` gives every
recipe the same samples in the same order. The comparisons are paired by seed, Holm over the table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..schedules.recipes import RECIPES, rescaled
from ..training import PairedComparison, SeedPlan, learning_rates, noisy_least_squares, paired_comparison, train
from .ch10 import with_holm
from .claims import Claim

__all__ = ["STEPS", "PEAK", "LANDS", "STAYS_HIGH", "RecipeRuns", "recipe_runs", "CLAIMS"]

#: Steps of every run (one pass over the 20,000 samples in batches of 10).
STEPS = 2000
#: The peak every recipe's shape is scaled to.
PEAK = 0.1
#: A shape "lands" when its last rate is at most this fraction of its peak ...
LANDS = 0.01
#: ... and "stays high" when it is at least this fraction (GPT-3, Chinchilla, LLaMA and DeepSeek LLM end at
#: 10 % of their peak, the Transformer at 20 %).
STAYS_HIGH = 0.05


@dataclass(frozen=True)
class RecipeRuns:
    """Every recipe's shape on every evaluation seed.

    Attributes
    ----------
    seeds : tuple of int
    names : dict
        Recipe key -> its name.
    final_fraction, mean_fraction : dict
        Recipe key -> its last rate and its mean rate, as fractions of the peak.
    final : dict
        Recipe key -> the final expected excess loss, one per seed.
    """

    seeds: tuple[int, ...]
    names: dict
    final_fraction: dict
    mean_fraction: dict
    final: dict

    @property
    def landing(self) -> list[str]:
        """The recipes whose last rate is at most :data:`LANDS` of the peak."""
        return [k for k, f in self.final_fraction.items() if f <= LANDS]

    @property
    def staying_high(self) -> list[str]:
        """The recipes whose last rate is at least :data:`STAYS_HIGH` of the peak."""
        return [k for k, f in self.final_fraction.items() if f >= STAYS_HIGH]

    def group_mean(self, keys: list[str]) -> np.ndarray:
        """Per seed, the mean final excess loss over the recipes ``keys``."""
        return np.mean([self.final[k] for k in keys], axis=0)

    def comparisons(self) -> list[PairedComparison]:
        """Shapes that stay high against shapes that land (group means per seed), and MiniCPM's WSD against
        the shapes that stay high; Holm over the two."""
        high = f"ending at ≥ {STAYS_HIGH:.0%} of the peak"
        low = f"ending at ≤ {LANDS:.0%} of the peak"
        return with_holm([
            paired_comparison(high, low, self.group_mean(self.staying_high), self.group_mean(self.landing)),
            paired_comparison(self.names["minicpm"], high, self.final["minicpm"], self.group_mean(self.staying_high)),
        ])


def recipe_runs(plan: SeedPlan) -> RecipeRuns:
    """Train every recipe's shape (peak :data:`PEAK`, :data:`STEPS` steps) on each evaluation seed of ``plan``."""
    problem = noisy_least_squares(seed=0)
    per_epoch = -(-problem.dataset.n_train // 10)
    names, final_fraction, mean_fraction, final = {}, {}, {}, {}
    for item in RECIPES:
        shape = rescaled(item, STEPS, PEAK)
        rates = learning_rates(shape, STEPS)
        runs = [train(problem.dataset, shape, epochs=STEPS // per_epoch, batch_size=10, seed=seed)
                for seed in plan.evaluation]
        names[item.key] = item.name
        final_fraction[item.key] = float(rates[-1] / PEAK)
        mean_fraction[item.key] = float(rates.mean() / PEAK)
        final[item.key] = np.array([np.nan if r.diverged else problem.expected_excess(r.weights, r.bias)
                                    for r in runs])
    return RecipeRuns(plan.evaluation, names, final_fraction, mean_fraction, final)


CLAIMS = (
    Claim("ch13-landing-shapes-not-separated", "13",
          "At the same peak and length on noisy least squares, five seeds do not separate the recipes' shapes that "
          "end at 5 % of the peak or more from those that end at 1 % or less (group means, seed by seed).",
          "not separated", lambda plan: recipe_runs(plan).comparisons()[0].verdict),
    Claim("ch13-minicpm-not-separated", "13",
          "On the same problem, five seeds do not separate MiniCPM's warmup-stable-decay shape from the shapes that "
          "end at 5 % of the peak or more.",
          "not separated", lambda plan: recipe_runs(plan).comparisons()[1].verdict),
)
