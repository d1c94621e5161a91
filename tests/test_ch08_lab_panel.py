"""Chapter 08's lab panel (``chapters/ch08_lab_panel.py``): the schedules it trains, the runs beside a
constant rate, its figure."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters import ch08_lab_panel as panel
from lrdecay_lessons.training import train_many

T = 200


@pytest.mark.parametrize("name", list(panel.LAB_SCHEDULES))
def test_each_schedule_is_the_package_schedule_over_the_run(name):
    rates = panel.lab_rates(name, 0.05, T)
    t = np.arange(T)
    expected = {
        "constant": np.full(T, 0.05),
        "step ×0.1 at T/2, 3T/4": schedules.multistep_decay(t, lr0=0.05, milestones=[100, 150], gamma=0.1),
        "cosine": schedules.cosine_annealing(t, lr0=0.05, total_steps=T),
        "linear to 0": schedules.polynomial_decay(t, lr0=0.05, total_steps=T, power=1.0),
        "WSD, last 20% linear": schedules.wsd(t, lr0=0.05, total_steps=T, warmup_steps=0, decay_steps=40),
        "warm-up 5% + cosine": schedules.warmup_cosine(t, lr0=0.05, total_steps=T, warmup_steps=10),
    }[name]
    np.testing.assert_array_equal(rates, expected)
    assert rates.shape == (T,) and rates.max() == pytest.approx(0.05)


def test_bad_names_are_refused_with_the_choices():
    with pytest.raises(ValueError, match=r"schedule must be one of 'constant', .*; got schedule='exp'"):
        panel.lab_rates("exp", 0.1, T)
    with pytest.raises(ValueError, match=r"optimizer must be one of 'SGD \+ momentum 0.9', 'AdamW'; got optimizer='Adam'"):
        panel.lab_runs({"optimizer": "Adam", "schedule": "cosine", "labels": "fresh", "peak": 0.1, "steps": T})


def test_the_runs_are_the_schedule_then_a_constant_rate_at_the_same_peak():
    values = {"optimizer": "SGD + momentum 0.9", "schedule": "cosine", "labels": "fresh", "peak": 0.05, "steps": T}
    runs = panel.lab_runs(values, seeds=(0, 1))
    np.testing.assert_array_equal(runs.rates[:2], [panel.lab_rates("cosine", 0.05, T)] * 2)
    np.testing.assert_array_equal(runs.rates[2:], np.full((2, T), 0.05))
    alone = train_many(panel._problem("fresh"), panel._STUDENT, panel.OPTIMISERS["SGD + momentum 0.9"],
                       runs.rates[2:3], [0], evaluations=20)
    np.testing.assert_allclose(runs.held_out_excess[2], alone.held_out_excess[0], rtol=1e-5)


def test_the_panel_starts_at_its_values_and_draws_a_labelled_figure():
    lab = panel.LabPanel(steps=500, peak=0.03)
    assert lab.values == {"optimizer": "SGD + momentum 0.9", "schedule": "cosine", "labels": "fresh",
                          "peak": pytest.approx(0.03, rel=1e-12), "steps": 500}
    figure = lab.figure()
    top, bottom = figure.axes
    assert top.get_yscale() == "log" and top.get_title() == "SGD + momentum 0.9, fresh labels, peak 0.03, 500 steps"
    assert bottom.get_xlabel() == "step t" and bottom.get_ylim()[0] == 0
    legend = [text.get_text() for text in top.get_legend().get_texts()]
    assert legend[0].startswith("cosine: ") and legend[1].startswith("constant 0.03: ")
    assert legend[2] == "trivial predictor"
    assert top.get_legend().get_title().get_text() == "final, mean ± sd over 3 seeds (n − 1)"


def test_a_peak_where_every_run_fails_says_so_in_the_legend():
    values = {"optimizer": "SGD + momentum 0.9", "schedule": "constant", "labels": "fresh", "peak": 1e4, "steps": 200}
    curves = panel.lab_curves(values, seeds=(0,))
    assert curves["names"]["label0"] == "constant: failed 1/1"
    assert curves["names"]["label1"] == "constant 1e+04: failed 1/1"
    assert np.isnan(curves["excess0"]).all() and np.isnan(curves["excess1"]).all()  # failed runs: not drawn


def test_the_curve_is_the_mean_of_the_runs_that_trained():
    values = {"optimizer": "SGD + momentum 0.9", "schedule": "cosine", "labels": "fresh", "peak": 0.05, "steps": T}
    runs = panel.lab_runs(values, seeds=(0, 1))
    curves = panel.lab_curves(values, seeds=(0, 1))
    np.testing.assert_array_equal(curves["eval_step"], [0, *runs.eval_steps])
    np.testing.assert_allclose(curves["excess0"][1:], runs.held_out_excess[:2].mean(axis=0), rtol=1e-6)
    np.testing.assert_allclose(curves["rate1"][:-1], np.full(T, 0.05))
    assert curves["trivial"][0] == runs.trivial_excess


def test_a_new_value_trains_again_and_sends_the_curves():
    lab = panel.LabPanel(steps=500, peak=0.03)
    before = lab.computed["names"]["label1"]
    lab.values = {**lab.values, "schedule": "linear to 0", "peak": 0.01, "optimizer": "AdamW"}
    names = lab.computed["names"]
    assert names["title"].startswith("AdamW, fresh labels, peak 0.01")
    assert names["label0"].startswith("linear to 0: ") and names["label1"] != before
    assert lab.computed["values"]["peak"] == 0.01 and np.isfinite(lab.last_compute_seconds)
