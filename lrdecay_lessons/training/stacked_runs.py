r"""Many runs of the convex trainer as one stacked computation: every seed and schedule of a panel at once.

:func:`train_stacked` does what :func:`~lrdecay_lessons.training.trainer.train` does for one run, for
``R`` runs side by side: run :math:`r` has its own rates :math:`\eta^{(r)}_t` and its own batch order
(the ``"batches"`` stream of its seed), and step :math:`t` updates every run at once,

.. math:: W^{(r)} \leftarrow W^{(r)} - \eta^{(r)}_t \nabla_W J^{(r)}_\text{batch}, \qquad
          b^{(r)} \leftarrow b^{(r)} - \eta^{(r)}_t \nabla_b J^{(r)}_\text{batch},

with the stacked weights of shape ``(R, d, k)`` and one batched matrix product per step instead of ``R``.
Each run gets the :class:`~lrdecay_lessons.training.trainer.TrainingResult` ``train`` would give it (equal
up to the order of floating-point sums); a run that diverges stops being updated and is reported as
``train`` reports it. A slider panel that trains its seeds and schedules this way costs about one run's
Python loop instead of ``R`` (``benchmarks/bench_stacked.py``).

>>> from lrdecay_lessons.training import load_dataset, train
>>> data = load_dataset("diabetes")
>>> runs = train_stacked(data, np.full((2, 5 * 11), 0.1), seeds=(0, 1), epochs=5, batch_size=32)
>>> [round(float(r.val_loss[-1]), 4) for r in runs] == [round(float(train(data, 0.1, epochs=5, batch_size=32,
...     seed=s).val_loss[-1]), 4) for s in (0, 1)]
True
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from ..errors import InvalidParameterError
from ..schedules.validation import check_count, check_seeds
from .datasets import Dataset
from .models import MODEL_FOR_TASK, targets
from .streams import stream
from .trainer import DIVERGENCE_FACTOR, MAX_STEPS, TrainingResult, _one_blas_thread, _read_only, steps_per_epoch

__all__ = ["train_stacked"]


def _outputs(model: str, Z: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Output ``P`` and mean loss per run of stacked scores ``Z`` (R, m, k): the formulas of :mod:`.models`."""
    m = Z.shape[1]
    if model == "linear":
        return Z, 0.5 * ((Z - Y) ** 2).sum(axis=(1, 2)) / m
    if model == "logistic":
        return 0.5 * (1.0 + np.tanh(0.5 * Z)), (np.logaddexp(0.0, Z) - Y * Z).sum(axis=(1, 2)) / m
    shifted = Z - Z.max(axis=2, keepdims=True)
    E = np.exp(shifted)
    norm = E.sum(axis=2, keepdims=True)
    return E / norm, (np.log(norm).sum(axis=(1, 2)) - (Y * shifted).sum(axis=(1, 2))) / m


