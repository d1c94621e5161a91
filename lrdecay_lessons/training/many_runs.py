r"""Many training runs as one NumPy computation, and fair comparisons built on them.

:func:`train_many` trains :math:`K` students of the teacher–student problem at once: every
weight carries a leading run axis, each run has its own rates (its schedule at its own
peak) and its own seed, and one stacked ``matmul`` per layer does all the runs' work. A run
sees exactly the batches and labels it would see alone: runs with the same seed share one
minibatch order and one draw of labels (a test checks the numbers against single runs). When
the seeds repeat in a pattern, as a sweep orders them, each seed's batch of images is gathered
once and broadcast over its runs; the excess losses are measured 16 runs at a time, with the
classes along the rows (:meth:`MLP.outputs_by_row`), where a softmax is cheapest.

A run **fails** when its loss becomes non-finite, or when its excess loss (over the training
images, with fresh labels) is still worse than the trivial predictor's (the class frequencies) at each of its last
``patience`` evaluations: such a run has learnt nothing and is never counted as trained.

:func:`tuned_sweep` runs every schedule at every peak of a grid over several seeds, picks
each schedule's best peak (the lowest mean final excess loss among the peaks where no seed
failed) and reports mean and spread there, so that schedules are compared each at its own
tuned peak; :meth:`Sweep.separated` says whether two of them differ by more than their spread.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Mapping, Optional, Sequence

import numpy as np

from ..schedules.validation import check_choice, check_count, check_positive, check_seeds
from .mlp import MLP
from .optimizers import Optimizer, checked_once_step, evaluation_point
from .parallel import run_blocks
from .teacher_student import TeacherStudent
from .trainer import _one_blas_thread
from ..errors import InvalidParameterError
from .streams import stream

__all__ = ["ManyRuns", "train_many", "SweepEntry", "Sweep", "tuned_sweep", "MAX_WORK", "MAX_BYTES", "network_work"]

#: The most multiply-adds one call may ask for: runs x steps x batch size x 3 x the network's weights
#: (the forward product and the backward pass's two). Chapter 07's largest sweep is 4.8e10; this is
#: about a thousand of those.
MAX_WORK = 5 * 10**13


def network_work(net: MLP, n_inputs: int, n_classes: int, runs: int, steps: int, batch_size: int) -> int:
    r"""Multiply-adds of ``runs`` runs of ``steps`` steps: :math:`3\,K\,T\,B\,\sum_l n_{l-1} n_l`.

    >>> network_work(MLP(hidden=(32,)), 64, 10, runs=105, steps=2000, batch_size=32)
    47738880000
    """
    widths = (n_inputs, *net.hidden, n_classes)
    weights = sum(a * b for a, b in zip(widths, widths[1:]))
    return 3 * runs * steps * batch_size * weights


#: What :func:`train_many` can measure at each evaluation (its ``measure``).
MEASURES = ("both", "held-out")

#: The most memory the arrays of one call may take (rates, and each seed's batch indices and label draws).
MAX_BYTES = 2 * 2**30


def _check_work(net: MLP, problem: TeacherStudent, runs: int, steps: int, batch_size: int,
                seeds: int | None = None) -> None:
    """Refuse, before anything is allocated, a call that would run for hours or fill the memory."""
    seeds = runs if seeds is None else seeds
    memory = 8 * runs * steps + 16 * seeds * steps * batch_size
    if memory > MAX_BYTES:
        raise InvalidParameterError(
            f"{runs} runs x {steps} steps (batch {batch_size}, {seeds} seeds) need {memory / 2**30:.3g} GiB of rates "
            f"and batches, more than this trainer takes ({MAX_BYTES / 2**30:g} GiB); use fewer runs or steps."
        )
    work = network_work(net, problem.X_train.shape[1], problem.n_classes, runs, steps, batch_size)
    if work > MAX_WORK:
        raise InvalidParameterError(
            f"{runs} runs x {steps} steps x batch {batch_size} on hidden={net.hidden} is {work:.2g} multiply-adds, "
            f"more than this trainer takes ({MAX_WORK:.0e}, about a thousand of chapter 07's sweeps); "
            "use fewer runs or steps, a smaller batch or a narrower network."
        )


@dataclass(frozen=True)
class ManyRuns:
    """What :func:`train_many` measured, one row per run.

    Attributes
    ----------
    eval_steps : numpy.ndarray of shape (E,)
        Steps after which the excess losses were measured.
    excess : numpy.ndarray of shape (K, E)
        Excess loss of each run over the training images (fresh labels: the loss on new data
        from the distribution training draws from), ``nan`` after a run failed.
    held_out_excess : numpy.ndarray of shape (K, E)
        The same over the held-out images (adds the generalisation to new images).
    train_loss : numpy.ndarray of shape (K, E)
        Mean minibatch cross-entropy since the previous evaluation.
    step_loss : numpy.ndarray of shape (K, steps)
        The minibatch cross-entropy at every step (before that step's update), ``nan`` after
        a run failed; ``train_loss`` is its mean between evaluations.
    rates : numpy.ndarray of shape (K, steps)
        The rate each run used at each step.
    failed : numpy.ndarray of bool, shape (K,)
    failed_at : numpy.ndarray of int, shape (K,)
        The step at which the loss stopped being finite, or -1 (also -1 for a run that stayed
        worse than the trivial predictor: it never blew up, it just learnt nothing).
    trivial_excess : float
        The trivial predictor's excess loss, the line a trained run must end below.
    """

    eval_steps: np.ndarray
    excess: np.ndarray
    held_out_excess: np.ndarray
    train_loss: np.ndarray
    step_loss: np.ndarray
    rates: np.ndarray
    failed: np.ndarray
    failed_at: np.ndarray
    trivial_excess: float

    @property
    def final_excess(self) -> np.ndarray:
        """Each run's excess loss at the last evaluation (``nan`` for failed runs)."""
        return np.where(self.failed, np.nan, self.excess[:, -1])

    @property
    def final_held_out(self) -> np.ndarray:
        """Each run's held-out excess loss at the last evaluation (``nan`` for failed runs)."""
        return np.where(self.failed, np.nan, self.held_out_excess[:, -1])

    @property
    def best_held_out(self) -> np.ndarray:
        """Each run's lowest held-out excess loss over its evaluations: what stopping it there
        (early stopping on held-out images) would keep; ``nan`` for failed runs."""
        best = np.where(np.isnan(self.held_out_excess), np.inf, self.held_out_excess).min(axis=1)
        return np.where(self.failed, np.nan, best)

    @property
    def best_held_out_step(self) -> np.ndarray:
        """The step of :attr:`best_held_out` (-1 for failed runs)."""
        where = np.where(np.isnan(self.held_out_excess), np.inf, self.held_out_excess).argmin(axis=1)
        return np.where(self.failed, -1, self.eval_steps[where])


def _check_rates(rates: np.ndarray) -> np.ndarray:
    try:
        rates = np.asarray(rates, dtype=float)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"rates must be a (runs, steps) array of learning rates; got rates={rates!r:.80}.") from None
    if rates.ndim != 2 or rates.shape[1] == 0:
        raise InvalidParameterError(f"rates must be a (runs, steps) array of learning rates; got shape {rates.shape}.")
    if not np.all(np.isfinite(rates)) or np.any(rates < 0):
        raise InvalidParameterError("rates must be finite and >= 0 at every step.")
    return rates


