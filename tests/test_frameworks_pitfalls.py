"""Chapter 12's cheat sheet and pitfalls against the values recorded from the real libraries.

The recordings (``pitfall_values.json``) come from ``tests/reference/make_pitfall_values.py``;
each test states what chapter 12 says and fails if the recording says otherwise.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from lrdecay_lessons import frameworks as F
from lrdecay_lessons import schedules
from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.frameworks.pitfalls import PITFALL_TRAPS


# --- cheat sheet ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(F.SNIPPETS))
def test_each_snippet_was_recorded_from_the_text_shown_and_the_course_gives_its_rates(key):
    snippet, recorded = F.snippet(key), F.recorded_snippet(key)
    assert recorded["code"] == snippet.code, "snippet edited: re-run tests/reference/make_pitfall_values.py"
    assert recorded["setting"] == dict(snippet.setting)
    rates = np.asarray(recorded["rates"])
    assert len(rates) == snippet.updates(snippet.setting)
    np.testing.assert_allclose(snippet.course_rates(), rates, rtol=1e-9, atol=1e-15)


def test_the_cheat_sheet_comparison_fails_for_a_wrong_course_call():
    """A horizon off by the warm-up, or a warm-up starting at 0 instead of 1e-3, is caught."""
    rates = np.asarray(F.recorded_snippet("pytorch")["rates"])
    n, w = 120, 6
    t = np.arange(n, dtype=float)
    wrong_horizon = schedules.with_warmup(schedules.schedule("cosine_annealing", lr0=3e-4, total_steps=n), w,
                                          start_factor=1e-3)(t)
    from_zero = schedules.warmup_cosine(t, lr0=3e-4, total_steps=n, warmup_steps=w)
    for wrong in (wrong_horizon, from_zero):
        assert not np.allclose(wrong, rates, rtol=1e-9, atol=1e-15)


def test_the_snippets_say_what_the_chapter_says():
    assert "scheduler.step()            # after optimizer.step()" in F.snippet("pytorch").code
    assert "math.ceil(len(loader) / accum)" in F.snippet("huggingface").code
    assert '"interval": "step"' in F.snippet("lightning").code
    assert "decay_steps=N - W" in F.snippet("keras").code and "decay_steps=N)" in F.snippet("optax").code
    # The resumed run is the uninterrupted one.
    assert F.recorded_snippet("resume")["rates"] == F.recorded_snippet("pytorch")["rates"]
    # Lightning's estimated_stepping_batches counted updates after accumulation: 3 epochs x 40 / 2.
    assert len(F.recorded_snippet("lightning")["rates"]) == 60
    with pytest.raises(InvalidParameterError, match="key must be one of"):
        F.snippet("jax")
    with pytest.raises(InvalidParameterError, match="key must be one of"):
        F.recorded_snippet("jax")


# --- pitfalls ------------------------------------------------------------------------------------


def test_cycle_momentum_turns_momentum_on_silently():
    data = F.recorded_pitfall("cycle_momentum")
    sgd, adamw, cyclic = data["sgd_onecycle"], data["adamw_onecycle"], data["sgd_cyclic"]
    assert sgd["default"]["before"] == 0.0 and cyclic["default"]["before"] == 0.0
    assert (max(sgd["default"]["during"]), min(sgd["default"]["during"])) == pytest.approx((0.95, 0.85))
    assert (max(cyclic["default"]["during"]), min(cyclic["default"]["during"])) == pytest.approx((0.9, 0.8))
    assert adamw["default"]["before"] == 0.9 and max(adamw["default"]["during"]) == pytest.approx(0.95)
    assert set(sgd["cycle_momentum_false"]["during"]) == {0.0}
    # The momentum is real: the same gradients move the parameter elsewhere.
    assert abs(sgd["default"]["param"] - sgd["cycle_momentum_false"]["param"]) > 1.0
    assert data["defaults"]["cycle_momentum"] is True and data["cyclic_defaults"]["cycle_momentum"] is True


def test_the_printed_one_cycle_and_cyclic_calls_switch_momentum_cycling_off():
    for schedule in ("one_cycle", "cyclic"):
        row = F.translation(schedule, "pytorch")
        assert "cycle_momentum=False" in row.call(row.example), schedule
        assert "cycle_momentum_on" in row.traps
    # every OneCycleLR or CyclicLR call a trap prints for copying switches it off too (the momentum demo shows the default)
    for trap in F.TRAPS.values():
        if trap.demo is None or trap.key == "cycle_momentum_on":
            continue
        call = trap.demo().get("call", "")
        for name in ("OneCycleLR(", "CyclicLR("):
            for piece in call.split(name)[1:]:
                assert "cycle_momentum=False" in piece.split(")")[0], (trap.key, call)


def test_keras_gradient_accumulation_calls_the_schedule_with_batches():
    demo = F.TRAPS["keras_accumulation_batches"].demo()
    assert demo["updates_at"] == "3, 7" and demo["schedule_steps"] == "3, 7" and demo["iterations"] == 2


def test_accelerate_steps_the_scheduler_once_per_process_unless_split_batches():
    data = F.recorded_pitfall("accelerate_processes")
    linear = partial(F.hf_linear_schedule_with_warmup, lr=0.1, num_warmup_steps=0, num_training_steps=8)
    default, split = data["split_batches_False"], data["split_batches_True"]
    assert default["num_processes"] == 2 and split["split_batches"] is True
    u = np.arange(len(default["rates"]))
    np.testing.assert_allclose(default["rates"], linear(2 * u), rtol=1e-12)
    np.testing.assert_allclose(split["rates"], linear(u), rtol=1e-12)
    # The pre-1.0 keyword is accepted and does nothing.
    legacy = data["legacy_split_batches_True"]
    assert legacy["split_batches"] is False and legacy["rates"] == default["rates"]


def test_a_skipped_amp_update_still_steps_the_scheduler_with_the_warning():
    data = F.recorded_pitfall("amp_skipped_step")
    assert data["skipped"] == [True, False, False] and data["error"] is None
    assert data["rates"] == pytest.approx([0.1, 0.05, 0.025])
    assert "Detected call of `lr_scheduler.step()` before `optimizer.step()`" in data["warnings"][0]


def test_resuming_ignores_a_new_peak_until_base_lrs_is_set():
    data = F.recorded_pitfall("resume_new_peak")
    cosine = partial(F.hf_cosine_schedule_with_warmup, num_warmup_steps=2, num_training_steps=10)
    steps = np.asarray(data["steps"])
    assert data["base_lrs_after_load"] == [0.1]
    np.testing.assert_allclose(data["resumed_lr_0.05"], cosine(steps, lr=0.1), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(data["with_base_lrs_set"], cosine(steps, lr=0.05), rtol=1e-12, atol=1e-15)


def test_plateau_needs_its_metric_and_the_trainer_an_eval_strategy():
    data = F.recorded_pitfall("plateau")
    assert "missing 1 required positional argument: 'metrics'" in data["step_without_metric"]["error"]
    assert "requires an eval strategy" in data["trainer_eval_strategy_no"]["error"]
    assert data["trainer_eval_strategy_epoch"]["error"] is None


def test_parameter_groups_keep_their_ratio_and_follow_the_course_formula():
    data = F.recorded_pitfall("param_groups")
    steps = np.asarray(data["steps"])
    np.testing.assert_allclose(data["group_0"], F.hf_cosine_schedule_with_warmup(steps, 0.1, 2, 10), atol=1e-15)
    np.testing.assert_allclose(data["group_1"], F.hf_cosine_schedule_with_warmup(steps, 0.01, 2, 10), atol=1e-16)


def test_fractional_epochs_restart_the_cosine_within_an_epoch():
    data = F.recorded_pitfall("warm_restarts_fractional")
    batches = np.asarray(data["batches"], dtype=float)
    ours = F.torch_cosine_annealing_warm_restarts(batches / 5, lr=0.1, T_0=2)
    np.testing.assert_allclose(data["fractional"], ours, rtol=1e-12)
    assert len(set(data["per_epoch"])) == 2  # a staircase of two values
    assert len(set(np.round(data["fractional"], 12))) == 10


def test_schedule_free_evaluates_at_other_weights():
    data = F.recorded_pitfall("schedule_free")
    assert data["weight_train_mode"] != data["weight_after_eval"]
    assert data["loss_train_mode"] != data["loss_after_eval"]


def test_trainer_warmup_across_versions():
    data = F.recorded_pitfall("trainer_warmup_versions")
    early, late, first, now = data["4.40"], data["4.57"], data["5.0"], data["installed"]
    assert (early["version"], late["version"], first["version"]) == ("4.40.2", "4.57.6", "5.0.0")
    steps = np.asarray(data["steps"])
    # 4.40 takes 0.05 as a count of updates: no warm-up, silently.
    assert early["warmup_steps_0.05"]["get_warmup_steps_1000"] == 0.05 and early["warnings"] == []
    np.testing.assert_allclose(early["warmup_steps_0.05"]["rates"][1:],
                               F.hf_linear_schedule_with_warmup(steps[1:], 0.1, 0.05, 1000), rtol=1e-12)
    assert early["warmup_steps_0.05"]["rates"][1] > 0.099
    assert "must be of type int" in late["warmup_steps_0.05"]["error"]
    assert first["warnings"] == ["warmup_ratio is deprecated and will be removed in v5.2. Use `warmup_steps` instead."]
    assert "unexpected keyword argument 'warmup_ratio'" in now["warmup_ratio_0.05"]["error"]
    linear = F.hf_linear_schedule_with_warmup(steps, 0.1, 50, 1000)
    for rates in (early["warmup_ratio_0.05"]["rates"], late["warmup_ratio_0.05"]["rates"],
                  first["warmup_steps_0.05"]["rates"], now["warmup_steps_0.05"]["rates"]):
        np.testing.assert_allclose(rates, linear, rtol=1e-12)


def test_warmup_ratio_outlived_the_release_its_warning_names():
    """5.0 warns that warmup_ratio "will be removed in v5.2"; 5.2 and 5.14 still accept it, 5.15 refuses it."""
    data = F.recorded_pitfall("trainer_warmup_versions")
    steps = np.asarray(data["steps"])
    linear = F.hf_linear_schedule_with_warmup(steps, 0.1, 50, 1000)
    for key, version in (("5.2", "5.2.0"), ("5.14", "5.14.1")):
        run = data[key]
        assert run["version"] == version
        assert run["warnings"] == data["5.0"]["warnings"]
        np.testing.assert_allclose(run["warmup_ratio_0.05"]["rates"], linear, rtol=1e-12)
    assert data["5.15"]["version"] == "5.15.0"
    assert "unexpected keyword argument 'warmup_ratio'" in data["5.15"]["warmup_ratio_0.05"]["error"]
    demo = F.TRAPS["trainer_warmup_versions"].demo()
    assert demo["last_accepted"].startswith("5.14.1: accepted (50 warm-up updates")
    assert demo["first_refused"].startswith("5.15.0: TypeError")
    assert "from 5.15 on" in str(F.TRAPS["trainer_warmup_versions"].text)


def test_lr_finder_defaults():
    data = F.recorded_pitfall("lr_finders")
    assert data["lightning"]["defaults"] == {"min_lr": 1e-08, "max_lr": 1, "num_training": 100, "mode": "exponential"}
    assert data["torch_lr_finder"]["defaults"]["end_lr"] == 10
    assert data["torch_lr_finder"]["defaults"]["num_iter"] == 100
    assert data["fastai"]["defaults"] == {"start_lr": 1e-07, "end_lr": 10, "num_it": 100, "mode": "exponential"}


def test_every_pitfall_trap_is_in_traps_and_unknown_keys_are_refused():
    assert all(F.TRAPS[trap.key] is trap for trap in PITFALL_TRAPS)
    with pytest.raises(InvalidParameterError, match="key must be one of"):
        F.recorded_pitfall("nope")


# --- what chapter 12 shows -----------------------------------------------------------------------


def _chapter_10_markdown() -> str:
    import json
    from pathlib import Path

    notebook = Path(__file__).resolve().parents[1] / "notebooks" / "12_frameworks.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_chapter_10_shows_every_snippet_verbatim_in_a_code_block():
    text = _chapter_10_markdown()
    for snippet in F.SNIPPETS.values():
        assert f"```python\n{snippet.code}```" in text, snippet.key


def test_chapter_10_numbers_the_lines_of_the_buggy_loops_as_the_exercises_count_them():
    from lrdecay_lessons.exercises import exercise
    from lrdecay_lessons.exercises.ch12_frameworks import BUGGY_ACCUMULATION, BUGGY_STEP_ORDER

    text = _chapter_10_markdown()
    for loop, key in ((BUGGY_STEP_ORDER, "frameworks-bug-step-order"),
                      (BUGGY_ACCUMULATION, "frameworks-bug-accumulation-n")):
        for i, line in enumerate(loop):
            assert f"{i + 1:>2}  {line}\n" in text
        right = int(exercise(key).solve())
        assert loop[right - 1] in ("    scheduler.step()", "N = epochs * len(loader)")
    # The fix of each bug is in the cheat sheet.
    assert "N = epochs * math.ceil(len(loader) / accum)" in F.snippet("huggingface").code
    assert "optimizer.step()\n        scheduler.step()" in F.snippet("pytorch").code


def test_the_trainer_note_of_the_cheat_sheet_holds():
    """'warmup_steps below 1 is a fraction of N, rounded up' in transformers 5 (recorded Trainer settings)."""
    import math

    note = str(F.snippet("huggingface").notes)
    assert "rounded up" in note and note in _chapter_10_markdown()
    for row in F.trainer_records()["warmup"]:
        w, n = row["warmup_steps"], row["num_training_steps"]
        if 0 < w < 1:
            assert row["get_warmup_steps"] == math.ceil(w * n)
