"""Chapter 12 (``chapters/ch12_summary.py``), the FAQ's computations: Adam, per-epoch stepping, resuming, the
range test."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from lrdecay_lessons.chapters.ch12_summary import (
    adam_excess,
    epoch_stepped,
    lr_range_test,
    range_test_figure,
    restarted_clock,
)
from lrdecay_lessons.schedules import cosine_annealing
from lrdecay_lessons.training import load_dataset, noisy_least_squares, top_curvature


@pytest.fixture(scope="module")
def problem():
    return noisy_least_squares(n_train=20_000, n_val=10, seed=0)


def test_adam_first_step_moves_every_weight_by_lr(problem):
    # Bias-corrected Adam's first update is lr * g / (|g| + eps): every coordinate moves by ~lr.
    excess = adam_excess(problem, 0.01, 1)
    target = np.append(problem.true_weights, problem.true_bias)
    start = 0.5 * np.sum(target**2)
    assert excess[0] < start
    assert adam_excess(problem, 0.0, 3)[-1] == pytest.approx(start)


def test_adam_decay_beats_the_constant_floor(problem):
    n = 2000
    constant = np.mean([adam_excess(problem, 0.01, n, seed=s)[n // 2:].mean() for s in range(2)])
    decayed = np.mean([adam_excess(problem, partial(cosine_annealing, lr0=0.01, total_steps=n), n, seed=s)[-1]
                       for s in range(2)])
    assert decayed < constant / 3


def test_adam_is_deterministic_and_checks_input(problem):
    assert np.array_equal(adam_excess(problem, 0.01, 50, seed=1), adam_excess(problem, 0.01, 50, seed=1))
    with pytest.raises(ValueError, match="problem must be a NoisyLeastSquares"):
        adam_excess(load_dataset("diabetes"), 0.01, 5)
    with pytest.raises(ValueError, match="beta2 must be in"):
        adam_excess(problem, 0.01, 5, beta2=1.0)


def test_epoch_stepped_is_a_staircase():
    cosine = partial(cosine_annealing, lr0=0.1, total_steps=10)
    stepped = epoch_stepped(cosine, 100)
    t = np.arange(1000)
    values = stepped(t)
    assert np.array_equal(values, cosine(t // 100))
    assert len(np.unique(values)) == 10
    assert stepped(250) == cosine(2)
    with pytest.raises(ValueError, match="steps_per_epoch must be a whole number >= 1"):
        epoch_stepped(cosine, 0)


def test_restarted_clock():
    cosine = partial(cosine_annealing, lr0=0.1, total_steps=1000)
    buggy = restarted_clock(cosine, 600)
    t = np.arange(1000)
    assert np.array_equal(buggy(t)[:600], cosine(t[:600]))
    assert buggy(600) == 0.1 and buggy(999) == cosine(399)
    with pytest.raises(ValueError, match="resume_at must be a whole number >= 1"):
        restarted_clock(cosine, 0)


def test_range_test_finds_the_stability_edge():
    data = load_dataset("diabetes")
    test = lr_range_test(data)
    limit = 2 / top_curvature(data)
    assert test.diverged
    assert np.all(np.diff(test.lrs) > 0)
    assert test.lr_steepest < test.lr_at_min < limit < test.lr_blow_up < 2 * limit
    with pytest.raises(ValueError, match="lr_stop must be > lr_start"):
        lr_range_test(data, lr_start=1.0, lr_stop=0.5)


def test_range_test_figure():
    data = load_dataset("diabetes")
    ax = range_test_figure(lr_range_test(data), limit=2 / top_curvature(data)).axes[0]
    assert ax.get_xscale() == "log" and ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.get_legend().get_texts()) == 6


def test_decay_choices_compares_budget_end_and_plan():
    from lrdecay_lessons.chapters.ch12_summary import decay_choices

    rows = {row[0]: row[1:] for row in decay_choices(1.0, 1000, 10, 0.2).rows}
    assert rows["cosine to 0"][0] == pytest.approx(rows["linear to 0"][0], rel=1e-3)  # same budget
    assert rows["cosine to 10%"][1] == pytest.approx(0.1, rel=1e-4)  # the last step, T - 1, is just above the floor
    assert rows["WSD, linear cooldown (20%)"][2] == pytest.approx(0.801)
    assert rows["cosine to 0"][2] < 0.02
    with pytest.raises(ValueError, match="cooldown must be in"):
        decay_choices(cooldown=1.0)
    with pytest.raises(ValueError, match="warmup_steps must leave room"):
        decay_choices(total_steps=100, warmup_steps=90)


def test_final_excess_scores_each_schedule(problem):
    from lrdecay_lessons.chapters.ch12_summary import final_excess

    n = 2000
    scores = final_excess(problem, {"cos0": partial(cosine_annealing, lr0=0.1, total_steps=n),
                                    "const": 0.1}, n_steps=n, seeds=(0, 1))
    assert scores["cos0"][0] < scores["const"][0] / 3
    with pytest.raises(ValueError, match="runs must be a non-empty mapping"):
        final_excess(problem, {}, n_steps=n)
    with pytest.raises(ValueError, match="n_steps must be a whole number of epochs"):
        final_excess(problem, {"c": 0.1}, n_steps=n + 1)


def test_weight_decay_shrink_follows_the_schedule():
    from lrdecay_lessons.chapters.ch12_summary import weight_decay_shrink

    constant = weight_decay_shrink(1e-3, 10_000, 0.1)
    cosine = weight_decay_shrink(partial(cosine_annealing, lr0=1e-3, total_steps=10_000), 10_000, 0.1)
    assert constant == pytest.approx((1 - 1e-4) ** 10_000)
    assert np.log(cosine) / np.log(constant) == pytest.approx(0.5, rel=1e-3)
    assert weight_decay_shrink(1e-3, 10, 0.0) == 1.0
    with pytest.raises(ValueError, match="weight_decay must be in"):
        weight_decay_shrink(1e-3, 10, 1.5)
    with pytest.raises(ValueError, match="weight_decay times the rate must stay below 1"):
        weight_decay_shrink(2.0, 10, 0.9)
