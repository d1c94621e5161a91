r"""A tuned comparison of schedules drawn by the course's protocol (:mod:`~lrdecay_lessons.training.protocol`).

:func:`tune_and_evaluate` does, in two batched calls of :func:`~lrdecay_lessons.training.many_runs.train_many`:

1. every schedule at every peak of the grid on the *tuning* seeds; each schedule's peak is the one
   with the lowest mean final excess loss among the peaks where no tuning run failed, and a peak at
   either end of the grid is flagged (the best may lie beyond);
2. every schedule at its own peak on the *evaluation* seeds (at least five, none of them a tuning seed);
3. every schedule against ``reference``, seed by seed: mean difference, 95 % t-interval, sign count,
   and a verdict only where Holm's correction over the table still finds it significant at 5 %.

So the noise that picked a peak does not also measure it. What it cannot do: the evaluation seeds
say whether a gap is larger than this problem's seed-to-seed noise, not whether it carries over to
another model, dataset or run length.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Optional, Sequence

import numpy as np

from ..errors import InvalidParameterError
from ..schedules.validation import check_bool, check_choice, check_count, check_instance, check_seeds
from .many_runs import (ManyRuns, Sweep, SweepEntry, _check_instance_of_problem_and_net, _evaluation_steps,
                        _sweep_rates, train_many, tuned_sweep)
from .mlp import MLP
from .optimizers import Optimizer
from .protocol import PairedComparison, SeedPlan, at_edge, compare_all, paired_comparison
from .teacher_student import TeacherStudent

__all__ = ["TunedComparison", "tune_and_evaluate", "windowed_sweep", "grid_start", "TUNING_EVALUATIONS"]

#: Evaluations of a tuning run without its curve (``tuning_curves=False``): the last ones, as many as
#: :func:`~lrdecay_lessons.training.many_runs.train_many`'s ``patience`` looks at (its default, 3).
TUNING_EVALUATIONS = 3


@dataclass(frozen=True)
class TunedComparison:
    """Peaks chosen on the tuning seeds, results and comparisons on the evaluation seeds.

    Attributes
    ----------
    plan : SeedPlan
    reference : str
        The schedule every other is compared with.
    tuning : Sweep
        The whole grid on the tuning seeds.
    peaks : dict
        Schedule -> its peak (``None`` when every peak of the grid had a failed tuning run).
    edges : dict
        Schedule -> ``"low"``, ``"high"`` or ``None``: whether its peak is at an end of the grid.
    results : dict
        Schedule -> final excess loss per evaluation seed at its peak (NaN where a run failed).
    runs : ManyRuns or None
        The evaluation runs, schedule after schedule, the evaluation seeds within each.
    comparisons : dict
        Schedule -> :class:`~lrdecay_lessons.training.protocol.PairedComparison` against
        ``reference``, Holm-corrected across the table (schedules with a failed run are left out).
    """

    plan: SeedPlan
    reference: str
    tuning: Sweep
    peaks: dict
    edges: dict
    results: dict
    runs: Optional[ManyRuns]
    comparisons: dict

    def compare(self, first: str, second: str) -> PairedComparison:
        """One comparison on its own (not corrected for the others): ``first`` − ``second`` seed by seed."""
        check_choice("first", first, tuple(self.results))
        check_choice("second", second, tuple(self.results))
        return paired_comparison(first, second, self.results[first], self.results[second])

    def evaluation_runs(self, schedule: str) -> slice:
        """The rows of :attr:`runs` that hold ``schedule``'s evaluation runs."""
        names = [name for name in self.results if self.peaks[name] is not None]
        index = names.index(check_choice("schedule", schedule, tuple(names)))
        n = len(self.plan.evaluation)
        return slice(index * n, (index + 1) * n)


