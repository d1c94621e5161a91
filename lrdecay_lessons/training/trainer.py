r"""Minibatch gradient descent in NumPy, driven by any learning-rate schedule.

The model -- linear, logistic or softmax regression -- its loss :math:`J` and the minibatch
gradient are in :mod:`.models`. Step :math:`t` (counted from 0) updates

.. math:: W \leftarrow W - \eta_t \nabla_W J, \qquad b \leftarrow b - \eta_t \nabla_b J,

with :math:`\eta_t` = ``schedule(t)``. Training starts from :math:`W = 0, b = 0`;
the seed only fixes the order of the minibatches, so two schedules trained with
the same seed see exactly the same batches.

>>> from lrdecay_lessons.training import load_dataset
>>> from lrdecay_lessons.schedules import schedule
>>> data = load_dataset("diabetes")
>>> n = 20 * steps_per_epoch(data, batch_size=32)
>>> result = train(data, schedule("cosine_annealing", lr0=0.1, total_steps=n),
...                epochs=20, batch_size=32, seed=0)
>>> print(result.summary())
cosine_annealing(lr0=0.1, total_steps=220) on diabetes (linear, batch 32, seed 0): 20 epochs, train loss 0.2232, val loss 0.2580, val R² 0.3500
"""

from __future__ import annotations

import functools
import math
import numbers
from dataclasses import dataclass
from typing import Any, Callable, Literal, Mapping, Sequence, Union

import numpy as np
from threadpoolctl import ThreadpoolController

from ..schedules import Schedule
from ..schedules.composition import describe
from ..schedules.evaluation import rates_on
from ..schedules.validation import (
    check_bool,
    check_choice,
    check_count,
    check_non_negative,
    check_positive,
    check_seeds,
)
from .datasets import Dataset
from .models import MODEL_FOR_TASK, OUTPUTS, loss_and_gradient, score, targets
from ..errors import InvalidParameterError
from ..i18n import tr
from ..i18n.width import column_width, pad
from .parallel import run_blocks
from .streams import stream

__all__ = [
    "Schedule",
    "TrainingResult",
    "ScheduleSummary",
    "Comparison",
    "DIVERGENCE_FACTOR",
    "MAX_STEPS",
    "steps_per_epoch",
    "learning_rates",
    "train",
    "compare_schedules",
    "schedule_label",
]


#: What a run takes as its rates: a :class:`~lrdecay_lessons.schedules.Schedule`, any function of
#: the step ``t`` (0, 1, 2, ...), or a number (a constant rate).
ScheduleLike = Union[Schedule, Callable[..., object], float]


#: The most updates one run may ask for (about an hour of training on the course's datasets).
MAX_STEPS = 10_000_000

#: A run has diverged once its loss is not finite or exceeds this many times the initial loss.
DIVERGENCE_FACTOR = 1e6


def steps_per_epoch(dataset: Dataset | int, batch_size: int) -> int:
    r"""Updates per epoch, :math:`\lceil n / B \rceil` (the last batch may be smaller).

    Use it to give a schedule the horizon of the whole run,
    ``total_steps = epochs * steps_per_epoch(data, batch_size)``.

    Parameters
    ----------
    dataset : Dataset or int
        The data, or the number of training samples :math:`n`.
    batch_size : int
        :math:`B \ge 1`.

    Examples
    --------
    >>> steps_per_epoch(331, batch_size=32)
    11
    """
    n = dataset.n_train if isinstance(dataset, Dataset) else check_count("dataset", dataset)
    return math.ceil(n / check_count("batch_size", batch_size))


def schedule_label(schedule: ScheduleLike) -> str:
    """A readable name: ``"constant 0.1"`` for a number, the ``repr`` of a course schedule
    (``"cosine_annealing(lr0=0.1, total_steps=220)"``), a function's own name otherwise."""
    if isinstance(schedule, numbers.Real):
        return f"constant {float(schedule):g}"
    return describe(schedule)


