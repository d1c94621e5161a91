"""`training/protocol.py`: half-octave grids, tuning and evaluation seeds, paired intervals, Holm."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.training.protocol import (
    SeedPlan,
    at_edge,
    compare_all,
    half_octave_grid,
    holm,
    paired_comparison,
    t_quantile,
)


def test_a_half_octave_grid_steps_by_root_two_and_includes_both_ends():
    grid = half_octave_grid(0.01, 0.32)
    assert len(grid) == 11 and grid[0] == 0.01 and grid[-1] == pytest.approx(0.32, rel=1e-12)
    np.testing.assert_allclose(np.diff(np.log2(grid)), 0.5, rtol=1e-12)
    assert half_octave_grid(0.1, 0.1) == (0.1,)
    assert len(half_octave_grid(0.01, 0.0399)) == 4  # 0.04 is past the end
    with pytest.raises(InvalidParameterError, match="high must be >= low"):
        half_octave_grid(0.1, 0.01)


def test_a_best_peak_at_either_end_is_flagged():
    grid = half_octave_grid(0.01, 0.04)
    assert at_edge(grid, grid[0]) == "low" and at_edge(grid, grid[-1]) == "high" and at_edge(grid, grid[2]) is None
    with pytest.raises(InvalidParameterError, match="best must be one of the grid's peaks"):
        at_edge(grid, 0.5)


def test_tuning_and_evaluation_seeds_never_overlap_and_there_are_five_to_report():
    plan = SeedPlan(tuning=[0, 1, 2], evaluation=range(10, 15))
    assert plan.evaluation == (10, 11, 12, 13, 14)
    with pytest.raises(InvalidParameterError, match=r"both hold \[2\]"):
        SeedPlan(tuning=(0, 1, 2), evaluation=(2, 3, 4, 5, 6))
    with pytest.raises(InvalidParameterError, match="at least 5 different seeds"):
        SeedPlan(tuning=(0,), evaluation=(10, 11, 12, 13))


@pytest.mark.parametrize("p, dof, expected", [(0.975, 4, 2.776445), (0.975, 2, 4.302653), (0.975, 29, 2.045230),
                                              (0.5, 7, 0.0)])
def test_t_quantiles_are_the_tables(p, dof, expected):
    assert t_quantile(p, dof) == pytest.approx(expected, abs=1e-6)


def test_a_paired_comparison_is_the_t_interval_of_the_seed_differences():
    first, second = [0.10, 0.11, 0.12, 0.10, 0.13], [0.12, 0.12, 0.14, 0.13, 0.14]
    c = paired_comparison("linear", "cosine", first, second)
    d = np.subtract(first, second)
    sd = math.sqrt(((d - d.mean()) ** 2).sum() / 4)  # n - 1
    assert c.mean == pytest.approx(-0.018) and c.sd == pytest.approx(sd)
    assert (c.low, c.high) == pytest.approx((-0.018 - 2.776445 * sd / math.sqrt(5), -0.018 + 2.776445 * sd / math.sqrt(5)))
    assert c.first_lower == 5 and c.n == 5 and c.verdict == "linear lower" and c.separated


def test_no_verdict_when_the_interval_holds_zero_even_if_most_signs_agree():
    # Chapter 07's old rule passed differences like these ("lower on every reading the seeds allow").
    c = paired_comparison("a", "b", [1.0, 1.0, 1.01], [1.05, 1.05, 1.0])
    assert c.first_lower == 2 and c.low < 0 < c.high and c.verdict == "not separated"


def test_the_verdict_names_the_lower_side():
    assert paired_comparison("a", "b", [2, 3, 4, 5, 6.2], [1, 2, 3, 4, 5]).verdict == "b lower"


def test_holm_multiplies_the_smallest_by_m_and_stays_monotone():
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06])
    np.testing.assert_allclose(holm([0.5, 0.001]), [0.5, 0.002])
    assert holm([0.6, 0.7]).tolist() == [1.0, 1.0]
    with pytest.raises(InvalidParameterError, match="p_values must be"):
        holm([0.1, 1.5])


def test_a_table_of_comparisons_loses_a_verdict_that_holm_does_not_support():
    reference = [0.0, 0.0, 0.0, 0.0, 0.0]
    # One clear gap, one borderline (p = 0.030 alone) and one that is noise: against three, Holm
    # doubles the borderline p-value (second smallest of three) to 0.060, so it is no verdict.
    results = {"reference": reference, "clear": [-1.0, -1.05, -0.98, -1.02, -1.01],
               "borderline": [-1.0, -1.2, -0.3, -0.9, -0.1], "same": [0.1, -0.2, 0.3, -0.1, 0.05]}
    alone = paired_comparison("borderline", "reference", results["borderline"], reference)
    table = {c.first: c for c in compare_all(results, "reference")}
    assert alone.p_value == pytest.approx(0.0299, abs=1e-4) and alone.verdict == "borderline lower"
    assert table["borderline"].adjusted_p == pytest.approx(2 * alone.p_value)
    assert table["borderline"].verdict == "not separated" and table["borderline"].low < 0  # its own interval excludes 0
    assert table["clear"].verdict == "clear lower" and table["same"].verdict == "not separated"


def test_bad_results_are_refused_before_any_statistics():
    with pytest.raises(InvalidParameterError, match="same seeds; got 3 and 2"):
        paired_comparison("a", "b", [1, 2, 3], [1, 2])
    with pytest.raises(InvalidParameterError, match="a failed run is reported as failed"):
        paired_comparison("a", "b", [1, float("nan"), 3], [1, 2, 3])
    with pytest.raises(InvalidParameterError, match="at least 2"):
        paired_comparison("a", "b", [1], [2])
    with pytest.raises(InvalidParameterError, match="reference must be one of"):
        compare_all({"a": [1, 2]}, "b")


def test_quantiles_and_p_values_are_scipy_stats_own_numbers():
    # computed with scipy.special (a lighter import); the same bits as scipy.stats.t
    from scipy import stats

    rng = np.random.default_rng(0)
    for dof in (1, 2, 4, 9, 29):
        for p in rng.random(20):
            assert t_quantile(float(p), dof) == stats.t.ppf(p, dof)
    d = rng.standard_normal(7) + 0.3
    c = paired_comparison("a", "b", d, np.zeros(7))
    t = d.mean() / (d.std(ddof=1) / np.sqrt(7))
    assert c.p_value == float(2 * stats.t.sf(abs(t), 6))
