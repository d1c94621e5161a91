"""Chapter 07's re-training panel (``chapters/ch07_training_panel.py``): dropdowns and sliders, the chosen
schedule's parameters, errors shown in place."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.chapters.ch07_hands_on import RUN_SHAPES, make_schedule
from lrdecay_lessons.chapters.ch07_training_panel import (
    SHAPE_SLIDERS,
    UPDATE_BUDGET,
    TrainingPanel,
    panel_figure,
    panel_runs,
    schedule_parameters,
)
from lrdecay_lessons.display import Choice, SliderPanel
from lrdecay_lessons.display.live import LiveFigure
from lrdecay_lessons.training import learning_rates, steps_per_epoch

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


def test_panel_is_a_slider_panel_that_shows_only_the_chosen_schedules_sliders():
    panel = TrainingPanel(batch_size=32, epochs=3)
    assert isinstance(panel, SliderPanel)
    hidden = {name for name, w in panel.sliders.items() if w.layout.display == "none"}
    assert "min_fraction" not in hidden and "step_gamma" in hidden
    panel.sliders["schedule"].value = "step"
    hidden = {name for name, w in panel.sliders.items() if w.layout.display == "none"}
    assert {"step_gamma", "step_epochs"}.isdisjoint(hidden) and "min_fraction" in hidden
    assert "drop every … epochs = 5" in panel.describe()
    text = panel.controls._repr_mimebundle_()["text/plain"]
    assert text.startswith("[controls — run the notebook to use them]") and "schedule = step" in text
    assert "warm-up epochs" not in text


def test_panel_redraws_and_shows_bad_combinations_as_a_message():
    panel = TrainingPanel(schedule="warmup cosine", batch_size=32, epochs=3)
    figure = panel.figure()
    assert figure is not None and panel.message.value == ""
    assert np.isfinite(panel.last_redraw_seconds)  # the redraw was measured (its time: benchmarks/)
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend[0].startswith("warmup cosine: ") and "±" in legend[0]
    panel.sliders["warmup_epochs"].value = 10  # longer than the 3-epoch run
    assert panel.figure() is None
    assert "warmup_steps must be &lt;= total_steps" in panel.message.value  # escaped: the browser shows "<="


def test_panel_reports_divergence_in_the_legend():
    panel = TrainingPanel(schedule="constant", batch_size=4, lr0=1.0, epochs=2)
    figure = panel.figure()
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend[0] == "constant: diverged 3/3"
    assert any(t.get_text().startswith("diverged at step") for t in figure.axes[0].texts)


def _new_picture(figure) -> bytes:
    live = LiveFigure(figure)
    live.redraw()
    return live.png()


def test_the_training_panel_redraws_its_figure_in_place():
    panel = TrainingPanel(dataset="diabetes", schedule="cosine", batch_size=32, lr0=0.1, epochs=3, seeds=(0, 1))
    kept = panel.figure()
    panel.picture(kept)
    for name, value in (("schedule", "step"), ("lr0", 1.0), ("dataset", "breast_cancer")):
        panel.sliders[name].value = value
        figure = panel.figure()
        assert figure is kept
        panel.picture(figure)
        assert panel.last_redraw_kind == "full"
        fresh = panel_figure(panel.values, seeds=panel.seeds)
        _new_picture(fresh)
        assert [t.get_text() for t in figure.axes[0].get_legend().get_texts()] == \
            [t.get_text() for t in fresh.axes[0].get_legend().get_texts()]
        assert figure.axes[0].get_title() == fresh.axes[0].get_title()
        for ours, theirs in zip(figure.axes, fresh.axes):  # the same layout, to a tenth of a pixel
            np.testing.assert_allclose(ours.bbox.bounds, theirs.bbox.bounds, atol=0.1)
            assert ours.get_ylim() == pytest.approx(theirs.get_ylim())
            assert [label.get_visible() for label in ours.get_xticklabels()] == \
                [label.get_visible() for label in theirs.get_xticklabels()]