def learning_rates(schedule: ScheduleLike, n_steps: int) -> np.ndarray:
    r"""The rates :math:`\eta_0, \dots, \eta_{n-1}` a schedule gives to steps ``0 .. n-1``.

    The schedules of :mod:`lrdecay_lessons.schedules` take a whole array of steps
    at once; any other function of one step (``lambda t: 0.1 if t < 100 else
    0.01``) is called step by step. A number means a constant rate.

    Raises
    ------
    ValueError
        If a rate is negative or not finite, naming the first such step.

    Examples
    --------
    >>> learning_rates(lambda t: 0.1 if t < 2 else 0.01, 4)
    array([0.1 , 0.1 , 0.01, 0.01])
    """
    n_steps = check_count("n_steps", n_steps, minimum=0)
    if n_steps > MAX_STEPS:
        raise InvalidParameterError(f"n_steps must be at most {MAX_STEPS:,} (a run of hours); got n_steps={n_steps:,}.")
    steps = np.arange(n_steps)
    if isinstance(schedule, numbers.Real) and not isinstance(schedule, (bool, np.bool_)):
        rates = rates_on(lambda t: float(schedule), steps, schedule_label(schedule))
    elif not callable(schedule):
        raise InvalidParameterError(
            f"schedule must be a function of the step or a number; got schedule={schedule!r}."
        )
    else:
        rates = rates_on(schedule, steps, schedule_label(schedule))
    return rates


@functools.lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    """The BLAS library NumPy uses (found once; threadpoolctl comes with scikit-learn)."""
    return ThreadpoolController()


def _one_blas_thread():
    """Run matrix products on one thread while training.

    Our matrices are tiny (a batch of 32 by 64 features): starting BLAS threads
    costs more than it saves, and on a busy 2-core machine it made training five
    times slower. One thread also fixes the order of every sum.
    """
    return _blas().limit(limits=1, user_api="blas")


def _read_only(values: Sequence[float] | np.ndarray, dtype: type = float) -> np.ndarray:
    array = np.array(values, dtype=dtype)
    array.flags.writeable = False
    return array


