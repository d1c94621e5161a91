"""Our schedules against values recorded from PyTorch 2.13, Keras 3 and Hugging Face.

The values were produced by ``tests/reference/make_framework_values.py`` from the
real libraries and are stored in ``lrdecay_lessons/frameworks/data/framework_values.json``.
"""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.frameworks import load_data

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
    ours = getattr(schedules, case["schedule"])(steps, **case["kwargs"])
    np.testing.assert_allclose(ours[compared], values[compared], rtol=RTOL, atol=ATOL,
                               err_msg=case["call"])


def test_the_data_covers_every_schedule_and_framework():
    covered = {c["schedule"] for c in CASES}
    assert covered == set(schedules.CLOSED_FORM)
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
    assert {"polynomial_decay", "cosine_annealing", "warmup_cosine", "exponential_decay"} <= beyond


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c["compare_up_to"] is not None],
    ids=lambda c: c["name"],
)
def test_where_a_framework_rises_past_the_end_we_hold(case):
    """PyTorch's CosineAnnealingLR and Hugging Face's cosine rise after the horizon; we don't."""
    steps, values, compared = _split(case)
    past = ~compared
    ours = getattr(schedules, case["schedule"])(steps[past], **case["kwargs"])
    final = getattr(schedules, case["schedule"])(case["compare_up_to"], **case["kwargs"])
    assert np.all(ours == final)
    assert np.max(values[past]) > final + 1e-6
