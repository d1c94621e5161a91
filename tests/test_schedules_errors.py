"""``lrdecay_lessons.schedules``: bad input gets a clear ``ValueError``; valid extremes and edge cases just work
(the schedules, and the measures and multiplicative helpers the learner calls).

Every error message must name the parameter *and* repeat the value given
(``name=value``), so the tests match on ``re.escape("name=value")``.
Valid extreme inputs must never give NaN, inf or a RuntimeWarning.
"""

from __future__ import annotations

import inspect
import math
import re
import sys
import warnings

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.schedules import (
    cosine_annealing,
    cosine_restarts,
    cyclic,
    exponential_decay,
    inverse_sqrt,
    inverse_time_decay,
    linear_warmup,
    multistep_decay,
    one_cycle,
    polynomial_decay,
    step_decay,
    warmup_cosine,
    wsd,
)
from lrdecay_lessons.schedules.measures import mean_rate, share_lost, training_curve
from lrdecay_lessons.schedules.multiplicative import implied_gamma

NAN, INF = math.nan, math.inf
BIG = sys.float_info.max

# A valid call of each schedule (everything but t).
VALID = {
    "constant": dict(lr0=0.1),
    "step_decay": dict(lr0=0.1, gamma=0.5, step_size=10),
    "multistep_decay": dict(lr0=0.1, milestones=[30, 80], gamma=0.1),
    "exponential_decay": dict(lr0=0.1, gamma=0.9, total_steps=100, staircase=False),
    "polynomial_decay": dict(lr0=0.1, total_steps=100, power=2.0, lr_end=0.01),
    "cosine_annealing": dict(lr0=0.1, total_steps=100, lr_min=0.01),
    "cosine_restarts": dict(lr0=0.1, period=10, period_mult=2, lr_min=0.01),
    "one_cycle": dict(lr_max=0.1, total_steps=100, pct_start=0.3, div_factor=25.0,
                      final_div_factor=1e4),
    "inverse_time_decay": dict(lr0=0.1, decay_rate=0.5, decay_steps=10, staircase=False),
    "warmup_cosine": dict(lr0=0.1, total_steps=100, warmup_steps=10),
    "wsd": dict(lr0=0.1, total_steps=100, warmup_steps=10, decay_steps=20, decay_shape="1-sqrt", lr_min=0.01),
    "inverse_sqrt": dict(lr0=0.1, warmup_steps=10, timescale=20),
    "cyclic": dict(base_lr=0.01, max_lr=0.1, step_size_up=10, step_size_down=5, mode="exp_range", gamma=0.99),
}
ALL = list(schedules.REGISTRY)
#: Parameters whose values are names, not numbers.
CHOICES = {"milestones", "staircase", "decay_shape", "mode"}
#: Parameters where None is allowed (it means "the default").
MAY_BE_NONE = {("inverse_sqrt", "timescale"), ("cyclic", "step_size_down")}


def peak_of(kw):
    """The largest rate a schedule can give with these parameters."""
    return kw.get("lr0", kw.get("lr_max", kw.get("max_lr")))


def call(name, t=5, **overrides):
    return schedules.REGISTRY[name].function(t, **{**VALID[name], **overrides})


def raises_naming(*fragments):
    """``pytest.raises(ValueError)`` whose message contains every fragment (in order)."""
    return pytest.raises(ValueError, match=".*".join(re.escape(f) for f in fragments))


def test_valid_table_covers_every_schedule_and_parameter():
    assert set(VALID) == set(ALL)
    for name in ALL:
        params = set(inspect.signature(schedules.REGISTRY[name].function).parameters) - {"t"}
        assert params == set(VALID[name]), name
        assert np.isfinite(call(name))


# ---------------------------------------------------------------- bad t
BAD_T = [
    pytest.param(-1, "t=-1", id="negative int"),
    pytest.param(-0.5, "t=-0.5", id="negative float"),
    pytest.param(NAN, "t=nan", id="nan"),
    pytest.param(np.float64(NAN), "t=nan", id="numpy nan"),
    pytest.param(INF, "t=inf", id="inf"),
    pytest.param(-INF, "t=-inf", id="-inf"),
    pytest.param(True, "t=True", id="bool"),
    pytest.param(np.False_, "t=False", id="numpy bool"),
    pytest.param("abc", "t='abc'", id="string"),
    pytest.param("100", "t='100'", id="numeric string"),
    pytest.param(["0", "1"], "t=['0', '1']", id="list of strings"),
    pytest.param(None, "t=None", id="None"),
    pytest.param([0.0, 1.0, -3.5, 4.0], "t[2]=-3.5", id="array, one negative"),
    pytest.param(np.array([0.0, NAN, 2.0]), "t[1]=nan", id="array, one nan"),
    pytest.param(np.array([0.0, 1.0, INF]), "t[2]=inf", id="array, one inf"),
]


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("t, fragment", BAD_T)
def test_bad_t_is_named(name, t, fragment):
    with raises_naming(fragment):
        call(name, t)