@dataclass(frozen=True, repr=False)
class TrainingResult:
    r"""The record of one training run (arrays are read-only).

    Attributes
    ----------
    label, dataset, model : str
        Schedule name, dataset name and model (``"linear"``, ``"logistic"``, ``"softmax"``).
    epochs, batch_size, seed, steps_per_epoch : int
        The settings of the run (``epochs`` as planned).
    steps : numpy.ndarray of int
        Number of updates done at each record: after every epoch (``record="epoch"``)
        or after every step (``record="step"``).
    lr : numpy.ndarray
        Rate of the last update before each record, :math:`\eta_{\text{steps} - 1}`.
    train_loss, val_loss : numpy.ndarray
        Mean loss (MSE / 2 or log-loss, without the L2 term) on the training and
        validation sets at each record.
    val_score : numpy.ndarray
        Validation accuracy (classification) or :math:`R^2` (regression), see ``score_name``.
    score_name : str
        ``"accuracy"`` or ``"R²"``.
    initial_loss : float
        Training loss at :math:`W = 0, b = 0`, before the first step.
    weights, bias : numpy.ndarray
        Parameters at the last record (the last finite ones if the run diverged).
    diverged : bool
        Whether the loss became non-finite or exceeded
        ``DIVERGENCE_FACTOR * initial_loss``. Training stops there; the arrays hold
        only the records made before, so they never contain NaN or inf.
    diverged_at_step : int or None
        The step whose update sent the loss out of bounds.
    diverged_lr : float or None
        The learning rate of that step.
    trivial_val_loss : float or None
        The validation loss of the trivial predictor (:attr:`Dataset.trivial_val_loss`); a run
        that ends at or above it learnt nothing (:attr:`learnt_nothing`), diverged or not.
    """

    label: str
    dataset: str
    model: str
    epochs: int
    batch_size: int
    seed: int
    steps_per_epoch: int
    steps: np.ndarray
    lr: np.ndarray
    train_loss: np.ndarray
    val_loss: np.ndarray
    val_score: np.ndarray
    score_name: str
    initial_loss: float
    weights: np.ndarray
    bias: np.ndarray
    diverged: bool = False
    diverged_at_step: int | None = None
    diverged_lr: float | None = None
    trivial_val_loss: float | None = None

    @property
    def learnt_nothing(self) -> bool:
        """Whether a run that did not diverge ends no better than the trivial predictor on the validation set."""
        return (not self.diverged and self.trivial_val_loss is not None and len(self.val_loss) > 0
                and float(self.val_loss[-1]) >= self.trivial_val_loss)

    @property
    def epoch(self) -> np.ndarray:
        """Epochs done at each record, ``steps / steps_per_epoch`` (for the x-axis of a plot)."""
        return self.steps / self.steps_per_epoch

    def summary(self) -> str:
        """One line a learner can read: the final losses, or where the run diverged."""
        head = tr("{label} on {dataset} ({model}, batch {batch_size}, seed {seed})").format(
            label=self.label, dataset=self.dataset, model=self.model, batch_size=self.batch_size, seed=self.seed)
        if self.diverged:
            epoch = self.diverged_at_step // self.steps_per_epoch + 1
            return tr("{head}: DIVERGED at step {step} (epoch {epoch}) with lr={lr:.4g}: the loss became infinite or "
                      "exceeded {factor:.0e} x the initial {initial:.4g}").format(
                head=head, step=self.diverged_at_step, epoch=epoch, lr=self.diverged_lr, factor=DIVERGENCE_FACTOR,
                initial=self.initial_loss)
        epochs = (tr("{epochs} epochs") if self.epochs > 1 else tr("{epochs} epoch")).format(epochs=self.epochs)
        line = tr("{head}: {epochs}, train loss {train:.4f}, val loss {val:.4f}, val {score_name} {score:.4f}").format(
            head=head, epochs=epochs, train=self.train_loss[-1], val=self.val_loss[-1], score_name=self.score_name,
            score=self.val_score[-1])
        if self.learnt_nothing:
            line += tr("; FAILED: no better than the trivial predictor's val loss {trivial:.4f} (a rate too high, or "
                       "too few steps)").format(trivial=self.trivial_val_loss)
        return line

    def __repr__(self) -> str:
        return f"TrainingResult({self.summary()})"


def _reacts_to_loss(schedule: Any) -> bool:
    """Whether ``schedule`` is a rate that reacts to the loss (``.lr`` and ``.step(metric)``)."""
    return not callable(schedule) and hasattr(schedule, "lr") and callable(getattr(schedule, "step", None))


