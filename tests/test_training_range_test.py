"""training.range_test: the learning-rate range test finds the stability edge of full-batch diabetes."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.training import RangeTest, load_dataset, lr_range_test, top_curvature


def test_range_test_finds_the_stability_edge():
    data = load_dataset("diabetes")
    test = lr_range_test(data)
    limit = 2 / top_curvature(data)
    assert isinstance(test, RangeTest) and test.diverged
    assert np.all(np.diff(test.lrs) > 0) and test.lrs[0] == pytest.approx(1e-4)
    assert test.lr_steepest < test.lr_at_min < limit < test.lr_blow_up < 2 * limit
    with pytest.raises(ValueError, match="lr_stop must be > lr_start"):
        lr_range_test(data, lr_start=1.0, lr_stop=0.5)


def test_the_smoothing_is_a_bias_corrected_moving_average():
    test = lr_range_test(load_dataset("diabetes"), epochs=2, beta=0.5)
    ema, expected = 0.0, []
    for t, loss in enumerate(test.losses):
        ema = 0.5 * ema + 0.5 * loss
        expected.append(ema / (1 - 0.5 ** (t + 1)))
    assert np.allclose(test.smoothed, expected, rtol=1e-14, atol=0)
    assert test.smoothed[0] == test.losses[0]
