r"""Chapter 08's experiments: a tuned race on a small network, the cliff of a step, and overfitting.

The network (:func:`lab_comparison`): the teacher-student digits problem, one hidden ReLU layer
of 32 units in float32, 1 000 steps of batch 32. Each schedule's peak is tuned on the plan's
tuning seeds over a half-octave grid, and the schedules are compared on its evaluation seeds
(:func:`~lrdecay_lessons.training.protocol_sweep.tune_and_evaluate`).

Overfitting (:func:`overfitting_comparison`): fixed labels, a wider student, constant against
cosine, each tuned two ways on the held-out images (loss at the end, and with early stopping).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from .. import schedules as S
from ..errors import InvalidParameterError
from ..schedules.validation import check_choice, check_count
from ..training import (MLP, SGD, AdamW, ManyRuns, PairedComparison, SeedPlan, Sweep, TunedComparison,
                        half_octave_grid, teacher_student_digits, train_many, tune_and_evaluate, tuned_sweep)
from ..training.many_runs import _sweep_rates
from ..training.protocol_sweep import grid_start
from ..training.protocol import holm, paired_comparison
from .ch07 import verdict_list
from .claims import Claim

__all__ = ["LAB_STEPS", "LAB_SCHEDULES", "LAB_OPTIMIZERS", "LAB_START", "lab_student", "overfit_student", "lab_comparison",
           "OVERFIT_PEAKS", "OverfitComparison", "overfitting_comparison", "WinnersCurse", "winners_curse",
           "cosine_against_linear", "CLAIMS"]


# --- the network ---------------------------------------------------------------------------------------------

#: Steps of every run of the lab's race (batches of 32).
LAB_STEPS = 1000
#: The race's three schedules: ``make(peak, total_steps) -> schedule``.
LAB_SCHEDULES: dict[str, Callable[[float, int], Callable]] = {
    "constant": lambda peak, T: S.constant(peak),
    "cosine": lambda peak, T: S.schedule("cosine_annealing", lr0=peak, total_steps=T),
    "linear to 0": lambda peak, T: S.schedule("polynomial_decay", lr0=peak, total_steps=T, power=1.0),
}
#: Each optimizer of the race and its half-octave grid of peaks.
LAB_OPTIMIZERS: dict[str, tuple[Callable[[], Any], tuple[float, ...]]] = {
    "SGD + momentum 0.9": (lambda: SGD(momentum=0.9), half_octave_grid(0.0106, 0.12)),
    "AdamW": (lambda: AdamW(weight_decay=0.0), half_octave_grid(0.00424, 0.034)),
}
#: Where each optimizer's tuning starts its search of the grid (grid positions: the peaks the chapter's tuning
#: seeds chose on the whole grid); see :func:`~lrdecay_lessons.training.protocol_sweep.windowed_sweep`.
LAB_START: dict[str, dict[str, int]] = {
    "SGD + momentum 0.9": {"constant": 1, "cosine": 5, "linear to 0": 5},
    "AdamW": {"constant": 1, "cosine": 4, "linear to 0": 4},
}


def overfit_student() -> MLP:
    """The overfitting study's student: one hidden ReLU layer of 64 units (wide enough to memorise), float32."""
    return MLP(hidden=(64,), dtype="float32")


def lab_student() -> MLP:
    """One hidden ReLU layer of 32 units, He initialisation, float32 (PyTorch's default precision)."""
    return MLP(hidden=(32,), dtype="float32")


@lru_cache(maxsize=4)
def lab_comparison(optimizer: str, plan: SeedPlan) -> TunedComparison:
    """The three schedules under ``optimizer`` (a key of :data:`LAB_OPTIMIZERS`): peaks tuned on
    ``plan.tuning``, compared with the tuned constant rate on ``plan.evaluation``.

    Each schedule's tuning searches the grid from :data:`LAB_START` (three or four peaks instead of all).
    Remembered for the last four (optimizer, plan) pairs (the runs are deterministic), so that the
    claims and the weight-decay study reuse a race; do not modify the arrays of the result."""
    check_choice("optimizer", optimizer, tuple(LAB_OPTIMIZERS))
    make, peaks = LAB_OPTIMIZERS[optimizer]
    start = {name: grid_start(peaks, index) for name, index in LAB_START[optimizer].items()}
    return tune_and_evaluate(teacher_student_digits(), lab_student(), make(), LAB_SCHEDULES, peaks, plan,
                             LAB_STEPS, "constant", tuning_curves=False, start=start)


def _lab_verdict(optimizer: str) -> Callable[[SeedPlan], str]:
    return lambda plan: verdict_list(list(lab_comparison(optimizer, plan).comparisons.values()))