def train(
    dataset: Dataset,
    schedule: ScheduleLike,
    *,
    epochs: int,
    batch_size: int,
    seed: int = 0,
    l2: float = 0.0,
    record: Literal["epoch", "step"] = "epoch",
    shuffle: bool = True,
    label: str | None = None,
) -> TrainingResult:
    r"""Train the dataset's model by minibatch gradient descent with a learning-rate schedule.

    Each epoch shuffles the training set (the ``"batches"`` stream of ``seed``, :func:`~lrdecay_lessons.training.streams.stream`) and
    walks through it in batches of ``batch_size``; step :math:`t` updates

    .. math:: \theta \leftarrow \theta - \eta_t \nabla J_\text{batch}(\theta),
              \qquad \eta_t = \texttt{schedule}(t).

    Parameters
    ----------
    dataset : Dataset
        From :func:`lrdecay_lessons.training.datasets.load_dataset`; its task picks the
        model (:data:`MODEL_FOR_TASK`).
    schedule : callable, float or ReduceLROnPlateau
        The learning rate as a function of the step ``t = 0, 1, ...``, e.g.
        ``schedule("cosine_annealing", lr0=0.1, total_steps=n)``; a number
        is a constant rate. A rate that reacts to the loss — an object with an
        ``lr`` attribute and a ``step(metric)`` method, such as
        :class:`lrdecay_lessons.schedules.plateau.ReduceLROnPlateau` — sets each epoch's rate
        from ``lr`` and is stepped with the validation loss after the epoch (it is
        advanced by the run, like PyTorch's scheduler).
    epochs : int
        Passes over the training set, ``>= 1``.
    batch_size : int
        Samples per step, ``>= 1``; ``batch_size >= n_train`` is full-batch
        gradient descent.
    seed : int, default 0
        Fixes the batch order, and nothing else: the run is deterministic.
    l2 : float, default 0.0
        L2 penalty :math:`\lambda \ge 0` on the weights.
    record : {"epoch", "step"}, default "epoch"
        Evaluate the losses after every epoch, or after every step (slower).
    shuffle : bool, default True
        Shuffle the training set before each epoch; ``False`` keeps the stored
        order (as scikit-learn's ``shuffle=False``).
    label : str, optional
        Name of the schedule in the summary; by default made from ``schedule``.

    Returns
    -------
    TrainingResult
        Its ``summary()`` is one readable line. A run whose loss becomes
        infinite, NaN or larger than ``DIVERGENCE_FACTOR`` times the initial loss
        stops there and is reported with ``diverged=True``, the step and its rate;
        no floating-point warning is raised.
    """
    _check_dataset(dataset)
    epochs = check_count("epochs", epochs)
    batch_size = check_count("batch_size", batch_size)
    seed = check_count("seed", seed, minimum=0)
    l2 = check_non_negative("l2", l2)
    shuffle = check_bool("shuffle", shuffle)
    check_choice("record", record, ("epoch", "step"))
    model = MODEL_FOR_TASK[dataset.task]
    n_per_epoch = steps_per_epoch(dataset, batch_size)
    total_steps = epochs * n_per_epoch
    if total_steps > MAX_STEPS:
        raise InvalidParameterError(
            f"epochs × steps per epoch must be at most {MAX_STEPS:,} updates; got epochs={epochs:,} × "
            f"{n_per_epoch:,} steps (batch_size={batch_size}) = {total_steps:,} updates."
        )
    reacts = _reacts_to_loss(schedule)
    # Python floats: quicker one at a time. A reacting rate is known one epoch at a time.
    rates = [] if reacts else learning_rates(schedule, total_steps).tolist()

    k = dataset.n_classes if model == "softmax" else 1
    X, Y = dataset.X_train, targets(dataset.y_train, model, k)
    X_val, y_val = dataset.X_val, dataset.y_val
    Y_val = targets(y_val, model, k)
    loss_of = OUTPUTS[model]
    W, b = np.zeros((dataset.n_features, k)), np.zeros(k)
    rng = stream("batches", seed)

    rows: list[tuple[int, float, float, float, float]] = []
    last_recorded = (W.copy(), b.copy())
    diverged_at: int | None = None

    # Overflow is detected below and reported, not warned about.
    with np.errstate(all="ignore"), _one_blas_thread():
        initial_loss = loss_of(X @ W + b, Y)[1]
        limit = DIVERGENCE_FACTOR * max(initial_loss, 1e-12)
        for t in range(total_steps):
            batch = t % n_per_epoch
            if batch == 0:
                order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
                X_epoch, Y_epoch = X[order], Y[order]
            if reacts:
                rates.append(float(schedule.lr))
            start = batch * batch_size
            J, grad_W, grad_b = loss_and_gradient(
                X_epoch[start : start + batch_size], Y_epoch[start : start + batch_size], W, b, model, l2
            )
            if not J <= limit:  # also true for NaN: the previous update blew the loss up
                diverged_at = max(t - 1, 0)
                break
            W -= rates[t] * grad_W
            b -= rates[t] * grad_b
            if record == "step" or batch == n_per_epoch - 1:
                train_loss = loss_of(X @ W + b, Y)[1]
                if not train_loss <= limit:
                    diverged_at = t
                    break
                Z_val = X_val @ W + b
                val_loss = loss_of(Z_val, Y_val)[1]
                rows.append((t + 1, rates[t], train_loss, val_loss, score(Z_val, y_val, model)))
                last_recorded = (W.copy(), b.copy())
                if reacts and batch == n_per_epoch - 1:
                    schedule.step(val_loss)

    columns = list(zip(*rows)) if rows else [()] * 5
    return TrainingResult(
        label=schedule_label(schedule) if label is None else label,
        dataset=dataset.name,
        model=model,
        epochs=epochs,
        batch_size=batch_size,
        seed=seed,
        steps_per_epoch=n_per_epoch,
        steps=_read_only(columns[0], int),
        lr=_read_only(columns[1]),
        train_loss=_read_only(columns[2]),
        val_loss=_read_only(columns[3]),
        val_score=_read_only(columns[4]),
        score_name="R²" if model == "linear" else "accuracy",
        initial_loss=initial_loss,
        weights=_read_only(last_recorded[0]),
        bias=_read_only(last_recorded[1]),
        diverged=diverged_at is not None,
        diverged_at_step=diverged_at,
        diverged_lr=None if diverged_at is None else rates[diverged_at],
        trivial_val_loss=dataset.trivial_val_loss,
    )


