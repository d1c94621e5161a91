"""Chapter 07's re-training panel (``chapters/ch07_training_panel.py``): dropdowns and sliders, the chosen
schedule's parameters, the runs trained stacked, the curves the browser draws, errors shown in place."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.chapters.ch07_hands_on import RUN_SHAPES, make_schedule
from lrdecay_lessons.chapters.ch07_training_panel import (
    SHAPE_SLIDERS,
    UPDATE_BUDGET,
    TrainingPanel,
    panel_curves,
    panel_runs,
    schedule_parameters,
)
from lrdecay_lessons.display import Axes, Band, BrowserPanel, Choice, Computed, Line
from lrdecay_lessons.training import learning_rates, steps_per_epoch, train

BASE = {"dataset": "diabetes", "schedule": "cosine", "batch_size": 32, "lr0": 0.1, "epochs": 3,
        **{s.name: s.value for group in SHAPE_SLIDERS.values() for s in group}}


def test_every_schedule_has_its_sliders():
    assert set(SHAPE_SLIDERS) == set(RUN_SHAPES)


@pytest.mark.parametrize("name", list(RUN_SHAPES))
def test_each_schedule_trains_from_its_slider_values(name):
    runs, schedules, data = panel_runs({**BASE, "schedule": name}, seeds=(0,))
    assert list(runs) == ([name] if name == "constant" else [name, "constant"])
    run = runs[name][0]
    assert run.epochs == 3 and run.batch_size == 32 and not run.diverged


def test_panel_parameters_in_epochs_become_steps():
    per_epoch = steps_per_epoch(331, 4)  # diabetes, batch 4: 83
    params = schedule_parameters("cosine restarts", {**BASE, "cycle_epochs": 7}, per_epoch, 20 * per_epoch)
    assert params == {"period": 7 * 83}
    params = schedule_parameters("warmup cosine", {**BASE, "warmup_epochs": 2}, per_epoch, 20 * per_epoch)
    schedule = make_schedule("warmup cosine", lr0=0.1, total_steps=20 * per_epoch, **params)
    rates = learning_rates(schedule, 20 * per_epoch)
    assert int(np.argmax(rates)) == 2 * 83  # the peak is reached after two epochs
    assert schedule_parameters("inverse time", {**BASE, "decay_rate": 4.0}, 1, 10) == {"decay_rate": 4.0}
    with pytest.raises(ValueError, match="name must be one of"):
        schedule_parameters("linear", BASE, 1, 10)


def test_full_batch_is_one_step_per_epoch():
    runs, _, data = panel_runs({**BASE, "batch_size": None, "epochs": 5}, seeds=(0,))
    assert runs["cosine"][0].steps_per_epoch == 1 and runs["cosine"][0].batch_size == data.n_train


def test_too_many_updates_are_refused_with_advice():
    with pytest.raises(ValueError, match="choose a larger batch or fewer epochs"):
        panel_runs({**BASE, "dataset": "digits", "batch_size": 1, "epochs": 60}, seeds=(0, 1, 2))
    per_run = 60 * steps_per_epoch(1347, 1)
    assert 2 * 3 * per_run > UPDATE_BUDGET


def test_choice_validates_and_labels():
    choice = Choice("batch_size", None, (("4", 4), ("full batch", None)))
    assert choice.text(None) == "full batch" and choice.values == [4, None]
    assert choice.build().value is None
    with pytest.raises(ValueError, match="value must be one of"):
        Choice("dataset", "iris", ("diabetes", "digits"))


def test_the_stacked_runs_are_the_runs_train_makes_one_by_one():
    values = {**BASE, "schedule": "step", "batch_size": 8}
    runs, schedules, data = panel_runs(values, seeds=(0, 1))
    for name, group in runs.items():
        for seed, run in zip((0, 1), group):
            alone = train(data, schedules[name], epochs=3, batch_size=8, seed=seed)
            np.testing.assert_allclose(run.val_loss, alone.val_loss, rtol=1e-10)
            assert run.seed == seed and run.label == name


def test_the_curves_are_the_mean_and_spread_of_the_seeds_with_their_legends():
    values = {**BASE, "batch_size": 8, "epochs": 4}
    runs, schedules, data = panel_runs(values, seeds=(0, 1, 2))
    curves = panel_curves(values, seeds=(0, 1, 2))
    losses = np.array([r.val_loss for r in runs["cosine"]])
    np.testing.assert_array_equal(curves["epoch"], [0, 1, 2, 3, 4])
    assert np.isnan(curves["loss0"][0])  # no record before the first epoch
    np.testing.assert_allclose(curves["loss0"][1:], losses.mean(axis=0))
    np.testing.assert_allclose(curves["low0"][1:], losses.min(axis=0))
    np.testing.assert_allclose(curves["high0"][1:], losses.max(axis=0))
    final = losses[:, -1]
    names = curves["names"]
    assert names["label0"] == f"cosine: {final.mean():.4f} ± {final.std(ddof=1):.4f}"
    assert names["label1"].startswith("constant: ") and names["colour0"] == "#CC79A7"
    assert names["title"] == "diabetes, batch 8, 4 epochs, η₀ = 0.1" and names["reference_label"] == "least-squares fit"
    per_epoch = steps_per_epoch(data, 8)
    np.testing.assert_allclose(curves["rate0"][:-1], learning_rates(schedules["cosine"], 4 * per_epoch))
    np.testing.assert_allclose(curves["step_epoch"][per_epoch], 1.0)
    assert np.isnan(curves["mark0"]).all()  # nothing diverged


def test_panel_is_a_browser_panel_that_shows_only_the_chosen_schedules_sliders():
    panel = TrainingPanel(batch_size=32, epochs=3)
    assert isinstance(panel, BrowserPanel)
    shown = [s.name for s in panel.shown()]
    assert "min_fraction" in shown and "step_gamma" not in shown
    when = {c["name"]: c.get("when") for c in panel.spec["controls"]}
    assert when["step_gamma"] == {"control": "schedule", "in": ["step"]} and when["lr0"] is None
    assert {c["name"]: c["kind"] for c in panel.spec["controls"]}["dataset"] == "choice"
    panel.values = {**panel.values, "schedule": "step"}
    assert {"step_gamma", "step_epochs"} <= {s.name for s in panel.shown()}
    assert "drop every … epochs = 5" in panel.describe() and "η_min" not in panel.describe()
    assert panel.computed["names"]["label0"].startswith("step: ")
    text = panel._repr_mimebundle_()[0]["text/plain"]
    assert text.startswith("[slider panel: dataset = diabetes") and "step_epochs = 5" in text
    assert "warmup_epochs" not in text


def test_the_starting_picture_is_the_curves_of_the_starting_values():
    panel = TrainingPanel(schedule="cosine", batch_size=32, epochs=3, seeds=(0, 1))
    figure = panel.figure()
    top, bottom = figure.axes
    legend = [t.get_text() for t in top.get_legend().get_texts()]
    assert legend == [panel.computed["names"]["label0"], panel.computed["names"]["label1"], "least-squares fit"]
    assert top.get_legend().get_title().get_text() == "mean of 2 seeds (band: min to max)"
    assert top.get_title() == "diabetes, batch 32, 3 epochs, η₀ = 0.1" and bottom.get_title() == "Learning rate η_t"
    assert len(top.collections) == 2  # the two bands
    np.testing.assert_allclose(top.get_lines()[0].get_ydata(), panel.computed["loss0"][1:])  # no value at epoch 0


def test_panel_shows_bad_combinations_as_a_message_and_keeps_its_curves():
    panel = TrainingPanel(schedule="warmup cosine", batch_size=32, epochs=3)
    assert "error" not in panel.computed and np.isfinite(panel.last_compute_seconds)
    panel.values = {**panel.values, "warmup_epochs": 10}  # longer than the 3-epoch run
    assert "warmup_steps must be <= total_steps" in panel.computed["error"]
    panel.values = {**panel.values, "dataset": "digits", "batch_size": 1, "epochs": 60, "warmup_epochs": 2}
    assert "choose a larger batch or fewer epochs" in panel.computed["error"]


def test_panel_reports_divergence_in_the_legend_and_marks_it():
    panel = TrainingPanel(schedule="constant", batch_size=4, lr0=1.0, epochs=2)
    names = panel.computed["names"]
    assert names["label0"] == "constant: diverged 3/3" and names["label1"] == ""
    assert names["mark_label0"].startswith("diverged at step")
    marked = [v for v in panel.computed["mark0"] if v is not None]
    assert marked == [1.0]  # one cross, at the rate of the step that blew up
    figure = panel.figure()
    assert "diverged at step" in " ".join(t.get_text() for t in figure.axes[1].get_legend().get_texts())


def test_the_spec_refuses_a_legend_place_it_cannot_draw_and_a_band_beyond_opaque():
    with pytest.raises(ValueError, match="legend must be None or one of 'best', .*'outside right'; got legend='top'"):
        Axes("t", [Line("a", Computed("a"))], x=Computed("x"), legend="top")
    with pytest.raises(ValueError, match="alpha must be a number from 0 to 1; got alpha=1.5"):
        Band(Computed("a"), Computed("b"), alpha=1.5)