def cosine_against_linear(races: Mapping[str, TunedComparison]) -> dict[str, PairedComparison]:
    """Cosine against linear decay to 0, each at its tuned peak, in each race (optimizer -> :func:`lab_comparison`),
    with Holm's correction over the races."""
    if not isinstance(races, Mapping) or not races:
        raise InvalidParameterError(f"races must map an optimizer to its lab_comparison(...); got races={races!r:.80}.")
    single = [race.compare("cosine", "linear to 0") for race in races.values()]
    return dict(zip(races, _with_holm(single)))


def _with_holm(single: Sequence[PairedComparison]) -> list[PairedComparison]:
    adjusted = holm([c.p_value for c in single])
    return [PairedComparison(c.first, c.second, c.differences, c.mean, c.sd, c.low, c.high, c.p_value, float(p),
                             c.first_lower) for c, p in zip(single, adjusted)]


def _cosine_linear_verdict(plan: SeedPlan) -> str:
    races = {name: lab_comparison(name, plan) for name in LAB_OPTIMIZERS}
    return "; ".join(f"{name}: {c.verdict}" for name, c in cosine_against_linear(races).items())


# --- the protocol's reason: the winner's curse ---------------------------------------------------------------

@dataclass(frozen=True)
class WinnersCurse:
    """What tuning and reporting on the same seeds does, simulated (:func:`winners_curse`).

    Attributes
    ----------
    peaks, tuning_seeds, evaluation_seeds, repeats : int
        The set-up: a grid of equally good peaks, each run's result the true value plus noise
        of standard deviation 1 (the seed-to-seed spread of one run).
    tuning_mean, evaluation_mean : float
        Mean over the repeats of the chosen peak's mean result on the tuning seeds that chose it,
        and on fresh evaluation seeds; the true value is 0.
    tuned_looks_better_on_tuning, tuned_looks_better_on_evaluation : float
        Share of the repeats in which the tuned schedule's mean beats that of an equally good
        schedule run once at a fixed setting, on the tuning seeds and on fresh seeds.
    """

    peaks: int
    tuning_seeds: int
    evaluation_seeds: int
    repeats: int
    tuning_mean: float
    evaluation_mean: float
    tuned_looks_better_on_tuning: float
    tuned_looks_better_on_evaluation: float


def winners_curse(peaks: int = 7, tuning_seeds: int = 3, evaluation_seeds: int = 5, repeats: int = 20_000,
                  seed: int = 0) -> WinnersCurse:
    """Pick the lowest of ``peaks`` equally good peaks on ``tuning_seeds`` noisy runs each, and measure it again.

    Every result is the true value 0 plus standard normal noise (one seed's spread), so any
    advantage the chosen peak shows is noise that the choice selected.
    """
    peaks = check_count("peaks", peaks, 1, 100)
    tuning_seeds = check_count("tuning_seeds", tuning_seeds, 1, 100)
    evaluation_seeds = check_count("evaluation_seeds", evaluation_seeds, 1, 100)
    repeats = check_count("repeats", repeats, 1, 100_000)
    rng = np.random.default_rng(seed)
    tuning = rng.standard_normal((repeats, peaks, tuning_seeds)).mean(axis=2)
    chosen = tuning.min(axis=1)
    fresh = rng.standard_normal((repeats, evaluation_seeds)).mean(axis=1)
    fixed_tuning = rng.standard_normal((repeats, tuning_seeds)).mean(axis=1)
    fixed_fresh = rng.standard_normal((repeats, evaluation_seeds)).mean(axis=1)
    return WinnersCurse(peaks, tuning_seeds, evaluation_seeds, repeats, float(chosen.mean()), float(fresh.mean()),
                        float(np.mean(chosen < fixed_tuning)), float(np.mean(fresh < fixed_fresh)))


# --- overfitting with fixed labels ---------------------------------------------------------------------------

#: The overfitting study's grid of peaks (SGD with momentum 0.9, 2 000 steps, 64 hidden units).
OVERFIT_PEAKS = half_octave_grid(0.00106, 0.0085)
OVERFIT_STEPS = 2000
OVERFIT_EVALUATIONS = 20
OVERFIT_SCHEDULES = ("constant", "cosine")
TUNINGS = ("at the end", "with early stopping")


@dataclass(frozen=True)
class OverfitComparison:
    """Constant against cosine on fixed labels, each tuned for the end of the run and for early stopping.

    Attributes
    ----------
    plan : SeedPlan
    tuning : Sweep
        The grid on the tuning seeds (criterion: held-out excess loss at the end).
    peaks : dict
        ``(tuning, schedule) -> peak`` chosen on the tuning seeds.
    runs : ManyRuns
        The evaluation runs: one block of ``len(plan.evaluation)`` rows per distinct ``(schedule, peak)``
        (:meth:`rows` finds a key's block).
    results : dict
        ``(tuning, schedule) -> `` held-out excess per evaluation seed: at the end of the run, or
        the lowest over its evaluations (early stopping).
    comparisons : dict
        ``tuning -> `` cosine against constant, seed by seed, Holm over the two tunings.
    """

    plan: SeedPlan
    tuning: Sweep
    peaks: dict
    runs: ManyRuns
    results: dict
    comparisons: dict

    def rows(self, key: tuple[str, str]) -> slice:
        """The rows of :attr:`runs` of ``key = (tuning, schedule)``."""
        if key not in self.peaks:
            raise InvalidParameterError(f"key must be one of {list(self.peaks)}; got key={key!r}.")
        distinct = list(dict.fromkeys((name, peak) for (_, name), peak in self.peaks.items()))
        index, n = distinct.index((key[1], self.peaks[key])), len(self.plan.evaluation)
        return slice(index * n, (index + 1) * n)


