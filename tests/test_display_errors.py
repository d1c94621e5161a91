"""``lrdecay_lessons.display``'s learner-facing calls, fuzzed: curves, sliders, panels, tables and callouts
given bad values raise a clear error that names the parameter as the caller wrote it and shows the value
(the reproducers of the fuzzing run, kept). No warning may be printed: warnings are errors here.

The same reproducers for the other layers: test_schedules_errors.py, test_training_errors.py,
test_frameworks_errors.py and test_chapters_errors.py.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from lrdecay_lessons.display import Axes, BrowserPanel, Callout, Computed, Curve, Line, Slider, Table, steps_for


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_curve_with_mismatched_lengths():
    with pytest.raises(ValueError, match=r"steps and values must have the same length; got 3 steps and 2 values"):
        Curve("c", np.arange(3), np.ones(2))


def test_curve_with_nan():
    with pytest.raises(ValueError, match=r"values must hold finite numbers; got values\[1\]=nan"):
        Curve("c", np.arange(3), [1.0, math.nan, 2.0])


def test_curve_with_strings():
    with pytest.raises(TypeError, match=r"values must be a 1-D sequence of numbers; got values=\['a', 'b'\]"):
        Curve("c", [0, 1], ["a", "b"])


def test_steps_for_nan_and_string():
    with pytest.raises(ValueError, match=r"total_steps must be a whole number from 1 to .*; got total_steps=nan"):
        steps_for(float("nan"))
    with pytest.raises(TypeError, match=r"total_steps must be .*; got total_steps='100' \(str\)"):
        steps_for("100")
    assert steps_for(4).tolist() == [0, 1, 2, 3, 4]


def test_steps_for_an_absurd_size_names_it():
    with pytest.raises(ValueError, match=r"total_steps must be a whole number from 1 to 10,000,000; got total_steps=1e\+30"):
        steps_for(1e30)
    with pytest.raises(ValueError, match=r"at most 10,000,000 steps; .* 30,000,001 steps"):
        steps_for(10_000_000, past_end=2.0)


def test_slider_with_a_string_value():
    with pytest.raises(TypeError, match=r"value must be a finite number for slider 'g'; got value='0.5' \(str\)"):
        Slider("g", "0.5", 0.1, 0.9)
    with pytest.raises(ValueError, match=r"min must be < max for slider 'g'"):
        Slider("g", 0.5, 0.5, 0.5)


def _axes():
    return [Axes("t", [Line("a", Computed("a"))], horizon=3)]


def test_browser_panel_with_bad_controls_or_compute():
    with pytest.raises(TypeError, match=r"sliders\[0\] must be a Slider or a Choice; got sliders\[0\]=\('g', 0.5\)"):
        BrowserPanel([("g", 0.5)], _axes(), compute=lambda v: {"a": np.zeros(4)})
    with pytest.raises(TypeError, match=r"compute must be None or a function compute\(values\) -> dict; got compute='f'"):
        BrowserPanel([Slider("g", 0.5, 0.1, 0.9)], _axes(), compute="f")
    with pytest.raises(ValueError, match=r"shown_when must map a control to \(another control, its values\)"):
        BrowserPanel([Slider("g", 0.5, 0.1, 0.9)], _axes(), compute=lambda v: {"a": np.zeros(4)},
                     shown_when={"g": ("h", (1,))})


def test_a_compute_that_refuses_values_shows_its_message_not_a_traceback():
    """A ValueError of compute (values the package refuses) goes to the browser as text, under the controls;
    at the starting values it is raised at once, before any widget is made."""
    def compute(values):
        if values["g"] > 0.55:
            raise ValueError("schedule <lambda> returned -1.0 at step 3")
        return {"a": np.full(4, values["g"])}

    panel = BrowserPanel([Slider("g", 0.5, 0.1, 0.9)], _axes(), compute=compute)
    panel.values = {"g": 0.6}
    assert panel.computed == {"values": {"g": 0.6}, "error": "schedule <lambda> returned -1.0 at step 3"}  # text, not HTML
    panel.values = {"g": 0.5}
    assert panel.computed["a"] == [0.5] * 4 and "error" not in panel.computed
    with pytest.raises(ValueError, match=r"compute fails for the controls' starting values: schedule <lambda>"):
        BrowserPanel([Slider("g", 0.6, 0.1, 0.9)], _axes(), compute=compute)


def test_table_with_fractional_digits():
    with pytest.raises(ValueError, match=r"digits must be a whole number from 1 to 17; got digits=2.5"):
        Table(("a",), [(1.0,)], digits=2.5)


def test_callout_without_lines():
    with pytest.raises(TypeError, match=r"lines must be a list of str .*; got lines=None"):
        Callout("note", None)
    with pytest.raises(TypeError, match=r"lines must be a list of str .*; got lines='one line'"):
        Callout("note", "one line")

# --- frameworks ----------------------------------------------------------------------------------
# --- chapters ------------------------------------------------------------------------------------