def _scores(model: str, Z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Validation accuracy or :math:`R^2` of each run (as :func:`.models.score`)."""
    if model == "linear":
        residual = ((Z[:, :, 0] - y) ** 2).sum(axis=1)
        spread = float(((y - y.mean()) ** 2).sum())
        return 1.0 - residual / spread if spread > 0 else (residual == 0).astype(float)
    predicted = (Z[:, :, 0] > 0).astype(int) if model == "logistic" else Z.argmax(axis=2)
    return (predicted == y).mean(axis=1)


def _check_rates(rates: np.ndarray, total_steps: int) -> np.ndarray:
    rates = np.asarray(rates, dtype=float)
    if rates.ndim != 2 or rates.shape[1] != total_steps:
        raise InvalidParameterError(
            f"rates must have shape (runs, epochs × steps per epoch) = (runs, {total_steps}); got shape {rates.shape}.")
    bad = ~(np.isfinite(rates) & (rates >= 0))
    if bad.any():
        run, step = (int(i) for i in np.argwhere(bad)[0])
        raise InvalidParameterError(f"rates must be finite and >= 0; got rates[{run}, {step}]={float(rates[run, step])!r}.")
    return rates


def train_stacked(dataset: Dataset, rates: np.ndarray, seeds: Sequence[int], *, epochs: int, batch_size: int,
                  labels: Optional[Sequence[str]] = None) -> list[TrainingResult]:
    r"""Train ``len(seeds)`` runs of the dataset's model at once, run ``r`` with ``rates[r]`` and batch order ``seeds[r]``.

    Parameters
    ----------
    dataset : Dataset
    rates : array of shape (R, epochs × steps_per_epoch(dataset, batch_size))
        Each run's rate at every step (:func:`~lrdecay_lessons.training.trainer.learning_rates` of its schedule).
    seeds : sequence of int
        One per run (runs may share a seed: they then see the same batches).
    epochs, batch_size : int
        As for :func:`~lrdecay_lessons.training.trainer.train`; losses are recorded after every epoch.
    labels : sequence of str, optional
        Each run's schedule name in its result (default ``"run r"``).

    Returns
    -------
    list of TrainingResult
        One per run, in order, as :func:`~lrdecay_lessons.training.trainer.train` would record it.
    """
    if not isinstance(dataset, Dataset):
        raise InvalidParameterError(f"dataset must be a Dataset (see load_dataset); got dataset={dataset!r}.")
    epochs = check_count("epochs", epochs)
    batch_size = check_count("batch_size", batch_size)
    seeds = check_seeds("seeds", seeds)
    per_epoch = steps_per_epoch(dataset, batch_size)
    total = epochs * per_epoch
    if total * len(seeds) > MAX_STEPS:
        raise InvalidParameterError(f"runs × epochs × steps per epoch must be at most {MAX_STEPS:,} updates; got "
                                    f"{len(seeds)} × {total:,}.")
    rates = _check_rates(rates, total)
    if rates.shape[0] != len(seeds):
        raise InvalidParameterError(f"rates must have one row per seed ({len(seeds)}); got {rates.shape[0]} rows.")
    labels = [f"run {r}" for r in range(len(seeds))] if labels is None else list(labels)
    if len(labels) != len(seeds):
        raise InvalidParameterError(f"labels must name each of the {len(seeds)} runs; got {len(labels)} labels.")
    model = MODEL_FOR_TASK[dataset.task]
    k = dataset.n_classes if model == "softmax" else 1
    X, Y = dataset.X_train, targets(dataset.y_train, model, k)
    X_val, y_val = dataset.X_val, dataset.y_val
    Y_val = targets(y_val, model, k)
    R, n = len(seeds), len(X)
    W, b = np.zeros((R, dataset.n_features, k)), np.zeros((R, 1, k))
    streams = [stream("batches", seed) for seed in seeds]
    alive = np.ones(R, dtype=bool)
    diverged_at: list[Optional[int]] = [None] * R
    rows: list[list[tuple]] = [[] for _ in range(R)]
    kept_W, kept_b = W.copy(), b.copy()
    with np.errstate(all="ignore"), _one_blas_thread():
        initial = _outputs(model, (X @ W[0] + b[0])[None], Y[None])[1][0]
        limit = DIVERGENCE_FACTOR * max(initial, 1e-12)
        for t in range(total):
            batch = t % per_epoch
            if batch == 0:
                orders = np.stack([rng.permutation(n) for rng in streams])
                X_epoch, Y_epoch = X[orders], Y[orders]
            start = batch * batch_size
            Xb, Yb = X_epoch[:, start:start + batch_size], Y_epoch[:, start:start + batch_size]
            P, J = _outputs(model, Xb @ W + b, Yb)
            blown = alive & ~(J <= limit)  # also true for NaN: the previous update blew the loss up
            if blown.any():
                for r in np.flatnonzero(blown):
                    diverged_at[r] = max(t - 1, 0)
                alive &= ~blown
                if not alive.any():
                    break
            residual = (P - Yb) / Xb.shape[1]
            step = (rates[:, t] * alive)[:, None, None]  # a run that diverged stays where it was
            W -= step * (Xb.transpose(0, 2, 1) @ residual)
            b -= step * residual.sum(axis=1, keepdims=True)
            if batch == per_epoch - 1:
                train_loss = _outputs(model, X @ W + b, Y[None])[1]
                blown = alive & ~(train_loss <= limit)
                for r in np.flatnonzero(blown):
                    diverged_at[r] = t
                alive &= ~blown
                Z_val = X_val @ W + b
                val_loss = _outputs(model, Z_val, Y_val[None])[1]
                val_score = _scores(model, Z_val, y_val)
                for r in np.flatnonzero(alive):
                    rows[r].append((t + 1, rates[r, t], train_loss[r], val_loss[r], val_score[r]))
                kept_W[alive], kept_b[alive] = W[alive], b[alive]
    results = []
    for r in range(R):
        columns = list(zip(*rows[r])) if rows[r] else [()] * 5
        results.append(TrainingResult(
            label=labels[r], dataset=dataset.name, model=model, epochs=epochs, batch_size=batch_size,
            seed=seeds[r], steps_per_epoch=per_epoch, steps=_read_only(columns[0], int), lr=_read_only(columns[1]),
            train_loss=_read_only(columns[2]), val_loss=_read_only(columns[3]), val_score=_read_only(columns[4]),
            score_name="R²" if model == "linear" else "accuracy", initial_loss=float(initial),
            weights=_read_only(kept_W[r]), bias=_read_only(kept_b[r, 0]), diverged=diverged_at[r] is not None,
            diverged_at_step=diverged_at[r],
            diverged_lr=None if diverged_at[r] is None else float(rates[r, diverged_at[r]]),
            trivial_val_loss=dataset.trivial_val_loss))
    return results
