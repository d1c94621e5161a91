"""The Transformer's ("Noam") schedule as inverse_sqrt with peak (d_model W)^-1/2: equal to the paper's formula."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrdecay_lessons.schedules import inverse_sqrt, inverse_sqrt_peak, inverse_sqrt_warmup


def paper(t: np.ndarray, d_model: int, warmup: int) -> np.ndarray:
    """Vaswani et al. 2017, eq. 3, as printed (steps from 1)."""
    return d_model**-0.5 * np.minimum(t**-0.5, t * warmup**-1.5)


def test_inverse_sqrt_warmup_matches_the_paper_formula():
    t = np.arange(1, 200_001)
    for d_model, warmup in ((512, 4000), (1024, 4000), (64, 10), (1, 1)):
        ours = inverse_sqrt_warmup(t, d_model=d_model, warmup_steps=warmup)
        assert np.allclose(ours, paper(t, d_model, warmup), rtol=1e-15, atol=0), (d_model, warmup)
    assert inverse_sqrt_warmup(0) == 0.0


def test_it_is_inverse_sqrt_with_the_papers_peak():
    t = np.arange(0, 50_001)
    peak = 1 / math.sqrt(512 * 4000)
    assert np.array_equal(inverse_sqrt_warmup(t), inverse_sqrt(t, lr0=peak, warmup_steps=4000))


def test_it_peaks_at_warmup_with_the_analytic_value():
    t = np.arange(0, 20_001)
    rates = inverse_sqrt_warmup(t, d_model=512, warmup_steps=4000)
    assert int(np.argmax(rates)) == 4000
    assert rates.max() == inverse_sqrt_peak(512, 4000) == 1 / math.sqrt(512 * 4000)
    # 1/sqrt(t) after the peak: half at 4W, a quarter at 16W
    assert math.isclose(inverse_sqrt_warmup(16_000) / rates.max(), 0.5, rel_tol=1e-12)
    assert math.isclose(inverse_sqrt_warmup(64_000) / rates.max(), 0.25, rel_tol=1e-12)
    assert np.all(np.diff(rates[:4001]) > 0) and np.all(np.diff(rates[4000:]) < 0)


def test_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="warmup_steps must be a whole number >= 1; got warmup_steps=0"):
        inverse_sqrt_warmup(10, warmup_steps=0)
    with pytest.raises(ValueError, match="d_model must be a whole number >= 1; got d_model=0"):
        inverse_sqrt_warmup(10, d_model=0)
    with pytest.raises(ValueError, match="d_model must be a whole number >= 1; got d_model=2.5"):
        inverse_sqrt_peak(d_model=2.5)
    with pytest.raises(ValueError, match="t must be a finite number >= 0"):
        inverse_sqrt_warmup(-1)


@settings(max_examples=60, deadline=None)
@given(d_model=st.integers(1, 4096), warmup=st.integers(1, 10_000))
def test_it_rises_to_its_peak_at_w_then_falls(d_model, warmup):
    steps = np.unique(np.linspace(0, 20 * warmup, 401).round())
    values = inverse_sqrt_warmup(steps, d_model=d_model, warmup_steps=warmup)
    peak = inverse_sqrt_warmup(warmup, d_model=d_model, warmup_steps=warmup)
    assert np.all(values <= peak * (1 + 1e-12))
    before, after = values[steps <= warmup], values[steps >= warmup]
    assert np.all(np.diff(before) >= 0) and np.all(np.diff(after) <= 0)
    scalar = [inverse_sqrt_warmup(float(t), d_model=d_model, warmup_steps=warmup) for t in steps[:20]]
    assert scalar == pytest.approx(list(values[:20]), rel=1e-12, abs=0)
    nonzero = steps[steps > 0]
    assert np.allclose(inverse_sqrt_warmup(nonzero, d_model, warmup), paper(nonzero, d_model, warmup),
                       rtol=1e-15, atol=0)
