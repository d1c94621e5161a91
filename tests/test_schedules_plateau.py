"""``schedules/plateau.py``, ReduceLROnPlateau against PyTorch 2.13 on scripted metric sequences, bad input,
properties.

The PyTorch values were recorded by ``tests/reference/make_plateau_values.py`` into
``lrdecay_lessons/frameworks/data/plateau_values.json``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrdecay_lessons.frameworks import load_data
from lrdecay_lessons.schedules import ReduceLROnPlateau, plateau_schedule

DATA = load_data("plateau_values.json")
CASES = DATA["cases"]


# --- agreement with PyTorch ---------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_plateau_matches_pytorch(case):
    ours = plateau_schedule(case["metrics"], case["lr0"], **case["kwargs"])
    # Same arithmetic in the same order: the rates agree to the last bit.
    np.testing.assert_array_equal(ours, np.asarray(case["values"]), err_msg=case["call"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_object_and_the_replay_agree(case):
    plateau = ReduceLROnPlateau(case["lr0"], **case["kwargs"])
    rates = []
    for metric in case["metrics"]:
        returned = plateau.step(metric)
        assert returned == plateau.lr
        rates.append(returned)
    assert rates == case["values"]
    assert plateau.steps_taken == len(case["metrics"])


def test_the_data_covers_every_option():
    used = {(key, str(value)) for case in CASES for key, value in case["kwargs"].items()}
    keys = {key for key, _ in used}
    assert {"mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr",
            "eps"} <= keys
    assert {("mode", "max"), ("threshold_mode", "abs"), ("patience", "0")} <= used
    assert any(not case["kwargs"] for case in CASES), "the defaults are covered"
    assert DATA["generated_with"]["torch"].startswith("2.13.0")
    # Every case actually reduces the rate at least once, or is about why it does not.
    for case in CASES:
        reduced = min(case["values"]) < case["lr0"]
        assert reduced or "eps" in case["name"] or "min_lr" in case["name"], case["name"]


def test_eps_case_stops_where_the_difference_drops_below_eps():
    case = next(c for c in CASES if c["name"] == "eps stops tiny reductions")
    assert case["values"][:5] == [1e-7, 5e-8, 2.5e-8, 1.25e-8, 1.25e-8]
    assert set(case["values"][3:]) == {1.25e-8}


def test_relative_threshold_on_negative_losses_counts_a_worse_value_as_better():
    """PyTorch's quirk, kept: -0.99995 'improves' on -1.0 in 'min' mode with threshold_mode='rel'."""
    plateau = ReduceLROnPlateau(0.1, patience=0)
    plateau.step(-1.0)
    assert plateau.is_improvement(-0.99995)
    absolute = ReduceLROnPlateau(0.1, patience=0, threshold_mode="abs")
    absolute.step(-1.0)
    assert not absolute.is_improvement(-0.99995)


# --- worked examples ----------------------------------------------------------------------


def test_state_after_a_reduction():
    plateau = ReduceLROnPlateau(1.0, factor=0.5, patience=1, cooldown=2)
    assert [plateau.step(1.0) for _ in range(3)] == [1.0, 1.0, 0.5]
    assert plateau.cooldown_counter == 2 and plateau.in_cooldown
    assert plateau.num_bad_steps == 0 and plateau.best == 1.0
    assert "lr=0.5" in repr(plateau)


def test_max_mode_starts_from_minus_infinity():
    plateau = ReduceLROnPlateau(1.0, mode="max")
    assert plateau.best == -math.inf
    plateau.step(-5.0)
    assert plateau.best == -5.0


def test_accepts_numpy_scalars_and_zero_dim_arrays():
    plateau = ReduceLROnPlateau(1.0, factor=0.5, patience=0)
    plateau.step(np.float32(1.0))
    assert plateau.step(np.array(2.0)) == 0.5
    assert plateau_schedule(np.array([1.0, 2.0]), 1.0, factor=0.5, patience=0).tolist() == [1.0, 0.5]
    assert plateau_schedule(iter([1.0, 2.0]), 1.0, factor=0.5, patience=0).tolist() == [1.0, 0.5]
    assert plateau_schedule([], 1.0).shape == (0,)


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"lr0": 0.0}, r"lr0 must be > 0; got lr0=0\.0"),
        ({"lr0": float("nan")}, r"lr0 must be finite"),
        ({"factor": 1.0}, r"factor must be in \(0, 1\); got factor=1\.0"),
        ({"factor": 0.0}, r"factor must be in \(0, 1\); got factor=0\.0"),
        ({"factor": 1.5}, r"factor must be in \(0, 1\)"),
        ({"factor": -0.1}, r"factor must be in \(0, 1\)"),
        ({"patience": -1}, r"patience must be a whole number >= 0; got patience=-1"),
        ({"patience": 2.5}, r"patience must be a whole number >= 0; got patience=2\.5"),
        ({"patience": True}, r"patience must be a real number"),
        ({"mode": "mean"}, r"mode must be one of 'min', 'max'; got mode='mean'"),
        ({"mode": None}, r"mode must be one of 'min', 'max'; got mode=None"),
        ({"threshold_mode": "relative"},
         r"threshold_mode must be one of 'rel', 'abs'; got threshold_mode='relative'"),
        ({"threshold": -1e-4}, r"threshold must be >= 0; got threshold=-0\.0001"),
        ({"cooldown": -2}, r"cooldown must be a whole number >= 0; got cooldown=-2"),
        ({"min_lr": -0.1}, r"min_lr must be >= 0"),
        ({"min_lr": 0.5}, r"min_lr must be <= lr0 \(lr0=0\.1\); got min_lr=0\.5"),
        ({"eps": -1.0}, r"eps must be >= 0; got eps=-1\.0"),
    ],
)
def test_bad_parameters_raise_a_clear_error(kwargs, match):
    arguments = {"lr0": 0.1, **kwargs}
    with pytest.raises(ValueError, match=match):
        ReduceLROnPlateau(**arguments)
    with pytest.raises(ValueError, match=match):
        plateau_schedule([1.0, 2.0], **arguments)