@dataclass(frozen=True)
class ScheduleSummary:
    """One row of :meth:`Comparison.table`: a schedule's runs over all seeds.

    Statistics are over the runs that did not diverge (``None`` if all diverged).
    ``epochs_to_target`` is the mean, over the runs that reached it, of the first
    epoch whose validation loss was ``<= target_loss``.
    """

    name: str
    n_runs: int
    n_diverged: int
    final_val_loss_mean: float | None
    final_val_loss_std: float | None
    final_val_score_mean: float | None
    score_name: str
    n_reached_target: int
    epochs_to_target: float | None


@dataclass(frozen=True, repr=False)
class Comparison:
    """Every run of :func:`compare_schedules`, and one summary row per schedule."""

    dataset: str
    target_loss: float | None
    results: Mapping[str, tuple[TrainingResult, ...]]
    rows: tuple[ScheduleSummary, ...]

    def table(self) -> str:
        """The summary rows as a plain-text table, e.g. for ``print``.

        The schedule column is left-aligned and as wide as its widest entry, the others right-aligned in at
        least 17, 12, 8 and 22 columns (wider if an entry is); in Chinese, widths are as drawn, a Chinese
        character taking two columns (:func:`~lrdecay_lessons.i18n.width.column_width`).
        """
        score = self.rows[0].score_name if self.rows else "score"
        header = [tr("schedule"), tr("final val loss"), tr("val {score}").format(score=score), tr("diverged")]
        minimum = [0, 17, 12, 8]
        body = []
        for r in self.rows:
            loss = "—" if r.final_val_loss_mean is None else f"{r.final_val_loss_mean:.4f} ± {r.final_val_loss_std:.4f}"
            value = "—" if r.final_val_score_mean is None else f"{r.final_val_score_mean:.4f}"
            body.append([r.name, loss, value, f"{r.n_diverged}/{r.n_runs}"])
        if self.target_loss is not None:
            header.append(tr("epochs to loss<={target:g}").format(target=self.target_loss))
            minimum.append(22)
            for r, cells in zip(self.rows, body):
                reached = tr("never") if r.epochs_to_target is None else f"{r.epochs_to_target:.1f}"
                cells.append(tr("{reached} ({n_reached}/{n_runs} runs)").format(
                    reached=reached, n_reached=r.n_reached_target, n_runs=r.n_runs))
        widths = [max([least] + [column_width(cells[i]) for cells in [header, *body]]) for i, least in enumerate(minimum)]
        lines = [tr("{dataset}: mean ± std over seeds (diverged runs left out)").format(dataset=self.dataset)]
        lines += ["  ".join(pad(cell, width, "<" if i == 0 else ">") for i, (cell, width) in enumerate(zip(cells, widths)))
                  for cells in [header, *body]]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.table()


