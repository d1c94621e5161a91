"""``chapters/article.py``: the article's §4 worked examples, recomputed from its own formulas.

The expected values below are worked out by hand from the article's formulas
(not taken from the article, whose printed numbers are partly wrong).
"""

from __future__ import annotations

import math

import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters import article, ch03_exponential_decay


def test_step_decay_example_matches_the_article():
    # η = 0.1 · 0.5^⌊t/100⌋ at t = 50, 150, 250
    assert [schedules.step_decay(t, 0.1, 0.5, 100) for t in (50, 150, 250)] == [0.1, 0.05, 0.025]
    assert all(row["agrees"] for row in article.recompute("step_decay"))
    assert article.erratum("step_decay").kind == "ok"


def test_exponential_example_is_wrong_in_the_article():
    expected = [0.1 * 0.9 ** (t / 1000) for t in (250, 500, 750)]
    rows = article.recompute("exponential_decay")
    assert [r["computed"] for r in rows] == pytest.approx(expected, rel=1e-15)
    assert [r["rounded"] for r in rows] == [0.0974, 0.0949, 0.0924]
    assert [r["agrees"] for r in rows] == [False, False, False]
    box = article.erratum("exponential_decay")
    assert box.kind == "erratum"
    assert "0.0787" in repr(box) and "0.0974" in repr(box)


def test_the_exponential_misprints_share_one_gamma():
    implied = [row["implied_gamma"] for row in ch03_exponential_decay.implied_exponential_gamma()]
    assert max(implied) - min(implied) < 1e-3
    assert implied[0] == pytest.approx(0.383, abs=1e-3)
    # and that γ does reproduce the printed values to their 4 decimals
    for row in ch03_exponential_decay.implied_exponential_gamma():
        assert round(schedules.exponential_decay(row["step"], 0.1, implied[1], 1000), 4) == row["printed"]


def test_polynomial_example_is_wrong_in_the_article():
    expected = [0.1 * (1 - t / 1000) ** 2 for t in (250, 500, 750)]
    rows = article.recompute("polynomial_decay")
    assert [r["computed"] for r in rows] == pytest.approx([0.05625, 0.025, 0.00625], rel=1e-12)
    assert [r["computed"] for r in rows] == pytest.approx(expected, rel=1e-15)
    assert [r["agrees"] for r in rows] == [False, False, False]
    ratios = [r["printed"] / r["computed"] for r in rows]
    assert ratios == pytest.approx([1.2, 0.9, 0.896], abs=1e-3)


def test_cosine_example_is_completed():
    rows = article.recompute("cosine_annealing")
    expected = [0.1 * 0.5 * (1 + math.cos(t * math.pi / 1000)) for t in (250, 500, 750)]
    assert [r["computed"] for r in rows] == pytest.approx(expected, rel=1e-15)
    assert rows[1]["computed"] == pytest.approx(0.05, rel=1e-15)
    assert [r["agrees"] for r in rows] == [None, None, None]
    assert article.erratum("cosine_annealing").kind == "note"


def test_example_table_highlights_exactly_the_wrong_rows():
    assert list(article.example_table("exponential_decay").highlight) == [True, True, True]
    assert list(article.example_table("step_decay").highlight) == [False, False, False]


def test_unknown_example_is_a_clear_error():
    with pytest.raises(ValueError, match=r"name must be one of .* got name='linear'"):
        article.worked_example("linear")
