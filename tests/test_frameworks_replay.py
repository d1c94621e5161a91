"""``frameworks/replay.py``, chapter 12's "for today's users": formulas and pitfalls against values recorded
from the libraries."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons import frameworks as F
from lrdecay_lessons.frameworks import (
    course_values,
    formula_values,
    recorded_call,
    recorded_trace,
    replay_agreement,
    recorded_call_names,
    trainer_records,
)


@pytest.mark.parametrize("name", recorded_call_names())
def test_formula_matches_the_recording_at_every_step(name):
    run = recorded_call(name)
    np.testing.assert_allclose(formula_values(run), run.values, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", [n for n in recorded_call_names() if recorded_call(n).kwargs["course"] is not None])
def test_course_counterpart_matches_the_recording(name):
    run = recorded_call(name)
    values, up_to = course_values(run)
    keep = run.steps <= up_to if up_to is not None else slice(None)
    np.testing.assert_allclose(values[keep], run.values[keep], rtol=1e-12, atol=1e-15)


def test_every_framework_of_the_section_is_recorded_and_agrees():
    rows = replay_agreement()
    assert {r["framework"] for r in rows} == {"pytorch", "huggingface", "keras", "optax", "timm"}
    assert max(r["formula"] for r in rows) < 1e-12
    assert sum(r["steps"] for r in rows) == 831


def test_chained_multiplies_where_sequential_switches():
    chained, sequential = recorded_call("torch_chained"), recorded_call("torch_sequential")
    # Before the milestone both warm up, but the chained one also decays: its product is lower.
    assert chained.values[4] == pytest.approx(0.1 * 0.9**4)
    assert sequential.values[4] == pytest.approx(0.1)
    assert np.all(chained.values[1:] < sequential.values[1:])


def test_optax_decay_steps_include_the_warmup_and_keras_do_not():
    optax_run, keras_run = recorded_call("optax_warmup_cosine"), recorded_call("keras_cosine_warmup")
    # Same numbers (warm-up 10, decay_steps 50): optax reaches 0 at step 50, Keras at step 60.
    assert optax_run.values[50] == pytest.approx(0.0, abs=1e-15)
    assert keras_run.values[50] > 0.005
    assert keras_run.values[60] == pytest.approx(0.0, abs=1e-15)


def test_timm_warmup_overlaps_the_cosine_unless_prefixed():
    plain, prefix = recorded_call("timm_cosine_warmup"), recorded_call("timm_cosine_warmup_prefix")
    assert plain.values.max() < 0.1  # the peak is never reached
    assert prefix.values[5] == pytest.approx(0.1)
    assert plain.values[50] == 0.0 and prefix.values[50] > 0.0


def test_piecewise_interpolate_scales_are_cumulative():
    run = recorded_call("optax_piecewise_interpolate_linear")
    assert run.values[10] == pytest.approx(0.05) and run.values[20] == pytest.approx(0.025)


def test_trainer_settings_match_the_library():
    records = trainer_records()
    assert records["default_scheduler"] == "linear"
    assert list(F.HF_TRAINER_SCHEDULERS) == records["scheduler_types"]
    for row in records["warmup"]:
        assert F.hf_trainer_warmup_steps(row["warmup_steps"], row["num_training_steps"]) == row["get_warmup_steps"]


def test_trainer_max_steps_counts_optimizer_updates():
    assert F.hf_trainer_max_steps(100, 1, 3) == 300
    assert F.hf_trainer_max_steps(100, 8, 3) == 39  # ceil(100 / 8) = 13 per epoch
    assert F.hf_trainer_max_steps(3, 8, 2) == 2  # at least one update per epoch
    assert F.hf_trainer_max_steps(10, 3, 1.5) == 6


@pytest.mark.parametrize("call, match", [
    (lambda: F.hf_trainer_warmup_steps(-0.1, 100), "warmup_steps must be a number >= 0"),
    (lambda: F.hf_trainer_warmup_steps("5%", 100), "warmup_steps must be"),
    (lambda: F.hf_trainer_warmup_steps(0.1, 0), "num_training_steps must be a whole number"),
    (lambda: F.hf_trainer_max_steps(0, 1, 1), "len_dataloader must be a whole number"),
    (lambda: F.hf_trainer_max_steps(10, 2.5, 1), "gradient_accumulation_steps must be a whole number"),
    (lambda: F.hf_trainer_max_steps(10, 1, 0), "num_train_epochs must be a number > 0"),
    (lambda: F.optax_piecewise_interpolate_schedule(0, "step", 0.1), "interpolate_type must be"),
    (lambda: recorded_call("torch_chain"), "name must be one of"),
    (lambda: recorded_trace("resum"), "name must be one of"),
])
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_recorded_pitfalls():
    get_lr = recorded_trace("get_lr")
    assert get_lr["get_last_lr"] == get_lr["param_group_lr"] == pytest.approx(0.0125)
    assert get_lr["get_lr"] == pytest.approx(get_lr["get_last_lr"] * 0.5)  # one more factor applied
    order = recorded_trace("step_order")
    assert order["wrong"][2] == pytest.approx(0.01) and order["right"][2] == pytest.approx(0.1)
    assert "before `optimizer.step()`" in order["warning"]
    assert recorded_trace("group_added_lambda")["error"].startswith("ValueError")
    resume = recorded_trace("resume")
    orders = resume["orders"]
    assert orders["new scheduler, then optimizer state, then scheduler state"] == resume["uninterrupted"]
    assert orders["optimizer state, then a new scheduler, then its state"][0] == 0.0
    assert orders["fresh scheduler"][2] == pytest.approx(0.1)  # the warm-up runs again
    assert "initial_lr" in recorded_trace("last_epoch_without_initial_lr")["error"]


def test_new_trap_demos_show_the_trap():
    zero = F.TRAPS["warmup_starts_at_zero"].demo()
    assert zero["hf"][0] == 0.0 and zero["course"][0] == 0.0 and zero["torch_start_factor_0.1"][0] > 0.0
    accumulation = F.TRAPS["steps_under_accumulation"].demo()
    assert accumulation["optimizer_updates"] == 75
    assert accumulation["rate_at_last_update_N_in_batches_wrong"] > 50 * accumulation["rate_at_last_update_N_in_updates"]
    chained = F.TRAPS["chained_multiplies"].demo()
    assert max(chained["chained"]) < 0.07 and max(chained["sequential"]) == pytest.approx(0.1)
    resume = F.TRAPS["resume_scheduler_state"].demo()
    assert resume["scheduler_first"] == resume["uninterrupted"] != resume["optimizer_first"]
    assert resume["last_epoch_error"].startswith("KeyError")


def test_smiths_straight_one_cycle_of_chapter_08_is_pytorchs_three_phase_linear():
    run = recorded_call("torch_one_cycle_linear_three_phase")
    k = run.kwargs["arguments"]
    T, p = k["total_steps"], k["pct_start"]
    lr_init, lr_final = k["max_lr"] / k["div_factor"], k["max_lr"] / k["div_factor"] / k["final_div_factor"]
    peak = p * T - 1
    smith = np.interp(np.arange(T), [0, peak, 2 * peak, T - 1], [lr_init, k["max_lr"], lr_init, lr_final])
    np.testing.assert_allclose(smith, run.values, rtol=1e-12, atol=1e-17)  # chapter 09's np.interp line
    two = recorded_call("torch_one_cycle_linear")
    assert not np.allclose(two.values, run.values)  # two straight phases are another shape