@pytest.mark.parametrize("name", ALL)
def test_bad_0d_array_t_is_named(name):
    with pytest.raises(ValueError, match=r"t=(array\(-2\.\)|-2\.0)"):
        call(name, np.array(-2.0))


@pytest.mark.parametrize("name", ALL)
def test_bad_element_of_2d_t_is_named_by_its_index(name):
    t = np.array([[0.0, 1.0], [2.0, -7.5]])
    with pytest.raises(ValueError, match=r"t\[\(?1, 1\)?\]=-7\.5"):
        call(name, t)


# ---------------------------------------------------------------- bad parameters
# Values that are wrong for every numeric parameter, with how they must be echoed.
NOT_A_NUMBER = [(NAN, "nan"), (INF, "inf"), (-INF, "-inf"), ("0.1", "'0.1'"), (None, "None"),
                (True, "True"), (np.float64(NAN), "nan")]
NUMERIC = [(name, p) for name in ALL for p in VALID[name] if p not in CHOICES]
NOT_A_NUMBER_CASES = [
    pytest.param(name, param, value, shown, id=f"{name}-{param}-{shown}")
    for name, param in NUMERIC for value, shown in NOT_A_NUMBER
    if not (value is None and (name, param) in MAY_BE_NONE)
]


@pytest.mark.parametrize("name, param, value, shown", NOT_A_NUMBER_CASES)
def test_non_finite_or_non_numeric_parameter_is_named(name, param, value, shown):
    with raises_naming(f"{param}={shown}"):
        call(name, **{param: value})


@pytest.mark.parametrize("name, param", sorted(MAY_BE_NONE))
def test_none_means_the_default(name, param):
    defaults = {("inverse_sqrt", "timescale"): VALID["inverse_sqrt"]["warmup_steps"],
                ("cyclic", "step_size_down"): VALID["cyclic"]["step_size_up"]}
    t = np.arange(0.0, 200.0)
    np.testing.assert_array_equal(call(name, t, **{param: None}), call(name, t, **{param: defaults[name, param]}))


