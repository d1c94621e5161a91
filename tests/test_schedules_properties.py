"""``lrdecay_lessons.schedules``: property tests for every schedule (hypothesis).

For random valid parameters and steps we check what must hold whatever the numbers:

* every value lies between the schedule's floor and its peak, and the peak is reached;
* the schedule never rises where it should only fall (and never falls during a warm-up);
* a scalar ``t`` gives a Python ``float``, an array ``t`` an array of the same shape, and
  the two agree element by element;
* schedules with a horizon hold their final value past it;
* ``cosine_restarts`` jumps back to ``lr0`` exactly at each cycle start;
* the ``staircase`` variants agree with the smooth ones at whole periods.

Strategies stay in ranges where a property is a statement about the schedule, not
about floating-point rounding (no subnormal rates, steps below ~1e9).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lrdecay_lessons import schedules
from lrdecay_lessons.schedules import (
    cosine_restarts,
    cyclic,
    exponential_decay,
    inverse_sqrt,
    inverse_time_decay,
    one_cycle,
    step_decay,
    wsd,
)

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
REL = 1e-12  # relative tolerance where two roundings of the same quantity are compared

# ---------------------------------------------------------------- strategies
rates = st.floats(1e-6, 10.0)
fractions = st.floats(0.0, 1.0)
gammas = st.floats(0.01, 1.0)
horizons = st.integers(1, 10_000)
steps = st.one_of(
    st.integers(0, 30_000),
    st.floats(0.0, 30_000.0),
    st.floats(0.0, 1e9),
)
flags = st.booleans()


@st.composite
def _step_decay(draw):
    return dict(lr0=draw(rates), gamma=draw(gammas), step_size=draw(st.integers(1, 1000)))


@st.composite
def _multistep_decay(draw):
    marks = sorted(draw(st.lists(st.one_of(st.integers(0, 20_000), st.floats(0, 20_000)),
                                 max_size=6)))
    return dict(lr0=draw(rates), milestones=marks, gamma=draw(gammas))


@st.composite
def _exponential_decay(draw):
    return dict(lr0=draw(rates), gamma=draw(gammas), total_steps=draw(horizons),
                staircase=draw(flags))


@st.composite
def _polynomial_decay(draw):
    lr0 = draw(rates)
    return dict(lr0=lr0, total_steps=draw(horizons), power=draw(st.floats(0.1, 5.0)),
                lr_end=lr0 * draw(fractions))


@st.composite
def _cosine_annealing(draw):
    lr0 = draw(rates)
    return dict(lr0=lr0, total_steps=draw(horizons), lr_min=lr0 * draw(fractions))


period_mults = st.one_of(st.sampled_from([1, 2, 3, 1.0, 2.0]), st.floats(1.05, 3.0))
# Multipliers whose cycle starts are exact floats (dyadic fractions, while numerator**n
# * period < 2**53), so "exactly at the cycle start" means the same thing in the test and
# in the schedule: {m: numerator of m as a fraction a / 2**k}.
EXACT_MULTS = {1: 1, 2: 2, 3: 3, 1.5: 3, 1.25: 5, 2.5: 5, 1.75: 7, 1.125: 9, 3.5: 7}


def is_exact_start(period: int, m: float, n: int) -> bool:
    return EXACT_MULTS[m] ** n * period < 2**53


@st.composite
def _cosine_restarts(draw, mults=period_mults):
    lr0 = draw(rates)
    return dict(lr0=lr0, period=draw(st.integers(1, 1000)), period_mult=draw(mults),
                lr_min=lr0 * draw(fractions))


exact_restarts = _cosine_restarts(st.sampled_from(sorted(EXACT_MULTS)))


@st.composite
def _one_cycle(draw):
    total = draw(st.integers(2, 100_000))
    pct = draw(st.floats(0.01, 0.99))
    assume(pct * total > 1.0 + 1e-9)
    return dict(lr_max=draw(rates), total_steps=total, pct_start=pct,
                div_factor=draw(st.floats(1.0, 100.0)),
                final_div_factor=draw(st.floats(1.0, 1e4)))


@st.composite
def _inverse_time_decay(draw):
    return dict(lr0=draw(rates), decay_rate=draw(st.floats(0.01, 10.0)),
                decay_steps=draw(horizons), staircase=draw(flags))


@st.composite
def _warmup_cosine(draw):
    total = draw(horizons)
    return dict(lr0=draw(rates), total_steps=total, warmup_steps=draw(st.integers(0, total)))


@st.composite
def _wsd(draw):
    total = draw(horizons)
    warmup = draw(st.integers(0, total))
    lr0 = draw(rates)
    return dict(lr0=lr0, total_steps=total, warmup_steps=warmup,
                decay_steps=draw(st.integers(0, total - warmup)),
                decay_shape=draw(st.sampled_from(["linear", "1-sqrt", "cosine"])), lr_min=lr0 * draw(fractions))


@st.composite
def _inverse_sqrt(draw):
    return dict(lr0=draw(rates), warmup_steps=draw(st.integers(0, 10_000)),
                timescale=draw(st.one_of(st.none(), st.floats(0.5, 1e5))))


@st.composite
def _cyclic(draw):
    max_lr = draw(rates)
    return dict(base_lr=max_lr * draw(fractions), max_lr=max_lr, step_size_up=draw(st.integers(1, 1000)),
                step_size_down=draw(st.one_of(st.none(), st.integers(0, 1000))),
                mode=draw(st.sampled_from(["triangular", "triangular2", "exp_range"])),
                gamma=draw(st.floats(0.9, 1.0)))


PARAMS = {
    "constant": st.builds(dict, lr0=rates),
    "step_decay": _step_decay(),
    "multistep_decay": _multistep_decay(),
    "exponential_decay": _exponential_decay(),
    "polynomial_decay": _polynomial_decay(),
    "cosine_annealing": _cosine_annealing(),
    "cosine_restarts": _cosine_restarts(),
    "one_cycle": _one_cycle(),
    "inverse_time_decay": _inverse_time_decay(),
    "warmup_cosine": _warmup_cosine(),
    "wsd": _wsd(),
    "inverse_sqrt": _inverse_sqrt(),
    "cyclic": _cyclic(),
}
ALL = list(schedules.REGISTRY)


def floor_of(name: str, kw: dict) -> float:
    if name == "polynomial_decay":
        return kw["lr_end"]
    if name in ("cosine_annealing", "cosine_restarts", "wsd"):
        return kw["lr_min"]
    if name == "cyclic":
        return kw["base_lr"]
    if name == "one_cycle":
        return kw["lr_max"] / kw["div_factor"] / kw["final_div_factor"]
    return 0.0


def peak_of(kw: dict) -> float:
    for key in ("lr_max", "max_lr"):
        if key in kw:
            return kw[key]
    return kw["lr0"]


def peak_step(name: str, kw: dict) -> float:
    """Where the peak is reached."""
    if name == "one_cycle":
        return kw["pct_start"] * kw["total_steps"] - 1.0
    if name in ("warmup_cosine", "wsd", "inverse_sqrt"):
        return float(kw["warmup_steps"])
    if name == "cyclic":
        return float(kw["step_size_up"])
    return 0.0


def cycle_start(period: int, m: float, n: int) -> float:
    """Step at which cycle ``n`` of ``cosine_restarts`` begins: period * (m**n - 1) / (m - 1)."""
    return float(period * n) if m == 1 else period * (m**n - 1.0) / (m - 1.0)


def test_every_schedule_has_a_strategy():
    assert set(PARAMS) == set(ALL) and len(ALL) == 13


# ---------------------------------------------------------------- bounds
@pytest.mark.parametrize("name", ALL)
@SETTINGS
@given(data=st.data())
def test_values_stay_between_floor_and_peak(name, data):
    kw = data.draw(PARAMS[name], label="kwargs")
    t = data.draw(st.lists(steps, min_size=1, max_size=30), label="t")
    values = schedules.REGISTRY[name].function(np.array(t, dtype=float), **kw)
    low, high = floor_of(name, kw), peak_of(kw)
    assert np.all(np.isfinite(values))
    assert np.all(values >= low * (1 - REL)), (low, values.min())
    assert np.all(values <= high * (1 + REL)), (high, values.max())


@pytest.mark.parametrize("name", ALL)
@SETTINGS
@given(data=st.data())
def test_the_peak_is_reached(name, data):
    kw = data.draw(PARAMS[name], label="kwargs")
    if name == "multistep_decay":  # a milestone at step 0 drops the rate at once
        assume(all(m > 0 for m in kw["milestones"]))
    if name == "wsd":  # warm-up as long as training: the end comes at the peak
        assume(kw["warmup_steps"] < kw["total_steps"])
    if name == "cyclic":  # exp_range shrinks the top already in the first cycle; a saw-tooth never gets there
        assume(kw["step_size_down"] != 0)
        kw = dict(kw, mode=data.draw(st.sampled_from(["triangular", "triangular2"]), label="mode"))
    value = schedules.REGISTRY[name].function(peak_step(name, kw), **kw)
    assert value == pytest.approx(peak_of(kw), rel=REL)


# ---------------------------------------------------------------- monotonicity
def decreasing_from(name: str, kw: dict) -> float:
    """Start of the stretch ``[start, inf)`` on which the schedule must not rise."""
    return peak_step(name, kw)


def assert_non_increasing(values: np.ndarray) -> None:
    rises = values[1:] - values[:-1] * (1 + REL)
    assert np.all(rises <= 0), f"rises by {rises.max():g} at index {int(np.argmax(rises))}"


MONOTONE = [n for n in ALL if n not in ("cosine_restarts", "cyclic")]


@pytest.mark.parametrize("name", MONOTONE)
@SETTINGS
@given(data=st.data())
def test_non_increasing_after_the_peak(name, data):
    kw = data.draw(PARAMS[name], label="kwargs")
    start = decreasing_from(name, kw)
    offsets = data.draw(st.lists(steps, min_size=2, max_size=40), label="offsets")
    t = np.sort(start + np.array(offsets + [0.0], dtype=float))
    assert_non_increasing(schedules.REGISTRY[name].function(t, **kw))


@pytest.mark.parametrize("name", ["warmup_cosine", "one_cycle", "wsd", "inverse_sqrt"])
@SETTINGS
@given(data=st.data())
def test_warm_up_phase_does_not_fall(name, data):
    kw = data.draw(PARAMS[name], label="kwargs")
    if name == "wsd":
        assume(kw["warmup_steps"] < kw["total_steps"])
    top = peak_step(name, kw)
    t = np.sort(top * np.array(data.draw(st.lists(fractions, min_size=2, max_size=40)) + [1.0]))
    values = schedules.REGISTRY[name].function(t, **kw)
    falls = values[:-1] - values[1:] * (1 + REL)
    assert np.all(falls <= 0)
    assert values[-1] == pytest.approx(peak_of(kw), rel=REL)


@SETTINGS
@given(kw=exact_restarts, n=st.integers(0, 20),
       u=st.lists(st.floats(0.0, 0.999), min_size=2, max_size=40))
def test_cosine_restarts_non_increasing_within_a_cycle(kw, n, u):
    assume(is_exact_start(kw["period"], kw["period_mult"], n + 1))
    start = cycle_start(kw["period"], kw["period_mult"], n)
    end = cycle_start(kw["period"], kw["period_mult"], n + 1)
    assume(end < 1e9)
    t = np.sort(start + np.array(u + [0.0]) * (end - start))
    values = cosine_restarts(t, **kw)
    assert_non_increasing(values)
    assert values[0] == pytest.approx(kw["lr0"], rel=REL)


# ---------------------------------------------------------------- scalar vs array
@pytest.mark.parametrize("name", ALL)
@SETTINGS
@given(data=st.data())
def test_scalar_and_array_calls_agree(name, data):
    f = schedules.REGISTRY[name].function
    kw = data.draw(PARAMS[name], label="kwargs")
    rows = data.draw(st.integers(1, 4), label="rows")
    cols = data.draw(st.integers(1, 5), label="cols")
    two_d = data.draw(st.booleans(), label="two_d")
    flat = data.draw(st.lists(steps, min_size=rows * cols, max_size=rows * cols), label="t")
    t = np.array(flat, dtype=float).reshape((rows, cols) if two_d else (rows * cols,))

    out = f(t, **kw)
    assert isinstance(out, np.ndarray)
    assert out.shape == t.shape and out.dtype == np.float64
    np.testing.assert_array_equal(f(t.tolist(), **kw), out)  # nested list == array
    for index in np.ndindex(t.shape):
        one = f(float(t[index]), **kw)
        assert type(one) is float
        assert one == pytest.approx(out[index], rel=REL, abs=0)
        assert type(f(t[index], **kw)) is float  # NumPy scalar in, float out
        assert type(f(np.array(t[index]), **kw)) is float  # 0-d array in, float out


@pytest.mark.parametrize("name", ALL)
@SETTINGS
@given(data=st.data())
def test_integer_and_float_steps_agree(name, data):
    f = schedules.REGISTRY[name].function
    kw = data.draw(PARAMS[name], label="kwargs")
    t = data.draw(st.integers(0, 100_000), label="t")
    value = f(t, **kw)
    assert type(value) is float and type(f(np.int64(t), **kw)) is float
    assert value == f(float(t), **kw) == f(np.int64(t), **kw)


# ---------------------------------------------------------------- past the horizon
@pytest.mark.parametrize("name", ["polynomial_decay", "cosine_annealing", "warmup_cosine", "wsd"])
@SETTINGS
@given(data=st.data())
def test_holds_final_value_from_total_steps(name, data):
    f = schedules.REGISTRY[name].function
    kw = data.draw(PARAMS[name], label="kwargs")
    beyond = data.draw(steps, label="beyond")
    end = kw["total_steps"]
    final = f(end, **kw)
    assert f(end + beyond, **kw) == final
    assert f(np.array([end, end + beyond, 1e12]), **kw).tolist() == [final] * 3
    if not (name == "warmup_cosine" and kw["warmup_steps"] == end):
        assert final == pytest.approx(floor_of(name, kw), rel=REL, abs=0)


@SETTINGS
@given(kw=_one_cycle(), beyond=steps)
def test_one_cycle_holds_final_value_from_last_step(kw, beyond):
    last = kw["total_steps"] - 1
    final = one_cycle(last, **kw)
    assert final == pytest.approx(floor_of("one_cycle", kw), rel=REL, abs=0)
    assert one_cycle(last + beyond, **kw) == final
    assert one_cycle(np.array([last, last + beyond, 1e12]), **kw).tolist() == [final] * 3
    # and one step before the end it is still above the final value (unless flat)
    if kw["div_factor"] * kw["final_div_factor"] > 1.01 and last - 1 > peak_step("one_cycle", kw):
        assert one_cycle(last - 1, **kw) > final


# ---------------------------------------------------------------- warm restarts
@SETTINGS
@given(kw=exact_restarts, n=st.integers(1, 25), lr_gap=st.floats(0.1, 1.0))
def test_cosine_restarts_jumps_back_to_lr0_at_each_cycle_start(kw, n, lr_gap):
    kw = dict(kw, lr_min=kw["lr0"] * (1.0 - lr_gap))
    period, m = kw["period"], kw["period_mult"]
    assume(is_exact_start(period, m, n))
    start = cycle_start(period, m, n)
    assume(start < 1e9)
    previous = cycle_start(period, m, n - 1)
    just_before = start - 1e-6 * (start - previous)

    assert cosine_restarts(start, **kw) == pytest.approx(kw["lr0"], rel=REL)
    # array path too, with the start in the middle of other steps
    at_start = cosine_restarts(np.array([previous, just_before, start]), **kw)
    assert at_start[0] == pytest.approx(kw["lr0"], rel=REL)
    assert at_start[2] == pytest.approx(kw["lr0"], rel=REL)
    # just before the restart the rate is at the floor of the previous cycle
    gap = kw["lr0"] - kw["lr_min"]
    assert at_start[1] == pytest.approx(kw["lr_min"], abs=1e-6 * gap)
    assert cosine_restarts(just_before, **kw) == pytest.approx(kw["lr_min"], abs=1e-6 * gap)


@pytest.mark.parametrize("m", sorted(EXACT_MULTS))
def test_cosine_restarts_cycle_starts_listed(m):
    """All of the first cycle starts at once (a regression net for the log/nudge logic)."""
    period = 7
    starts = np.array([cycle_start(period, m, n) for n in range(60)
                       if is_exact_start(period, m, n)])
    values = cosine_restarts(starts, lr0=0.5, period=period, period_mult=m, lr_min=0.01)
    np.testing.assert_allclose(values, 0.5, rtol=REL)
    mids = (starts[:-1] + starts[1:]) / 2  # half-way through each cycle: the mean rate
    np.testing.assert_allclose(
        cosine_restarts(mids, lr0=0.5, period=period, period_mult=m, lr_min=0.01),
        (0.5 + 0.01) / 2, rtol=1e-9)
    # one float below a cycle start is the very end of the previous cycle: the floor
    below = np.nextafter(starts[1:], 0.0)
    np.testing.assert_allclose(
        cosine_restarts(below, lr0=0.5, period=period, period_mult=m, lr_min=0.01),
        0.01, rtol=1e-9)


# ---------------------------------------------------------------- staircase
@pytest.mark.parametrize("f, horizon", [(exponential_decay, "total_steps"),
                                        (inverse_time_decay, "decay_steps")])
@SETTINGS
@given(data=st.data(), k=st.integers(0, 10_000), t=steps)
def test_staircase_equals_smooth_at_whole_periods(f, horizon, data, k, t):
    kw = data.draw(PARAMS[f.__name__], label="kwargs")
    smooth = dict(kw, staircase=False)
    stairs = dict(kw, staircase=True)
    period = kw[horizon]
    whole = k * period
    assert f(whole, **stairs) == f(whole, **smooth)
    # in between, the staircase holds the value of the last whole period
    assert f(t, **stairs) == pytest.approx(f(math.floor(t / period) * period, **smooth), rel=REL)
    assert f(t, **stairs) >= f(t, **smooth) * (1 - REL)


@SETTINGS
@given(kw=_step_decay(), t=steps)
def test_step_decay_is_exponential_staircase(kw, t):
    assert step_decay(t, **kw) == pytest.approx(
        exponential_decay(t, kw["lr0"], kw["gamma"], kw["step_size"], staircase=True), rel=REL)


@SETTINGS
@given(kw=_multistep_decay(), t=steps)
def test_multistep_drops_at_each_milestone(kw, t):
    passed = sum(1 for m in kw["milestones"] if m <= t)
    assert schedules.multistep_decay(t, **kw) == pytest.approx(
        kw["lr0"] * kw["gamma"] ** passed, rel=REL)


# ---------------------------------------------------------------- the schedules of 2023-2026
@SETTINGS
@given(kw=_wsd(), u=st.floats(0.0, 1.0, exclude_max=True))
def test_wsd_holds_lr0_through_the_stable_phase(kw, u):
    """W <= t < C runs at lr0 exactly. (t = C is the cooldown's first step: lr_min + (lr0 - lr_min) * 1, which
    may differ from lr0 in its last bit; hypothesis found lr0 = 3.199501261984263, lr_min = 0.5499142794035452.)"""
    start, end = kw["warmup_steps"], kw["total_steps"] - kw["decay_steps"]
    assume(end > start)
    t = start + u * (end - start)
    assume(kw["decay_steps"] > 0 or t < end)  # with no cooldown the rate drops to lr_min at t = T itself
    assert wsd(t, **kw) == kw["lr0"]


@SETTINGS
@given(kw=_wsd(), p=st.floats(0.0, 1.0))
def test_wsd_cooldown_shapes_are_ordered(kw, p):
    """1 - sqrt(p) <= 1 - p everywhere; the cosine is above the line in the first half and below in the second."""
    assume(kw["decay_steps"] > 0)
    t = kw["total_steps"] - kw["decay_steps"] * (1.0 - p)
    shapes = {shape: wsd(t, **dict(kw, decay_shape=shape)) for shape in ("linear", "1-sqrt", "cosine")}
    tolerance = REL * kw["lr0"]
    assert shapes["1-sqrt"] <= shapes["linear"] + tolerance
    if p < 1.0:  # t = total_steps is already lr_min for every shape
        assert shapes["cosine"] >= shapes["linear"] - tolerance if p <= 0.5 else \
            shapes["cosine"] <= shapes["linear"] + tolerance


@SETTINGS
@given(kw=_inverse_sqrt(), t=steps, scale=st.floats(0.01, 100.0))
def test_inverse_sqrt_halves_after_three_timescales_and_scales_with_lr0(kw, t, scale):
    tau = kw["timescale"] or (kw["warmup_steps"] or 10_000)
    half = inverse_sqrt(kw["warmup_steps"] + 3 * tau, **kw)
    assert half == pytest.approx(kw["lr0"] / 2, rel=REL)
    assert inverse_sqrt(t, **dict(kw, lr0=kw["lr0"] * scale)) == pytest.approx(scale * inverse_sqrt(t, **kw), rel=REL)
    if t >= kw["warmup_steps"]:  # 1/sqrt: four times further from the start of the decay, half the rate
        later = kw["warmup_steps"] + 4 * (t - kw["warmup_steps"] + tau) - tau
        assert inverse_sqrt(later, **kw) == pytest.approx(inverse_sqrt(t, **kw) / 2, rel=1e-9)


@SETTINGS
@given(kw=_cyclic(), t=st.integers(0, 100_000), k=st.integers(1, 20))
def test_cyclic_repeats_and_its_amplitude_shrinks_as_the_mode_says(kw, t, k):
    down = kw["step_size_up"] if kw["step_size_down"] is None else kw["step_size_down"]
    length = kw["step_size_up"] + down
    base, height = kw["base_lr"], kw["max_lr"] - kw["base_lr"]
    plain = dict(kw, mode="triangular")
    later = t + k * length
    # x = 1 + t/L - cycle is rounded by about (t/L) * 1e-16, and h divides it by r >= 1/1001: abs 1e-7 * height;
    # base + h·(...) is itself rounded to a few ulps of max_lr (which matters when the height is ~1e-16).
    tol = 1e-7 * height + 4 * np.finfo(float).eps * kw["max_lr"]
    assert cyclic(later, **plain) == pytest.approx(cyclic(t, **plain), rel=1e-9, abs=tol)
    halved = dict(kw, mode="triangular2")
    assert cyclic(later, **halved) - base == pytest.approx((cyclic(t, **halved) - base) / 2**k, rel=1e-9,
                                                          abs=tol)
    shrunk = dict(kw, mode="exp_range")
    assert cyclic(t, **shrunk) - base == pytest.approx((cyclic(t, **plain) - base) * kw["gamma"] ** t, rel=1e-9,
                                                       abs=tol)
