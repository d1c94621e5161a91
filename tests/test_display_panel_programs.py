"""The panel programs added for chapters 01, 06 and 09 (``display/panel_spec.py``, ``display/path_axes.py``):
their values in Python, their JSON for the browser, and clear errors for bad input."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.display import (
    Axes, Choose, Contours, Control, Descent, Formula, Level, Line, Matched, Op, PathAxes, PathLine, Plateau, Share)
from lrdecay_lessons.display.panel_spec import resolve
from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.schedules.measures import mean_rate, step_at_fraction
from lrdecay_lessons.training import DIVERGENCE_FACTOR, gradient_descent_path


def test_op_computes_in_doubles_as_python_and_refuses_unknown_operations():
    horizon = Control("T")
    quarter = Op("min", Op("floor", Op("+", Op("*", 0.29, horizon), 1e-9)), Op("-", horizon, 1))
    assert [resolve(quarter, {"T": T}) for T in (100, 1000, 3)] == [step_at_fraction(0.29, T) for T in (100, 1000, 3)]
    assert quarter.to_json()["op"] == "min"
    with pytest.raises(InvalidParameterError, match="op must be one of"):
        Op("**", 2, 3)
    with pytest.raises(InvalidParameterError, match="'floor' takes 1 argument"):
        Op("floor", 1, 2)


def test_share_is_numpys_cumulative_share_and_plateau_columns_follow_the_trace():
    steps = np.arange(10)
    share = Share(Formula(schedules.cosine_annealing, {"lr0": 0.1, "total_steps": 10}))(steps, {})
    y = schedules.cosine_annealing(steps, lr0=0.1, total_steps=10)
    np.testing.assert_array_equal(share, np.cumsum(y) / y.sum())
    script = [1.0, 1.0, 1.0, 1.0]
    params = {"lr0": 1.0, "factor": Control("f"), "patience": 1}
    used = Plateau(schedules.plateau_trace, schedules.ReduceLROnPlateau, script, params, "rate_used")
    assert list(used(np.arange(4), {"f": 0.5})) == [1.0, 1.0, 1.0, 0.5]  # the cut after epoch 2 acts in epoch 3
    assert used.to_json()["plateau"]["factor"] == {"control": "f"}
    with pytest.raises(InvalidParameterError, match="field must be one of"):
        Plateau(schedules.plateau_trace, schedules.ReduceLROnPlateau, script, params, "rate")


def test_matched_solves_as_the_bisection_it_is_given():
    calls = []

    def solve(function, params, parameter, target, horizon, **kw):
        calls.append((function, params, parameter, target, horizon, kw))
        return 0.25

    target = Formula(schedules.cosine_annealing, {"lr0": Control("lr0"), "total_steps": 50})
    matched = Matched(solve, schedules.step_decay, {"lr0": Control("lr0"), "step_size": 10}, "gamma", target, 50,
                      mean_rate, (1e-9, 1.0))
    assert resolve(matched, {"lr0": 0.2}) == 0.25
    (function, params, parameter, goal, horizon, kw), = calls
    assert params == {"lr0": 0.2, "step_size": 10} and horizon == 50 and kw["bounds"] == (1e-9, 1.0)
    assert goal == mean_rate(np.arange(50), schedules.cosine_annealing(np.arange(50), lr0=0.2, total_steps=50))
    assert matched.to_json()["quantity"] == "mean_rate"


def test_descent_is_the_packages_path_padded_with_nan_and_choose_fills_its_verdict():
    rates = Formula(schedules.exponential_decay, {"lr0": Control("lr0"), "gamma": 0.9, "total_steps": 20})
    run = Descent(gradient_descent_path, rates, (1.0, 10.0), (-4.0, 1.2), 20, DIVERGENCE_FACTOR, "loss")
    for lr0 in (0.1, 0.4):
        path = gradient_descent_path((-4.0, 1.2), (1.0, 10.0),
                                     schedules.schedule("exponential_decay", lr0=lr0, gamma=0.9, total_steps=20), 20)
        got = run(np.arange(21), {"lr0": lr0})
        np.testing.assert_array_equal(got[:len(path.losses)], path.losses)
        assert np.isnan(got[len(path.losses):]).all() and got.size == 21
        verdict = Choose(Control("d"), "diverged at {k}", "final {f:.1e}")
        names = {"d": path.diverged, "k": path.diverged_at_step, "f": path.final_loss}
        assert resolve(verdict, names) == (f"diverged at {path.diverged_at_step}" if path.diverged
                                           else f"final {path.final_loss:.1e}")
    with pytest.raises(InvalidParameterError, match="field must be one of"):
        run.with_field("x3")


def test_axes_take_a_horizon_of_the_controls_and_guide_lines():
    axes = Axes("t", [Line("half", Level(Op("/", Control("lr0"), 2)))], horizon=Op("-", Control("T"), 1),
                vlines=[Op("*", 0.5, Control("T"))])
    ((label, steps, ys),) = axes.curves({"lr0": 0.3, "T": 8}, {})
    assert list(steps) == list(range(8)) and set(ys) == {0.15} and axes.guides({"T": 8}) == [4.0]
    assert axes.to_json()["x"]["stop"] == {"op": "+", "args": [{"op": "-", "args": [{"control": "T"}, 1]}, 1]}
    with pytest.raises(InvalidParameterError, match="vlines must be a list"):
        Axes("t", [Line("half", Level(1.0))], horizon=5, vlines=3)


def test_path_axes_check_their_contours_and_limits():
    line = PathLine("p", Level(0.0), Level(0.0))
    with pytest.raises(InvalidParameterError, match="one colour per band"):
        Contours((1.0, 10.0), [0.1, 1.0, 10.0], ["#ffffff"])
    with pytest.raises(InvalidParameterError, match="levels must increase"):
        Contours((1.0, 10.0), [1.0, 0.1], ["#ffffff"])
    with pytest.raises(InvalidParameterError, match="xlim must be"):
        PathAxes("t", [line], xlim=(1.0, -1.0), ylim=(0.0, 1.0))
    assert PathAxes("t", [line], xlim=(-1.0, 1.0), ylim=(0.0, 1.0)).to_json()["kind"] == "path"