# (schedule, parameter, bad value, fragment(s) the message must contain)
BAD = [
    # lr0 / lr_max <= 0
    *[(n, "lr0", v, f"lr0={v}") for n in ALL if "lr0" in VALID[n] for v in (0, -0.1, 0.0)],
    ("one_cycle", "lr_max", 0, "lr_max=0"),
    ("one_cycle", "lr_max", -1.5, "lr_max=-1.5"),
    # gamma outside (0, 1]
    *[(n, "gamma", v, f"gamma={v}") for n in ("step_decay", "multistep_decay", "exponential_decay")
      for v in (0, 0.0, 1.5, -0.5, 1.0000001)],
    # whole numbers of steps
    *[(n, p, v, f"{p}={v}")
      for n, p in [("step_decay", "step_size"), ("exponential_decay", "total_steps"),
                   ("polynomial_decay", "total_steps"), ("cosine_annealing", "total_steps"),
                   ("cosine_restarts", "period"), ("one_cycle", "total_steps"),
                   ("inverse_time_decay", "decay_steps"), ("warmup_cosine", "total_steps"),
                   ("wsd", "total_steps"), ("cyclic", "step_size_up")]
      for v in (0, 2.5, -3, 0.0)],
    ("one_cycle", "total_steps", 1, "total_steps=1"),
    # warm-up
    ("warmup_cosine", "warmup_steps", -1, "warmup_steps=-1"),
    ("warmup_cosine", "warmup_steps", 2.5, "warmup_steps=2.5"),
    ("warmup_cosine", "warmup_steps", 101, ("total_steps=100", "warmup_steps=101")),
    ("warmup_cosine", "warmup_steps", 200, ("total_steps=100", "warmup_steps=200")),
    # wsd
    ("wsd", "warmup_steps", -1, "warmup_steps=-1"),
    ("wsd", "warmup_steps", 2.5, "warmup_steps=2.5"),
    ("wsd", "warmup_steps", 81, ("warmup_steps=81", "decay_steps=20", "total_steps=100")),
    ("wsd", "decay_steps", -5, "decay_steps=-5"),
    ("wsd", "decay_steps", 0.5, "decay_steps=0.5"),
    ("wsd", "decay_steps", 91, ("warmup_steps=10", "decay_steps=91", "total_steps=100")),
    ("wsd", "total_steps", 29, ("warmup_steps=10", "decay_steps=20", "total_steps=29")),
    ("wsd", "decay_shape", "sqrt", ("decay_shape", "'linear', '1-sqrt', 'cosine'", "decay_shape='sqrt'")),
    ("wsd", "decay_shape", "Linear", "decay_shape='Linear'"),
    ("wsd", "decay_shape", None, "decay_shape=None"),
    ("wsd", "decay_shape", 1, "decay_shape=1"),
    ("wsd", "lr_min", 0.2, ("lr0", "lr_min=0.2")),
    ("wsd", "lr_min", -0.01, "lr_min=-0.01"),
    # inverse_sqrt
    ("inverse_sqrt", "warmup_steps", -1, "warmup_steps=-1"),
    ("inverse_sqrt", "warmup_steps", 1.5, "warmup_steps=1.5"),
    ("inverse_sqrt", "timescale", 0, "timescale=0"),
    ("inverse_sqrt", "timescale", -20, "timescale=-20"),
    # cyclic
    ("cyclic", "max_lr", 0, "max_lr=0"),
    ("cyclic", "max_lr", -0.1, "max_lr=-0.1"),
    ("cyclic", "max_lr", 0.005, ("max_lr=0.005", "base_lr=0.01")),  # below base_lr
    ("cyclic", "base_lr", -0.01, "base_lr=-0.01"),
    ("cyclic", "base_lr", 0.2, ("max_lr", "base_lr=0.2")),
    ("cyclic", "step_size_down", -1, "step_size_down=-1"),
    ("cyclic", "step_size_down", 2.5, "step_size_down=2.5"),
    ("cyclic", "mode", "exp", ("mode", "'triangular', 'triangular2', 'exp_range'", "mode='exp'")),
    ("cyclic", "mode", None, "mode=None"),
    ("cyclic", "gamma", 0, "gamma=0"),
    ("cyclic", "gamma", 1.01, "gamma=1.01"),
    ("cyclic", "gamma", -0.5, "gamma=-0.5"),
    # milestones
    ("multistep_decay", "milestones", [80, 30], "milestones=[80, 30]"),
    ("multistep_decay", "milestones", [10, 50, 20], "milestones=[10, 50, 20]"),
    ("multistep_decay", "milestones", (80, 30), "milestones=(80, 30)"),
    ("multistep_decay", "milestones", [-5, 10], "milestones[0]=-5"),
    ("multistep_decay", "milestones", [10, -0.5], "milestones[1]=-0.5"),
    ("multistep_decay", "milestones", [-0.5], "milestones[0]=-0.5"),
    ("multistep_decay", "milestones", [10, NAN], "milestones[1]=nan"),
    ("multistep_decay", "milestones", np.array([10.0, INF]), "milestones[1]=inf"),
    ("multistep_decay", "milestones", [10, "20"], "milestones[1]='20'"),
    ("multistep_decay", "milestones", [10, True], "milestones[1]=True"),
    ("multistep_decay", "milestones", "30,80", "milestones='30,80'"),
    ("multistep_decay", "milestones", b"30", "milestones=b'30'"),
    ("multistep_decay", "milestones", 30, "milestones=30"),
    ("multistep_decay", "milestones", None, "milestones=None"),
    ("multistep_decay", "milestones", {30, 80}, "milestones="),
    # one_cycle
    ("one_cycle", "pct_start", 0, "pct_start=0"),
    ("one_cycle", "pct_start", 1, "pct_start=1"),
    ("one_cycle", "pct_start", 1.0, "pct_start=1.0"),
    ("one_cycle", "pct_start", -0.2, "pct_start=-0.2"),
    ("one_cycle", "pct_start", 1.5, "pct_start=1.5"),
    ("one_cycle", "pct_start", 0.01, ("pct_start=0.01", "total_steps=100")),  # product 1
    ("one_cycle", "pct_start", 0.005, ("pct_start=0.005", "total_steps=100")),  # product 0.5
    ("one_cycle", "div_factor", 0.5, "div_factor=0.5"),
    ("one_cycle", "div_factor", 0, "div_factor=0"),
    ("one_cycle", "div_factor", -25, "div_factor=-25"),
    ("one_cycle", "final_div_factor", 0.5, "final_div_factor=0.5"),
    ("one_cycle", "final_div_factor", 0, "final_div_factor=0"),
    # floors
    ("polynomial_decay", "lr_end", 0.2, ("lr0", "lr_end=0.2")),
    ("polynomial_decay", "lr_end", 0.10000001, ("lr0", "lr_end=0.10000001")),
    ("polynomial_decay", "lr_end", -0.01, "lr_end=-0.01"),
    ("cosine_annealing", "lr_min", 0.2, ("lr0", "lr_min=0.2")),
    ("cosine_annealing", "lr_min", -0.01, "lr_min=-0.01"),
    ("cosine_restarts", "lr_min", 0.2, ("lr0", "lr_min=0.2")),
    ("cosine_restarts", "lr_min", -0.01, "lr_min=-0.01"),
    # shapes of decay
    ("cosine_restarts", "period_mult", 0.5, "period_mult=0.5"),
    ("cosine_restarts", "period_mult", 0.999, "period_mult=0.999"),
    ("cosine_restarts", "period_mult", 0, "period_mult=0"),
    ("cosine_restarts", "period_mult", -2, "period_mult=-2"),
    ("polynomial_decay", "power", 0, "power=0"),
    ("polynomial_decay", "power", -1.0, "power=-1.0"),
    ("inverse_time_decay", "decay_rate", 0, "decay_rate=0"),
    ("inverse_time_decay", "decay_rate", -0.5, "decay_rate=-0.5"),
    # staircase must be a real bool
    *[(n, "staircase", v, f"staircase={v!r}") for n in ("exponential_decay", "inverse_time_decay")
      for v in ("yes", "False", 1, 0, None, NAN)],
]


