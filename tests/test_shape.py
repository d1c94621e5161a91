"""Shape measurements: each checked against a value worked out by hand from the formula."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.shape import (
    area_share,
    drop_per_step,
    drops_by_segment,
    family_curves,
    first_step_below,
    mean_rate,
    shape_table,
    steepest_step,
)

POLY = schedules.polynomial_decay
COS = schedules.cosine_annealing


def test_first_step_below_half_for_the_article_polynomial():
    # (1 - t/1000)^2 < 1/2  <=>  t > 1000 (1 - sqrt(1/2)) = 292.89
    assert first_step_below(POLY, 0.05, lr0=0.1, total_steps=1000, power=2.0) == 293
    # strict "below": the linear schedule equals 0.05 at t = 500 exactly
    assert first_step_below(POLY, 0.05, lr0=0.1, total_steps=1000, power=1.0) == 501


def test_first_step_below_needs_a_reachable_level_and_a_horizon():
    with pytest.raises(ValueError, match="level must be reached"):
        first_step_below(POLY, 0.01, lr0=0.1, total_steps=100, power=1.0, lr_end=0.02)
    with pytest.raises(ValueError, match="horizon must be given"):
        first_step_below(schedules.step_decay, 0.01, lr0=0.1, gamma=0.5, step_size=10)
    assert first_step_below(schedules.step_decay, 0.03, horizon=500, lr0=0.1, gamma=0.5, step_size=100) == 200


def test_drop_per_step_is_the_difference_of_consecutive_rates():
    steps, drops = drop_per_step(POLY, lr0=0.1, total_steps=10, power=2.0)
    assert steps.tolist() == list(range(10))
    expected = [0.1 * ((1 - t / 10) ** 2 - (1 - (t + 1) / 10) ** 2) for t in range(10)]
    np.testing.assert_allclose(drops, expected, rtol=1e-12)
    assert drops[0] > drops[-1]  # alpha > 1: fast early, slow late


def test_steepest_step_is_half_way_for_the_cosine_and_at_the_start_for_alpha_above_one():
    for total in (600, 1000, 37 * 2):
        assert steepest_step(COS, lr0=0.1, total_steps=total) == total // 2
    assert steepest_step(POLY, lr0=0.1, total_steps=1000, power=2.0) == 0
    # alpha < 1 falls fastest at the very end
    assert steepest_step(POLY, lr0=0.1, total_steps=1000, power=0.5) == 1000


@pytest.mark.parametrize("lr_min", [0.0, 0.02, 0.05])
def test_mean_rate_of_the_cosine_is_the_midpoint(lr_min):
    assert mean_rate(COS, lr0=0.1, total_steps=1000, lr_min=lr_min) == pytest.approx(lr_min + (0.1 - lr_min) / 2, rel=1e-12)


@pytest.mark.parametrize("power", [0.5, 1.0, 2.0, 3.0])
def test_mean_rate_of_the_polynomial_is_close_to_the_integral(power):
    # (1/T) ∫ η0 (1 - t/T)^α dt = η0 / (α + 1); trapezoid error is O(1/T^2) for α >= 1
    assert mean_rate(POLY, lr0=0.1, total_steps=1000, power=power) == pytest.approx(0.1 / (power + 1), rel=1e-3)


def test_area_share_of_the_first_half():
    assert area_share(POLY, 500, lr0=1.0, total_steps=1000, power=1.0) == pytest.approx(0.75)
    assert area_share(POLY, 500, lr0=1.0, total_steps=1000, power=2.0) == pytest.approx(7 / 8, rel=1e-5)
    assert area_share(COS, 500, lr0=1.0, total_steps=1000) == pytest.approx(0.5 + 1 / math.pi, rel=1e-5)
    with pytest.raises(ValueError, match="until must be <= horizon"):
        area_share(COS, 1001, lr0=1.0, total_steps=1000)


def test_drops_by_segment_shows_the_cosine_is_slow_fast_fast_slow():
    rows = drops_by_segment(COS, 4, lr0=0.1, total_steps=1000)
    shares = [r["share"] for r in rows]
    outer = (1 - math.cos(math.pi / 4)) / 2
    assert shares == pytest.approx([outer, 0.5 - outer, 0.5 - outer, outer])
    assert [r["start"] for r in rows] == [0, 250, 500, 750]
    assert sum(r["drop"] for r in rows) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="segments must divide"):
        drops_by_segment(COS, 3, lr0=0.1, total_steps=1000)


def test_family_curves_vary_one_parameter_with_distinct_colours():
    steps = np.arange(11)
    curves = family_curves(POLY, "power", [0.5, 1, 2], steps, lr0=0.1, total_steps=10, label="α = {value:g}")
    assert [c.label for c in curves] == ["α = 0.5", "α = 1", "α = 2"]
    np.testing.assert_allclose(curves[2].values, 0.1 * (1 - steps / 10) ** 2)
    assert len({c.style["color"] for c in curves}) == 3
    with pytest.raises(ValueError, match="values must hold"):
        family_curves(POLY, "power", [], steps, lr0=0.1, total_steps=10)


def test_shape_table_rows_match_the_formula():
    table = shape_table(POLY, "power", [0.5, 2.0], lr0=0.1, total_steps=1000, name="α")
    assert table.columns[0] == "α"
    half_root, two = table.rows
    # α = 2: η(250) = 0.5625 η0; below half first at 293; loses 1 - 0.81 = 19 % early, 1 % late
    assert two == (2.0, "56.2%", 293, "19.0%", "1.0%", "0.0%", "33.3%")
    # α = 0.5: sqrt(0.75) = 86.6 %; below half when 1 - t/T < 1/4, i.e. first at t = 751; 31.6 % lost late
    assert half_root[1:5] == ("86.6%", 751, "5.1%", "31.6%")
    with pytest.raises(ValueError, match="multiple of 20"):
        shape_table(POLY, "power", [1.0], lr0=0.1, total_steps=1010)


def test_shape_table_says_never_when_a_floor_stays_above_half():
    table = shape_table(COS, "lr_min", [0.06], lr0=0.1, total_steps=1000)
    assert table.rows[0][2] == "never"
    assert table.rows[0][5] == "60.0%"
