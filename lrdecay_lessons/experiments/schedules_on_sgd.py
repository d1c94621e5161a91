r"""What each schedule of chapters 02–06 does to SGD: chapter 01's noisy least-squares problem, one epoch.

Every chapter from 02 to 06 runs its schedules on the same problem as chapter 01
(:func:`~lrdecay_lessons.experiments.ch01.sgd_problem`: batch 10, one pass of :math:`T = 2000` steps,
from zero weights, peak :math:`\eta_0 = 0.2`, chapter 01's large constant rate) on the same
:func:`~lrdecay_lessons.experiments.ch01.comparison_seeds`, so the chapters' numbers can be set side
by side. Two measures per seed, as in chapter 01: the excess training loss averaged over the last
10 % of the steps (``tail``), and the expected excess loss of the final weights on new data.
Comparisons are paired by seed (:func:`~lrdecay_lessons.training.protocol.compare_all`, Holm
across a table). Nothing is tuned: each schedule keeps the article's shape, scaled to :math:`T`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from ..errors import InvalidParameterError
from ..schedules import schedule
from ..training import PairedComparison, compare_all, paired_comparison
from ..training.least_squares_paths import LeastSquaresPaths, sgd_least_squares_paths
from ..training.trainer import ScheduleLike
from .ch01 import BATCH, LAST, comparison_seeds, sgd_problem
from .claims import CHAPTER_PLAN, Claim

__all__ = ["PEAK", "HORIZON", "DROP_WINDOW", "SgdOutcome", "run_on_sgd", "chapter_schedules", "chapter_outcome",
           "drop_effect", "CLAIMS"]

#: The peak rate: chapter 01's large constant, stable on this problem.
PEAK = 0.2
#: One epoch of 20,000 samples in batches of 10.
HORIZON = 2000
#: Steps on either side of a drop over which :func:`drop_effect` averages the loss.
DROP_WINDOW = 50


@dataclass(frozen=True)
class SgdOutcome:
    """Several schedules run on the same seeds: each one's path, per seed."""

    paths: dict  # name -> LeastSquaresPaths

    @property
    def names(self) -> list[str]:
        return list(self.paths)

    @property
    def seeds(self) -> tuple[int, ...]:
        return next(iter(self.paths.values())).seeds

    def tail(self, name: str) -> np.ndarray:
        """Each seed's excess training loss over the last 10 % of the steps."""
        return self._path(name).tail(LAST)

    def new_data(self, name: str) -> np.ndarray:
        """Each seed's expected excess loss of the final weights on new data."""
        return self._path(name).new_data_excess

    def mean_path(self, name: str) -> np.ndarray:
        """The excess training loss after each step, averaged over the seeds."""
        return self._path(name).excess.mean(axis=0)

    def comparisons(self, reference: str, measure: str = "tail") -> list[PairedComparison]:
        """Every other schedule against ``reference`` on ``measure`` ("tail" or "new data"), Holm across them."""
        values = {"tail": self.tail, "new data": self.new_data}
        if measure not in values:
            raise InvalidParameterError(f"measure must be 'tail' or 'new data'; got measure={measure!r}.")
        return compare_all({name: values[measure](name) for name in self.paths}, reference)

    def _path(self, name: str) -> LeastSquaresPaths:
        if name not in self.paths:
            raise InvalidParameterError(f"name must be one of {self.names}; got name={name!r}.")
        return self.paths[name]


def run_on_sgd(named: Mapping[str, ScheduleLike], seeds: Sequence[int]) -> SgdOutcome:
    """Run every schedule of ``named`` (name → schedule over :data:`HORIZON` steps) on every seed."""
    if not named:
        raise InvalidParameterError(f"named must hold at least one schedule; got named={named!r}.")
    problem = sgd_problem()
    return SgdOutcome({name: sgd_least_squares_paths(problem, s, seeds, batch_size=BATCH) for name, s in named.items()})


def chapter_schedules(chapter: str) -> dict:
    """The schedules a chapter runs (``"02"`` to ``"05"``), each against the constant peak."""
    T, lr0 = HORIZON, PEAK
    table = {
        "02": {"step decay γ = 0.5, s = 200": schedule("step_decay", lr0=lr0, gamma=0.5, step_size=T // 10)},
        "03": {"exponential γ = 0.9 per T (article)": schedule("exponential_decay", lr0=lr0, gamma=0.9, total_steps=T),
               "exponential γ = 0.01 per T": schedule("exponential_decay", lr0=lr0, gamma=0.01, total_steps=T)},
        "04": {"linear (α = 1)": schedule("polynomial_decay", lr0=lr0, total_steps=T, power=1.0),
               "polynomial α = 2": schedule("polynomial_decay", lr0=lr0, total_steps=T, power=2.0)},
        "05": {"cosine": schedule("cosine_annealing", lr0=lr0, total_steps=T),
               "linear (α = 1)": schedule("polynomial_decay", lr0=lr0, total_steps=T, power=1.0)},
    }
    if chapter not in table:
        raise InvalidParameterError(f"chapter must be one of {sorted(table)}; got chapter={chapter!r}.")
    return {f"constant {lr0:g}": lr0, **table[chapter]}


def chapter_outcome(chapter: str, seeds: Sequence[int] | None = None) -> SgdOutcome:
    """:func:`chapter_schedules` of ``chapter`` run on ``seeds`` (default: chapter 01's comparison seeds)."""
    return run_on_sgd(chapter_schedules(chapter), comparison_seeds(CHAPTER_PLAN) if seeds is None else seeds)


def drop_effect(outcome: SgdOutcome, name: str, drop_step: int, window: int = DROP_WINDOW) -> PairedComparison:
    """The excess training loss over the ``window`` steps from ``drop_step`` on, against the ``window`` steps before,
    seed by seed ("after − before")."""
    path = outcome._path(name)
    after = path.window(drop_step, drop_step + window)
    before = path.window(drop_step - window, drop_step)
    return paired_comparison("after", "before", after, before)


def _drop_verdict(plan) -> str:
    outcome = run_on_sgd(chapter_schedules("02"), comparison_seeds(plan))
    return drop_effect(outcome, "step decay γ = 0.5, s = 200", HORIZON // 10).verdict


CLAIMS = (
    Claim("ch02-loss-falls-after-a-drop", "02",
          "In the 50 steps after step decay's first drop the excess training loss is lower than in the 50 before.",
          "after lower", _drop_verdict),
)
