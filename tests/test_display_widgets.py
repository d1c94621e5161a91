"""``display/widgets.py``, slider panels: values, redraw, error display, static text form."""

from __future__ import annotations

import re

import numpy as np
import pytest
from matplotlib.figure import Figure

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters.catalog import ARTICLE_SCHEDULES
from lrdecay_lessons.display import Slider, schedule_panel


def test_slider_spec_validation():
    with pytest.raises(ValueError, match=r"value must lie in \[min, max\]"):
        Slider("gamma", 2.0, 0.0, 1.0)
    with pytest.raises(ValueError, match="min must be > 0 for a log slider"):
        Slider("lr0", 0.1, 0.0, 1.0, log=True)


def test_slider_kinds():
    assert type(Slider("s", 100, 10, 500, integer=True).build()).__name__ == "IntSlider"
    log = Slider("lr0", 0.1, 0.001, 1.0, log=True).build()
    # An index over exact values: the browser cannot snap 0.1 to 0.1023 as FloatLogSlider did.
    assert type(log).__name__ == "SelectionSlider"
    assert log.value == 0.1 and log.label == "0.1"
    assert type(Slider("gamma", 0.5, 0.05, 1.0, step=0.05).build()).__name__ == "SelectionSlider"


def test_an_integer_slider_must_start_on_its_steps():
    with pytest.raises(ValueError, match=r"value must lie on min \+ k \* step = 10, 20, \.\.\. .*got value=105"):
        Slider("step_size", 105, 10, 500, step=10, integer=True)
    with pytest.raises(ValueError, match="step must be a whole number"):
        Slider("s", 4, 0, 10, step=0.5, integer=True)


def test_panel_draws_the_schedule_for_the_slider_values():
    info = ARTICLE_SCHEDULES["step_decay"]
    panel = schedule_panel(info.function, info.sliders, horizon=300, title="t", drawstyle=info.drawstyle)
    panel.values = {**panel.values, "gamma": 0.25}  # as the browser sets it when the slider moves
    figure = panel.figure()
    assert isinstance(figure, Figure)
    line = figure.axes[0].get_lines()[-1]
    expected = schedules.step_decay(np.arange(301), lr0=0.1, gamma=0.25, step_size=100)
    np.testing.assert_allclose(line.get_ydata(), expected, rtol=0, atol=0)
    assert "gamma=0.25" in line.get_label()
    assert figure.axes[0].get_title() == "t"
    program = panel.spec["plots"][0]["series"][-1]
    assert program["y"]["schedule"] == "step_decay" and program["drawstyle"] == "steps-post"
    assert program["y"]["params"]["gamma"] == {"control": "gamma"}


def test_invalid_combination_is_refused_with_the_packages_message():
    """The browser shows the formula's message for a refused combination (tests/browser/test_browser_panels.py);
    in Python a starting combination the schedule refuses fails before any widget is made."""
    sliders = [Slider("lr0", 0.1, 0.01, 1.0), Slider("lr_end", 0.0, 0.0, 1.0)]
    panel = schedule_panel(schedules.polynomial_decay, sliders, horizon=100, fixed={"total_steps": 100}, title="t")
    with pytest.raises(ValueError, match="lr_end must be <= lr0"):
        panel.curves({"lr0": 0.1, "lr_end": 0.5})
    with pytest.raises(ValueError, match="lr_end must be <= lr0"):
        schedule_panel(schedules.polynomial_decay, [Slider("lr0", 0.1, 0.01, 1.0), Slider("lr_end", 0.5, 0.0, 1.0)],
                       horizon=100, fixed={"total_steps": 100}, title="t")


def test_the_stored_output_has_the_starting_picture_and_names_the_values():
    info = ARTICLE_SCHEDULES["cosine_annealing"]
    panel = schedule_panel(info.function, info.sliders, horizon=200, title="t")
    data, metadata = panel._repr_mimebundle_()
    assert data["image/png"] and metadata["image/png"] == {"width": 1000, "height": 520}
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/plain"] == "[slider panel: lr0 = 0.1 · total_steps = 1000]"


def test_a_panel_takes_dropdowns_and_names_their_labels():
    from lrdecay_lessons.display import BrowserPanel, Choice, Computed, Line
    from lrdecay_lessons.display.panel_spec import Axes

    batch = Choice("batch_size", None, (("4", 4), ("full batch", None)), label="batch size")
    panel = BrowserPanel([batch, Slider("lr0", 0.1, 0.01, 1.0)], [Axes("t", [Line("a", Computed("a"))], horizon=2)],
                         compute=lambda v: {"a": np.full(3, v["lr0"])})
    assert panel.values == {"batch_size": None, "lr0": 0.1}
    assert panel._repr_mimebundle_()[0]["text/plain"] == "[slider panel: batch_size = full batch · lr0 = 0.1]"
    control = panel.spec["controls"][0]
    assert control["kind"] == "choice" and control["options"] == [4, None] and control["texts"] == ["4", "full batch"]
    with pytest.raises(ValueError, match="value must be one of"):
        Choice("dataset", "iris", ("diabetes", "digits"))


def test_reference_curve_is_the_articles_example():
    info = ARTICLE_SCHEDULES["polynomial_decay"]
    curve = info.reference_curve(1200)
    np.testing.assert_array_equal(curve.steps, np.arange(1201))
    np.testing.assert_allclose(curve.values, schedules.polynomial_decay(np.arange(1201), **info.example))
    assert curve.label.startswith("article: lr0 = 0.1")


def test_a_slider_with_millions_of_positions_is_refused_before_they_are_made():
    """Issue 27: Slider("x", 0.5, 0, 1, step=1e-7) built 10 million options and hung the kernel."""
    with pytest.raises(ValueError, match=r"slider 'x' with step=1e-07 from 0 to 1 would have 10,000,001"):
        Slider("x", 0.5, 0, 1, step=1e-7)
    with pytest.raises(ValueError, match="at most 10,000 positions"):
        Slider("t", 10, 0, 10**9, integer=True)
    assert len(Slider("x", 0.5, 0, 1, step=2e-4).grid()) == 5_001


@pytest.mark.parametrize("horizon, fragment", [(10**9, "horizon must be a whole number from 1 to 9,999,999"),
                                               (1e12, "got horizon=1000000000000.0"), (-5, "got horizon=-5"),
                                               (float("nan"), "horizon must be")])
def test_a_panel_horizon_is_checked_before_anything_is_drawn(horizon, fragment):
    """Issue 27: 1e9 hung, 1e12 asked for 7 TiB, -5 drew an empty plot, nan failed inside NumPy."""
    info = ARTICLE_SCHEDULES["cosine_annealing"]
    with pytest.raises(ValueError, match=re.escape(fragment)):
        schedule_panel(info.function, info.sliders, horizon=horizon, title="t")
