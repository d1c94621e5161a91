"""Recorded framework values, as the chapters read them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.recorded import recorded_case, recorded_cases


def test_pytorch_cosine_rises_again_past_t_max():
    case = recorded_case("pytorch", "cosine_annealing", total_steps=10, lr_min=0.0)
    assert case.call.startswith("CosineAnnealingLR")
    assert case.compare_up_to == 10
    assert case.version.startswith("torch 2.13")
    # PyTorch follows η0 (1 + cos(π t / T)) / 2 on past T: back at η0 at t = 2T
    expected = 0.1 * (1 + np.cos(np.pi * case.steps / 10)) / 2
    np.testing.assert_allclose(case.values, expected, atol=1e-12)
    ours = schedules.cosine_annealing(case.steps, **case.kwargs)
    assert np.all(ours[case.steps > 10] == 0.0)


def test_filters_and_the_floor_variant():
    keras = recorded_cases("keras", "polynomial_decay")
    assert keras and all(c.framework == "keras" and c.schedule == "polynomial_decay" for c in keras)
    case = recorded_case("pytorch", "cosine_annealing", lr_min=0.01)
    assert math.isclose(case.values[20], 0.1, rel_tol=1e-9)


def test_an_unknown_run_lists_the_recorded_ones():
    with pytest.raises(ValueError, match=r"kwargs must match a recorded pytorch run of cosine_annealing.*T_max=10"):
        recorded_case("pytorch", "cosine_annealing", total_steps=7)
