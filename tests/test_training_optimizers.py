"""``training/optimizers.py``, the optimizers against PyTorch 2.13 and schedulefree 1.4.1, update for update.

Recorded by ``tests/reference/make_optimizer_values.py`` into
``lrdecay_lessons/frameworks/data/optimizer_values.json``: a fixed sequence of gradients
and of rates (warm-up, then cosine), the parameters after every step.
"""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.frameworks import load_data
from lrdecay_lessons.training import (
    SGD,
    Adam,
    AdamW,
    ScheduleFreeAdamW,
    ScheduleFreeSGD,
    evaluation_point,
)

RECORDED = load_data("optimizer_values.json")


def _ours(name: str, kwargs: dict):
    options = dict(kwargs)
    if "betas" in options:
        options["beta1"], options["beta2"] = options.pop("betas")
    if name == "SGDScheduleFree":
        return ScheduleFreeSGD(**options)
    if name == "AdamWScheduleFree":
        return ScheduleFreeAdamW(**options)
    return {"SGD": SGD, "Adam": Adam, "AdamW": AdamW}[name](**options)


def _replay(optimizer):
    params = tuple(np.array(p) for p in RECORDED["start"])
    state = optimizer.init(params)
    points, averages = [], []
    for grads, lr in zip(RECORDED["gradients"], RECORDED["lrs"]):
        params, state = optimizer.step(params, tuple(np.array(g) for g in grads), state, lr)
        points.append(params)
        averages.append(evaluation_point(optimizer, params, state))
    return points, averages


@pytest.mark.parametrize("case", RECORDED["cases"], ids=lambda c: f"{c['optimizer']}{c['kwargs']}")
def test_every_step_matches_the_library(case):
    points, averages = _replay(_ours(case["optimizer"], case["kwargs"]))
    for step, recorded in enumerate(case["params"]):
        for ours, theirs in zip(points[step], recorded):
            np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14, err_msg=f"step {step}")
    for step, recorded in enumerate(case.get("averages", [])):
        for ours, theirs in zip(averages[step], recorded):
            np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14, err_msg=f"average, step {step}")


def test_the_recording_covers_every_optimizer_and_its_options():
    seen = {(c["optimizer"], tuple(sorted(c["kwargs"]))) for c in RECORDED["cases"]}
    assert {name for name, _ in seen} == {"SGD", "Adam", "AdamW", "SGDScheduleFree", "AdamWScheduleFree"}
    assert ("SGD", ("momentum", "nesterov")) in seen and ("SGD", ("dampening", "momentum", "weight_decay")) in seen
    assert len(set(RECORDED["lrs"])) == len(RECORDED["lrs"])  # every step has its own rate


def test_adamw_decay_is_decoupled_and_scaled_by_the_rate():
    """With a zero gradient Adam's step is 0, so AdamW only shrinks by (1 - lr * wd); Adam's L2 moves it."""
    params = (np.array([2.0, -4.0]),)
    zero = (np.zeros(2),)
    for lr in (0.1, 0.01):
        opt = AdamW(weight_decay=0.5)
        new, _ = opt.step(params, zero, opt.init(params), lr)
        np.testing.assert_allclose(new[0], params[0] * (1 - lr * 0.5))
    adam = Adam(weight_decay=0.5)
    moved, _ = adam.step(params, zero, adam.init(params), 0.1)
    np.testing.assert_allclose(moved[0], params[0] - 0.1 * np.sign(params[0]), rtol=1e-6)  # Adam's first step is ~lr


def test_schedule_free_with_a_constant_rate_averages_the_base_sequence():
    """weight_lr_power = 0, r = 0: x is the plain running mean of z_1 .. z_k (Polyak averaging)."""
    opt = ScheduleFreeSGD(momentum=0.5, weight_lr_power=0.0)
    params = (np.array([1.0]),)
    state = opt.init(params)
    bases = []
    rng = np.random.default_rng(0)
    for _ in range(5):
        params, state = opt.step(params, (rng.normal(size=1),), state, 0.1)
        bases.append(state.base[0])
    np.testing.assert_allclose(state.average[0], np.mean(bases, axis=0), rtol=1e-12)
    np.testing.assert_allclose(params[0], 0.5 * state.base[0] + 0.5 * state.average[0])


@pytest.mark.parametrize("make, message", [
    (lambda: SGD(momentum=1.0), "momentum must be"),
    (lambda: SGD(momentum=-0.1), "momentum must be"),
    (lambda: SGD(nesterov=True), "nesterov=True needs momentum > 0"),
    (lambda: SGD(momentum=0.9, dampening=0.1, nesterov=True), "nesterov=True needs"),
    (lambda: SGD(weight_decay=-1.0), "weight_decay must be"),
    (lambda: Adam(beta1=1.0), "beta1 must be"),
    (lambda: Adam(beta2=float("nan")), "beta2 must be"),
    (lambda: AdamW(eps=-1e-8), "eps must be"),
    (lambda: ScheduleFreeSGD(momentum=0.0), "momentum must be"),
    (lambda: ScheduleFreeAdamW(beta1=1.0), "beta1 must be"),
    (lambda: ScheduleFreeAdamW(r=-1), "r must be"),
])
def test_bad_hyper_parameters_are_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_bad_steps_are_named():
    opt = SGD()
    params = (np.zeros((2, 2)), np.zeros(2))
    state = opt.init(params)
    with pytest.raises(ValueError, match="grads must have the shapes of params"):
        opt.step(params, (np.zeros((2, 2)),), state, 0.1)
    with pytest.raises(ValueError, match="lr must be"):
        opt.step(params, params, state, -0.1)
    with pytest.raises(TypeError, match="params must be a tuple of arrays"):
        opt.init(np.zeros(3))
    with pytest.raises(TypeError, match="positional"):
        SGD(0.9)  # keyword-only, like every hyper-parameter here
