"""Chapter 14: the summary page (formulas that match the code, chapters that match CHAPTERS) and the FAQ's views."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters.ch14_summary import (
    CHAPTER_GISTS,
    SCHEDULES,
    chapters_markdown,
    decay_choices,
    range_test_figure,
    schedules_markdown,
    summary_figure,
    weight_decay_shrink,
)
from lrdecay_lessons.chapters.course import CHAPTERS
from lrdecay_lessons.schedules import cosine_annealing
from lrdecay_lessons.training import load_dataset, lr_range_test, top_curvature


@pytest.mark.parametrize("entry", SCHEDULES, ids=lambda e: e.key)
def test_formula_by_hand_matches_the_package(entry):
    t = np.arange(0, 2 * entry.horizon + 1).astype(float)
    ours = np.asarray(entry.function(t, **entry.example), dtype=float)
    by_hand = np.asarray(entry.by_hand(t, **entry.example), dtype=float)
    assert np.allclose(ours, by_hand, rtol=1e-12, atol=1e-15)


def test_every_schedule_of_the_package_is_summarised():
    assert set(schedules.REGISTRY) - {"constant"} <= {e.key for e in SCHEDULES}
    chapters = {c.notebook for c in CHAPTERS}
    assert {e.chapter for e in SCHEDULES} <= chapters


def test_chapters_match_the_course():
    assert set(CHAPTER_GISTS) == {c.notebook for c in CHAPTERS}
    text = chapters_markdown().text
    for c in CHAPTERS:
        assert f"]({c.notebook})" in text and c.chinese in text
    assert len(schedules_markdown().text.splitlines()) == len(SCHEDULES) + 3


def test_figure_has_a_panel_per_schedule():
    titles = [ax.get_title() for ax in summary_figure().axes if ax.get_visible() and ax.get_title()]
    assert titles == [e.english for e in SCHEDULES] + ["Reduce-on-plateau"]


def test_range_test_figure():
    data = load_dataset("diabetes")
    ax = range_test_figure(lr_range_test(data), limit=2 / top_curvature(data)).axes[0]
    assert ax.get_xscale() == "log" and ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.get_legend().get_texts()) == 6


def test_decay_choices_compares_budget_end_and_plan():
    rows = {row[0]: row[1:] for row in decay_choices(1.0, 1000, 10, 0.2).rows}
    assert rows["cosine to 0"][0] == pytest.approx(rows["linear to 0"][0], rel=1e-3)  # same budget
    assert rows["cosine to 10%"][1] == pytest.approx(0.1, rel=1e-4)  # the last step, T - 1, is just above the floor
    assert rows["WSD, linear cooldown (20%)"][2] == pytest.approx(0.801)
    assert rows["cosine to 0"][2] < 0.02
    with pytest.raises(ValueError, match="cooldown must be in"):
        decay_choices(cooldown=1.0)
    with pytest.raises(ValueError, match="warmup_steps must leave room"):
        decay_choices(total_steps=100, warmup_steps=90)


def test_weight_decay_shrink_follows_the_schedule():
    constant = weight_decay_shrink(1e-3, 10_000, 0.1)
    cosine = weight_decay_shrink(partial(cosine_annealing, lr0=1e-3, total_steps=10_000), 10_000, 0.1)
    assert constant == pytest.approx((1 - 1e-4) ** 10_000)
    assert np.log(cosine) / np.log(constant) == pytest.approx(0.5, rel=1e-3)
    assert weight_decay_shrink(1e-3, 10, 0.0) == 1.0
    with pytest.raises(ValueError, match="weight_decay must be in"):
        weight_decay_shrink(1e-3, 10, 1.5)
    with pytest.raises(ValueError, match="weight_decay times the rate must stay below 1"):
        weight_decay_shrink(2.0, 10, 0.9)


def test_loop_pitfalls_cover_the_recorded_pitfalls_with_their_recorded_numbers():
    from lrdecay_lessons.chapters.ch14_summary import LOOP_PITFALL_GROUPS, loop_pitfalls
    from lrdecay_lessons.errors import InvalidParameterError
    from lrdecay_lessons.frameworks import recorded_pitfall

    groups = [loop_pitfalls(group).text.splitlines() for group in LOOP_PITFALL_GROUPS]
    assert [len(items) for items in groups] == [5, 5]
    items = [item for items in groups for item in items]
    assert all(item.startswith("* **") and "*Do this:*" in item for item in items)
    text = "\n".join(items)
    with pytest.raises(InvalidParameterError, match="group must be one of"):
        loop_pitfalls("all")
    for needed in ("cycle_momentum=False", "num_processes", "warmup_steps=0.05", "warmup_ratio=0.05", "GradScaler",
                   "base_lrs", "scheduler.step(val_loss)", "step(epoch + (i + 1) / iters)", "Tuner(trainer).lr_find",
                   "learn.lr_find()", "optimizer.eval()"):
        assert needed in text, needed
    momentum = recorded_pitfall("cycle_momentum")["adamw_onecycle"]["default"]
    assert f"AdamW's beta1 {momentum['before']:g} becomes {momentum['during'][0]:g}" in text
    accelerate = recorded_pitfall("accelerate_processes")["split_batches_False"]
    assert f"the rate is {accelerate['rates'][1]:g}, the linear plan's rate at update {accelerate['num_processes']}" in text
    assert "5.14.1 accept it" in text and "5.15.0 and 5.24.0: TypeError" in text
    assert f"batch 7 is {recorded_pitfall('warm_restarts_fractional')['per_epoch'][7]:.3g}" in text
