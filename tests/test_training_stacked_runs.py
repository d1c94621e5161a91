"""``training/stacked_runs.py``: the convex trainer's runs stacked, each the run ``train`` makes."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.schedules import schedule
from lrdecay_lessons.training import learning_rates, load_dataset, steps_per_epoch, train, train_stacked

FIELDS = ("steps", "lr", "train_loss", "val_loss", "val_score", "weights", "bias")


def _same(stacked, alone) -> None:
    assert (stacked.diverged, stacked.diverged_at_step, stacked.diverged_lr) == \
        (alone.diverged, alone.diverged_at_step, alone.diverged_lr)
    assert (stacked.epochs, stacked.batch_size, stacked.seed, stacked.steps_per_epoch, stacked.model) == \
        (alone.epochs, alone.batch_size, alone.seed, alone.steps_per_epoch, alone.model)
    assert stacked.initial_loss == pytest.approx(alone.initial_loss, rel=1e-12)
    for name in FIELDS:
        np.testing.assert_allclose(getattr(stacked, name), getattr(alone, name), rtol=1e-10, atol=1e-13, err_msg=name)


@pytest.mark.parametrize("name, batch, epochs, lr0", [("diabetes", 4, 3, 0.1), ("breast_cancer", 16, 3, 0.5),
                                                     ("digits", 64, 2, 0.3), ("diabetes", None, 40, 0.4)])
def test_each_run_is_the_run_train_makes(name, batch, epochs, lr0):
    data = load_dataset(name)
    batch = batch or data.n_train
    total = epochs * steps_per_epoch(data, batch)
    schedules = [schedule("cosine_annealing", lr0=lr0, total_steps=total), lr0]
    seeds = (0, 1, 2)
    rates = np.array([learning_rates(s, total) for s in schedules for _ in seeds])
    stacked = train_stacked(data, rates, [s for _ in schedules for s in seeds], epochs=epochs, batch_size=batch,
                            labels=["cosine"] * 3 + ["constant"] * 3)
    alone = [train(data, s, epochs=epochs, batch_size=batch, seed=seed) for s in schedules for seed in seeds]
    assert [r.label for r in stacked] == ["cosine"] * 3 + ["constant"] * 3
    for ours, theirs in zip(stacked, alone):
        _same(ours, theirs)
    assert stacked[0].val_loss[-1] != stacked[1].val_loss[-1]  # the seeds' batch orders differ


def test_a_run_that_diverges_stops_alone_and_is_reported_as_train_reports_it():
    data = load_dataset("diabetes")
    total = 5 * steps_per_epoch(data, 8)
    rates = np.array([np.full(total, 0.05), np.full(total, 3.0), np.linspace(0.05, 2.5, total)])
    stacked = train_stacked(data, rates, (0, 0, 1), epochs=5, batch_size=8)
    alone = [train(data, lambda t, r=r: r[t], epochs=5, batch_size=8, seed=s) for r, s in zip(rates, (0, 0, 1))]
    assert [r.diverged for r in stacked] == [False, True, True]
    assert stacked[2].diverged_at_step > stacked[1].diverged_at_step  # each where its own loss blew up
    for ours, theirs in zip(stacked, alone):
        _same(ours, theirs)


def test_bad_arguments_are_refused_before_training():
    data = load_dataset("diabetes")
    total = 2 * steps_per_epoch(data, 32)
    good = np.full((2, total), 0.1)
    with pytest.raises(ValueError, match=rf"rates must have shape \(runs, epochs × steps per epoch\) = \(runs, {total}\)"):
        train_stacked(data, good[:, :-1], (0, 1), epochs=2, batch_size=32)
    with pytest.raises(ValueError, match=r"rates must be finite and >= 0; got rates\[1, 3\]=-1.0"):
        bad = good.copy(); bad[1, 3] = -1.0
        train_stacked(data, bad, (0, 1), epochs=2, batch_size=32)
    with pytest.raises(ValueError, match=r"rates must have one row per seed \(3\); got 2 rows"):
        train_stacked(data, good, (0, 1, 2), epochs=2, batch_size=32)
    with pytest.raises(ValueError, match="labels must name each of the 2 runs; got 1 labels"):
        train_stacked(data, good, (0, 1), epochs=2, batch_size=32, labels=["a"])
    with pytest.raises(ValueError, match="seeds must be a non-empty list"):
        train_stacked(data, good, (), epochs=2, batch_size=32)
    with pytest.raises(ValueError, match="dataset must be a Dataset"):
        train_stacked("diabetes", good, (0, 1), epochs=2, batch_size=32)
