"""``schedules/bounds.py``, the convex last-iterate bound: the formula, its tuned peak, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.schedules.bounds import bound_terms, last_iterate_bound, tuned_last_iterate_bound


def _by_hand(eta, D=1.0, G=1.0):
    """Defazio et al. 2023, Thm 10, term by term with explicit loops (1-based as in the paper)."""
    T = len(eta)
    total = sum(eta)
    first = (D**2 + G**2 * sum(e * e for e in eta)) / (2 * total)
    third = 0.0
    for k in range(1, T):  # k = 1 .. T-1
        after = sum(eta[k:])                 # t = k+1 .. T
        from_k = sum(eta[k - 1:])            # t = k .. T
        squares = sum(e * e for e in eta[k - 1:])
        third += eta[k - 1] / after * squares / from_k
    return first + 0.5 * G**2 * third


@pytest.mark.parametrize("eta", [[0.1] * 7, [0.3, 0.2, 0.1], [1.0, 0.0, 0.5], list(np.linspace(1, 0.1, 12))])
def test_bound_matches_the_formula_term_by_term(eta):
    assert last_iterate_bound(eta, distance=2.0, gradient_bound=0.5) == pytest.approx(_by_hand(eta, 2.0, 0.5),
                                                                                       rel=1e-12)


def test_one_step_has_no_correction():
    terms = bound_terms([0.5], distance=1.0, gradient_bound=2.0)
    assert terms.correction == 0.0
    assert terms.distance == pytest.approx(1.0) and terms.average == pytest.approx(4 * 0.25 / 1.0)


def test_constant_rate_correction_grows_like_log_t():
    # For a constant rate the correction is (G^2 eta / 2) * sum_{j=1}^{T-1} 1/j: a harmonic sum.
    for T in (10, 100, 1000):
        harmonic = sum(1.0 / j for j in range(1, T))
        assert bound_terms([0.1] * T).correction == pytest.approx(0.5 * 0.1 * harmonic, rel=1e-12)


def test_tuned_peak_minimises_the_bound():
    shape = schedules.cosine_annealing(np.arange(200), lr0=1.0, total_steps=200)
    tuned = tuned_last_iterate_bound(shape, distance=3.0, gradient_bound=2.0)
    assert last_iterate_bound(tuned.peak * shape, 3.0, 2.0) == pytest.approx(tuned.bound, rel=1e-12)
    for factor in (0.8, 0.95, 1.05, 1.25):
        assert last_iterate_bound(factor * tuned.peak * shape, 3.0, 2.0) > tuned.bound


def test_tuned_bound_is_proportional_to_d_times_g_and_ignores_the_scale_of_the_shape():
    shape = schedules.polynomial_decay(np.arange(300), lr0=1.0, total_steps=300)
    base = tuned_last_iterate_bound(shape).bound
    assert tuned_last_iterate_bound(shape, 2.0, 3.0).bound == pytest.approx(6 * base, rel=1e-12)
    assert tuned_last_iterate_bound(7.0 * shape).bound == pytest.approx(base, rel=1e-12)


def test_linear_decay_has_a_smaller_tuned_bound_than_cosine_step_and_constant():
    T = 1000
    t = np.arange(T)
    linear = tuned_last_iterate_bound(schedules.polynomial_decay(t, lr0=1.0, total_steps=T)).bound
    others = [np.ones(T), schedules.cosine_annealing(t, lr0=1.0, total_steps=T),
              schedules.multistep_decay(t, lr0=1.0, milestones=[T // 2, 3 * T // 4], gamma=0.1),
              schedules.wsd(t, lr0=1.0, total_steps=T, warmup_steps=0, decay_steps=T // 5)]
    assert all(linear < tuned_last_iterate_bound(o).bound for o in others)


def test_a_cooldown_lowers_the_bound_of_a_constant_rate():
    T = 1000
    t = np.arange(T)
    wsd = schedules.wsd(t, lr0=1.0, total_steps=T, warmup_steps=0, decay_steps=T // 5)
    assert tuned_last_iterate_bound(wsd).bound < tuned_last_iterate_bound(np.ones(T)).bound


@pytest.mark.parametrize("rates, fragment", [
    ([], "rates must be a 1-D"),
    ([[0.1, 0.1]], "rates must be a 1-D"),
    ([0.1, -0.1, 0.1], "rates must be finite and >= 0"),
    ([0.1, float("nan"), 0.1], "rates must be finite and >= 0"),
    ([0.1, 0.1, 0.0], "rates must end with a rate > 0"),
])
def test_bad_rates_raise_naming_rates(rates, fragment):
    with pytest.raises(ValueError, match=fragment):
        last_iterate_bound(rates)


@pytest.mark.parametrize("name, kwargs", [("distance", {"distance": 0.0}), ("gradient_bound", {"gradient_bound": -1})])
def test_bad_constants_raise_naming_the_parameter(name, kwargs):
    with pytest.raises(ValueError, match=name):
        bound_terms([0.1, 0.1], **kwargs)