def _early_stopping_peak(sweep: Sweep, name: str) -> float:
    per_run = sweep.runs.best_held_out.reshape(len(sweep.entries), len(sweep.peaks), len(sweep.seeds))
    block = per_run[list(sweep.entries).index(name)]
    clean = [j for j in range(len(sweep.peaks)) if np.all(np.isfinite(block[j]))]
    return sweep.peaks[min(clean, key=lambda j: block[j].mean())]


def overfitting_comparison(plan: SeedPlan) -> OverfitComparison:
    """Fixed labels, 64 hidden units (float32), SGD with momentum 0.9: constant and cosine, each tuned on
    ``plan.tuning`` for the held-out loss at the end and with early stopping, compared on ``plan.evaluation``."""
    problem = teacher_student_digits(labels="fixed")
    net, optimizer = overfit_student(), SGD(momentum=0.9)
    schedules = {name: LAB_SCHEDULES[name] for name in OVERFIT_SCHEDULES}
    # only the held-out images are measured (all the study reads); a run that ends worse than the trivial predictor
    # there has failed
    sweep = tuned_sweep(problem, net, optimizer, schedules, OVERFIT_PEAKS, plan.tuning, OVERFIT_STEPS,
                        evaluations=OVERFIT_EVALUATIONS, criterion="held-out", measure="held-out")
    peaks = {}
    for name in OVERFIT_SCHEDULES:
        peaks[("at the end", name)] = sweep.entries[name].best_peak
        peaks[("with early stopping", name)] = _early_stopping_peak(sweep, name)
    t = np.arange(OVERFIT_STEPS)
    distinct = list(dict.fromkeys((name, peak) for (_, name), peak in peaks.items()))  # a shared peak runs once
    rates = np.array([_sweep_rates(name, schedules[name], peak, OVERFIT_STEPS, t) * np.ones(OVERFIT_STEPS)
                      for name, peak in distinct for _ in plan.evaluation])
    runs = train_many(problem, net, optimizer, rates, list(plan.evaluation) * len(distinct),
                      evaluations=OVERFIT_EVALUATIONS, measure="held-out")
    n = len(plan.evaluation)
    blocks = {key: distinct.index((key[1], peak)) for key, peak in peaks.items()}
    results = {}
    for (tuning, name), index in blocks.items():
        block = slice(index * n, (index + 1) * n)
        results[(tuning, name)] = (runs.final_held_out if tuning == "at the end" else runs.best_held_out)[block]
    single = [paired_comparison("cosine", "constant", results[(tuning, "cosine")], results[(tuning, "constant")])
              for tuning in TUNINGS]
    comparisons = dict(zip(TUNINGS, _with_holm(single)))
    return OverfitComparison(plan, sweep, peaks, runs, results, comparisons)


def _overfit_verdict(plan: SeedPlan) -> str:
    return "; ".join(f"{tuning}: {c.verdict}" for tuning, c in overfitting_comparison(plan).comparisons.items())


CLAIMS: tuple[Claim, ...] = (
    Claim("ch08-lab-momentum-decay-below-tuned-constant", "08",
          "On the network under SGD with momentum, cosine and linear decay, each at its tuned peak, end below "
          "the tuned constant rate.", "cosine lower; linear to 0 lower", _lab_verdict("SGD + momentum 0.9")),
    Claim("ch08-lab-adamw-decay-below-tuned-constant", "08",
          "On the network under AdamW, cosine and linear decay, each at its tuned peak, end below the tuned "
          "constant rate.", "cosine lower; linear to 0 lower", _lab_verdict("AdamW")),
    Claim("ch08-lab-cosine-vs-linear", "08",
          "Cosine against linear decay to 0 at tuned peaks: not separated under momentum SGD; linear ends "
          "lower under AdamW (Holm over the two).",
          "SGD + momentum 0.9: not separated; AdamW: linear to 0 lower", _cosine_linear_verdict),
    Claim("ch08-overfit-cosine-vs-constant", "08",
          "Fixed labels: cosine against a constant rate on the held-out loss is not separated, whether both "
          "are tuned for the end of the run or for early stopping.",
          "at the end: not separated; with early stopping: not separated", _overfit_verdict),
)
