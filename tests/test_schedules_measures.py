"""``lrdecay_lessons.schedules.measures``: every property of a curve against a closed form.

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

from lrdecay_lessons import schedules
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


# --- changes and drops by segment ---------------------------------------------------------


def test_count_changes_counts_steps_where_the_rate_moves():
    steps, values = curve(schedules.step_decay, 1000, lr0=0.1, gamma=0.5, step_size=100)
    assert P.count_changes(steps, values) == 9  # drops at t = 100, ..., 900
    steps, values = curve(schedules.cosine_annealing, 1000, lr0=0.1, total_steps=1000)
    assert P.count_changes(steps, values) == 999
    steps, values = curve(schedules.step_decay, 100, lr0=0.1, gamma=1.0, step_size=10)
    assert P.count_changes(steps, values) == 0


def test_drops_by_segment_shows_the_cosine_is_slow_fast_fast_slow():
    steps, values = curve(schedules.cosine_annealing, 1000, lr0=0.1, total_steps=1000)
    rows = P.drops_by_segment(steps, values, 4)
    outer = (1 - math.cos(math.pi / 4)) / 2
    last = 0.1 * (1 + math.cos(math.pi * 999 / 1000)) / 2  # η(T-1), the last rate training uses
    assert [r["drop"] for r in rows] == pytest.approx([0.1 * outer, 0.1 * (0.5 - outer), 0.1 * (0.5 - outer),
                                                        0.1 * outer - last], rel=1e-9)
    assert [(r["start"], r["end"]) for r in rows] == [(0, 250), (250, 500), (500, 750), (750, 999)]
    assert rows[-1]["lr_end"] == pytest.approx(last, rel=1e-9) and rows[-1]["lr_end"] > 0
    assert sum(r["share"] for r in rows) == pytest.approx(1.0, rel=1e-12)
    assert sum(r["drop"] for r in rows) == pytest.approx(0.1 - last, rel=1e-12)
    with pytest.raises(ValueError, match="segments must divide the number of steps T = 1000"):
        P.drops_by_segment(steps, values, 3)


def test_a_curve_of_a_trillion_steps_is_refused_before_memory_is_spent():
    """Issue 27: training_curve(..., 1e12, ...) raised MemoryError."""
    with pytest.raises(ValueError, match="horizon must be a whole number from 2 to 10,000,000; got horizon=1000000000000.0"):
        P.training_curve(schedules.cosine_annealing, 1e12, lr0=0.1, total_steps=100)
    with pytest.raises(ValueError, match="total_steps must be a whole number from 1 to 10,000,000"):
        P.plan_agreement(lambda T: schedules.schedule("cosine_annealing", lr0=1.0, total_steps=T), 10**9)
    assert P.training_curve(schedules.cosine_annealing, 10, lr0=0.1, total_steps=10)[0].size == 10