def train_many(
    problem: TeacherStudent,
    net: MLP,
    optimizer: Optimizer,
    rates: np.ndarray,
    seeds: Sequence[int],
    batch_size: int = 32,
    evaluations: int | Sequence[int] = 20,
    patience: int = 3,
    measure: str = "both",
) -> ManyRuns:
    """Train ``K = len(seeds)`` students at once, run ``k`` with ``rates[k, t]`` at step ``t``.

    Parameters
    ----------
    problem : TeacherStudent
    net : MLP
        The students' architecture (softmax head).
    optimizer : Optimizer
        One of :mod:`lrdecay_lessons.training.optimizers`; the schedule-free ones are
        evaluated at their average.
    rates : array of shape (K, steps)
    seeds : sequence of K int
        Run ``k`` starts from ``net.init(seed=seeds[k])`` and draws its batches and its fresh
        labels from the ``"batches"`` and ``"fresh_labels"`` streams of ``seeds[k]``
        (:func:`~lrdecay_lessons.training.streams.stream`): three independent streams.
    batch_size : int, default 32
    evaluations : int or sequence of int, default 20
        How many times, evenly spread, to measure the excess losses (the last at the end); or
        the steps after which to measure them, increasing, the last equal to the run's length
        (to look closely at part of a run, e.g. inside a cooldown).
    patience : int, default 3
        A run failed if it is worse than the trivial predictor at each of its last ``patience``
        evaluations.
    measure : {"both", "held-out"}, default "both"
        Which excess losses to measure at each evaluation: over the training images and the
        held-out ones, or (``"held-out"``, for a caller that shows nothing else, such as chapter 07's
        lab panel) the held-out ones only, which skips the larger set's pass through every run.
        ``excess`` then holds ``nan`` and the trivial-predictor test reads ``held_out_excess``;
        ``held_out_excess`` is the same, number for number, as with ``"both"``.
    """
    _check_instance_of_problem_and_net(problem, net)
    if not isinstance(optimizer, Optimizer):
        raise InvalidParameterError(
            f"optimizer must be one of the course's optimizers, e.g. SGD(momentum=0.9) or AdamW(); "
            f"got optimizer={optimizer!r}."
        )
    rates = _check_rates(rates)
    runs, steps = rates.shape
    seeds = list(check_seeds("seeds", seeds))
    if len(seeds) != runs:
        raise InvalidParameterError(f"seeds must give one seed per run ({runs} rows of rates); got {len(seeds)} seeds.")
    batch_size = check_count("batch_size", batch_size)
    eval_steps = _evaluation_steps(evaluations, steps)
    patience = min(check_count("patience", patience), len(eval_steps))
    check_choice("measure", measure, MEASURES)
    _check_work(net, problem, runs, steps, batch_size, seeds=len(set(seeds)))
    seeds = np.asarray(seeds)
    work = network_work(net, problem.X_train.shape[1], problem.n_classes, runs, steps, batch_size)
    parts = _run_halves(seeds) if work >= SPLIT_WORK else [slice(0, runs)]
    return _joined(run_blocks(_train_part, [(problem, net, optimizer, rates[part], seeds[part], batch_size,
                                             eval_steps, patience, measure) for part in parts]))


