"""Tests for ``lrdecay_lessons.schedules.measures``: every property against a closed form.

The expected values are derived by hand from the schedules' formulas as sums over
the discrete steps t = 0 .. T-1 (not integrals), so an off-by-one in a property
(averaging over T + 1 points, counting a drop at the step before, using η(T) as the
final rate) breaks a test.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from matplotlib.figure import Figure

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters import ch06_comparison
from lrdecay_lessons.chapters.catalog import (
    MATCHED_SLIDERS,
    SHARED_SLIDERS,
    info,
    schedule_label,
)
from lrdecay_lessons.chapters.ch06_comparison import choosing_table, comparison_figure
from lrdecay_lessons.display import (
    SliderPanel,
    Table,
    plot_curves,
    schedule_curve,
    steps_for,
)
from lrdecay_lessons.schedules import measures as P


def curve(schedule, horizon, **params):
    return P.training_curve(schedule, horizon, **params)


# --- training_curve and input checks -------------------------------------------------


def test_training_curve_covers_steps_0_to_T_minus_1():
    steps, values = curve(schedules.cosine_annealing, 7, lr0=1.0, total_steps=7)
    assert steps.tolist() == list(range(7))
    assert values[0] == 1.0 and values[-1] > 0  # η(T) = 0 is never used


@pytest.mark.parametrize(
    "steps, values, words",
    [
        ([1, 2, 3], [1.0, 0.5, 0.2], "steps must be 0, 1, ..., T-1"),
        ([0, 2, 3], [1.0, 0.5, 0.2], "steps must be 0, 1, ..., T-1"),
        ([0], [1.0], "T >= 2"),
        ([0, 1, 2], [1.0, 0.5], "same length"),
        ([0, 1, 2], [1.0, float("nan"), 0.2], "values[1]=nan"),
    ],
)
def test_bad_curves_are_named(steps, values, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        P.mean_rate(steps, values)


def test_fraction_outside_0_1_is_rejected():
    steps, values = curve(schedules.cosine_annealing, 10, lr0=1.0, total_steps=10)
    with pytest.raises(ValueError, match=r"fraction must be in \[0, 1\]; got fraction=1.5"):
        P.lr_at_fraction(steps, values, 1.5)


# --- lr at fractions of training ------------------------------------------------------


def test_step_at_fraction_floors_and_ends_at_last_step():
    assert [P.step_at_fraction(f, 1000) for f in (0, 0.25, 0.5, 0.75, 1)] == [0, 250, 500, 750, 999]
    assert P.step_at_fraction(0.5, 7) == 3
    assert P.step_at_fraction(0.29, 100) == 29  # 0.29 * 100 = 28.999999999999996 in floats


def test_lr_at_fractions_of_polynomial_match_the_article_examples():
    steps, values = curve(schedules.polynomial_decay, 1000, lr0=0.1, total_steps=1000, power=2.0)
    got = [P.lr_at_fraction(steps, values, f) for f in (0.25, 0.5, 0.75)]
    assert got == pytest.approx([0.1 * 0.75**2, 0.1 * 0.5**2, 0.1 * 0.25**2], rel=1e-12)


def test_lr_at_fraction_one_is_the_final_rate_eta_T_minus_1():
    steps, values = curve(schedules.polynomial_decay, 10, lr0=1.0, total_steps=10)
    assert P.lr_at_fraction(steps, values, 1.0) == P.final_rate(steps, values) == pytest.approx(0.1)


# --- mean rate: exact discrete sums ---------------------------------------------------


@pytest.mark.parametrize("T", [2, 3, 10, 999, 1000])
def test_mean_of_linear_decay_is_lr0_T_plus_1_over_2T(T):
    # (1/T) Σ_{t=0}^{T-1} η0 (1 - t/T) = η0 (1 - (T-1)/(2T)) = η0 (T+1)/(2T)
    steps, values = curve(schedules.polynomial_decay, T, lr0=0.3, total_steps=T, power=1.0)
    assert P.mean_rate(steps, values) == pytest.approx(0.3 * (T + 1) / (2 * T), rel=1e-12)


@pytest.mark.parametrize("T", [2, 3, 10, 999, 1000])
def test_mean_of_cosine_equals_mean_of_linear(T):
    # Σ_{t=0}^{T} cos(πt/T) = 0 (terms t and T-t cancel), so Σ_{t=0}^{T-1} cos(πt/T) = 1
    # and the mean is η0/2 + η0/(2T) = η0 (T+1)/(2T).
    steps, values = curve(schedules.cosine_annealing, T, lr0=0.3, total_steps=T)
    assert P.mean_rate(steps, values) == pytest.approx(0.3 * (T + 1) / (2 * T), rel=1e-12)


@pytest.mark.parametrize("T", [3, 10, 1000])
def test_mean_of_quadratic_decay(T):
    # (1/T) Σ (1 - t/T)^2 = (1/T^3) Σ_{u=1}^{T} u^2 = (T+1)(2T+1)/(6T^2)
    steps, values = curve(schedules.polynomial_decay, T, lr0=1.0, total_steps=T, power=2.0)
    assert P.mean_rate(steps, values) == pytest.approx((T + 1) * (2 * T + 1) / (6 * T**2), rel=1e-12)


def test_mean_of_step_decay_is_a_geometric_series():
    # T = n s: each of the n levels η0 γ^k lasts s steps → η0 (1 - γ^n) / (n (1 - γ))
    steps, values = curve(schedules.step_decay, 1000, lr0=0.1, gamma=0.5, step_size=100)
    assert P.mean_rate(steps, values) == pytest.approx(0.1 * (1 - 0.5**10) / (10 * 0.5), rel=1e-12)


def test_mean_of_exponential_decay_is_a_geometric_series():
    # η0 Σ q^t / T with q = γ^(1/T): η0 (1 - γ) / (T (1 - γ^(1/T)))
    T, gamma = 1000, 0.9
    steps, values = curve(schedules.exponential_decay, T, lr0=0.1, gamma=gamma, total_steps=T)
    expected = 0.1 * (1 - gamma) / (T * (1 - gamma ** (1 / T)))
    assert P.mean_rate(steps, values) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("lr_min", [0.0, 0.02, 0.05])
def test_mean_of_cosine_with_a_floor(lr_min):
    # η_min + (η0 − η_min) · (T+1)/(2T): the floor adds η_min to every step
    T = 1000
    steps, values = curve(schedules.cosine_annealing, T, lr0=0.1, total_steps=T, lr_min=lr_min)
    assert P.mean_rate(steps, values) == pytest.approx(lr_min + (0.1 - lr_min) * (T + 1) / (2 * T), rel=1e-12)


# --- drop per step -----------------------------------------------------------------------


def test_drop_per_step_is_counted_at_the_step_where_the_lower_rate_starts():
    T = 10
    steps, values = curve(schedules.polynomial_decay, T, lr0=0.1, total_steps=T, power=2.0)
    at, drops = P.drop_per_step(steps, values)
    assert at.tolist() == list(range(1, T))
    expected = [0.1 * ((1 - (t - 1) / T) ** 2 - (1 - t / T) ** 2) for t in range(1, T)]
    np.testing.assert_allclose(drops, expected, rtol=1e-12)
    assert drops[0] > drops[-1]  # α > 1: fast early, slow late


def test_linear_decay_with_a_floor_drops_the_same_every_step():
    steps, values = curve(schedules.polynomial_decay, 1000, lr0=0.1, total_steps=1000, power=1.0, lr_end=0.001)
    _, drops = P.drop_per_step(steps, values)
    np.testing.assert_allclose(drops, 0.099 / 1000, rtol=1e-9)


def test_relative_drops_of_step_and_exponential_decay():
    steps, values = curve(schedules.step_decay, 301, lr0=0.1, gamma=0.5, step_size=100)
    at, step = P.drop_per_step(steps, values, relative=True)
    assert at[np.flatnonzero(step)].tolist() == [100, 200, 300]  # the halving is counted where it is used
    np.testing.assert_allclose(step[[99, 199, 299]], 0.5, rtol=1e-14)
    steps, values = curve(schedules.exponential_decay, 301, lr0=0.1, gamma=0.5, total_steps=100)
    _, smooth = P.drop_per_step(steps, values, relative=True)
    np.testing.assert_allclose(smooth, 1 - 0.5 ** (1 / 100), rtol=1e-9)


def test_relative_drops_need_positive_rates():
    with pytest.raises(ValueError, match=re.escape("values must be > 0 for relative drops; got values[1]=0.0")):
        P.drop_per_step([0, 1, 2], [0.1, 0.0, 0.0], relative=True)
    assert P.drop_per_step([0, 1, 2], [0.1, 0.0, 0.0])[1].tolist() == [0.1, 0.0]


# --- first step below a level ------------------------------------------------------------


def test_first_step_below_half_for_the_article_polynomial():
    # (1 - t/1000)^2 < 1/2  <=>  t > 1000 (1 - sqrt(1/2)) = 292.89
    steps, values = curve(schedules.polynomial_decay, 1000, lr0=0.1, total_steps=1000, power=2.0)
    assert P.first_step_below(steps, values, 0.05) == 293


def test_first_step_below_is_strict():
    # linear decay equals 0.05 at t = 500 exactly; step decay at t = 100: neither is *below*
    steps, values = curve(schedules.polynomial_decay, 1000, lr0=0.1, total_steps=1000, power=1.0)
    assert P.first_step_below(steps, values, 0.05) == 501
    steps, values = curve(schedules.step_decay, 1001, lr0=0.1, gamma=0.5, step_size=100)
    assert P.first_step_below(steps, values, 0.05) == 200


def test_first_step_below_step_decay_and_at_step_zero():
    # 0.1 * 0.5**k < 1e-3  <=>  k >= 7, reached at t = 7 * 100
    steps, values = curve(schedules.step_decay, 2001, lr0=0.1, gamma=0.5, step_size=100)
    t = P.first_step_below(steps, values, 1e-3)
    assert t == 700 and values[t] < 1e-3 <= values[t - 1]
    assert P.first_step_below(steps, values, 1.0) == 0


def test_first_step_below_exponential_matches_the_closed_form():
    from lrdecay_lessons.schedules.multiplicative import steps_to_fraction

    steps, values = curve(schedules.exponential_decay, 10_000, lr0=0.1, gamma=0.9, total_steps=1000)
    assert P.first_step_below(steps, values, 0.05) == math.floor(steps_to_fraction(0.5, 0.9, 1000)) + 1


def test_first_step_below_not_reached_or_bad_level_says_so():
    steps, values = curve(schedules.step_decay, 500, lr0=0.1, gamma=0.5, step_size=100)
    with pytest.raises(ValueError, match=re.escape("level=0.001 is not reached within the curve's steps 0..499")):
        P.first_step_below(steps, values, 1e-3)
    with pytest.raises(ValueError, match=re.escape("level=-1")):
        P.first_step_below(steps, values, -1)


# --- largest drop ----------------------------------------------------------------------


@pytest.mark.parametrize("s", [1, 7, 100, 333])
def test_step_decay_drops_most_at_its_first_period_boundary(s):
    steps, values = curve(schedules.step_decay, 1000, lr0=0.1, gamma=0.5, step_size=s)
    drop = P.largest_drop(steps, values)
    assert drop.step == s
    assert drop.size == pytest.approx(0.05, rel=1e-12)


@pytest.mark.parametrize("T", [10, 100, 1000, 2000])
def test_cosine_drops_most_at_half_time_even_T(T):
    # η(t-1) - η(t) ∝ sin(π (t - 1/2) / T): largest for t = T/2 and T/2 + 1 (equal), earliest wins
    steps, values = curve(schedules.cosine_annealing, T, lr0=0.1, total_steps=T)
    drop = P.largest_drop(steps, values)
    assert drop.step == T // 2
    assert drop.size == pytest.approx(0.1 * math.sin(math.pi / (2 * T)) * math.sin(math.pi * (T / 2 - 0.5) / T), rel=1e-9)


@pytest.mark.parametrize("T", [11, 101, 999])
def test_cosine_drops_most_at_half_time_odd_T(T):
    steps, values = curve(schedules.cosine_annealing, T, lr0=0.1, total_steps=T)
    assert P.largest_drop(steps, values).step == (T + 1) // 2


def test_linear_decay_ties_go_to_the_first_step():
    steps, values = curve(schedules.polynomial_decay, 1000, lr0=0.1, total_steps=1000, power=1.0)
    drop = P.largest_drop(steps, values)
    assert drop.step == 1 and drop.size == pytest.approx(0.1 / 1000, rel=1e-9)


def test_polynomial_drop_is_first_for_alpha_above_1_and_last_below_1():
    T = 500
    steps, values = curve(schedules.polynomial_decay, T, lr0=1.0, total_steps=T, power=2.0)
    assert P.largest_drop(steps, values).step == 1
    steps, values = curve(schedules.polynomial_decay, T, lr0=1.0, total_steps=T, power=0.5)
    assert P.largest_drop(steps, values).step == T - 1


def test_exponential_drops_most_at_step_1():
    T, gamma = 1000, 0.9
    steps, values = curve(schedules.exponential_decay, T, lr0=0.1, gamma=gamma, total_steps=T)
    assert P.largest_drop(steps, values) == (1, pytest.approx(0.1 * (1 - gamma ** (1 / T)), rel=1e-9))


def test_no_drop_when_the_rate_never_falls():
    steps, values = curve(schedules.step_decay, 100, lr0=0.1, gamma=0.5, step_size=100)
    assert P.largest_drop(steps, values) == (None, 0.0)
    steps, values = curve(schedules.step_decay, 100, lr0=0.1, gamma=1.0, step_size=10)
    assert P.largest_drop(steps, values) == (None, 0.0)


# --- time above η0/2, budget share, final rate, share lost -----------------------------


@pytest.mark.parametrize("T, expected", [(1000, 0.5), (999, 500 / 999), (10, 0.5)])
def test_cosine_is_above_half_before_T_over_2(T, expected):
    # cos(πt/T) > 0 ⇔ t < T/2; at t = T/2 the rate is exactly η0/2, not above it
    steps, values = curve(schedules.cosine_annealing, T, lr0=0.3, total_steps=T)
    assert P.fraction_above(steps, values, 0.15) == pytest.approx(expected, rel=1e-12)


def test_step_decay_with_gamma_half_is_above_half_only_before_first_drop():
    steps, values = curve(schedules.step_decay, 1000, lr0=0.1, gamma=0.5, step_size=300)
    assert P.fraction_above(steps, values, 0.05) == 0.3


def test_exponential_time_above_half_is_the_half_life():
    # γ^(t/T) > 1/2 ⇔ t < T ln 2 / ln(1/γ)
    T, gamma = 1000, 0.2
    steps, values = curve(schedules.exponential_decay, T, lr0=1.0, gamma=gamma, total_steps=T)
    assert P.fraction_above(steps, values, 0.5) == math.ceil(T * math.log(2) / math.log(1 / gamma)) / T


def test_budget_share_of_linear_decay_in_first_half():
    # Σ_{t<T/2} (T - t) / Σ_{t<T} (T - t) = (3T² + 2T) / 8 / (T(T+1)/2) = (3T + 2) / (4(T + 1))
    T = 1000
    steps, values = curve(schedules.polynomial_decay, T, lr0=1.0, total_steps=T, power=1.0)
    assert P.budget_share(steps, values, 0.5) == pytest.approx((3 * T + 2) / (4 * (T + 1)), rel=1e-12)


def test_budget_share_of_cosine_tends_to_half_plus_one_over_pi():
    T = 1000
    steps, values = curve(schedules.cosine_annealing, T, lr0=1.0, total_steps=T)
    assert abs(P.budget_share(steps, values, 0.5) - (0.5 + 1 / math.pi)) < 1 / T


def test_budget_share_bounds():
    steps, values = curve(schedules.cosine_annealing, 10, lr0=1.0, total_steps=10)
    assert P.budget_share(steps, values, 0.0) == 0.0
    assert P.budget_share(steps, values, 1.0) < 1.0  # the last step is not before t = T-1


def test_final_rate_of_cosine_is_eta_T_minus_1_not_zero():
    T = 1000
    steps, values = curve(schedules.cosine_annealing, T, lr0=0.1, total_steps=T)
    assert P.final_rate(steps, values) == pytest.approx(0.1 * (1 + math.cos(math.pi * (T - 1) / T)) / 2, rel=1e-6)
    assert P.final_rate(steps, values) > 0


def test_cosine_quarters_lose_slow_fast_fast_slow():
    steps, values = curve(schedules.cosine_annealing, 1000, lr0=0.1, total_steps=1000)
    lost = [P.share_lost(steps, values, a, a + 0.25) for a in (0.0, 0.25, 0.5)]
    edge = (1 - math.cos(math.pi / 4)) / 2
    assert lost == pytest.approx([edge, 0.5 - edge, 0.5 - edge], rel=1e-9)
    with pytest.raises(ValueError, match="stop must be >= start"):
        P.share_lost(steps, values, 0.5, 0.25)


# --- the table --------------------------------------------------------------------------


def test_properties_table_has_one_row_per_curve_with_the_computed_values():
    params = ch06_comparison.shared_params(0.1, 1000, 0.5, 100, 0.9, 2.0)
    table = ch06_comparison.properties_table(ch06_comparison.article_curves(params, 1000), title="t")
    assert isinstance(table, Table)
    assert tuple(table.columns) == ch06_comparison.PROPERTY_COLUMNS
    assert table.column("schedule") == [
        "Step decay (γ=0.5, s=100)", "Exponential decay (γ=0.9)", "Polynomial decay (α=2)", "Cosine annealing",
    ]
    assert table.column("largest drop: step") == [100, 1, 1, 500]
    assert table.column("mean η")[3] == pytest.approx(0.1 * 1001 / 2000, rel=1e-12)
    assert table.column("steps above η₀/2") == ["10.0%", "100.0%", "29.3%", "50.0%"]
    assert "Cosine annealing" in repr(table) and "<table" in table._repr_html_()


def test_properties_table_rejects_empty_input():
    with pytest.raises(ValueError, match="at least one curve"):
        ch06_comparison.properties_table({})


# --- matching ---------------------------------------------------------------------------


def test_polynomial_matched_to_cosine_mean_is_linear():
    params = ch06_comparison.matched_params(0.1, 1000, 250)
    assert params["polynomial_decay"]["power"] == pytest.approx(1.0, abs=1e-9)


def test_matched_gammas_solve_their_closed_forms():
    T, s = 1000, 250
    params = ch06_comparison.matched_params(0.1, T, s)
    target = (T + 1) / (2 * T)
    g = params["step_decay"]["gamma"]
    assert (1 + g + g**2 + g**3) / 4 == pytest.approx(target, rel=1e-9)
    g = params["exponential_decay"]["gamma"]
    assert (1 - g) / (T * (1 - g ** (1 / T))) == pytest.approx(target, rel=1e-9)
    for name, p in params.items():
        mean = P.mean_rate(*P.training_curve(getattr(schedules, name), T, **p))
        assert mean == pytest.approx(0.1 * target, rel=1e-9), name


def test_match_final_rate_of_polynomial():
    # η0 (1/T)^α = target  ⇔  α = ln(target/η0) / ln(1/T)
    T = 100
    alpha = ch06_comparison.match_parameter(schedules.polynomial_decay, {"lr0": 1.0, "total_steps": T}, "power",
                              target=1e-4, horizon=T, quantity=P.final_rate)
    assert alpha == pytest.approx(2.0, rel=1e-9)


def test_match_parameter_reports_unreachable_target():
    # step decay with s = T/2 and γ → 0 still keeps η0 for half the run: mean ≥ η0/2
    with pytest.raises(ValueError, match=r"target must lie between mean_rate at gamma=1e-09 .* got target=0.2"):
        ch06_comparison.match_parameter(schedules.step_decay, {"lr0": 1.0, "step_size": 50}, "gamma", target=0.2, horizon=100)


def test_match_parameter_needs_bounds_for_unknown_parameter():
    with pytest.raises(ValueError, match="bounds must be given for parameter='lr_min'"):
        ch06_comparison.match_parameter(schedules.cosine_annealing, {"lr0": 1.0, "total_steps": 10}, "lr_min", 0.5, 10)


# --- figure and sliders --------------------------------------------------------------------


def test_comparison_figure_has_title_labels_and_a_legend_entry_per_schedule():
    params = ch06_comparison.shared_params(0.1, 1000, 0.5, 100, 0.9, 2.0)
    figure = comparison_figure(params, 1000, title="Four", show_budget=True)
    assert isinstance(figure, Figure)
    rates, budget = figure.axes
    assert rates.get_title() == "Four" and rates.get_ylabel() and budget.get_xlabel() == "step t"
    assert budget.get_title() and budget.get_ylabel()
    labels = [t.get_text() for t in figure.legends[0].get_texts()]
    assert labels == [schedule_label(name, p) for name, p in params.items()]
    assert list(rates.get_xticks()) == [0, 250, 500, 750, 1000]
    assert budget.lines[0].get_ydata()[-1] == pytest.approx(1.0)


def test_shared_sliders_drive_a_panel():
    assert [s.name for s in SHARED_SLIDERS] == ["lr0", "total_steps", "step_gamma", "step_size", "exp_gamma", "power"]
    panel = SliderPanel(
        lambda v: comparison_figure(ch06_comparison.shared_params(**v), v["total_steps"], title="x"), SHARED_SLIDERS
    )
    assert isinstance(panel.figure(), Figure)
    assert panel.last_redraw_seconds > 0
    assert ch06_comparison.shared_params(**panel.values)["step_decay"] == {"lr0": 0.1, "gamma": 0.5, "step_size": 100}


# --- chapter 06 exercises ------------------------------------------------------------------


def test_chapter_06_exercises_solve_and_their_hints_hold():
    from lrdecay_lessons.exercises import ch06_comparison as ex
    from lrdecay_lessons.exercises import check

    assert ex._linear_mean() == pytest.approx(0.1 * 11 / 20, rel=1e-12)
    # the hint brackets the answer between s = 250 and s = 300
    assert ex._step_mean(250, 1000) < ex._cosine_mean(1000) < ex._step_mean(300, 1000)
    assert 250 < ex._step_period_matching_cosine() < 300
    final_cosine = 0.1 * (1 + math.cos(math.pi * 999 / 1000)) / 2
    assert ex._alpha_matching_cosine_final() == pytest.approx(math.log(final_cosine / 0.1) / math.log(1 / 1000), rel=1e-9)
    assert check("comparison-linear-mean", 0.05).status == "wrong"


def test_count_changes_counts_steps_where_the_rate_moves():
    steps, values = curve(schedules.step_decay, 1000, lr0=0.1, gamma=0.5, step_size=100)
    assert P.count_changes(steps, values) == 9  # drops at t = 100, ..., 900
    steps, values = curve(schedules.cosine_annealing, 1000, lr0=0.1, total_steps=1000)
    assert P.count_changes(steps, values) == 999
    steps, values = curve(schedules.step_decay, 100, lr0=0.1, gamma=1.0, step_size=10)
    assert P.count_changes(steps, values) == 0


def test_compare_is_keyed_by_schedule_name():
    props = ch06_comparison.compare(ch06_comparison.matched_params(0.1, 1000, 250), 1000)
    assert list(props) == ["step_decay", "exponential_decay", "polynomial_decay", "cosine_annealing"]
    assert props["step_decay"].changes == 3 and props["step_decay"].drop_step == 250
    assert {round(p.mean, 12) for p in props.values()} == {round(0.1 * 1001 / 2000, 12)}


def test_floor_sliders_of_polynomial_and_cosine_drive_the_schedule():
    assert [info(n).floor_slider.name for n in ("polynomial_decay", "cosine_annealing")] == ["lr_end", "lr_min"]
    assert info("step_decay").floor_slider is None
    for name in ("polynomial_decay", "cosine_annealing"):  # the slider's name is the schedule's keyword
        item = info(name)
        panel = SliderPanel(lambda v: plot_curves([schedule_curve(item.function, steps_for(1000), label="x", **v)],
                                                  title="x"), [*item.sliders, item.floor_slider])
        assert panel.values == {**item.example, item.floor_slider.name: 0.0}
        assert isinstance(panel.figure(), Figure)


def test_matched_sliders_start_with_a_period_of_a_quarter_of_T():
    values = {s.name: s.value for s in MATCHED_SLIDERS}
    assert values == {"lr0": 0.1, "total_steps": 1000, "step_size": 250}


def test_choosing_table_recommends_from_the_numbers():
    table = choosing_table(0.1, 1000, 250)
    consider = table.column("consider")
    assert consider[:3] == ["cosine annealing or polynomial decay",
                            "warmup-stable-decay (chapter 09): hold η₀, cool down once the end is known",
                            "linear decay to 0 (polynomial, α = 1) or cosine annealing"]
    assert consider[3] == "cosine annealing" and consider[4] == "step decay"
    evidence = table.column("because (same budget, computed)")
    assert "81.8%" in evidence[3] and "3 of 999 steps" in evidence[4] and "from 75% to 16%" in evidence[5]
    assert "has cosine's budget (mean rate 0.05005 vs 0.05005)" in evidence[2]
    # WSD's plan for T is its plan for 2T up to the cooldown; cosine's and linear decay's only at t = 0
    assert "share 80.1% of the first T rates (20% cooldown), 0.1% for linear decay and cosine" in evidence[1]
    assert "step decay 0.00077, exponential decay 0.0041" in evidence[1]
    # a long step period front-loads the budget more than cosine does: the advice follows
    assert choosing_table(0.1, 1000, 400).column("consider")[3] == "step decay or cosine annealing"


@pytest.mark.parametrize("s, ok", [(500, True), (501, False)])
def test_matched_params_needs_a_step_period_of_at_most_half_of_T(s, ok):
    if ok:
        assert P.mean_rate(*P.training_curve(schedules.step_decay, 1000, **ch06_comparison.matched_params(0.1, 1000, s)["step_decay"])) \
            == pytest.approx(0.1 * 1001 / 2000, rel=1e-9)
    else:
        with pytest.raises(ValueError, match=r"step_size must be <= total_steps / 2 = 500 .* got step_size=501"):
            ch06_comparison.matched_params(0.1, 1000, s)
