"""``lrdecay_lessons.schedules`` against values recorded from PyTorch 2.13, Keras 3 and Hugging Face.

The values were produced by ``tests/reference/make_framework_values.py`` from the
real libraries and are stored in ``lrdecay_lessons/frameworks/data/framework_values.json``.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.frameworks import hf_linear_schedule_with_warmup, load_data

DATA = load_data("framework_values.json")
CASES = DATA["cases"]
RTOL = 1e-6
# Values that should be exactly 0 come out of chained PyTorch updates as ~1e-18.
ATOL = 1e-12


def _split(case):
    steps = np.asarray(case["steps"], dtype=float)
    values = np.asarray(case["values"])
    limit = case["compare_up_to"]
    compared = steps <= limit if limit is not None else np.ones_like(steps, dtype=bool)
    return steps, values, compared


@pytest.mark.parametrize("case", CASES, ids=[f"{c['framework']}: {c['name']}" for c in CASES])
def test_schedule_matches_framework(case):
    steps, values, compared = _split(case)
    ours = schedules.REGISTRY[case["schedule"]].function(steps, **case["kwargs"])
    np.testing.assert_allclose(ours[compared], values[compared], rtol=RTOL, atol=ATOL,
                               err_msg=case["call"])


def test_the_data_covers_every_schedule_and_framework():
    covered = {c["schedule"] for c in CASES}
    # The constant rate is every framework's default (no scheduler): nothing to record.
    assert covered == set(schedules.REGISTRY) - {"constant"}
    assert {c["framework"] for c in CASES} == {"pytorch", "keras", "huggingface"}
    assert DATA["generated_with"]["torch"].startswith("2.13.0")


def test_steps_past_the_end_are_covered():
    """Every schedule with a horizon is checked beyond it, against Keras or PyTorch."""
    beyond = set()
    for case in CASES:
        horizon = case["kwargs"].get("total_steps")
        steps, _, compared = _split(case)
        if horizon is not None and np.any(steps[compared] > horizon):
            beyond.add(case["schedule"])
    assert {"polynomial_decay", "cosine_annealing", "warmup_cosine", "exponential_decay", "wsd"} <= beyond


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c["compare_up_to"] is not None],
    ids=lambda c: c["name"],
)
def test_where_a_framework_rises_past_the_end_we_hold(case):
    """PyTorch's CosineAnnealingLR and Hugging Face's cosine rise after the horizon; we don't."""
    steps, values, compared = _split(case)
    past = ~compared
    ours = schedules.REGISTRY[case["schedule"]].function(steps[past], **case["kwargs"])
    final = schedules.REGISTRY[case["schedule"]].function(case["compare_up_to"], **case["kwargs"])
    assert np.all(ours == final)
    assert np.max(values[past]) > final + 1e-6


# --- the schedules of 2023-2026 ------------------------------------------------------------------
NEW = ("wsd", "inverse_sqrt", "cyclic")


def test_every_option_of_the_new_schedules_is_recorded():
    """Each cooldown shape and mode, the default timescale, no warm-up, no stable phase, no way down."""
    recorded = {name: [c["kwargs"] for c in CASES if c["schedule"] == name] for name in NEW}
    assert {k["decay_shape"] for k in recorded["wsd"]} == set(schedules.warmup_stable_decay.DECAY_SHAPES)
    assert any(k["warmup_steps"] == 0 for k in recorded["wsd"])
    assert any(k["warmup_steps"] + k["decay_steps"] == k["total_steps"] for k in recorded["wsd"])
    assert any(k["decay_steps"] == 0 for k in recorded["wsd"]) and any(k["lr_min"] > 0 for k in recorded["wsd"])
    assert {k["mode"] for k in recorded["cyclic"]} == set(schedules.cyclical.CYCLIC_MODES)
    assert any(k["step_size_down"] is None for k in recorded["cyclic"])
    assert any(k["step_size_down"] == 0 for k in recorded["cyclic"])
    defaults = [k for k in recorded["inverse_sqrt"] if k["timescale"] is None]
    assert {k["warmup_steps"] == 0 for k in defaults} == {True, False}


def test_inverse_sqrt_default_timescale_is_the_recorded_one():
    """Without a warm-up Hugging Face's timescale is 10 000: a timescale of 1 would be far off."""
    case = next(c for c in CASES if c["schedule"] == "inverse_sqrt" and c["kwargs"]["warmup_steps"] == 0
                and c["kwargs"]["timescale"] is None)
    steps, values = np.asarray(case["steps"], dtype=float), np.asarray(case["values"])
    np.testing.assert_allclose(schedules.inverse_sqrt(steps, lr0=0.1, warmup_steps=0, timescale=10_000), values,
                               rtol=RTOL)
    assert values[-1] == pytest.approx(0.1 * (10_000 / (steps[-1] + 10_000)) ** 0.5, rel=1e-12)
    assert schedules.inverse_sqrt(steps[-1], lr0=0.1, warmup_steps=0, timescale=1) < values[-1] / 10


def test_cyclic_is_recorded_over_many_cycles():
    """triangular2 halves the height 5 times in the long run; the recorded tops show it."""
    case = next(c for c in CASES if c["schedule"] == "cyclic" and c["kwargs"]["step_size_up"] == 200)
    values, kwargs = np.asarray(case["values"]), case["kwargs"]
    cycle = kwargs["step_size_up"] + kwargs["step_size_down"]
    tops = values[kwargs["step_size_up"]::cycle]
    np.testing.assert_allclose(tops - kwargs["base_lr"], (kwargs["max_lr"] - kwargs["base_lr"]) / 2.0 ** np.arange(5),
                               rtol=1e-12)


WARMUP_CASES = DATA["warmup_cases"]


@pytest.mark.parametrize("case", WARMUP_CASES, ids=lambda c: c["name"])
def test_with_warmup_over_linear_decay_is_hugging_faces_linear_schedule(case):
    """``with_warmup(polynomial_decay(power=1, lr_end=0), W)`` is ``get_linear_schedule_with_warmup``:
    linear warm-up from 0, linear decay to zero at ``num_training_steps``, 0 after."""
    name, kwargs = case["schedule"]
    assert name == "polynomial_decay" and kwargs["power"] == 1.0 and kwargs["lr_end"] == 0.0
    steps, values = np.asarray(case["steps"], dtype=float), np.asarray(case["values"])
    ours = schedules.with_warmup(partial(schedules.polynomial_decay, **kwargs), case["warmup_steps"])(steps)
    np.testing.assert_allclose(ours, values, rtol=RTOL, atol=ATOL, err_msg=case["call"])
    total = case["warmup_steps"] + kwargs["total_steps"]
    assert steps[-1] > total and np.all(values[steps >= total] == 0.0)  # past the end too
    formula = hf_linear_schedule_with_warmup(steps, lr=0.1, num_warmup_steps=case["warmup_steps"],
                                             num_training_steps=total)
    np.testing.assert_allclose(formula, values, rtol=RTOL, atol=ATOL)


def test_the_linear_warmup_cases_cover_no_warmup_and_long_warmup():
    warmups = [(c["warmup_steps"], c["schedule"][1]["total_steps"]) for c in WARMUP_CASES]
    assert any(w == 0 for w, _ in warmups) and any(w > decay for w, decay in warmups)
    assert DATA["generated_with"]["transformers"] == "5.24.0"