#: A call of at least this many multiply-adds (about 0.4 s of training here) is computed as two
#: halves of its runs, on two processes where the machine has a free core (:mod:`.parallel`). Smaller calls
#: spend most of their time in each step's fixed cost, which two halves would pay twice.
SPLIT_WORK = 4 * 10**9


def _run_halves(seeds: np.ndarray) -> list[slice]:
    """The runs cut in two, between whole repetitions of the seeds' pattern where there is one (each half keeps
    sharing its seeds' batches, :func:`_seed_grid`); one part when there is a single run."""
    runs = len(seeds)
    unique = np.unique(seeds)
    period = len(unique)
    if runs % period == 0 and np.array_equal(seeds, np.tile(seeds[:period], runs // period)) and runs > period:
        cut = period * ((runs // period + 1) // 2)  # (a, b, c, a, b, c, ...): between repetitions
    elif runs % period == 0 and np.array_equal(seeds, np.repeat(seeds[::runs // period], runs // period)):
        cut = (runs // period) * ((period + 1) // 2)  # (a, a, b, b, ...): between seeds
    else:
        cut = (runs + 1) // 2
    return [slice(0, cut), slice(cut, runs)] if 0 < cut < runs else [slice(0, runs)]


def _train_part(problem: TeacherStudent, net: MLP, optimizer: Optimizer, rates: np.ndarray, seeds: np.ndarray,
                batch_size: int, eval_steps: np.ndarray, patience: int, measure: str) -> ManyRuns:
    # The matrices are small: BLAS threads only wait for each other (and, on a busy machine, for the other
    # processes), so BLAS computes on one thread. Two parts run in two processes, never two threads of one:
    # OpenBLAS called from two threads at once once corrupted the heap and once changed a claim's verdict
    # on the check seeds (numpy/numpy#29391, OpenMathLib/OpenBLAS#1844).
    with _one_blas_thread():
        return _train_block(problem, net, optimizer, rates, seeds, batch_size, eval_steps, patience, measure)


def _joined(parts: Sequence[ManyRuns]) -> ManyRuns:
    """The parts' runs, in order, as one :class:`ManyRuns`."""
    if len(parts) == 1:
        return parts[0]
    per_run = ("excess", "held_out_excess", "train_loss", "step_loss", "rates", "failed", "failed_at")
    return replace(parts[0], **{name: np.concatenate([getattr(p, name) for p in parts]) for name in per_run})


def _evaluation_steps(evaluations: int | Sequence[int], steps: int) -> np.ndarray:
    """The steps after which :func:`train_many` measures: ``evaluations`` evenly spread, or the steps given."""
    if isinstance(evaluations, (int, np.integer)) and not isinstance(evaluations, bool):
        count = min(check_count("evaluations", evaluations), steps)
        return np.unique(np.linspace(0, steps, count + 1)[1:].round().astype(int))
    try:
        given = np.asarray(evaluations)
    except (TypeError, ValueError):
        given = np.asarray([])
    if (given.ndim != 1 or given.size == 0 or given.dtype.kind not in "iu" or given[-1] != steps or given[0] < 1
            or np.any(np.diff(given) <= 0)):
        raise InvalidParameterError(
            f"evaluations must be a number of evaluations, or increasing whole steps from 1 to the run's last "
            f"step {steps}, ending with it; got evaluations={evaluations!r:.80}.")
    return given.astype(int)


def _train_block(problem: TeacherStudent, net: MLP, optimizer: Optimizer, rates: np.ndarray, seeds: np.ndarray,
                 batch_size: int, eval_steps: np.ndarray, patience: int, measure: str = "both") -> ManyRuns:
    """:func:`train_many` on checked arguments, in the calling thread (BLAS already on one thread)."""
    runs, steps = rates.shape
    seeds = [int(s) for s in seeds]
    unique = sorted(set(seeds))
    seed_of_run = np.array([unique.index(s) for s in seeds])
    grid, image_axes = _seed_grid(seed_of_run, len(unique), problem.X_train.shape[1], batch_size)
    label_axes = None if grid is None else image_axes[:-1]  # each seed's labels, broadcast like its images
    n_train = len(problem.X_train)
    indices = np.stack([stream("batches", s).integers(0, n_train, size=(steps, batch_size)) for s in unique])
    uniforms = np.stack([stream("fresh_labels", s).random(size=(steps, batch_size)) for s in unique])
    labels = problem.sample_labels(indices, uniforms)  # (seeds, steps, batch)

    stacked = tuple(np.stack(arrays) for arrays in zip(*[
        net.init(problem.X_train.shape[1], problem.n_classes, seed) for seed in seeds]))
    # Few runs: every weight of a run in one row of one array, so that the optimizer's element-wise updates (the
    # same operations, element by element) run once per step instead of once per weight array; many runs: the
    # arrays as they are (copying the gradients into one array would cost more than the calls it saves).
    flat = sum(p.size for p in stacked) <= FLAT_LIMIT
    layout, by_run = _Packing(stacked, grid, flat), _Packing(stacked, None, flat)
    packed = layout.pack(stacked)
    state = optimizer.init(packed)
    excess = np.full((runs, len(eval_steps)), np.nan)
    held_out = np.full((runs, len(eval_steps)), np.nan)
    train_loss = np.full((runs, len(eval_steps)), np.nan)
    step_loss = np.full((runs, steps), np.nan)
    failed_at = np.full(runs, -1)
    alive = np.ones(runs, dtype=bool)
    running = np.zeros(runs)
    since = 0
    e = 0
    # In the network's precision once: the training images are gathered every step, and both sets
    # are passed through every run at each evaluation.
    images, test_images = problem.X_train.astype(net.dtype), problem.X_test.astype(net.dtype)
    # np.errstate holds for the calling thread only: each block sets its own.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(steps):
            if grid is None:
                loss, grads = net.loss_and_gradient(layout.views(packed), images[indices[seed_of_run, t]],
                                                    labels[seed_of_run, t])
            else:  # each seed's images and labels once, broadcast over its runs
                X = images[indices[:, t]].reshape(image_axes)
                loss, grads = net.loss_and_gradient(layout.views(packed), X, labels[:, t].reshape(label_axes))
                loss = loss.reshape(runs)
            finite = np.isfinite(loss)  # a non-finite weight makes the next loss non-finite too
            if not finite.all():
                blew_up = alive & ~finite
                failed_at[blew_up] = t
                alive &= ~blew_up
            grads = layout.pack(grads)
            if alive.all():  # the usual case: no run to mask
                packed, state = checked_once_step(optimizer, packed, grads, state, rates[:, t])
                step_loss[:, t] = loss
                running += loss
            else:
                grads = tuple(np.where(alive.reshape((-1,) + (1,) * (g.ndim - 1)), g, 0.0) for g in grads)
                packed, state = checked_once_step(optimizer, packed, grads, state, np.where(alive, rates[:, t], 0.0))
                step_loss[:, t] = np.where(alive, loss, np.nan)
                running += np.where(alive, loss, 0.0)
            since += 1
            if t + 1 == eval_steps[e]:
                point = by_run.views(evaluation_point(optimizer, packed, state))
                unseen = _excess_losses(problem, net, point, test_images, "held-out")
                measured = (_excess_losses(problem, net, point, images, "training") if measure == "both"
                            else np.zeros(runs))  # not measured: finite, so that only ``unseen`` decides
                alive &= np.isfinite(measured) & np.isfinite(unseen)
                excess[:, e] = np.where(alive, measured, np.nan) if measure == "both" else np.nan
                held_out[:, e] = np.where(alive, unseen, np.nan)
                train_loss[:, e] = np.where(alive, running / since, np.nan)
                running[:], since = 0.0, 0
                e += 1
    last = (excess if measure == "both" else held_out)[:, -patience:]
    learnt_nothing = np.all(~(last < problem.trivial_excess), axis=1)
    failed = ~alive | learnt_nothing
    return ManyRuns(eval_steps, excess, held_out, train_loss, step_loss, rates, failed, failed_at,
                    problem.trivial_excess)


#: The most weights (all runs together) that :func:`train_many` keeps in one array (:class:`_Packing`).
FLAT_LIMIT = 250_000


class _Packing:
    """The arrays the optimizer updates, and the network's weight arrays as views of them.

    ``flat=True``: one ``(runs, weights per run)`` array, each weight array a block of its columns; else the
    weight arrays themselves, stacked on the run axis. ``grid`` (the run axis seen as a grid, :func:`_seed_grid`)
    gives the views that shape instead of ``(runs,)``.
    """

    def __init__(self, stacked: tuple[np.ndarray, ...], grid: Optional[tuple[int, int]], flat: bool) -> None:
        self.runs, self.flat = len(stacked[0]), flat
        lead = (self.runs,) if grid is None else grid
        sizes = [p[0].size for p in stacked]
        ends = np.cumsum(sizes).tolist()
        self.slices = [slice(end - size, end) for size, end in zip(sizes, ends)]
        self.shapes = [lead + p.shape[1:] for p in stacked]
        self.run_shapes = [p.shape for p in stacked]

    def pack(self, arrays: Sequence[np.ndarray]) -> tuple[np.ndarray, ...]:
        """``arrays`` (weights or gradients, run axes first) as the optimizer takes them."""
        if self.flat:
            return (np.concatenate([a.reshape(self.runs, -1) for a in arrays], axis=1),)
        return tuple(a.reshape(shape) for a, shape in zip(arrays, self.run_shapes))

    def views(self, packed: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
        """The weight arrays, as views of ``packed`` (no copy)."""
        if self.flat:
            return tuple(packed[0][:, part].reshape(shape) for part, shape in zip(self.slices, self.shapes))
        return tuple(p.reshape(shape) for p, shape in zip(packed, self.shapes))


#: Runs evaluated together: few enough that each group's activations stay in the processor's cache.
EVALUATION_GROUP = 16


def _excess_losses(problem: TeacherStudent, net: MLP, point: tuple[np.ndarray, ...], images: np.ndarray,
                   which: str) -> np.ndarray:
    """Every run's excess loss over ``images`` (``"training"`` or ``"held-out"``), a group of runs at a time."""
    runs = len(point[0])
    return np.concatenate([
        problem.excess_loss(net.outputs_by_row(tuple(p[start:start + EVALUATION_GROUP] for p in point), images),
                            which, class_axis=-2)
        for start in range(0, runs, EVALUATION_GROUP)])


def _seed_grid(stream: np.ndarray, n_seeds: int, n_features: int,
               batch_size: int) -> tuple[Optional[tuple[int, int]], Optional[tuple[int, ...]]]:
    """How the runs can share their seeds' minibatches without copying them, if they can.

    When the seeds repeat in a pattern -- ``(a, b, c, a, b, c, ...)``, as a sweep orders them, or
    ``(a, a, ..., b, b, ...)`` -- the run axis is viewed as a grid with one axis for the seeds, and
    each seed's batch of images is broadcast along the other by the matrix products. Returns the
    grid and the shape of the images for it, or ``(None, None)`` (each run gets its own copy).
    """
    runs = len(stream)
    if runs % n_seeds == 0:
        repeats = runs // n_seeds
        if np.array_equal(stream, np.tile(np.arange(n_seeds), repeats)):
            return (repeats, n_seeds), (1, n_seeds, batch_size, n_features)
        if np.array_equal(stream, np.repeat(np.arange(n_seeds), repeats)):
            return (n_seeds, repeats), (n_seeds, 1, batch_size, n_features)
    return None, None


def _sweep_rates(name: str, make: Callable, peak: float, steps: int, t: np.ndarray) -> np.ndarray:
    """``make(peak, steps)(t)``, or an error that names the schedule and says what a factory is."""
    try:
        return np.asarray(make(peak, steps)(t), dtype=float)
    except (TypeError, ValueError) as error:
        raise InvalidParameterError(
            f"schedules[{name!r}] must be a factory make(peak, total_steps) -> schedule of the step, e.g. "
            f"lambda peak, T: schedule('cosine_annealing', lr0=peak, total_steps=T); calling it at peak={peak:g}, "
            f"total_steps={steps} gave {type(error).__name__}: {error}"
        ) from error


def _check_instance_of_problem_and_net(problem: TeacherStudent, net: MLP) -> None:
    if not isinstance(problem, TeacherStudent):
        raise InvalidParameterError(
            f"problem must be a TeacherStudent (teacher_student_digits()); got {type(problem).__name__}.")
    if not isinstance(net, MLP) or net.head != "softmax":
        raise InvalidParameterError(f"net must be an MLP with head='softmax'; got net={net!r}.")


@dataclass(frozen=True)
class SweepEntry:
    """One schedule of a sweep at its own best peak."""

    schedule: str
    best_peak: Optional[float]
    mean: Optional[float]
    std: Optional[float]
    seeds: int
    failed_by_peak: dict


@dataclass(frozen=True)
class Sweep:
    """Every schedule at every peak over every seed, and each schedule at its best peak.

    A sweep only tunes: comparisons are drawn on other seeds
    (:func:`~lrdecay_lessons.training.protocol_sweep.tune_and_evaluate`)."""

    peaks: tuple[float, ...]
    seeds: tuple[int, ...]
    final_excess: dict  # schedule -> array (peaks, seeds) of the criterion's final excess, nan where a run failed
    entries: dict  # schedule -> SweepEntry
    runs: ManyRuns
    #: Which final excess loss picks the best peak and is compared: ``"training"`` or ``"held-out"`` images.
    criterion: str = "training"
    #: For a search over part of the grid (:func:`~lrdecay_lessons.training.protocol_sweep.windowed_sweep`):
    #: schedule -> the peaks it was trained at, increasing (its rows of ``final_excess`` at the other peaks
    #: hold NaN and are not failures; ``runs`` holds the first round's runs); ``None`` for the whole grid.
    tried: Optional[dict] = None

    def at_best_peak(self, schedule: str) -> Optional[np.ndarray]:
        """Each seed's final excess loss of ``schedule`` at its best peak, or ``None`` if no peak
        trained every seed."""
        best = self.entries[check_choice("schedule", schedule, tuple(self.entries))].best_peak
        return None if best is None else self.final_excess[schedule][self.peaks.index(best)]

    def records(self) -> list[dict]:
        """One dictionary per schedule: best peak, mean and standard deviation there, failures per peak."""
        return [{"schedule": e.schedule, "best peak": e.best_peak, "mean excess": e.mean, "std": e.std,
                 "seeds": e.seeds, "failed runs by peak": e.failed_by_peak} for e in self.entries.values()]


def tuned_sweep(
    problem: TeacherStudent,
    net: MLP,
    optimizer: Optimizer,
    schedules: Mapping[str, Callable[[float, int], Callable]],
    peaks: Sequence[float],
    seeds: Sequence[int],
    steps: int,
    batch_size: int = 32,
    evaluations: int | Sequence[int] = 10,
    criterion: str = "training",
    measure: str = "both",
) -> Sweep:
    """Each schedule at each peak over each seed, all in one :func:`train_many` call.

    ``schedules`` maps a name to a factory ``make(peak, total_steps) -> schedule``, where the
    schedule is a function of the step, usually a course schedule:
    ``lambda peak, T: schedule("cosine_annealing", lr0=peak, total_steps=T)``.
    ``criterion`` is the final excess loss that picks each schedule's best peak and that the
    sweep compares: over the ``"training"`` images (fresh labels) or the ``"held-out"`` ones
    (the choice for fixed labels, where the training images' labels can be memorised). ``measure`` is
    :func:`train_many`'s (``"held-out"`` needs ``criterion="held-out"``).
    """
    check_choice("criterion", criterion, ("training", "held-out"))
    if check_choice("measure", measure, MEASURES) == "held-out" and criterion != "held-out":
        raise InvalidParameterError(f"measure='held-out' measures no training images: it needs criterion='held-out'; "
                                    f"got criterion={criterion!r}.")
    if not isinstance(schedules, Mapping):
        raise InvalidParameterError(f"schedules must map a name to a factory make(peak, total_steps) -> schedule; "
                        f"got schedules={schedules!r:.80} ({type(schedules).__name__}).")
    if isinstance(peaks, (str, bytes)) or not isinstance(peaks, (Sequence, np.ndarray)):
        raise InvalidParameterError(f"peaks must be a list of positive rates, e.g. (0.01, 0.03, 0.1); got peaks={peaks!r:.80}.")
    peaks = tuple(check_positive(f"peaks[{i}]", p) for i, p in enumerate(peaks))
    seeds = check_seeds("seeds", seeds)
    steps = check_count("steps", steps)
    if not schedules or not peaks or not seeds:
        raise InvalidParameterError("schedules, peaks and seeds must each hold at least one entry.")
    _check_instance_of_problem_and_net(problem, net)
    _check_work(net, problem, len(schedules) * len(peaks) * len(seeds), steps, check_count("batch_size", batch_size),
                seeds=len(set(seeds)))
    t = np.arange(steps)
    rows, keys = [], []
    for name, make in schedules.items():
        for peak in peaks:
            curve = np.broadcast_to(_sweep_rates(name, make, peak, steps, t), (steps,))
            for seed in seeds:
                rows.append(curve)
                keys.append((name, peak, seed))
    runs = train_many(problem, net, optimizer, np.array(rows), [k[2] for k in keys], batch_size, evaluations,
                      measure=measure)
    measured = runs.final_excess if criterion == "training" else runs.final_held_out
    final = measured.reshape(len(schedules), len(peaks), len(seeds))
    table, entries = {}, {}
    for i, name in enumerate(schedules):
        table[name] = final[i]
        failed = {peak: int(np.isnan(final[i, j]).sum()) for j, peak in enumerate(peaks)}
        clean = [j for j in range(len(peaks)) if failed[peaks[j]] == 0]
        if clean:
            best = min(clean, key=lambda j: final[i, j].mean())
            entries[name] = SweepEntry(name, peaks[best], float(final[i, best].mean()),
                                       float(final[i, best].std(ddof=1)) if len(seeds) > 1 else 0.0,
                                       len(seeds), failed)
        else:
            entries[name] = SweepEntry(name, None, None, None, len(seeds), failed)
    return Sweep(peaks, seeds, table, entries, runs, criterion)