def windowed_sweep(
    problem: TeacherStudent,
    net: MLP,
    optimizer: Optimizer,
    schedules: Mapping[str, Callable[[float, int], Callable]],
    peaks: Sequence[float],
    seeds: Sequence[int],
    steps: int,
    start: Mapping[str, float],
    batch_size: int = 32,
    evaluations: int | Sequence[int] = 10,
    criterion: str = "training",
) -> Sweep:
    """:func:`~lrdecay_lessons.training.many_runs.tuned_sweep` on the part of the grid ``peaks`` that decides.

    Each schedule is trained first at ``start[name]`` (a peak of the grid, e.g. where the chapter's tuning
    seeds found its best) and the grid's peaks on either side of it; then, one round at a time (every
    schedule that needs one in the same call of :func:`train_many`), at the next peak of the grid beyond
    the best peak tried so far while that best is the lowest or highest peak tried (and, while every peak
    tried failed, below the lowest). It stops when the best peak tried has a worse (or failed) peak on
    each side, or is an end of the grid. Where the mean final excess loss falls and then rises along the
    grid, as on this course's problems, the peak chosen is the whole grid's, for three or four peaks'
    runs instead of all of them; the search may stop at a local best where it does not.

    Returns a :class:`~lrdecay_lessons.training.many_runs.Sweep` over the whole grid whose ``tried`` says
    which peaks each schedule was trained at.
    """
    check_choice("criterion", criterion, ("training", "held-out"))
    if not isinstance(schedules, Mapping) or not schedules:
        raise InvalidParameterError(f"schedules must map a name to a factory make(peak, total_steps) -> schedule; "
                                    f"got schedules={schedules!r:.80}.")
    grid = tuple(float(p) for p in peaks)
    if not isinstance(start, Mapping) or set(start) != set(schedules):
        raise InvalidParameterError(f"start must map every schedule {list(schedules)} to a peak of the grid; "
                                    f"got start={start!r:.120}.")
    for name, peak in start.items():
        if peak not in grid:
            shown = [f"{p:.3g}" for p in grid]
            raise InvalidParameterError(f"start[{name!r}] must be one of the grid's peaks {shown}; got {peak!r}.")
    seeds = check_seeds("seeds", seeds)
    steps = check_count("steps", steps)
    _check_instance_of_problem_and_net(problem, net)
    t = np.arange(steps)
    finals: dict[str, dict[int, np.ndarray]] = {name: {} for name in schedules}
    pending = {name: {i for i in range(grid.index(start[name]) - 1, grid.index(start[name]) + 2) if 0 <= i < len(grid)}
               for name in schedules}
    first_runs: Optional[ManyRuns] = None
    while any(pending.values()):
        pairs = [(name, i) for name in schedules for i in sorted(pending[name])]
        rows = [np.broadcast_to(_sweep_rates(name, schedules[name], grid[i], steps, t), (steps,))
                for name, i in pairs for _ in seeds]
        runs = train_many(problem, net, optimizer, np.array(rows), list(seeds) * len(pairs), batch_size, evaluations)
        first_runs = first_runs or runs
        measured = runs.final_excess if criterion == "training" else runs.final_held_out
        for (name, i), values in zip(pairs, measured.reshape(len(pairs), len(seeds))):
            finals[name][i] = values
        pending = {name: _next_peaks(finals[name], len(grid)) for name in schedules}
    table, entries = {}, {}
    for name in schedules:
        table[name] = np.full((len(grid), len(seeds)), np.nan)
        for i, values in finals[name].items():
            table[name][i] = values
        tried = sorted(finals[name])
        failed = {grid[i]: int(np.isnan(finals[name][i]).sum()) for i in tried}
        clean = [i for i in tried if failed[grid[i]] == 0]
        if clean:
            best = min(clean, key=lambda i: finals[name][i].mean())
            entries[name] = SweepEntry(name, grid[best], float(finals[name][best].mean()),
                                       float(finals[name][best].std(ddof=1)) if len(seeds) > 1 else 0.0,
                                       len(seeds), failed)
        else:
            entries[name] = SweepEntry(name, None, None, None, len(seeds), failed)
    return Sweep(grid, seeds, table, entries, first_runs, criterion,
                 tried={name: tuple(grid[i] for i in sorted(finals[name])) for name in schedules})


def grid_start(grid: Sequence[float], position: int) -> float:
    """The peak at ``position`` of ``grid``, or its last peak when the grid is shorter (a start for
    :func:`windowed_sweep` recorded on a chapter's grid, used on a smaller one).

    >>> grid_start((0.1, 0.2, 0.4), 1), grid_start((0.1, 0.2, 0.4), 5)
    (0.2, 0.4)
    """
    return grid[min(position, len(grid) - 1)]


