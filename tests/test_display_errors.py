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

from lrdecay_lessons.display import Callout, Curve, Slider, SliderPanel, Table, steps_for


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


def test_slider_panel_with_a_non_function():
    with pytest.raises(TypeError, match=r"draw must be a function draw\(values\) -> Figure; got draw='not a function'"):
        SliderPanel("not a function", [Slider("g", 0.5, 0.1, 0.9)])
    with pytest.raises(TypeError, match=r"sliders\[0\] must be a Slider or a Choice; got sliders\[0\]=\('g', 0.5\)"):
        SliderPanel(lambda values: None, [("g", 0.5)])


def test_a_draw_that_raises_any_error_shows_it_instead_of_freezing():
    def draw(values):
        raise KeyError("lr0")

    panel = SliderPanel(draw, [Slider("g", 0.5, 0.1, 0.9)])
    assert panel.figure() is None
    assert "draw raised KeyError" in panel.message.value and "lr0" in panel.message.value


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
