r"""Chapter 10's cooldown study: how long, and in what shape, a WSD run should cool down.

One constant run at the WSD peak is branched into cooldowns over the last 10, 20 and 40 % of a
1 000-step run, each in four shapes: linear, 1−sqrt and cosine (Hägele et al. 2024, who compare
these three), and exponential in the manner of MiniCPM (Hu et al. 2024: the rate halves at a fixed
interval during the decay stage; here it halves :data:`HALVINGS` times over the cooldown, so it
ends at :math:`2^{-5}` of the peak, a choice of ours). Each branch is compared, seed by seed,
with cosine and with linear decay to 0 run from scratch, each at its own tuned peak (Holm across
the whole table).

The peaks come from chapter 10's sweep (:func:`~lrdecay_lessons.experiments.ch10.schedule_sweep`,
same problem, grid, seeds and length): the WSD peak is the one tuned for the 20 % linear
cooldown, as a practitioner tunes the constant run once and branches from it. The excess loss is
measured every 10 steps (1 % of the run) from step 600 on, where the longest cooldown starts, and
every step's minibatch loss is kept, so the drop of each cooldown can be seen step by step.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np

from ..schedules import constant, join_schedules, schedule
from ..training import SGD, ManyRuns, SeedPlan, train_many
from ..training.protocol import paired_comparison
from .ch10 import STEPS, lab, schedule_sweep, student, today_schedules, with_holm
from .claims import Claim

__all__ = ["FRACTIONS", "SHAPES", "HALVINGS", "BASELINES", "NO_COOLDOWN", "EVAL_STEPS", "cooldown_factory", "branch_name",
           "CooldownStudy", "cooldown_study", "length_comparisons",
           "shape_comparisons", "CLAIMS"]

#: The cooldown lengths, as fractions of the run.
FRACTIONS = (0.1, 0.2, 0.4)
#: The cooldown shapes: the three of Hägele et al. 2024 and MiniCPM's exponential one.
SHAPES = ("linear", "1-sqrt", "cosine", "exponential")
#: How many times the exponential cooldown halves the rate (it ends at 2**-HALVINGS of the peak).
HALVINGS = 5
#: The schedules from scratch each branch is compared with.
BASELINES = ("cosine to 0", "linear to 0")
#: The constant run the branches leave, run to the end: the step-by-step reference of each cooldown.
NO_COOLDOWN = "constant, no cooldown"
#: Every 100 steps up to step 600, then every 10 (1 % of the run) through the longest cooldown.
EVAL_STEPS = np.concatenate([np.arange(100, 600, 100), np.arange(600, STEPS + 1, 10)])
#: The schedule of chapter 10's sweep whose tuned peak the constant run uses.
WSD_TUNED_AS = "WSD, linear cooldown"


def branch_name(shape: str, fraction: float) -> str:
    """``"linear, 20 %"``: a branch's name in the study's tables."""
    return f"{shape}, {round(100 * fraction)} %"


def cooldown_factory(shape: str, fraction: float) -> Callable:
    r"""``make(peak, T)``: the constant rate, then a cooldown over the last ``fraction`` of ``T`` steps.

    With :math:`D = \text{round}(fT)` and :math:`p = (t - (T - D))/D` the progress through the cooldown,
    the rate there is :math:`\eta\,s(p)` with :math:`s(p) = 1 - p`, :math:`1 - \sqrt p`,
    :math:`\tfrac12(1 + \cos \pi p)` (WSD's shapes), or :math:`2^{-5p}` for ``"exponential"``.
    """
    def make(peak: float, T: int):
        D = max(1, round(fraction * T))
        if shape == "exponential":
            return join_schedules([constant(peak), schedule("exponential_decay", lr0=peak, gamma=0.5**HALVINGS,
                                                            total_steps=D)], [T - D])
        return schedule("wsd", lr0=peak, total_steps=T, warmup_steps=0, decay_steps=D, decay_shape=shape)
    return make


@dataclass(frozen=True)
class CooldownStudy:
    """Every branch and both baselines on the evaluation seeds (:func:`cooldown_study`).

    Attributes
    ----------
    plan : SeedPlan
    peaks : dict
        Schedule name -> its peak (every branch at the WSD peak).
    names : tuple of str
        The branches (shape within length), the baselines, then :data:`NO_COOLDOWN` (the constant run
        at the WSD peak, never cooled down, on the same minibatches): the order of :attr:`runs`.
    runs : ManyRuns
        One block of ``len(plan.evaluation)`` rows per name, measured at :data:`EVAL_STEPS`.
    results : dict
        Name -> final excess loss per evaluation seed.
    comparisons : dict
        ``(branch, baseline)`` -> branch − baseline seed by seed, Holm across the whole table.
    """

    plan: SeedPlan
    peaks: dict
    names: tuple
    runs: ManyRuns
    results: dict
    comparisons: dict

    def rows(self, name: str) -> slice:
        """The rows of :attr:`runs` that hold ``name``'s evaluation runs."""
        index, n = self.names.index(name), len(self.plan.evaluation)
        return slice(index * n, (index + 1) * n)

    @property
    def branches(self) -> tuple:
        """The branches' names, shape within length."""
        return self.names[:len(FRACTIONS) * len(SHAPES)]

    def step_gap(self, name: str) -> np.ndarray:
        """``name``'s minibatch loss minus the constant run's on the same minibatch, step by step, mean over the seeds
        (the minibatch noise, shared by both, cancels)."""
        return (self.runs.step_loss[self.rows(name)] - self.runs.step_loss[self.rows(NO_COOLDOWN)]).mean(axis=0)

    @property
    def branched_steps(self) -> int:
        """Steps to train every branch from one constant run: the run to the earliest cooldown, plus each cooldown."""
        cooldowns = [max(1, round(f * STEPS)) for f in FRACTIONS]
        return STEPS - min(cooldowns) + len(SHAPES) * sum(cooldowns)

    @property
    def separate_steps(self) -> int:
        """Steps to train every branch as a run of its own."""
        return len(SHAPES) * len(FRACTIONS) * STEPS


@lru_cache(maxsize=2)
def cooldown_study(plan: SeedPlan) -> CooldownStudy:
    """Run every branch (at the WSD peak) and both baselines (at theirs) on ``plan.evaluation`` (plain SGD).

    Remembered for the last two plans (the runs are deterministic), so that the claims drawn from one
    study train it once; do not modify the arrays of the result.
    """
    sweep = schedule_sweep(plan)
    wsd_peak = sweep.peaks[WSD_TUNED_AS]
    factories = {branch_name(shape, f): cooldown_factory(shape, f) for f in FRACTIONS for shape in SHAPES}
    peaks = {name: wsd_peak for name in factories}
    for name in BASELINES:
        factories[name] = today_schedules(0.2)[name]
        peaks[name] = sweep.peaks[name]
    factories[NO_COOLDOWN], peaks[NO_COOLDOWN] = (lambda peak, T: constant(peak)), wsd_peak
    names = tuple(factories)
    t = np.arange(STEPS)
    rates = np.array([np.broadcast_to(np.asarray(factories[name](peaks[name], STEPS)(t), dtype=float), (STEPS,))
                      for name in names for _ in plan.evaluation])
    runs = train_many(lab(), student(), SGD(), rates, list(plan.evaluation) * len(names), evaluations=EVAL_STEPS)
    n = len(plan.evaluation)
    results = {name: runs.final_excess[i * n:(i + 1) * n] for i, name in enumerate(names)}
    single = [paired_comparison(branch, baseline, results[branch], results[baseline])
              for branch in names[:-len(BASELINES) - 1] for baseline in BASELINES]
    comparisons = {(c.first, c.second): c for c in with_holm(single)}
    return CooldownStudy(plan, peaks, names, runs, results, comparisons)


def length_comparisons(study: CooldownStudy) -> list:
    """In each shape, 20 % − 10 % and 40 % − 20 % seed by seed (Holm over the 8): does a longer cooldown end lower?"""
    r, pairs = study.results, list(zip(FRACTIONS[1:], FRACTIONS[:-1]))
    return with_holm([paired_comparison(branch_name(shape, long), branch_name(shape, short),
                                        r[branch_name(shape, long)], r[branch_name(shape, short)])
                      for long, short in pairs for shape in SHAPES])


def shape_comparisons(study: CooldownStudy) -> list:
    """At each length, every other shape − linear seed by seed (Holm over the 9)."""
    r = study.results
    return with_holm([paired_comparison(branch_name(shape, f), branch_name("linear", f),
                                        r[branch_name(shape, f)], r[branch_name("linear", f)])
                      for f in FRACTIONS for shape in SHAPES[1:]])


def _count(verdicts: list[str], wanted: str) -> str:
    return f"{sum(v == wanted for v in verdicts)} of {len(verdicts)}"


def _longer_lower(plan: SeedPlan) -> str:
    found = length_comparisons(cooldown_study(plan))
    parts = []
    for long, short in zip(FRACTIONS[1:], FRACTIONS[:-1]):
        pair = [c for c in found if c.first.endswith(f", {round(100 * long)} %")
                and c.second.endswith(f", {round(100 * short)} %")]
        lower = sum(c.verdict == f"{c.first} lower" for c in pair)
        parts.append(f"{round(100 * long)} % lower than {round(100 * short)} % in {lower} of {len(pair)} shapes")
    return "; ".join(parts)


def _against(plan: SeedPlan, fraction: float, baseline: str) -> str:
    study = cooldown_study(plan)
    verdicts = [study.comparisons[(branch_name(shape, fraction), baseline)].verdict for shape in SHAPES]
    return (f"{baseline} lower than {_count(verdicts, f'{baseline} lower')}; "
            f"not separated from {_count(verdicts, 'not separated')}")


CLAIMS: tuple[Claim, ...] = (
    Claim("ch10-cooldown-longer-lower", "10",
          "In every shape, a 20 % cooldown ends below a 10 % one and a 40 % below a 20 % one (Holm over the 8).",
          "20 % lower than 10 % in 4 of 4 shapes; 40 % lower than 20 % in 4 of 4 shapes", _longer_lower),
    Claim("ch10-cooldown-10-above-linear-to-0", "10",
          "Every 10 % cooldown, whatever its shape, ends above linear decay to 0 run from scratch.",
          "linear to 0 lower than 4 of 4; not separated from 0 of 4",
          lambda plan: _against(plan, 0.1, "linear to 0")),
    Claim("ch10-cooldown-40-vs-cosine", "10",
          "No 40 % cooldown is separated from cosine to 0 run from scratch.",
          "cosine to 0 lower than 0 of 4; not separated from 4 of 4",
          lambda plan: _against(plan, 0.4, "cosine to 0")),
)