@pytest.mark.parametrize("bad", [float("nan"), math.inf, -math.inf])
def test_a_non_finite_metric_names_the_step(bad):
    with pytest.raises(ValueError, match=r"metric must be finite; got metric=(nan|inf|-inf) at step 3 "
                                         r"\(.*diverged"):
        plateau_schedule([1.0, 0.9, 0.8, bad, 0.7], lr0=0.1)


@pytest.mark.parametrize("bad", ["0.5", None, True, [1.0], np.array([1.0, 2.0])])
def test_a_metric_that_is_not_a_number_names_the_step(bad):
    plateau = ReduceLROnPlateau(0.1)
    plateau.step(1.0)
    with pytest.raises(ValueError, match=r"metric must be a real number; got metric=.* at step 1\."):
        plateau.step(bad)


def test_a_rejected_metric_leaves_the_state_unchanged():
    plateau = ReduceLROnPlateau(1.0, factor=0.5, patience=0)
    plateau.step(1.0)
    before = dict(vars(plateau))
    with pytest.raises(ValueError, match="at step 1"):
        plateau.step(float("nan"))
    assert vars(plateau) == before
    assert plateau.step(2.0) == 0.5


@pytest.mark.parametrize("bad", ["1.0, 2.0", 3.0, np.ones((2, 2))])
def test_metrics_must_be_a_flat_sequence(bad):
    with pytest.raises(ValueError, match="metrics must be a"):
        plateau_schedule(bad, lr0=0.1)


# --- properties ---------------------------------------------------------------------------

metric_lists = st.lists(st.floats(-10, 10, allow_nan=False), max_size=60)
options = st.fixed_dictionaries(
    {
        "mode": st.sampled_from(["min", "max"]),
        "factor": st.floats(0.05, 0.95),
        "patience": st.integers(0, 5),
        "threshold": st.sampled_from([0.0, 1e-4, 0.01, 0.1]),
        "threshold_mode": st.sampled_from(["rel", "abs"]),
        "cooldown": st.integers(0, 4),
        "min_lr": st.sampled_from([0.0, 1e-3, 0.05]),
    }
)


@settings(max_examples=200, deadline=None)
@given(metrics=metric_lists, kwargs=options)
def test_the_rate_only_falls_by_factor_or_to_the_floor(metrics, kwargs):
    rates = np.concatenate([[0.1], plateau_schedule(metrics, 0.1, **kwargs)])
    assert np.all(rates >= kwargs["min_lr"])
    for before, after in zip(rates[:-1], rates[1:]):
        assert after == before or after == max(before * kwargs["factor"], kwargs["min_lr"])


@settings(max_examples=200, deadline=None)
@given(metrics=metric_lists, kwargs=options)
def test_max_mode_is_min_mode_on_the_negated_metric_with_an_absolute_threshold(metrics, kwargs):
    kwargs = {**kwargs, "threshold_mode": "abs"}
    flipped = {**kwargs, "mode": "max" if kwargs["mode"] == "min" else "min"}
    np.testing.assert_array_equal(
        plateau_schedule(metrics, 0.1, **kwargs),
        plateau_schedule([-m for m in metrics], 0.1, **flipped),
    )


@settings(max_examples=100, deadline=None)
@given(start=st.floats(1.0, 100.0), n=st.integers(1, 60), kwargs=options)
def test_a_steadily_improving_metric_never_lowers_the_rate(start, n, kwargs):
    # Each value beats the last by 20 % (and by more than 0.1 absolute): always an improvement.
    sign = 1.0 if kwargs["mode"] == "min" else -1.0
    metrics = [sign * start * 0.8**k for k in range(n)] if sign > 0 else [start * 1.25**k for k in range(n)]
    metrics = [m + (-0.2 * k if sign > 0 else 0.2 * k) for k, m in enumerate(metrics)]
    assert np.all(plateau_schedule(metrics, 0.1, **kwargs) == 0.1)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 80), patience=st.integers(0, 6), cooldown=st.integers(0, 6),
       factor=st.sampled_from([0.5, 0.25, 0.1]))
def test_on_a_flat_metric_the_drops_come_every_patience_plus_cooldown_plus_one_steps(
    n, patience, cooldown, factor
):
    """Closed form: the first value sets the best, then drops at p + 1 + j (p + c + 1)."""
    rates = plateau_schedule([3.0] * n, 1.0, factor=factor, patience=patience, cooldown=cooldown,
                             eps=0.0)
    drops = np.array([max(0, (k - patience - 1) // (patience + cooldown + 1) + 1) if k > patience else 0
                      for k in range(n)])
    np.testing.assert_allclose(rates, factor**drops, rtol=1e-12)
