r"""Chapter 10's experiments on the lab (teacher–student digits, one ReLU layer of 32, float32), by the protocol.

Three experiments, each a function of a :class:`~lrdecay_lessons.training.protocol.SeedPlan`: every
schedule's peak is tuned on ``plan.tuning`` over a half-octave grid, the results are reported on
``plan.evaluation``, and schedules are compared seed by seed with 95 % t-intervals and Holm's
correction over the comparisons of one table
(:func:`~lrdecay_lessons.training.protocol_sweep.tune_and_evaluate`).

* :func:`schedule_sweep`: today's schedules with plain SGD over :data:`STEPS` steps, each against
  linear decay to 0.
* :func:`wsd_branching`: WSD runs of several lengths, each the constant run up to its checkpoint
  plus its own cooldown, against cosine decay run from scratch for each length.
* :func:`schedule_free`: schedule-free SGD against SGD with momentum 0.9 decayed linearly to 0, and
  schedule-free AdamW against AdamW decayed linearly to 0, all with the same linear warm-up over the
  first 5 % of the steps, each pair tuned on one half-octave grid.

What it cannot do: the evaluation seeds say whether a gap is larger than this small problem's
seed-to-seed noise, not whether it carries over to other models, data or run lengths.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np

from ..schedules import Schedule, constant, schedule, with_warmup
from ..errors import InvalidParameterError
from ..schedules.validation import check_choice, check_count, check_in_interval
from ..training import (MLP, SGD, AdamW, Optimizer, PairedComparison, ScheduleFreeAdamW, ScheduleFreeSGD, SeedPlan,
                        TeacherStudent, TunedComparison, half_octave_grid, holm, paired_comparison,
                        teacher_student_digits, tune_and_evaluate)
from ..training.parallel import run_blocks
from ..training.protocol_sweep import grid_start
from .claims import Claim

__all__ = [
    "STEPS", "SWEEP_GRID", "BRANCH_LENGTHS", "BRANCH_GRID", "WARMUP_FRACTION", "SF_SGD_GRID", "SF_ADAMW_GRID",
    "SWEEP_START", "SF_START",
    "lab", "student", "today_schedules", "schedule_sweep", "with_holm",
    "Branching", "wsd_branching", "ScheduleFreeComparison", "schedule_free", "CLAIMS",
]

Factory = Callable[[float, int], Schedule]

#: Steps of every run of the chapter's lab.
STEPS = 1000
#: Peaks of the schedule sweep: 0.1 · 2^(k/2) up to 1.13 (8 peaks).
SWEEP_GRID = half_octave_grid(0.1, 1.2)
#: Lengths of the WSD branches and of the cosine runs they are compared with.
BRANCH_LENGTHS = (250, 500, 1000)
#: Peaks of the branching experiment: 0.28 · 2^(k/2) up to 2.24 (7 peaks: linear decay's best over the
#: shortest run lies above 1.12).
BRANCH_GRID = half_octave_grid(0.28, 2.24)
#: Linear warm-up of the schedule-free comparison, as a fraction of the run.
WARMUP_FRACTION = 0.05
#: One grid for schedule-free SGD and SGD with momentum: 0.04 · 2^(k/2) up to 1.28 (11 peaks).
SF_SGD_GRID = half_octave_grid(0.04, 1.28)
#: One grid for schedule-free AdamW and AdamW: 0.008 · 2^(k/2) up to 0.064 (7 peaks).
SF_ADAMW_GRID = half_octave_grid(0.008, 0.064)
#: Where each schedule's tuning in the sweep starts its search of :data:`SWEEP_GRID` (grid positions: the
#: peaks the chapter's tuning seeds chose on the whole grid); see
#: :func:`~lrdecay_lessons.training.protocol_sweep.windowed_sweep`.
SWEEP_START = {"constant": 2, "step ×0.1 at T/2, 3T/4": 4, "cosine to 0": 5, "cosine to 10%": 5, "linear to 0": 6,
               "WSD, linear cooldown": 4, "WSD, 1-sqrt cooldown": 4, "WSD, cosine cooldown": 4}
#: The same for the schedule-free comparison (positions on its grids).
SF_START = {"schedule-free SGD": 9, "SGD, momentum 0.9, linear to 0": 1, "schedule-free AdamW": 4,
            "AdamW, linear to 0": 3}


def lab() -> TeacherStudent:
    """Chapter 08's teacher–student digits (labels drawn afresh from a fixed teacher)."""
    return teacher_student_digits()