def _summarise(name: str, runs: Sequence[TrainingResult], target_loss: float | None) -> ScheduleSummary:
    finished = [r for r in runs if not r.diverged]
    final_loss = np.array([r.val_loss[-1] for r in finished])
    reached = []
    if target_loss is not None:
        for r in runs:
            hits = np.flatnonzero(r.val_loss <= target_loss)
            if hits.size:
                reached.append(float(r.epoch[hits[0]]))
    return ScheduleSummary(
        name=name,
        n_runs=len(runs),
        n_diverged=len(runs) - len(finished),
        final_val_loss_mean=float(final_loss.mean()) if finished else None,
        final_val_loss_std=float(final_loss.std(ddof=1 if len(finished) > 1 else 0)) if finished else None,
        final_val_score_mean=float(np.mean([r.val_score[-1] for r in finished])) if finished else None,
        score_name=runs[0].score_name,
        n_reached_target=len(reached),
        epochs_to_target=float(np.mean(reached)) if reached else None,
    )


def _check_dataset(dataset: Any) -> None:
    if not isinstance(dataset, Dataset):
        raise InvalidParameterError(f"dataset must be a Dataset (see load_dataset); got dataset={dataset!r}.")


#: A comparison of at least this many steps in all (about half a second here) shares its schedules among
#: the machine's free cores (:mod:`.parallel`): the same runs, sooner.
SHARED_STEPS = 20_000


def _runs_of_one_schedule(dataset: Dataset, schedule: ScheduleLike, seeds: Sequence[int], epochs: int,
                          batch_size: int, l2: float, name: str) -> tuple[TrainingResult, ...]:
    return tuple(train(dataset, schedule, epochs=epochs, batch_size=batch_size, seed=seed, l2=l2, label=name)
                 for seed in seeds)


def compare_schedules(
    dataset: Dataset,
    schedules: Mapping[str, ScheduleLike],
    *,
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    epochs: int,
    batch_size: int,
    l2: float = 0.0,
    target_loss: float | None = None,
) -> Comparison:
    r"""Train once per schedule and seed; summarise each schedule over the seeds.

    Parameters
    ----------
    dataset : Dataset
    schedules : mapping of str to callable or float
        Name -> schedule, as for :func:`train`.
    seeds : sequence of int, default (0, 1, 2, 3, 4)
        One run per seed; every schedule sees the same batches for a given seed.
    epochs, batch_size, l2
        As for :func:`train` (losses recorded once per epoch).
    target_loss : float, optional
        If given, the table reports how many epochs each schedule needed to bring
        the validation loss down to it.

    Returns
    -------
    Comparison
        ``results[name]`` holds the runs of one schedule (one per seed); ``rows``
        the summaries; ``table()`` a printable table of final validation loss
        (mean ± sample std), score, diverged runs and epochs to the target.
    """
    if not isinstance(schedules, Mapping):
        raise InvalidParameterError(
            f"schedules must map a name to a schedule, e.g. {{'cosine': schedule('cosine_annealing', ...)}}; "
            f"got schedules={schedules!r:.80} ({type(schedules).__name__})."
        )
    if not schedules:
        raise InvalidParameterError("schedules must name at least one schedule; got an empty mapping.")
    seeds = check_seeds("seeds", seeds)
    if target_loss is not None:
        target_loss = check_positive("target_loss", target_loss)
    _check_dataset(dataset)
    steps = len(schedules) * len(seeds) * check_count("epochs", epochs) * steps_per_epoch(
        dataset, check_count("batch_size", batch_size))
    runs = run_blocks(_runs_of_one_schedule, [(dataset, schedule, seeds, epochs, batch_size, l2, name)
                                              for name, schedule in schedules.items()], share=steps >= SHARED_STEPS)
    results = dict(zip(schedules, runs))
    rows = tuple(_summarise(name, runs, target_loss) for name, runs in results.items())
    return Comparison(dataset=dataset.name, target_loss=target_loss, results=results, rows=rows)