def _next_peaks(finals: Mapping[int, np.ndarray], size: int) -> set[int]:
    """The grid index to try next for one schedule (:func:`windowed_sweep`), or none."""
    tried = sorted(finals)
    clean = [i for i in tried if not np.isnan(finals[i]).any()]
    if not clean:  # every peak tried failed: lower peaks are the stable ones
        return {tried[0] - 1} if tried[0] > 0 else set()
    best = min(clean, key=lambda i: finals[i].mean())
    if best == tried[0] and best > 0:
        return {best - 1}
    if best == tried[-1] and best < size - 1:
        return {best + 1}
    return set()


def tune_and_evaluate(
    problem: TeacherStudent,
    net: MLP,
    optimizer: Optimizer,
    schedules: Mapping[str, Callable[[float, int], Callable]],
    peaks: Sequence[float],
    plan: SeedPlan,
    steps: int,
    reference: str,
    batch_size: int = 32,
    evaluations: int = 10,
    criterion: str = "training",
    tuning_curves: bool = True,
    start: Optional[Mapping[str, float]] = None,
) -> TunedComparison:
    """Tune each schedule's peak on ``plan.tuning``, then compare them on ``plan.evaluation``.

    Parameters are those of :func:`~lrdecay_lessons.training.many_runs.tuned_sweep`, with the seeds
    given as a :class:`~lrdecay_lessons.training.protocol.SeedPlan` and the ``reference`` schedule
    (one of ``schedules``) that the others are compared with. With ``tuning_curves=False`` the tuning
    runs are measured only at the last :data:`TUNING_EVALUATIONS` of the ``evaluations`` steps: all that
    picks a peak (the final excess loss) and flags a run that learnt nothing (worse than the trivial
    predictor at each of them), so the peaks, results and comparisons are the same, for less work; the
    tuning runs' curves (``tuning.runs.excess``) then hold those evaluations only.

    With ``start`` (schedule -> a peak of the grid where to begin), the tuning searches the grid from there
    (:func:`windowed_sweep`: three or four peaks per schedule instead of all) instead of training every peak;
    the edges are still those of the whole grid.
    """
    check_instance("plan", plan, SeedPlan, "SeedPlan(tuning=(0, 1, 2), evaluation=(10, 11, 12, 13, 14))")
    check_bool("tuning_curves", tuning_curves)
    if not isinstance(schedules, Mapping):
        raise InvalidParameterError(f"schedules must map a name to a factory make(peak, total_steps) -> schedule; "
                                    f"got schedules={schedules!r:.80} ({type(schedules).__name__}).")
    check_choice("reference", reference, tuple(schedules))
    tuning_steps = evaluations if tuning_curves else _evaluation_steps(evaluations, steps)[-TUNING_EVALUATIONS:]
    if start is None:
        tuning = tuned_sweep(problem, net, optimizer, schedules, peaks, plan.tuning, steps, batch_size, tuning_steps,
                             criterion)
    else:
        tuning = windowed_sweep(problem, net, optimizer, schedules, peaks, plan.tuning, steps, start, batch_size,
                                tuning_steps, criterion)
    chosen = {name: tuning.entries[name].best_peak for name in schedules}
    edges = {name: None if peak is None else at_edge(tuning.peaks, peak) for name, peak in chosen.items()}
    trained = [name for name in schedules if chosen[name] is not None]
    results = {name: np.full(len(plan.evaluation), np.nan) for name in schedules}
    runs = None
    if trained:
        t = np.arange(steps)
        rows = [np.broadcast_to(_sweep_rates(name, schedules[name], chosen[name], steps, t), (steps,))
                for name in trained for _ in plan.evaluation]
        runs = train_many(problem, net, optimizer, np.array(rows), list(plan.evaluation) * len(trained), batch_size,
                          evaluations)
        final = runs.final_excess if criterion == "training" else runs.final_held_out
        for i, name in enumerate(trained):
            results[name] = final[i * len(plan.evaluation):(i + 1) * len(plan.evaluation)]
    complete = {name: values for name, values in results.items() if np.all(np.isfinite(values))}
    comparisons = {}
    if reference in complete and len(complete) > 1:
        comparisons = {c.first: c for c in compare_all(complete, reference)}
    return TunedComparison(plan, reference, tuning, chosen, edges, results, runs, comparisons)
