"""Chapter 04 (``chapters/ch04_polynomial_decay.py``): the family curves and the shape table, each row
checked against a value worked out by hand from the formula, and the follow-ups of the article's §4.3
example (its printed values).

The measures themselves (mean rate, largest drop, first step below, ...) are tested in
test_schedules_measures.py; here, what chapter 04 builds from them over the steps t = 0 .. T-1.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters.ch04_polynomial_decay import (
    family_curves,
    implied_polynomial_power,
    polynomial_misprint_pattern,
    shape_table,
)

POLY = schedules.polynomial_decay
COS = schedules.cosine_annealing


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
    assert table.columns[0] == "α" and table.columns[5] == "final η(T−1)"
    half_root, two = table.rows
    # α = 2: η(250) = 0.5625 η0; below half first at 293; loses 1 - 0.81 = 19 % early,
    # 0.01 - 0.001² ≈ 1 % from t = 900 to the last step t = 999; η(999) = 1e-6 η0;
    # mean (T+1)(2T+1)/(6T²) = 33.38 %
    assert two == (2.0, "56.2%", 293, "19.0%", "1.0%", "0.0%", "33.4%")
    # α = 0.5: sqrt(0.75) = 86.6 %; below half when 1 - t/T < 1/4, i.e. first at t = 751;
    # sqrt(0.1) - sqrt(0.001) = 28.5 % lost late; η(999) = sqrt(0.001) = 3.2 % η0
    assert half_root[1:6] == ("86.6%", 751, "5.1%", "28.5%", "3.2%")
    with pytest.raises(ValueError, match="horizon must be given"):
        shape_table(schedules.step_decay, "gamma", [0.5], lr0=0.1, step_size=10)


def test_shape_table_says_never_when_a_floor_stays_above_half():
    table = shape_table(COS, "lr_min", [0.06], lr0=0.1, total_steps=1000)
    assert table.rows[0][2] == "never"
    assert table.rows[0][5] == "60.0%"  # η(999) = 0.06 + 0.04 · 6e-6


def test_no_single_power_explains_the_printed_polynomial_values():
    rows = implied_polynomial_power()
    assert [r["step"] for r in rows] == [250, 500, 750]
    # 0.0675 = 0.1 * 0.75^α  =>  α = ln 0.675 / ln 0.75
    assert rows[0]["implied_power"] == pytest.approx(math.log(0.675) / math.log(0.75))
    powers = [r["implied_power"] for r in rows]
    assert max(powers) - min(powers) > 0.5


def test_a_stray_factor_reproduces_every_printed_digit():
    rows = polynomial_misprint_pattern()
    assert [r["power"] for r in rows] == [1, 2, 2]
    assert rows[0]["value"] == pytest.approx(0.9 * 0.1 * 0.75)
    # without the stray factor nothing matches
    assert [r["power"] for r in polynomial_misprint_pattern(factor=1.0)] == [None, None, None]