def student() -> MLP:
    """One ReLU layer of 32 units, He initialisation, computed in float32."""
    return MLP(hidden=(32,), dtype="float32")


def today_schedules(cooldown_fraction: float = 0.2) -> dict[str, Factory]:
    """The schedules the chapter compares, each a factory ``make(peak, T) -> Schedule``.

    constant; step (×0.1 at T/2 and 3T/4); cosine to 0; cosine to 10 % of the peak; linear to 0;
    WSD without warm-up and with a cooldown over the last ``cooldown_fraction`` of the run, in
    its three shapes (linear, 1-sqrt, cosine).
    """
    f = check_in_interval("cooldown_fraction", cooldown_fraction, 0.0, 1.0, closed_high=True)

    def make_wsd(shape: str) -> Factory:
        return lambda peak, T: schedule("wsd", lr0=peak, total_steps=T, warmup_steps=0,
                                        decay_steps=max(1, round(f * T)), decay_shape=shape)

    return {
        "constant": lambda peak, T: constant(peak),
        "step ×0.1 at T/2, 3T/4": lambda peak, T: schedule("multistep_decay", lr0=peak,
                                                         milestones=[T // 2, 3 * T // 4], gamma=0.1),
        "cosine to 0": lambda peak, T: schedule("cosine_annealing", lr0=peak, total_steps=T),
        "cosine to 10%": lambda peak, T: schedule("cosine_annealing", lr0=peak, total_steps=T, lr_min=0.1 * peak),
        "linear to 0": lambda peak, T: schedule("polynomial_decay", lr0=peak, total_steps=T, power=1.0),
        "WSD, linear cooldown": make_wsd("linear"),
        "WSD, 1-sqrt cooldown": make_wsd("1-sqrt"),
        "WSD, cosine cooldown": make_wsd("cosine"),
    }


@lru_cache(maxsize=2)
def schedule_sweep(plan: SeedPlan) -> TunedComparison:
    """Today's schedules with plain SGD, peaks tuned on ``plan.tuning``, each against linear to 0 (Holm over 7).

    Each schedule's tuning searches the grid from :data:`SWEEP_START` (three or four peaks instead of all).
    Remembered for the last two plans (the runs are deterministic), so that the claims drawn from one
    sweep train it once; do not modify the arrays of the result.
    """
    schedules = today_schedules(0.2)
    start = {name: grid_start(SWEEP_GRID, SWEEP_START[name]) for name in schedules}
    return tune_and_evaluate(lab(), student(), SGD(), schedules, SWEEP_GRID, plan, STEPS, "linear to 0",
                             tuning_curves=False, start=start)


def with_holm(comparisons: list[PairedComparison]) -> list[PairedComparison]:
    """The same comparisons with Holm-adjusted p-values over the list (their verdicts then account for each other)."""
    adjusted = holm([c.p_value for c in comparisons])
    return [PairedComparison(c.first, c.second, c.differences, c.mean, c.sd, c.low, c.high, c.p_value, float(p),
                             c.first_lower) for c, p in zip(comparisons, adjusted)]


# ---------------------------------------------------------------------------------------------
# WSD: one constant run, several lengths
# ---------------------------------------------------------------------------------------------

def _branch_name(family: str, length: int) -> str:
    return f"{family}, L = {length}"


@dataclass(frozen=True)
class Branching:
    r"""WSD branches of one constant run against cosine and linear decay run from scratch, at several lengths.

    A WSD run of length :math:`L` with a cooldown of :math:`D_L` steps is the constant run up to
    step :math:`C_L = L - D_L`, then its own cooldown; one constant run to the last checkpoint plus
    one cooldown per length gives every length:
    :math:`\text{branched} = \max_L C_L + \sum_L D_L` steps against :math:`\sum_L L` for separate runs.

    Attributes
    ----------
    lengths, cooldowns : tuple of int
    per_length : dict
        ``L`` -> :class:`~lrdecay_lessons.training.TunedComparison` of the three families run for
        ``L`` steps (names :meth:`name`), each peak tuned for that length on the tuning seeds, results
        on the evaluation seeds.
    comparisons : list of PairedComparison
        WSD branch − cosine from scratch per length, Holm over the lengths.
    linear_comparisons : list of PairedComparison
        WSD branch − linear from scratch per length, Holm over the lengths.
    prefix_gap : float
        The largest difference in the minibatch loss, at any step before a branch's checkpoint,
        between that branch and the longest WSD run with the same peak and seed (tuning runs): 0
        when the branches really are the constant run up to their checkpoints.
    """

    lengths: tuple[int, ...]
    cooldowns: tuple[int, ...]
    per_length: dict
    comparisons: list
    linear_comparisons: list
    prefix_gap: float

    @property
    def branched_cost(self) -> int:
        return max(L - D for L, D in zip(self.lengths, self.cooldowns)) + sum(self.cooldowns)

    @property
    def separate_cost(self) -> int:
        """Steps for one family run from scratch at every length."""
        return sum(self.lengths)

    def name(self, family: str, length: int) -> str:
        """The schedule's name at ``length``: family ``"WSD branch"``, ``"cosine from scratch"`` or
        ``"linear from scratch"``."""
        check_choice("family", family, FAMILIES)
        return _branch_name(family, length)

    def _tuned(self, length: int) -> TunedComparison:
        if length not in self.per_length:
            raise InvalidParameterError(f"length must be one of {list(self.lengths)}; got length={length!r}.")
        return self.per_length[length]

    def peak(self, family: str, length: int) -> float | None:
        """The family's peak tuned for ``length`` (``None`` if every peak failed a tuning run)."""
        return self._tuned(length).peaks[self.name(family, length)]

    def edge(self, family: str, length: int) -> str | None:
        """``"low"`` or ``"high"`` when that peak is at an end of the grid, else ``None``."""
        return self._tuned(length).edges[self.name(family, length)]

    def results(self, family: str, length: int) -> np.ndarray:
        """Final excess loss per evaluation seed of the family at ``length``, at its tuned peak."""
        return self._tuned(length).results[self.name(family, length)]


FAMILIES = ("WSD branch", "cosine from scratch", "linear from scratch")


def _family_factories(length: int, cooldown: int) -> dict[str, Factory]:
    return {
        _branch_name(FAMILIES[0], length): lambda peak, T: schedule("wsd", lr0=peak, total_steps=T, warmup_steps=0,
                                                                    decay_steps=cooldown),
        _branch_name(FAMILIES[1], length): lambda peak, T: schedule("cosine_annealing", lr0=peak, total_steps=T),
        _branch_name(FAMILIES[2], length): lambda peak, T: schedule("polynomial_decay", lr0=peak, total_steps=T,
                                                                    power=1.0),
    }


def wsd_branching(plan: SeedPlan, lengths: tuple[int, ...] = BRANCH_LENGTHS, cooldown_fraction: float = 0.2,
                  peaks: tuple[float, ...] = BRANCH_GRID, problem: TeacherStudent | None = None,
                  net: MLP | None = None, batch_size: int = 32) -> Branching:
    """Tune and compare, at every length, the WSD branch and cosine and linear decay run from scratch (plain SGD).

    Each length is trained for its own number of steps (one batched call per length); a run of a
    seed sees the same minibatches at every length, so a branch is the longest run's constant phase
    up to its checkpoint (:attr:`Branching.prefix_gap` checks it).
    """
    f = check_in_interval("cooldown_fraction", cooldown_fraction, 0.0, 1.0)
    if isinstance(lengths, (str, bytes)) or not isinstance(lengths, Sequence) or not lengths:
        raise InvalidParameterError(f"lengths must be a list of run lengths, e.g. (250, 500, 1000); got lengths={lengths!r}.")
    lengths = tuple(sorted({check_count(f"lengths[{i}]", L, minimum=2) for i, L in enumerate(lengths)}))
    cooldowns = tuple(max(1, round(f * L)) for L in lengths)
    problem, net = problem or lab(), net or student()
    per_length = dict(zip(lengths, run_blocks(_tuned_length, [
        (problem, net, L, D, peaks, plan, batch_size) for L, D in zip(lengths, cooldowns)], cost=lengths)))

    def against(other: str) -> list[PairedComparison]:
        return with_holm([paired_comparison(_branch_name(FAMILIES[0], L), _branch_name(other, L),
                                            per_length[L].results[_branch_name(FAMILIES[0], L)],
                                            per_length[L].results[_branch_name(other, L)]) for L in lengths])

    return Branching(lengths, cooldowns, per_length, against(FAMILIES[1]), against(FAMILIES[2]),
                     _prefix_gap(per_length, lengths, cooldowns))


def _tuned_length(problem: TeacherStudent, net: MLP, length: int, cooldown: int, peaks: tuple[float, ...],
                  plan: SeedPlan, batch_size: int) -> TunedComparison:
    """One length of :func:`wsd_branching`: the three families tuned and evaluated, in one batched call each."""
    return tune_and_evaluate(problem, net, SGD(), _family_factories(length, cooldown), peaks, plan, length,
                             _branch_name(FAMILIES[1], length), batch_size=batch_size)


@lru_cache(maxsize=2)
def chapter_branching(plan: SeedPlan) -> Branching:
    """:func:`wsd_branching` with the chapter's lengths, grid and lab, remembered for the last two plans (the runs
    are deterministic), so that the chapter and its claims train it once; do not modify the arrays of the result."""
    return wsd_branching(plan)


def _prefix_gap(per_length: dict, lengths: tuple[int, ...], cooldowns: tuple[int, ...]) -> float:
    def wsd_rows(L: int) -> np.ndarray:
        sweep = per_length[L].tuning
        index, block = list(sweep.entries).index(_branch_name(FAMILIES[0], L)), len(sweep.peaks) * len(sweep.seeds)
        return sweep.runs.step_loss[index * block:(index + 1) * block]

    longest = wsd_rows(lengths[-1])
    gap = 0.0
    for L, D in zip(lengths, cooldowns):
        a, b = wsd_rows(L)[:, :L - D], longest[:, :L - D]
        both = np.isfinite(a) & np.isfinite(b)
        if both.any():
            gap = max(gap, float(np.max(np.abs(a - b)[both])))
    return gap


# ---------------------------------------------------------------------------------------------
# Schedule-free against a tuned decay of the matching optimizer
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScheduleFreeComparison:
    """Schedule-free SGD / AdamW against SGD with momentum / AdamW decayed linearly to 0.

    Attributes
    ----------
    warmup_steps : int
        The linear warm-up every run starts with.
    tuned : dict
        Label -> :class:`TunedComparison` of one optimizer with one schedule (``"schedule-free SGD"``,
        ``"SGD, momentum 0.9, linear to 0"``, ``"schedule-free AdamW"``, ``"AdamW, linear to 0"``).
    comparisons : list of PairedComparison
        Schedule-free − its baseline on the evaluation seeds, Holm over the two.
    optimizers : dict
        Label -> the optimizer it ran.
    """

    warmup_steps: int
    tuned: dict
    comparisons: list
    optimizers: dict

    PAIRS = (("schedule-free SGD", "SGD, momentum 0.9, linear to 0"), ("schedule-free AdamW", "AdamW, linear to 0"))

    def final(self, label: str) -> np.ndarray:
        """The evaluation results of one optimizer (its only schedule, at its tuned peak)."""
        tuned = self.tuned[label]
        return next(iter(tuned.results.values()))

    def peak(self, label: str) -> tuple[float, str | None]:
        """The tuned peak and whether it is at an edge of the grid."""
        tuned = self.tuned[label]
        name = next(iter(tuned.peaks))
        return tuned.peaks[name], tuned.edges[name]


def _tuned_optimizer(problem: TeacherStudent, net: MLP, optimizer: Optimizer, factories: dict[str, Factory],
                     grid: tuple[float, ...], plan: SeedPlan, steps: int, batch_size: int, start: int) -> TunedComparison:
    """One optimizer of :func:`schedule_free` with its one schedule, its search of ``grid`` started at ``start``."""
    name = next(iter(factories))
    return tune_and_evaluate(problem, net, optimizer, factories, grid, plan, steps, name, batch_size=batch_size,
                             tuning_curves=False, start={name: grid_start(grid, start)})


def schedule_free(plan: SeedPlan, steps: int = STEPS, problem: TeacherStudent | None = None,
                  net: MLP | None = None, batch_size: int = 32,
                  pairs: tuple[int, ...] = (0, 1)) -> ScheduleFreeComparison:
    """Tune each optimizer's peak on ``plan.tuning`` (one grid per pair) and compare the pairs on ``plan.evaluation``.

    ``pairs`` picks the pairs of :attr:`ScheduleFreeComparison.PAIRS` to run (0: SGD, 1: AdamW); Holm's
    correction is over the pairs run. Each optimizer's tuning searches its grid from :data:`SF_START`.
    """
    steps = check_count("steps", steps, minimum=20)
    if isinstance(pairs, (str, bytes)) or not isinstance(pairs, Sequence) or not pairs or any(
            p not in (0, 1) or isinstance(p, bool) for p in pairs) or len(set(pairs)) != len(pairs):
        raise InvalidParameterError(f"pairs must list different pairs among 0 (SGD) and 1 (AdamW); got pairs={pairs!r}.")
    warmup = max(1, round(WARMUP_FRACTION * steps))
    flat = {"constant after the warm-up": lambda peak, T: with_warmup(constant(peak), warmup)}
    linear = {"linear to 0 after the warm-up": lambda peak, T: with_warmup(
        schedule("polynomial_decay", lr0=peak, total_steps=T - warmup, power=1.0), warmup)}
    setups = {
        "schedule-free SGD": (ScheduleFreeSGD(momentum=0.9), flat, SF_SGD_GRID),
        "SGD, momentum 0.9, linear to 0": (SGD(momentum=0.9), linear, SF_SGD_GRID),
        "schedule-free AdamW": (ScheduleFreeAdamW(), flat, SF_ADAMW_GRID),
        "AdamW, linear to 0": (AdamW(weight_decay=0.0), linear, SF_ADAMW_GRID),
    }
    chosen = [ScheduleFreeComparison.PAIRS[i] for i in pairs]
    problem, net = problem or lab(), net or student()
    labels = [label for pair in chosen for label in pair]
    tuned = dict(zip(labels, run_blocks(_tuned_optimizer, [
        (problem, net, *setups[label], plan, steps, batch_size, SF_START[label]) for label in labels])))
    finals = {label: next(iter(t.results.values())) for label, t in tuned.items()}
    comparisons = with_holm([paired_comparison(a, b, finals[a], finals[b]) for a, b in chosen])
    return ScheduleFreeComparison(warmup, tuned, comparisons, {label: setups[label][0] for label in tuned})


# ---------------------------------------------------------------------------------------------
# Claims
# ---------------------------------------------------------------------------------------------

#: The schedules that linear decay to 0 separates itself from in the chapter's sweep, besides the constant.
LINEAR_BEATS = ("step ×0.1 at T/2, 3T/4", "WSD, linear cooldown", "WSD, 1-sqrt cooldown", "WSD, cosine cooldown")


def _linear_below(plan: SeedPlan) -> str:
    comparisons = schedule_sweep(plan).comparisons
    return "; ".join(f"{name}: {comparisons[name].verdict}" for name in LINEAR_BEATS)


def _every_decay_below_constant(plan: SeedPlan) -> str:
    sweep = schedule_sweep(plan)
    decays = [n for n in sweep.results if n != "constant"]
    table = with_holm([sweep.compare(n, "constant") for n in decays])
    above = [c.first for c in table if c.verdict != f"{c.first} lower"]
    return "every decay lower than constant" if not above else "not lower: " + ", ".join(above)


def _longest_branch_verdict(plan: SeedPlan) -> str:
    return chapter_branching(plan).comparisons[-1].verdict


def reused_peak_cost(result: Branching, family: str) -> tuple[float, float, float, float]:
    """What reusing the peak tuned for the shortest length costs at the longest, on the tuning seeds:
    ``(peak for the shortest, peak for the longest, mean final excess at the longest with the first, with the second)``."""
    short, long = result.lengths[0], result.lengths[-1]
    reused, own = result.peak(family, short), result.peak(family, long)
    if reused is None or own is None:
        raise InvalidParameterError(f"{family!r} has no tuned peak at length {short if reused is None else long}.")
    sweep = result.per_length[long].tuning
    table = sweep.final_excess[result.name(family, long)]
    return reused, own, float(table[sweep.peaks.index(reused)].mean()), float(table[sweep.peaks.index(own)].mean())


def _schedule_free_verdict(index: int) -> Callable[[SeedPlan], str]:
    # One pair on its own keeps the check under 20 s. Holm over one pair corrects less than over two,
    # so a "not separated" drawn here is also drawn by the chapter's two-pair table.
    return lambda plan: schedule_free(plan, pairs=(index,)).comparisons[0].verdict


CLAIMS = (
    Claim("ch10-linear-below-cosine-10", "10",
          "With plain SGD and each peak tuned, linear decay to 0 ends lower than cosine to 10 % of the peak "
          "(Holm over the table's 7 comparisons).",
          "linear to 0 lower", lambda plan: schedule_sweep(plan).comparisons["cosine to 10%"].verdict),
    Claim("ch10-linear-below-step-and-wsd", "10",
          "With plain SGD and each peak tuned, linear decay to 0 ends lower than the step schedule and than WSD "
          "with each of its three cooldowns (Holm over the table's 7 comparisons).",
          "; ".join(f"{name}: linear to 0 lower" for name in LINEAR_BEATS), _linear_below),
    Claim("ch10-every-decay-below-constant", "10",
          "Every decaying schedule, at its tuned peak, ends lower than the tuned constant rate (Holm over 7).",
          "every decay lower than constant", _every_decay_below_constant),
    Claim("ch10-cosine-below-wsd-branch-longest", "10",
          "At the longest length, cosine decay run from scratch ends lower than the WSD branch (tuned peaks, "
          "Holm over the lengths).", "cosine from scratch, L = 1000 lower", _longest_branch_verdict),
    Claim("ch10-linear-below-wsd-branch-longest", "10",
          "At the longest length, linear decay to 0 run from scratch ends lower than the WSD branch (tuned peaks, "
          "Holm over the lengths).", "linear from scratch, L = 1000 lower",
          lambda plan: chapter_branching(plan).linear_comparisons[-1].verdict),
    Claim("ch10-schedule-free-sgd", "10",
          "Schedule-free SGD and SGD with momentum 0.9 decayed linearly to 0 (same warm-up, tuned peaks) "
          "are not separated.", "not separated", _schedule_free_verdict(0)),
    Claim("ch10-schedule-free-adamw", "10",
          "Schedule-free AdamW and AdamW decayed linearly to 0 (same warm-up, tuned peaks) are not separated.",
          "not separated", _schedule_free_verdict(1)),
)
