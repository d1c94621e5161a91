r"""Chapter 07's experiments: the course's schedules on convex models.

Convex models (nothing tuned, every schedule at the same :math:`\eta_0`): each evaluation seed
fixes the batch order, and every schedule sees the same batches for a seed, so the final
validation losses are compared seed by seed against the constant rate
(:func:`~lrdecay_lessons.training.protocol.compare_all`, Holm over the table).
"""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

from .. import schedules as S
from ..schedules.validation import check_choice, check_count, check_positive
from ..training import (Comparison, PairedComparison, SeedPlan, compare_all, compare_schedules, load_dataset,
                        steps_per_epoch)
from .claims import Claim

__all__ = ["RUN_SHAPES", "make_schedule", "course_schedules", "LR0", "EPOCHS", "convex_runs", "against_constant",
           "verdict_list", "CLAIMS"]

#: The chapter's schedules by short name: the registry name of each, and its shape for a run of ``T``
#: steps (used when none is given): step decay halves the rate every quarter of the run,
#: exponential decay ends at 1 % of η₀, polynomial decay is the article's α = 2, the warm-up takes
#: the first 10 %, the restarts make three cycles, and inverse-time decay ends at η₀ / 11.
RUN_SHAPES: dict[str, tuple[str, Callable[[int], dict[str, Any]]]] = {
    "constant": ("constant", lambda T: {}),
    "step": ("step_decay", lambda T: {"gamma": 0.5, "step_size": max(1, T // 4)}),
    "exponential": ("exponential_decay", lambda T: {"gamma": 0.01, "total_steps": T}),
    "polynomial": ("polynomial_decay", lambda T: {"total_steps": T, "power": 2.0}),
    "cosine": ("cosine_annealing", lambda T: {"total_steps": T}),
    "warmup cosine": ("warmup_cosine", lambda T: {"total_steps": T, "warmup_steps": T // 10}),
    "cosine restarts": ("cosine_restarts", lambda T: {"period": math.ceil(T / 3)}),
    "inverse time": ("inverse_time_decay", lambda T: {"decay_rate": 10.0, "decay_steps": T}),
}


def make_schedule(name: str, *, lr0: float, total_steps: int, **params: Any) -> S.Schedule:
    r"""One of the chapter's schedules for a run of ``total_steps`` updates.

    Parameters
    ----------
    name : str
        A key of :data:`RUN_SHAPES`: ``"constant"``, ``"step"``,
        ``"exponential"``, ``"polynomial"``, ``"cosine"``, ``"warmup cosine"``,
        ``"cosine restarts"`` or ``"inverse time"``.
    lr0 : float
        :math:`\eta_0 > 0`, the starting rate (the peak rate after a warm-up).
    total_steps : int
        :math:`T`, the number of updates of the run (``epochs * steps_per_epoch``).
    **params
        The schedule's own keywords (``gamma``, ``step_size``, ``power``,
        ``lr_min``, ``warmup_steps``, ``period``, ``decay_rate``, ...), overriding
        :data:`RUN_SHAPES`.

    Returns
    -------
    Schedule
        The schedule with every parameter filled in; a bad parameter raises the
        schedule's own error at once.

    Examples
    --------
    >>> make_schedule("cosine", lr0=0.1, total_steps=100)(50)
    0.05
    """
    check_choice("name", name, tuple(RUN_SHAPES))
    lr0 = check_positive("lr0", lr0)
    total_steps = check_count("total_steps", total_steps)
    registry_name, shape = RUN_SHAPES[name]
    return S.schedule(registry_name, **{"lr0": lr0, **shape(total_steps), **params})


def course_schedules(lr0: float, total_steps: int, names: Sequence[str] = tuple(RUN_SHAPES)) -> dict[str, S.Schedule]:
    """``{name: make_schedule(name, lr0=lr0, total_steps=total_steps)}`` for each name."""
    return {name: make_schedule(name, lr0=lr0, total_steps=total_steps) for name in names}


# --- convex models -------------------------------------------------------------------------------------------

#: :math:`\eta_0` and the number of epochs of Experiments 1 and 2.
LR0, EPOCHS = 0.1, 20
#: Batch sizes: diabetes (Experiment 1) and digits (Experiment 2).
CONVEX_BATCH = {"diabetes": 4, "digits": 32}
#: Validation losses whose first crossing the tables report.
CONVEX_TARGET = {"diabetes": 0.26, "digits": 0.2}


def convex_runs(dataset: str, seeds: Sequence[int]) -> Comparison:
    """Experiment 1 (``"diabetes"``, batch 4) or 2 (``"digits"``, batch 32): all eight schedules from
    :data:`LR0` for :data:`EPOCHS` epochs, one run per seed."""
    check_choice("dataset", dataset, tuple(CONVEX_BATCH))
    data = load_dataset(dataset)
    total = EPOCHS * steps_per_epoch(data, CONVEX_BATCH[dataset])
    return compare_schedules(data, course_schedules(LR0, total), seeds=seeds, epochs=EPOCHS,
                             batch_size=CONVEX_BATCH[dataset], target_loss=CONVEX_TARGET[dataset])


def against_constant(comparison: Comparison) -> list[PairedComparison]:
    """Every schedule's final validation loss against the constant rate's, seed by seed (Holm over the table)."""
    finals = {name: [run.val_loss[-1] for run in runs] for name, runs in comparison.results.items()}
    return compare_all(finals, "constant")


def verdict_list(comparisons: Sequence[PairedComparison]) -> str:
    """The verdicts of a table in one line, e.g. ``"cosine lower; step: not separated"``."""
    return "; ".join(c.verdict if c.separated else f"{c.first}: not separated" for c in comparisons)


def _convex_verdict(dataset: str) -> Callable[[SeedPlan], str]:
    return lambda plan: verdict_list(against_constant(convex_runs(dataset, plan.evaluation)))


CLAIMS: tuple[Claim, ...] = (
    Claim("ch07-small-batch-not-separated", "07",
          "Diabetes, batch 4, every schedule from η₀ = 0.1: no decay is separated from the constant rate "
          "on the final validation loss over 5 seeds (Holm over the 7).",
          "step: not separated; exponential: not separated; polynomial: not separated; cosine: not separated; "
          "warmup cosine: not separated; cosine restarts: not separated; inverse time: not separated",
          _convex_verdict("diabetes")),
    Claim("ch07-digits-constant-lower", "07",
          "Digits, 20 epochs from η₀ = 0.1: the constant rate ends with a lower validation loss than every decay.",
          "constant lower; constant lower; constant lower; constant lower; constant lower; constant lower; "
          "constant lower", _convex_verdict("digits")),
)
