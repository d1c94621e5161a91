"""Follow-ups of the article's §4.3 and §4.4 examples."""

from __future__ import annotations

import math

import pytest

from lrdecay_lessons.chapters.ch04_polynomial_decay import (
    implied_polynomial_power,
    polynomial_misprint_pattern,
)
from lrdecay_lessons.chapters.ch05_cosine_annealing import completed_cosine_example


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


def test_the_completed_cosine_example():
    lines = completed_cosine_example()
    assert len(lines) == 4
    assert lines[0].endswith("= 0.0854")  # 0.1 (1 + cos(π/4)) / 2 = 0.085355
    assert lines[1].endswith("= 0.0500")
    assert lines[2].endswith("= 0.0146")
    assert "14.6%" in lines[3] and "85.4%" in lines[3] and "(η = 0)" in lines[3]