@pytest.mark.parametrize("name, param, value, fragments", BAD,
                         ids=[f"{n}-{p}={v!r}" for n, p, v, _ in BAD])
def test_bad_parameter_is_named_with_its_value(name, param, value, fragments):
    fragments = (fragments,) if isinstance(fragments, str) else fragments
    with raises_naming(*fragments):
        call(name, **{param: value})
    # ... for an array t as well: validation does not depend on the shape of t
    with raises_naming(*fragments):
        call(name, np.arange(6.0).reshape(2, 3), **{param: value})


def test_every_parameter_has_a_specific_bad_value():
    covered = {(n, p) for n, p, _, _ in BAD}
    assert covered == {(n, p) for n in ALL for p in VALID[n]}


def test_one_cycle_product_names_both_parameters_for_short_cycle():
    with raises_naming("pct_start=0.3", "total_steps=3"):
        one_cycle(0, lr_max=0.1, total_steps=3)


# ---------------------------------------------------------------- valid extremes
def no_warnings_finite(f, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(divide="warn", over="warn", invalid="warn", under="ignore"):
            out = f(*args, **kwargs)
    assert np.all(np.isfinite(out)), out
    return np.asarray(out)


EXTREME_T = [0.0, 0.5, 1.0, 1e6, 1e12, 1e15, 1e300, BIG]


@pytest.mark.parametrize("name", ALL)
def test_huge_steps_give_finite_rates_without_warnings(name):
    kw = VALID[name]
    peak = peak_of(kw)
    values = no_warnings_finite(schedules.REGISTRY[name].function, np.array(EXTREME_T), **kw)
    assert np.all((values >= 0) & (values <= peak))
    for t, value in zip(EXTREME_T, values):
        scalar = no_warnings_finite(schedules.REGISTRY[name].function, t, **kw)
        assert scalar == pytest.approx(value, rel=1e-12, abs=0)


EXTREME_PARAMS = [
    ("step_decay", dict(lr0=0.1, gamma=1e-300, step_size=1)),
    ("step_decay", dict(lr0=1e300, gamma=5e-324, step_size=1)),
    ("step_decay", dict(lr0=5e-324, gamma=0.5, step_size=10**15)),
    ("multistep_decay", dict(lr0=0.1, milestones=list(range(0, 2000)), gamma=1e-300)),
    ("multistep_decay", dict(lr0=1e300, milestones=[1e300, BIG], gamma=1e-300)),
    ("exponential_decay", dict(lr0=0.1, gamma=1e-300, total_steps=1)),
    ("exponential_decay", dict(lr0=0.1, gamma=1e-300, total_steps=1, staircase=True)),
    ("exponential_decay", dict(lr0=BIG, gamma=0.999999, total_steps=10**15)),
    ("polynomial_decay", dict(lr0=0.1, total_steps=1, power=1e-300)),
    ("polynomial_decay", dict(lr0=0.1, total_steps=3, power=1e300)),
    ("polynomial_decay", dict(lr0=BIG, total_steps=10**15, power=0.5, lr_end=BIG)),
    ("polynomial_decay", dict(lr0=1e-300, total_steps=7, power=3, lr_end=1e-301)),
    ("cosine_annealing", dict(lr0=BIG, total_steps=1, lr_min=0.0)),
    ("cosine_annealing", dict(lr0=1e-300, total_steps=10**15, lr_min=1e-300)),
    ("cosine_restarts", dict(lr0=0.1, period=1, period_mult=1)),
    ("cosine_restarts", dict(lr0=0.1, period=10**15, period_mult=1.5)),
    ("cosine_restarts", dict(lr0=0.1, period=1, period_mult=1 + 1e-12)),
    ("cosine_restarts", dict(lr0=0.1, period=1, period_mult=1e10)),
    ("cosine_restarts", dict(lr0=0.1, period=1, period_mult=1e300)),
    ("one_cycle", dict(lr_max=0.1, total_steps=2, pct_start=0.99)),
    ("one_cycle", dict(lr_max=0.1, total_steps=10**15, pct_start=1e-14)),
    ("one_cycle", dict(lr_max=0.1, total_steps=10**15, pct_start=math.nextafter(1.0, 0.0))),
    ("one_cycle", dict(lr_max=BIG, total_steps=100, div_factor=1e300, final_div_factor=1e300)),
    ("one_cycle", dict(lr_max=1e-300, total_steps=100, div_factor=1.0, final_div_factor=1.0)),
    ("inverse_time_decay", dict(lr0=0.1, decay_rate=1e-300, decay_steps=1)),
    ("inverse_time_decay", dict(lr0=BIG, decay_rate=1e300, decay_steps=1)),
    ("inverse_time_decay", dict(lr0=0.1, decay_rate=1e300, decay_steps=1, staircase=True)),
    ("warmup_cosine", dict(lr0=BIG, total_steps=10**15, warmup_steps=10**15 - 1)),
    ("warmup_cosine", dict(lr0=1e-300, total_steps=1, warmup_steps=1)),
    ("wsd", dict(lr0=BIG, total_steps=10**15, warmup_steps=10**15 - 1, decay_steps=1)),
    ("wsd", dict(lr0=BIG, total_steps=1, warmup_steps=0, decay_steps=1, decay_shape="1-sqrt", lr_min=BIG)),
    ("wsd", dict(lr0=1e-300, total_steps=3, warmup_steps=1, decay_steps=2, decay_shape="cosine", lr_min=1e-301)),
    ("inverse_sqrt", dict(lr0=BIG, warmup_steps=10**15)),
    ("inverse_sqrt", dict(lr0=0.1, warmup_steps=0, timescale=1e-300)),
    ("inverse_sqrt", dict(lr0=0.1, warmup_steps=1, timescale=BIG)),
    ("cyclic", dict(base_lr=0.0, max_lr=BIG, step_size_up=1, step_size_down=0)),
    ("cyclic", dict(base_lr=1e-300, max_lr=1e-300, step_size_up=10**15)),
    ("cyclic", dict(base_lr=0.0, max_lr=0.1, step_size_up=1, mode="triangular2")),
    ("cyclic", dict(base_lr=0.0, max_lr=0.1, step_size_up=1, mode="exp_range", gamma=1e-300)),
]


@pytest.mark.parametrize("name, kw", EXTREME_PARAMS,
                         ids=[f"{n}-{'-'.join(f'{k}={v!r:.12}' for k, v in kw.items())}"
                              for n, kw in EXTREME_PARAMS])
def test_extreme_parameters_never_give_nan_or_warnings(name, kw):
    peak = peak_of(kw)
    t = np.array([0.0, 1.0, 2.0, 10.0, 1e6, 1e12])
    values = no_warnings_finite(schedules.REGISTRY[name].function, t, **kw)
    assert np.all((values >= 0) & (values <= peak))
    scalar = no_warnings_finite(schedules.REGISTRY[name].function, 1e12, **kw)
    assert scalar == pytest.approx(values[-1], rel=1e-12, abs=0)


def test_cosine_restarts_with_a_huge_period_mult_is_still_right():
    # Cycle 1 starts at t = 1 and lasts 1e200 steps, cycle 2 starts at 1 + 1e200: at
    # t = 1e12 and t = 1e300 the rate has barely left lr0 (cycle starts beyond float range
    # must not push t back into the previous cycle).
    t = np.array([0.0, 0.5, 1.0, 1e12, 5e199, 1e300])
    got = no_warnings_finite(cosine_restarts, t, lr0=0.1, period=1, period_mult=1e200)
    np.testing.assert_allclose(got, [0.1, 0.05, 0.1, 0.1, 0.05, 0.1], rtol=1e-9)


# ---------------------------------------------------------------- valid edge cases
T = np.array([0, 1, 2.5, 9, 10, 11, 99, 100, 1000, 1e9])


@pytest.mark.parametrize("f, kw", [
    (step_decay, dict(lr0=0.1, gamma=1, step_size=3)),
    (multistep_decay, dict(lr0=0.1, milestones=[0, 5, 5, 50], gamma=1.0)),
    (exponential_decay, dict(lr0=0.1, gamma=1, total_steps=3)),
    (exponential_decay, dict(lr0=0.1, gamma=1, total_steps=3, staircase=True)),
])
def test_gamma_one_is_constant(f, kw):
    assert f(T, **kw).tolist() == [0.1] * len(T)


@pytest.mark.parametrize("milestones", [[], (), np.array([])])
def test_empty_milestones_is_constant(milestones):
    assert multistep_decay(T, 0.1, milestones, gamma=0.5).tolist() == [0.1] * len(T)
    assert multistep_decay(1e12, 0.1, milestones, gamma=0.5) == 0.1


def test_repeated_milestone_drops_twice():
    assert multistep_decay([4, 5, 6], 1.0, [5, 5], gamma=0.5).tolist() == [1.0, 0.25, 0.25]


def test_warmup_zero_is_plain_cosine():
    got = warmup_cosine(T, lr0=0.1, total_steps=100, warmup_steps=0)
    np.testing.assert_array_equal(got, cosine_annealing(T, lr0=0.1, total_steps=100))
    assert got[0] == 0.1 and got[-1] == 0.0


def test_warmup_as_long_as_training():
    # The docstring formula with W = T: linear warm-up to lr0 at t = T, then held there
    # (Hugging Face gives lr0 at t = T as well).
    got = warmup_cosine(T, lr0=0.1, total_steps=100, warmup_steps=100)
    np.testing.assert_allclose(got, np.where(T < 100, 0.1 * T / 100, 0.1), rtol=1e-15)


@pytest.mark.parametrize("f, kw, expected", [
    (exponential_decay, dict(lr0=0.1, gamma=0.5, total_steps=1), 0.1 * 0.5 ** np.minimum(T, 1e4)),
    (polynomial_decay, dict(lr0=0.1, total_steps=1, lr_end=0.01), np.where(T < 1, 0.1, 0.01)),
    (cosine_annealing, dict(lr0=0.1, total_steps=1, lr_min=0.01), np.where(T < 1, 0.1, 0.01)),
    (warmup_cosine, dict(lr0=0.1, total_steps=1, warmup_steps=0), np.where(T < 1, 0.1, 0.0)),
    (warmup_cosine, dict(lr0=0.1, total_steps=1, warmup_steps=1), np.where(T < 1, 0.0, 0.1)),
    (cosine_restarts, dict(lr0=0.1, period=1, period_mult=1), np.where(T % 1 == 0, 0.1, 0.05)),
    (step_decay, dict(lr0=0.1, gamma=0.5, step_size=1), 0.1 * 0.5 ** np.floor(np.minimum(T, 1e4))),
    (inverse_time_decay, dict(lr0=0.1, decay_rate=1.0, decay_steps=1), 0.1 / (1 + T)),
])
def test_one_step_horizons(f, kw, expected):
    np.testing.assert_allclose(f(T, **kw), expected, rtol=1e-12, atol=0)


def test_one_cycle_shortest_valid_cycle():
    # total_steps=2 needs pct_start > 0.5; peak at pct_start * 2 - 1.
    got = one_cycle([0, 0.5, 1, 5], lr_max=0.1, total_steps=2, pct_start=0.75)
    np.testing.assert_allclose(got, [0.1 / 25, 0.1, 0.1 / 25 / 1e4, 0.1 / 25 / 1e4], rtol=1e-12)


def test_one_cycle_without_division_is_constant():
    got = one_cycle(T, lr_max=0.1, total_steps=100, div_factor=1, final_div_factor=1)
    np.testing.assert_allclose(got, 0.1, rtol=1e-15)


@pytest.mark.parametrize("f, kw", [
    (polynomial_decay, dict(lr0=0.1, total_steps=100, lr_end=0.1)),
    (cosine_annealing, dict(lr0=0.1, total_steps=100, lr_min=0.1)),
    (cosine_restarts, dict(lr0=0.1, period=7, period_mult=1.5, lr_min=0.1)),
])
def test_floor_equal_to_lr0_is_constant(f, kw):
    np.testing.assert_allclose(f(T, **kw), 0.1, rtol=1e-15)


@pytest.mark.parametrize("count", [100.0, np.int64(100), np.float32(100)])
def test_whole_number_counts_in_any_numeric_type(count):
    assert cosine_annealing(50, lr0=0.1, total_steps=count) == pytest.approx(0.05, rel=1e-12)
    assert step_decay(150, lr0=0.1, gamma=0.5, step_size=count) == pytest.approx(0.05, rel=1e-12)


def test_numpy_bool_staircase_is_accepted():
    assert exponential_decay(15, 0.1, 0.5, 10, staircase=np.True_) == pytest.approx(0.05)
    assert inverse_time_decay(15, 0.1, 1.0, 10, staircase=np.False_) == pytest.approx(0.04)


# ---------------------------------------------------------------- the schedules of 2023-2026
def test_wsd_phases_at_their_boundaries():
    t = np.array([0, 9, 10, 79, 80, 81, 99, 100, 101, 1e9])
    got = wsd(t, lr0=1.0, total_steps=100, warmup_steps=10, decay_steps=20, lr_min=0.1)
    expected = [0.1, 0.1 + 0.9 * 0.9, 1.0, 1.0, 1.0, 0.1 + 0.9 * (1 - 1 / 20), 0.1 + 0.9 / 20, 0.1, 0.1, 0.1]
    np.testing.assert_allclose(got, expected, rtol=1e-14)


@pytest.mark.parametrize("shape, at_half", [("linear", 0.5), ("1-sqrt", 1 - 0.5**0.5), ("cosine", 0.5)])
def test_wsd_cooldown_shapes_half_way(shape, at_half):
    assert wsd(90, lr0=1.0, total_steps=100, warmup_steps=0, decay_steps=20, decay_shape=shape) == \
        pytest.approx(at_half, rel=1e-14)
    quarter = wsd(85, lr0=1.0, total_steps=100, warmup_steps=0, decay_steps=20, decay_shape=shape)
    assert quarter == pytest.approx({"linear": 0.75, "1-sqrt": 0.5, "cosine": (1 + 0.5**0.5) / 2}[shape], rel=1e-14)


def test_wsd_without_cooldown_drops_at_the_end_and_without_stable_phase_is_warmup_then_decay():
    no_decay = wsd(T, lr0=0.1, total_steps=100, warmup_steps=0, decay_steps=0, lr_min=0.01)
    np.testing.assert_array_equal(no_decay, np.where(T < 100, 0.1, 0.01))
    no_stable = wsd(T, lr0=0.1, total_steps=100, warmup_steps=10, decay_steps=90)
    np.testing.assert_allclose(no_stable, np.where(T < 10, 0.01 * T, 0.1 * (1 - (np.minimum(T, 100) - 10) / 90)),
                               rtol=1e-14)
    np.testing.assert_allclose(wsd(T, lr0=0.1, total_steps=100, warmup_steps=10, decay_steps=20, lr_min=0.1), 0.1,
                               rtol=1e-15)


def test_wsd_equal_to_the_course_schedules_it_contains():
    # no stable phase, no warm-up, linear: polynomial decay with power 1; cosine: cosine annealing
    np.testing.assert_allclose(wsd(T, lr0=0.1, total_steps=100, warmup_steps=0, decay_steps=100, lr_min=0.01),
                               polynomial_decay(T, lr0=0.1, total_steps=100, power=1.0, lr_end=0.01), rtol=1e-14)
    np.testing.assert_allclose(
        wsd(T, lr0=0.1, total_steps=100, warmup_steps=0, decay_steps=100, decay_shape="cosine", lr_min=0.01),
        cosine_annealing(T, lr0=0.1, total_steps=100, lr_min=0.01), rtol=1e-14)
    np.testing.assert_allclose(
        wsd(T, lr0=0.1, total_steps=100, warmup_steps=10, decay_steps=90, decay_shape="cosine"),
        warmup_cosine(T, lr0=0.1, total_steps=100, warmup_steps=10), rtol=1e-14, atol=1e-18)


def test_inverse_sqrt_is_the_transformer_schedule_with_its_peak_as_lr0():
    t = np.array([1.0, 10, 100, 4000, 4001, 16000, 1e6])
    peak = (512 * 4000) ** -0.5
    vaswani = 512**-0.5 * np.minimum(t**-0.5, t * 4000**-1.5)
    np.testing.assert_allclose(inverse_sqrt(t, lr0=peak, warmup_steps=4000), vaswani, rtol=1e-12)
    assert inverse_sqrt(16000, lr0=peak, warmup_steps=4000) == pytest.approx(peak / 2, rel=1e-12)


def test_inverse_sqrt_halves_three_timescales_after_the_warm_up():
    assert inverse_sqrt(0, lr0=0.1, warmup_steps=0) == 0.1
    assert inverse_sqrt(10 + 3 * 25, lr0=0.1, warmup_steps=10, timescale=25) == pytest.approx(0.05, rel=1e-14)
    assert inverse_sqrt(3 * 10_000, lr0=0.1, warmup_steps=0) == pytest.approx(0.05, rel=1e-14)


def test_cyclic_saw_tooth_and_flat_cases():
    saw = cyclic([0, 1, 2, 3, 4, 5], base_lr=0.0, max_lr=0.3, step_size_up=3, step_size_down=0)
    np.testing.assert_allclose(saw, [0.0, 0.1, 0.2, 0.0, 0.1, 0.2], rtol=1e-14)
    np.testing.assert_allclose(cyclic(T, base_lr=0.1, max_lr=0.1, step_size_up=3), 0.1, rtol=1e-15)
    np.testing.assert_allclose(cyclic(T, base_lr=0.01, max_lr=0.1, step_size_up=4, mode="exp_range"),
                               cyclic(T, base_lr=0.01, max_lr=0.1, step_size_up=4), rtol=1e-15)  # gamma=1


def test_cyclic_modes_at_the_tops():
    kw = dict(base_lr=0.01, max_lr=0.11, step_size_up=10, step_size_down=30)
    tops = np.array([10.0, 50, 90])
    np.testing.assert_allclose(cyclic(tops, **kw), 0.11, rtol=1e-14)
    np.testing.assert_allclose(cyclic(tops, **kw, mode="triangular2"), [0.11, 0.06, 0.035], rtol=1e-14)
    np.testing.assert_allclose(cyclic(tops, **kw, mode="exp_range", gamma=0.99), 0.01 + 0.1 * 0.99**tops,
                               rtol=1e-14)
    np.testing.assert_allclose(cyclic([0, 40, 80], **kw), 0.01, rtol=1e-14)


# --- the reproducers of the fuzzing run (learner-facing calls; warnings are errors) ---------------


@pytest.mark.filterwarnings("error")
def test_share_lost_names_start_and_stop():
    steps, values = training_curve(step_decay, 10, lr0=0.1, gamma=0.5, step_size=3)
    with pytest.raises(ValueError, match=r"start must be in \[0, 1\]; got start=2"):
        share_lost(steps, values, start=2, stop=3)
    with pytest.raises(ValueError, match=r"stop must be in \[0, 1\]; got stop=1.5"):
        share_lost(steps, values, start=0.5, stop=1.5)


@pytest.mark.filterwarnings("error")
def test_mean_rate_does_not_overflow():
    assert mean_rate(np.arange(3), [1e308, 1e308, 1e308]) == pytest.approx(1e308)


@pytest.mark.filterwarnings("error")
def test_mean_rate_refuses_text():
    with pytest.raises(ValueError, match=r"values must be an array of numbers .*dtype <U3"):
        mean_rate(np.arange(3), ["0.1", "0.2", "0.3"])


@pytest.mark.filterwarnings("error")
def test_implied_gamma_with_swapped_arguments():
    with pytest.raises(ValueError, match=r"lr must be <= lr0 \(lr0=0.0619\) .*got lr=0.1 \(were lr and lr0 swapped"):
        implied_gamma(0.1, 0.0619, 500, 1000)
    assert 0 < implied_gamma(0.0619, 0.1, 500, 1000) < 1


@pytest.mark.filterwarnings("error")
def test_linear_warmup_far_past_its_end_does_not_warn():
    assert linear_warmup(1e308, lr0=10.0, warmup_steps=1) == 10.0


@pytest.mark.filterwarnings("error")
def test_a_step_size_beyond_the_float_range():
    with pytest.raises(ValueError, match=r"step_size must be finite .*got step_size=an integer of 401 digits"):
        step_decay(3, lr0=0.1, gamma=0.5, step_size=10**400)


@pytest.mark.filterwarnings("error")
def test_a_huge_integer_step_is_a_number():
    assert step_decay(10**30, lr0=0.1, gamma=0.5, step_size=10) == 0.0
    with pytest.raises(ValueError, match=r"t must hold finite numbers >= 0; got t\[1\]=an integer of 401 digits"):
        step_decay([1, 10**400], lr0=0.1, gamma=0.5, step_size=10)
