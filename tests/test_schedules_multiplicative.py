"""``schedules/multiplicative.py``: the arithmetic chapters 02 and 03 rely on."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from lrdecay_lessons.schedules import exponential_decay
from lrdecay_lessons.schedules.multiplicative import (
    implied_gamma,
    implied_gamma_range,
    log_linear_fit,
    per_step_factor,
    rescale_gamma,
    steps_to_fraction,
)

STEPS = np.arange(0, 5001)


@pytest.mark.parametrize("gamma, total", [(0.9, 1000), (0.5, 100), (0.1, 7), (1.0, 50)])
def test_per_step_factor_gives_the_same_curve_as_exponential_lr(gamma, total):
    step_gamma = per_step_factor(gamma, total)
    per_period = exponential_decay(STEPS, lr0=0.1, gamma=gamma, total_steps=total)
    per_step = exponential_decay(STEPS, lr0=0.1, gamma=step_gamma, total_steps=1)
    np.testing.assert_allclose(per_step, per_period, rtol=1e-11)
    assert step_gamma**total == pytest.approx(gamma, rel=1e-12)


def test_per_step_factor_of_the_article_example():
    assert per_step_factor(0.9, 1000) == pytest.approx(math.exp(math.log(0.9) / 1000), rel=1e-15)
    assert 0.9998 < per_step_factor(0.9, 1000) < 0.9999


@pytest.mark.parametrize("new_total", [1, 500, 2000, 3])
def test_rescale_gamma_keeps_the_curve(new_total):
    gamma2 = rescale_gamma(0.9, 1000, new_total)
    original = exponential_decay(STEPS, lr0=0.1, gamma=0.9, total_steps=1000)
    rescaled = exponential_decay(STEPS, lr0=0.1, gamma=gamma2, total_steps=new_total)
    np.testing.assert_allclose(rescaled, original, rtol=1e-11)


def test_rescale_gamma_known_values():
    assert rescale_gamma(0.9, 1000, 2000) == pytest.approx(0.81, rel=1e-14)
    assert rescale_gamma(0.9, 1000, 1000) == 0.9
    assert rescale_gamma(0.25, 2, 1) == pytest.approx(0.5, rel=1e-14)


@pytest.mark.parametrize("fraction, gamma, total", [(0.5, 0.9, 1000), (0.01, 0.5, 100), (0.3, 0.383, 1000)])
def test_steps_to_fraction_lands_on_the_fraction(fraction, gamma, total):
    t = steps_to_fraction(fraction, gamma, total)
    assert exponential_decay(t, lr0=1.0, gamma=gamma, total_steps=total) == pytest.approx(fraction, rel=1e-12)


def test_steps_to_fraction_half_life_of_a_halving_schedule_is_one_period():
    assert steps_to_fraction(0.5, 0.5, 100) == pytest.approx(100.0, rel=1e-14)
    assert steps_to_fraction(0.25, 0.5, 100) == pytest.approx(200.0, rel=1e-14)


def test_log_linear_fit_exponential_is_straight_with_slope_ln_gamma_over_t():
    fit = log_linear_fit(STEPS, exponential_decay(STEPS, lr0=0.1, gamma=0.9, total_steps=1000))
    assert fit.slope == pytest.approx(math.log(0.9) / 1000, rel=1e-9)
    assert fit.intercept == pytest.approx(math.log(0.1), rel=1e-9)
    assert fit.max_residual < 1e-9


def test_log_linear_fit_staircase_is_not_straight():
    values = exponential_decay(STEPS, lr0=0.1, gamma=0.5, total_steps=1000, staircase=True)
    fit = log_linear_fit(STEPS, values)
    assert fit.max_residual > 0.1  # each stair is ln 2 high


@pytest.mark.parametrize(
    "call, needle",
    [
        (lambda: per_step_factor(1.5, 10), "gamma=1.5"),
        (lambda: per_step_factor(0.9, 0), "total_steps=0"),
        (lambda: rescale_gamma(0.9, 10, 2.5), "new_total_steps=2.5"),
        (lambda: steps_to_fraction(0.5, 1.0, 10), "gamma=1.0"),
        (lambda: steps_to_fraction(1.0, 0.9, 10), "fraction=1.0"),
        (lambda: log_linear_fit([0, 1], [0.1]), "2 steps and 1 values"),
        (lambda: log_linear_fit([3, 3], [0.1, 0.1]), "steps=[3, 3]"),
        (lambda: log_linear_fit([0, 1], [0.1, 0.0]), "values[1]=0.0"),
    ],
)
def test_bad_input_names_parameter_and_value(call, needle):
    with pytest.raises(ValueError, match=re.escape(needle)):
        call()


def test_implied_gamma_inverts_exponential_decay():
    for gamma, t in [(0.9, 250), (0.383, 750), (0.5, 3000)]:
        lr = exponential_decay(t, lr0=0.1, gamma=gamma, total_steps=1000)
        assert implied_gamma(lr, lr0=0.1, t=t, total_steps=1000) == pytest.approx(gamma, rel=1e-12)


def test_implied_gamma_agrees_with_the_article_module():
    from lrdecay_lessons.chapters.ch03_exponential_decay import (
        implied_exponential_gamma,
    )

    for row in implied_exponential_gamma():
        ours = implied_gamma(row["printed"], lr0=0.1, t=row["step"], total_steps=1000)
        assert ours == pytest.approx(row["implied_gamma"], rel=1e-12)


def test_implied_gamma_range_brackets_exactly_the_gammas_that_round_to_the_printed_value():
    low, high = implied_gamma_range(0.0787, 4, lr0=0.1, t=250, total_steps=1000)
    assert low < implied_gamma(0.0787, 0.1, 250, 1000) < high
    inside = np.linspace(low, high, 7)[1:-1]
    outside = [low * (1 - 1e-6), high * (1 + 1e-6)]
    assert all(round(exponential_decay(250, 0.1, g, 1000), 4) == 0.0787 for g in inside)
    assert all(round(exponential_decay(250, 0.1, g, 1000), 4) != 0.0787 for g in outside)


def test_implied_gamma_range_needs_a_positive_lower_end():
    with pytest.raises(ValueError, match=re.escape("printed=0.0004 with decimals=3")):
        implied_gamma_range(0.0004, 3, lr0=0.1, t=10, total_steps=100)
    with pytest.raises(ValueError, match=re.escape("t=0")):
        implied_gamma(0.05, lr0=0.1, t=0, total_steps=100)
