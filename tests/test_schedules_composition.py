"""``schedules/composition.py``, join_schedules and with_warmup: PyTorch's SequentialLR, warmup_cosine, bad
input, properties.

The PyTorch values were recorded by ``tests/reference/make_composition_values.py`` into
``lrdecay_lessons/frameworks/data/composition_values.json``.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrdecay_lessons import schedules
from lrdecay_lessons.frameworks import load_data
from lrdecay_lessons.schedules import (
    JoinedSchedule,
    join_schedules,
    linear_warmup,
    with_warmup,
)

DATA = load_data("composition_values.json")
CASES = DATA["cases"]


def _sequential_lr_counterpart(case):
    cosine = partial(schedules.cosine_annealing, lr0=case["lr0"], total_steps=case["T_max"],
                     lr_min=case["eta_min"])
    return with_warmup(cosine, case["warmup_steps"], start_factor=case["start_factor"])


# --- PyTorch's SequentialLR -----------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_with_warmup_matches_sequential_lr(case):
    steps = np.asarray(case["steps"], dtype=float)
    values = np.asarray(case["values"])
    compared = steps <= case["compare_up_to"]
    ours = _sequential_lr_counterpart(case)(steps)
    np.testing.assert_allclose(ours[compared], values[compared], rtol=1e-12, atol=1e-15,
                               err_msg=case["call"])
    assert case["warnings"] == [], "the recommended call order raises no warning"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_sequential_lr_has_no_off_by_one_at_the_milestone(case):
    """torch 2.13: the last warm-up step is W - 1 and the cosine starts at lr0 exactly at step W."""
    w, lr0, f = case["warmup_steps"], case["lr0"], case["start_factor"]
    values = case["values"]
    assert values[0] == pytest.approx(lr0 * f, rel=1e-12)
    assert values[w - 1] == pytest.approx(lr0 * (f + (1 - f) * (w - 1) / w), rel=1e-12)
    assert values[w] == pytest.approx(lr0, rel=1e-12)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_past_the_end_pytorch_rises_again_and_we_hold(case):
    steps = np.asarray(case["steps"], dtype=float)
    values = np.asarray(case["values"])
    past = steps > case["compare_up_to"]
    ours = _sequential_lr_counterpart(case)(steps[past])
    assert np.all(ours == case["eta_min"])
    assert values[past].max() > case["eta_min"] + 1e-6
    # PyTorch's cosine is periodic: back at lr0 at W + 2 T_max.
    back = case["warmup_steps"] + 2 * case["T_max"]
    assert values[back] == pytest.approx(case["lr0"], rel=1e-9)


def test_the_data_was_recorded_with_torch_2_13():
    assert DATA["generated_with"]["torch"].startswith("2.13.0")
    assert {c["start_factor"] for c in CASES} >= {1.0, 0.01}
    assert any(c["eta_min"] > 0 for c in CASES) and any(c["warmup_steps"] == 1 for c in CASES)


# --- warmup_cosine is with_warmup(cosine_annealing) -----------------------------------------


@pytest.mark.parametrize(("total", "warmup"), [(110, 10), (100, 0), (40, 25), (2, 1), (1000, 1), (7, 6)])
def test_warmup_cosine_is_cosine_annealing_with_a_warmup(total, warmup):
    steps = np.arange(0, 2 * total + 3)
    cosine = partial(schedules.cosine_annealing, lr0=0.3, total_steps=total - warmup)
    composed = with_warmup(cosine, warmup)
    np.testing.assert_allclose(
        composed(steps),
        schedules.warmup_cosine(steps, lr0=0.3, total_steps=total, warmup_steps=warmup),
        rtol=1e-14, atol=1e-17,
    )


@pytest.mark.parametrize(
    "name",
    [name for name in schedules.REGISTRY if name != "warmup_cosine"],
)
def test_every_course_schedule_can_be_warmed_up(name):
    kwargs = {
        "constant": {"lr0": 0.1},
        "step_decay": {"lr0": 0.1, "gamma": 0.5, "step_size": 10},
        "multistep_decay": {"lr0": 0.1, "milestones": [10, 30], "gamma": 0.1},
        "exponential_decay": {"lr0": 0.1, "gamma": 0.5, "total_steps": 20},
        "polynomial_decay": {"lr0": 0.1, "total_steps": 50, "power": 2.0},
        "cosine_annealing": {"lr0": 0.1, "total_steps": 50, "lr_min": 0.01},
        "cosine_restarts": {"lr0": 0.1, "period": 10, "period_mult": 2},
        "one_cycle": {"lr_max": 0.1, "total_steps": 50},
        "inverse_time_decay": {"lr0": 0.1, "decay_rate": 1.0, "decay_steps": 10},
        "wsd": {"lr0": 0.1, "total_steps": 50, "warmup_steps": 0, "decay_steps": 20, "decay_shape": "1-sqrt"},
        "inverse_sqrt": {"lr0": 0.1, "warmup_steps": 0, "timescale": 5},
        "cyclic": {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 6, "mode": "triangular2"},
    }[name]
    schedule = partial(schedules.REGISTRY[name].function, **kwargs)
    warm = with_warmup(schedule, 8)
    steps = np.arange(0, 80)
    values = warm(steps)
    peak = schedule(0)
    np.testing.assert_allclose(values[:8], peak * steps[:8] / 8, rtol=1e-14)
    np.testing.assert_allclose(values[8:], schedule(steps[8:] - 8), rtol=1e-14)
    assert warm(8) == peak


# --- the conventions of the schedules module ------------------------------------------------


def test_scalar_in_float_out_array_in_array_out():
    warm = with_warmup(partial(schedules.step_decay, lr0=0.1, gamma=0.5, step_size=10), 5)
    assert type(warm(3)) is float and warm(3) == pytest.approx(0.06)
    assert type(warm(np.int64(20))) is float
    grid = np.array([[0, 5], [15, 25]])
    assert warm(grid).shape == (2, 2)
    np.testing.assert_allclose(warm(grid), [[0.0, 0.1], [0.05, 0.025]])
    assert warm([]).shape == (0,)
    assert type(linear_warmup(2, lr0=1.0, warmup_steps=4)) is float


def test_join_gives_each_schedule_its_own_clock():
    joined = join_schedules([lambda t: t * 0 + 1.0, lambda t: 10.0 + t, lambda t: 100.0 + t], [3, 5])
    np.testing.assert_array_equal(joined(np.arange(8)), [1, 1, 1, 10, 11, 100, 101, 102])
    assert isinstance(joined, JoinedSchedule)
    assert joined.boundaries == (3, 5)


def test_a_later_schedule_never_sees_a_negative_step():
    # Our schedules raise on t < 0; optax evaluates every schedule everywhere and masks.
    joined = join_schedules([partial(schedules.step_decay, lr0=1.0, gamma=0.5, step_size=2),
                             partial(schedules.step_decay, lr0=0.1, gamma=0.5, step_size=2)], [4])
    np.testing.assert_array_equal(joined(np.arange(8)), [1, 1, 0.5, 0.5, 0.1, 0.1, 0.05, 0.05])


def test_a_boundary_at_zero_skips_the_first_schedule():
    joined = join_schedules([lambda t: 5.0, partial(schedules.step_decay, lr0=0.1, gamma=0.5, step_size=2)], [0])
    assert joined(0) == 0.1


def test_warmup_of_zero_steps_is_the_schedule_itself():
    cosine = partial(schedules.cosine_annealing, lr0=0.1, total_steps=10)
    steps = np.arange(15)
    np.testing.assert_array_equal(with_warmup(cosine, 0)(steps), cosine(steps))


def test_explicit_lr0_and_start_factor():
    cosine = partial(schedules.cosine_annealing, lr0=0.1, total_steps=10)
    warm = with_warmup(cosine, 4, lr0=0.2, start_factor=0.5)
    np.testing.assert_allclose(warm([0, 2, 4]), [0.1, 0.15, 0.1])


def test_repr_names_the_parts():
    warm = with_warmup(partial(schedules.cosine_annealing, lr0=0.1, total_steps=10), 4)
    text = repr(warm)
    assert "linear_warmup" in text and "cosine_annealing" in text and "boundaries=[4]" in text


# --- bad input ------------------------------------------------------------------------------

STEP = partial(schedules.step_decay, lr0=0.1, gamma=0.5, step_size=10)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: join_schedules([], []), r"schedules must be a non-empty list"),
        (lambda: join_schedules(STEP, []), r"schedules must be a non-empty list"),
        (lambda: join_schedules([STEP, 0.1], [5]), r"schedules\[1\] must be a callable"),
        (lambda: join_schedules([STEP, STEP], []), r"one entry fewer than schedules: got 2 schedules and 0"),
        (lambda: join_schedules([STEP, STEP], [5, 6]), r"got 2 schedules and 2 boundaries"),
        (lambda: join_schedules([STEP, STEP], 5), r"boundaries must be a list of steps"),
        (lambda: join_schedules([STEP, STEP], [-1]), r"boundaries\[0\] must be a whole number >= 0; got boundaries\[0\]=-1"),
        (lambda: join_schedules([STEP, STEP], [2.5]), r"boundaries\[0\] must be a whole number >= 0"),
        (lambda: join_schedules([STEP, STEP], [float("nan")]), r"boundaries\[0\] must be finite"),
        (lambda: join_schedules([STEP, STEP, STEP], [5, 5]), r"strictly increasing; got boundaries=\[5, 5\]"),
        (lambda: join_schedules([STEP, STEP, STEP], [6, 5]), r"boundaries\[1\]=5 is not after 6"),
        (lambda: with_warmup(0.1, 5), r"schedule must be a callable"),
        (lambda: with_warmup(STEP, -1), r"warmup_steps must be a whole number >= 0; got warmup_steps=-1"),
        (lambda: with_warmup(STEP, 2.5), r"warmup_steps must be a whole number >= 0"),
        (lambda: with_warmup(STEP, 5, start_factor=1.5), r"start_factor must be in \[0, 1\]; got start_factor=1\.5"),
        (lambda: with_warmup(STEP, 5, start_factor=-0.1), r"start_factor must be in \[0, 1\]"),
        (lambda: with_warmup(STEP, 5, lr0=0.0), r"lr0 must be > 0; got lr0=0\.0"),
        (lambda: with_warmup(lambda t: 0.0 * t, 5), r"schedule\(0\), which must be a number > 0.*Pass lr0"),
        (lambda: with_warmup(lambda t: float("nan"), 5), r"schedule\(0\), which must be a number > 0"),
        (lambda: linear_warmup(1, lr0=0.1, warmup_steps=0), r"warmup_steps must be a whole number >= 1"),
    ],
)
def test_bad_parameters_raise_a_clear_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize(
    ("t", "match"),
    [
        (-1, r"t must be a finite number >= 0; got t=-1"),
        (float("nan"), r"t must be a finite number >= 0; got t=nan"),
        ([0, 1, -2], r"t must hold finite numbers >= 0; got t\[2\]=-2\.0"),
        ("five", r"t must be a number or an array of numbers >= 0"),
        (True, r"not a boolean"),
    ],
)
def test_bad_steps_raise_like_the_schedules(t, match):
    warm = with_warmup(STEP, 5)
    with pytest.raises(ValueError, match=match):
        warm(t)


def test_a_schedule_returning_nan_is_reported_not_passed_on():
    joined = join_schedules([STEP, lambda t: np.where(t > 2, np.nan, 0.1)], [5])
    with pytest.raises(ValueError, match=r"schedule schedules\[1\] gave nan at step 8"):
        joined(np.arange(10))


# --- properties -----------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    warmup=st.integers(1, 200),
    decay=st.integers(1, 500),
    lr0=st.floats(1e-5, 10.0),
    start_factor=st.floats(0.0, 1.0),
    lr_min_fraction=st.floats(0.0, 1.0),
)
def test_warmed_up_cosine_is_continuous_at_the_boundary_and_monotone_on_each_side(
    warmup, decay, lr0, start_factor, lr_min_fraction
):
    cosine = partial(schedules.cosine_annealing, lr0=lr0, total_steps=decay, lr_min=lr0 * lr_min_fraction)
    warm = with_warmup(cosine, warmup, start_factor=start_factor)
    # The ramp's limit at t -> W equals the schedule's value at W: continuous there.
    assert linear_warmup(warmup, lr0, warmup, start_factor) == pytest.approx(warm(warmup), rel=1e-12)
    values = warm(np.arange(warmup + decay + 5))
    assert np.all(np.diff(values[: warmup + 1]) >= -1e-15 * lr0)
    assert np.all(np.diff(values[warmup:]) <= 1e-15 * lr0)
    assert values.max() == pytest.approx(lr0, rel=1e-12)
    assert values[0] == pytest.approx(start_factor * lr0, rel=1e-12, abs=1e-300)


@settings(max_examples=100, deadline=None)
@given(
    boundaries=st.lists(st.integers(0, 50), min_size=1, max_size=4, unique=True).map(sorted),
    steps=st.lists(st.integers(0, 120), min_size=1, max_size=30),
)
def test_join_matches_the_optax_definition(boundaries, steps):
    """optax: output = s0(t); for each (b, s): output = where(t < b, output, s(t - b))."""
    funcs = [partial(lambda t, k: (k + 1) * 1.0 + 0.01 * np.asarray(t), k=k) for k in range(len(boundaries) + 1)]
    joined = join_schedules(funcs, boundaries)
    t = np.asarray(steps, dtype=float)
    expected = funcs[0](t)
    for b, f in zip(boundaries, funcs[1:]):
        expected = np.where(t < b, expected, f(t - b))
    np.testing.assert_allclose(joined(t), expected, rtol=1e-15)


@settings(max_examples=60, deadline=None)
@given(w=st.integers(1, 100), f=st.floats(0.0, 1.0), t=st.floats(0, 1000))
def test_linear_warmup_stays_between_start_and_peak(w, f, t):
    value = linear_warmup(t, lr0=0.5, warmup_steps=w, start_factor=f)
    assert 0.5 * f - 1e-15 <= value <= 0.5 + 1e-15
    if t >= w:
        assert value == 0.5
    assert not math.isnan(value)


def test_a_function_of_one_step_is_warmed_up_step_by_step():
    """Issue 27: NumPy's 'truth value of an array is ambiguous' came out, although train() takes it."""
    stepwise = with_warmup(lambda t: 0.1 if t < 50 else 0.01, 10)
    np.testing.assert_allclose(stepwise(np.arange(0, 100, 10)), [0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.01])
    assert stepwise(55.0) == 0.1 and stepwise(60) == 0.01


def test_a_joined_schedule_refuses_a_negative_rate_naming_where():
    joined = join_schedules([lambda t: 0.1 + 0 * np.asarray(t), lambda t: 0.05 - 0.01 * np.asarray(t)], [5])
    np.testing.assert_allclose(joined([0, 5, 9]), [0.1, 0.05, 0.01])
    with pytest.raises(ValueError, match=r"schedule schedules\[1\] gave -0.01 at step 11"):
        joined(np.arange(12))
