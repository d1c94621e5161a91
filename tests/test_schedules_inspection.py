"""schedules.inspection: the checklist inspect_schedule computes from a curve."""

from __future__ import annotations


import numpy as np
import pytest

from lrdecay_lessons.frameworks import recorded_case
from lrdecay_lessons.schedules import (
    inspect_schedule,
    one_cycle,
    schedule,
    with_warmup,
)


def test_cosine_holds_and_pytorch_rises():
    ours = inspect_schedule(schedule("cosine_annealing", lr0=0.1, total_steps=10), 10, past_end=1.0)
    assert not ours.rises_past_end
    assert ours.label == "cosine_annealing(lr0=0.1, total_steps=10)"
    assert ours.past_end_text == "goes to 0 at step 10 and holds it up to step 19"
    case = recorded_case("pytorch", "cosine_annealing", total_steps=10, lr_min=0.0)
    torch = inspect_schedule(lambda t: case.values[t], 10, past_end=1.0, label="torch")
    assert torch.rises_past_end
    assert torch.past_end_text.startswith("RISES again") and torch.label == "torch"
    assert torch.worth_a_look["past_end"]
    assert np.allclose(torch.rates, ours.rates)


def test_peak_final_and_jump():
    warm = with_warmup(schedule("step_decay", lr0=0.1, gamma=0.5, step_size=300), 100)
    check = inspect_schedule(warm, 1000)
    assert check.start == 0.0 and check.peak == 0.1 and check.peak_step == 100
    assert check.jump_step == 400 and check.jump == pytest.approx(-0.05)
    assert check.final == pytest.approx(0.1 * 0.5**2)  # step 999 is the decay's step 899
    assert check.past_end_text.startswith("keeps falling")  # step decay has no end


def test_constant_and_errors_past_the_end():
    flat = inspect_schedule(lambda t: 0.01, 50)
    assert flat.jump_step is None and flat.jump == 0.0 and flat.label == "<lambda>"
    assert flat.worth_a_look["final"]  # ends at its peak: worth a second look
    assert flat.flat_from == 0 and flat.worth_a_look["flat"]
    recorded = one_cycle(np.arange(100), lr_max=0.1, total_steps=100)
    check = inspect_schedule(lambda t: recorded[t], 100)
    assert check.past_error.startswith("IndexError")
    assert check.peak_step == 29


def test_a_horizon_in_epochs_stepped_per_batch_is_flat_most_of_the_run():
    check = inspect_schedule(schedule("cosine_annealing", lr0=0.1, total_steps=20), 20 * 11)
    assert check.flat_from == 20 and check.final == 0.0
    assert check.worth_a_look["flat"]
    fine = inspect_schedule(schedule("cosine_annealing", lr0=0.1, total_steps=220), 220)
    assert fine.flat_from == 219 and not fine.worth_a_look["flat"]


def test_bad_input():
    with pytest.raises(ValueError, match="fn must be a callable"):
        inspect_schedule(0.1, 10)
    with pytest.raises(ValueError, match="total_steps must be a whole number from 1 to 10,000,000"):
        inspect_schedule(lambda t: 0.1, 0)
    with pytest.raises(ValueError, match="learning rates must be finite and >= 0; schedule <lambda> gave -0.1 at step 0"):
        inspect_schedule(lambda t: -0.1, 10)
    with pytest.raises(ValueError, match="past_end must be >= 0; got past_end=-1"):
        inspect_schedule(lambda t: 0.1, 10, past_end=-1)
    with pytest.raises(TypeError, match="schedule must return a number"):
        inspect_schedule(lambda t: "0.1", 10)


def test_the_rates_are_the_schedules_vectorised_or_not():
    cosine = schedule("cosine_annealing", lr0=0.1, total_steps=50)
    vectorised = inspect_schedule(cosine, 50, past_end=0.2)
    one_by_one = inspect_schedule(lambda t: float(cosine(t)), 50, past_end=0.2)
    assert np.array_equal(vectorised.rates, cosine(np.arange(50)))
    assert np.array_equal(vectorised.past_rates, cosine(np.arange(50, 60)))
    assert np.array_equal(one_by_one.rates, vectorised.rates)
    assert inspect_schedule(cosine, 50, past_end=0).past_end_text == "not checked"


def test_an_inspection_of_a_trillion_steps_is_refused_before_memory_is_spent():
    with pytest.raises(ValueError, match="total_steps × \\(1 \\+ past_end\\) must be at most 10,000,000"):
        inspect_schedule(schedule("cosine_annealing", lr0=0.1, total_steps=10), 9_000_000, past_end=0.5)
