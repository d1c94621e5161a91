"""``lrdecay_lessons.frameworks``, the course-to-framework table: every row's formula, translated, against our
schedules and against values recorded from the real libraries; inexpressible parameters; traps; the table.

Real values: ``lrdecay_lessons/frameworks/data/translation_values.json`` (PyTorch 2.13, Keras 3, transformers;
``tests/reference/make_translation_values.py``) and ``lrdecay_lessons/frameworks/data/optax_values.json``
(optax with jax x64; ``tests/reference/make_optax_values.py``).
"""

from __future__ import annotations

import json
import math
from functools import partial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrdecay_lessons import frameworks as F
from lrdecay_lessons import schedules
from lrdecay_lessons.chapters import ch12_frameworks
from lrdecay_lessons.display import Table
from lrdecay_lessons.frameworks import load_data
from lrdecay_lessons.schedules import join_schedules, plateau_schedule, with_warmup

REAL = load_data("translation_values.json")
OPTAX = load_data("optax_values.json")
RTOL, ATOL = 1e-9, 1e-12

# Our parameters, per schedule: (kwargs, total_steps for rows that need a training length).
CASES = {
    "step_decay": [({"lr0": 0.1, "gamma": 0.5, "step_size": 30}, None),
                   ({"lr0": 1.0, "gamma": 0.1, "step_size": 1}, None),
                   ({"lr0": 0.05, "gamma": 1.0, "step_size": 7}, None)],
    "multistep_decay": [({"lr0": 0.1, "milestones": [30, 80], "gamma": 0.1}, None),
                        ({"lr0": 0.1, "milestones": [0, 2, 5, 5, 9], "gamma": 0.5}, None),
                        ({"lr0": 0.1, "milestones": [2.5, 7], "gamma": 0.3}, None)],
    "exponential_decay": [({"lr0": 0.1, "gamma": 0.9, "total_steps": 1000}, None),
                          ({"lr0": 0.1, "gamma": 0.5, "total_steps": 10, "staircase": True}, None),
                          ({"lr0": 0.1, "gamma": 0.99, "total_steps": 1}, None)],
    "polynomial_decay": [({"lr0": 0.1, "total_steps": 1000, "power": 2.0}, None),
                         ({"lr0": 0.1, "total_steps": 20, "power": 0.5, "lr_end": 0.01}, None),
                         ({"lr0": 0.1, "total_steps": 1, "power": 3.0}, None)],
    "cosine_annealing": [({"lr0": 0.1, "total_steps": 1000, "lr_min": 0.001}, None),
                         ({"lr0": 0.1, "total_steps": 20}, None),
                         ({"lr0": 0.1, "total_steps": 1, "lr_min": 0.05}, None)],
    "cosine_restarts": [({"lr0": 0.1, "period": 5, "period_mult": 2, "lr_min": 0.001}, 80),
                        ({"lr0": 0.1, "period": 6, "period_mult": 1}, 30),
                        ({"lr0": 0.1, "period": 4, "period_mult": 1.5}, 60),
                        ({"lr0": 0.1, "period": 10, "period_mult": 3, "lr_min": 0.01}, 500)],
    "one_cycle": [({"lr_max": 0.1, "total_steps": 1000, "pct_start": 0.3}, None),
                  ({"lr_max": 0.1, "total_steps": 40, "pct_start": 0.25}, None),
                  ({"lr_max": 0.1, "total_steps": 10, "pct_start": 0.25, "div_factor": 10.0,
                    "final_div_factor": 100.0}, None),
                  ({"lr_max": 0.1, "total_steps": 100, "pct_start": 0.5}, None)],
    "inverse_time_decay": [({"lr0": 0.1, "decay_rate": 0.5, "decay_steps": 100}, None),
                           ({"lr0": 0.1, "decay_rate": 2.0, "decay_steps": 5, "staircase": True}, None)],
    "warmup_cosine": [({"lr0": 0.1, "total_steps": 1000, "warmup_steps": 100}, None),
                      ({"lr0": 0.1, "total_steps": 50, "warmup_steps": 0}, None),
                      ({"lr0": 0.1, "total_steps": 40, "warmup_steps": 25}, None),
                      ({"lr0": 0.1, "total_steps": 7, "warmup_steps": 6}, None)],
    "wsd": [({"lr0": 0.1, "total_steps": 100, "warmup_steps": 10, "decay_steps": 20}, None),
            ({"lr0": 0.1, "total_steps": 50, "warmup_steps": 0, "decay_steps": 50, "decay_shape": "1-sqrt",
              "lr_min": 0.01}, None),
            ({"lr0": 0.1, "total_steps": 40, "warmup_steps": 15, "decay_steps": 25, "decay_shape": "cosine",
              "lr_min": 0.001}, None),
            ({"lr0": 0.1, "total_steps": 30, "warmup_steps": 5, "decay_steps": 0, "lr_min": 0.02}, None)],
    "inverse_sqrt": [({"lr0": 0.1, "warmup_steps": 100}, None),
                     ({"lr0": 0.1, "warmup_steps": 0}, None),
                     ({"lr0": 0.1, "warmup_steps": 30, "timescale": 3}, None),
                     ({"lr0": 0.1, "warmup_steps": 1, "timescale": 250.5}, None)],
    "cyclic": [({"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 10}, None),
               ({"base_lr": 0.0, "max_lr": 0.1, "step_size_up": 7, "step_size_down": 3, "mode": "triangular2"},
                None),
               ({"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4, "mode": "exp_range", "gamma": 0.9}, None),
               ({"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 6, "step_size_down": 0}, None)],
}
SCHEDULE_ROWS = [row for row in F.TRANSLATIONS if row.schedule in schedules.REGISTRY and row.framework_formula]


def _horizon(kwargs, total_steps):
    return (total_steps or kwargs.get("total_steps") or kwargs.get("step_size") or kwargs.get("decay_steps")
            or kwargs.get("step_size_up") or 100)


def _translatable_pairs():
    pairs = []
    for row in SCHEDULE_ROWS:
        for kwargs, total_steps in CASES[row.schedule]:
            try:
                row.translate(kwargs, total_steps)
            except ValueError:
                continue
            pairs.append(pytest.param(row, kwargs, total_steps, id=f"{row.framework}: {row.call(kwargs, total_steps)}"))
    return pairs


PAIRS = _translatable_pairs()


# --- structure of the data ------------------------------------------------------------------


def test_one_row_per_course_schedule_and_framework():
    keys = [(row.schedule, row.framework) for row in F.TRANSLATIONS]
    assert len(keys) == len(set(keys)) == len(F.COURSE_SCHEDULES) * len(F.FRAMEWORKS)
    # Every decaying schedule of the registry has a row; the constant rate is no scheduler at all.
    assert set(F.COURSE_SCHEDULES) == {*schedules.REGISTRY, "plateau_schedule", "with_warmup", "join_schedules"} - {"constant"}
    assert F.translations_for("cosine_annealing")[0].framework == "pytorch"


@pytest.mark.parametrize("row", F.TRANSLATIONS, ids=lambda r: f"{r.schedule}-{r.framework}")
def test_rows_are_complete(row):
    if row.name is None:
        assert row.notes and row.framework_formula is None and row.translate_rule is None
        with pytest.raises(ValueError, match="has no built-in equivalent"):
            row.translate({})
        with pytest.raises(ValueError, match="no formula"):
            row.evaluate([0], {})
        return
    assert row.call_template and row.parameters and row.framework_formula and row.translate_rule
    assert row.agreement and row.stepping
    assert all(key in F.TRAPS for key in row.traps)
    placeholders = {part.split("}")[0] for part in row.call_template.split("{")[1:]}
    if row.example:
        try:
            theirs = row.translate(row.example, F.EXAMPLE_TOTAL_STEPS.get(row.schedule))
        except ValueError:  # the course example uses period_mult=2: not Hugging Face's equal cycles
            assert (row.schedule, row.framework) == ("cosine_restarts", "huggingface")
        else:
            assert placeholders == set(theirs)


def test_every_course_schedule_has_an_equivalent_somewhere_and_every_trap_is_used():
    for schedule in F.COURSE_SCHEDULES:
        assert any(row.name for row in F.translations_for(schedule)), schedule
    used = {key for row in F.TRANSLATIONS for key in row.traps}
    # Schedule-free training has no schedule, so no row of the table carries its trap.
    assert set(F.TRAPS) - used == {"schedule_free_eval"} and used <= set(F.TRAPS)


def test_the_test_cases_cover_every_formula_row_and_past_the_end():
    covered = {(p.values[0].schedule, p.values[0].framework) for p in PAIRS}
    assert covered == {(row.schedule, row.framework) for row in SCHEDULE_ROWS}


# --- each row's formula against our schedules ------------------------------------------------


@pytest.mark.parametrize(("row", "kwargs", "total_steps"), PAIRS)
def test_framework_formula_with_translated_parameters_equals_our_schedule(row, kwargs, total_steps):
    horizon = _horizon(kwargs, total_steps)
    until = row.last_agreeing_step(kwargs, total_steps)
    last = int(min(until, 3 * horizon + 50))
    steps = np.arange(0, last + 1, dtype=float)
    theirs = row.framework_formula(steps, **row.translate(kwargs, total_steps))
    ours = F.course_function(row.schedule)(steps, **kwargs)
    np.testing.assert_allclose(theirs, ours, rtol=RTOL, atol=ATOL, err_msg=row.call(kwargs, total_steps))
    if until == math.inf and "total_steps" in kwargs:
        assert last > kwargs["total_steps"], "checked past the end where the framework holds"


@pytest.mark.parametrize(("row", "kwargs", "total_steps"),
                         [p for p in PAIRS if p.values[0].agrees_until is not None])
def test_where_agreement_ends_the_framework_really_differs(row, kwargs, total_steps):
    until = int(row.last_agreeing_step(kwargs, total_steps))
    theirs = row.translate(kwargs, total_steps)
    ours = F.course_function(row.schedule)(until + 1, **kwargs)
    if row.schedule == "one_cycle":
        # PyTorch: one step past the end the cosine has turned up; two past, an error.
        assert row.framework_formula(until + 1, **theirs) > 2 * ours
        with pytest.raises(ValueError, match="Tried to step"):
            row.framework_formula(until + 2, **theirs)
        return
    steps = np.arange(until + 1, until + 1 + 2 * _horizon(kwargs, total_steps))
    assert np.max(np.abs(row.framework_formula(steps, **theirs) - F.course_function(row.schedule)(steps, **kwargs))) > 1e-4


# --- against the real libraries --------------------------------------------------------------

REAL_CASES = [c for c in REAL["cases"]]


def _real_id(case):
    return f"{case['framework']}: {case['name'].rsplit('.', 1)[-1]} {case['kwargs']}"


@pytest.mark.parametrize("case", REAL_CASES, ids=_real_id)
def test_formula_and_course_match_the_recorded_library(case):
    row = F.translation(case["schedule"], case["framework"])
    values = np.asarray(case["values"])
    assert row.translate(case["kwargs"], case["total_steps"]) == case["theirs"], "translation unchanged"
    if "metrics" in case:
        theirs = row.framework_formula(case["metrics"], **case["theirs"])
        ours = plateau_schedule(case["metrics"], **case["kwargs"])
        compared = slice(None)
    else:
        steps = np.asarray(case["steps"], dtype=float)
        theirs = row.framework_formula(steps, **case["theirs"])
        ours = F.course_function(case["schedule"])(steps, **case["kwargs"])
        limit = case["compare_up_to"]
        compared = steps <= (limit if limit is not None else math.inf)
    # The formula is the library's, past the end too.
    np.testing.assert_allclose(theirs, values, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(ours[compared], values[compared], rtol=RTOL, atol=ATOL)


def test_real_values_cover_every_pytorch_keras_and_hf_formula_row():
    recorded = {(c["schedule"], c["framework"]) for c in REAL_CASES}
    expected = {(row.schedule, row.framework) for row in F.TRANSLATIONS
                if row.framework != "optax" and row.framework_formula
                and row.schedule not in ("with_warmup", "join_schedules")}
    assert recorded == expected
    assert REAL["generated_with"]["torch"].startswith("2.13.0")
    assert REAL["generated_with"]["keras_floatx"] == "float64"
    assert any(c["compare_up_to"] is not None and len(c["steps"]) > c["compare_up_to"] + 1
               for c in REAL_CASES if "steps" in c)


def _build(description):
    name, kwargs = description
    return partial(schedules.REGISTRY[name].function, **kwargs)


def _optax_id(case):
    return f"{case['name']} {case.get('kwargs', case.get('description'))}"


@pytest.mark.parametrize("case", OPTAX["cases"], ids=_optax_id)
def test_optax_rows_match_recorded_optax(case):
    row = F.translation(case["schedule"], "optax")
    values = np.asarray(case["values"])
    if "metrics" in case:
        theirs = row.framework_formula(case["metrics"], **row.translate(case["kwargs"]))
        ours = plateau_schedule(case["metrics"], **case["kwargs"])
        compared = slice(None)
    elif "description" in case:
        description = case["description"]
        if case["schedule"] == "with_warmup":
            kwargs = {**description, "schedule": _build(description["schedule"])}
        else:
            kwargs = {**description, "schedules": [_build(d) for d in description["schedules"]]}
        steps = np.asarray(case["steps"], dtype=float)
        theirs = row.evaluate(steps, kwargs)
        ours = F.course_function(case["schedule"])(steps, **kwargs)
        compared = slice(None)
    else:
        steps = np.asarray(case["steps"], dtype=float)
        theirs = row.framework_formula(steps, **row.translate(case["kwargs"], case["total_steps"]))
        ours = F.course_function(case["schedule"])(steps, **case["kwargs"])
        limit = case["compare_up_to"]
        compared = steps <= (limit if limit is not None else math.inf)
    np.testing.assert_allclose(theirs, values, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(ours[compared], values[compared], rtol=RTOL, atol=ATOL)


def test_optax_values_cover_every_optax_row():
    recorded = {c["schedule"] for c in OPTAX["cases"]}
    assert recorded == {row.schedule for row in F.TRANSLATIONS if row.framework == "optax" and row.name}
    assert OPTAX["generated_with"]["jax_enable_x64"] is True


@pytest.mark.parametrize("extra", REAL["extras"] + OPTAX["extras"], ids=lambda e: e["call"])
def test_trap_formulas_match_the_recorded_library(extra):
    formula = getattr(F, extra["formula"])
    argument = extra["metrics"] if "metrics" in extra else np.asarray(extra["steps"], dtype=float)
    np.testing.assert_allclose(formula(argument, **extra["kwargs"]), extra["values"], rtol=RTOL, atol=ATOL)


# --- plateau and composition rows --------------------------------------------------------------

plateau_options = st.fixed_dictionaries(
    {
        "mode": st.sampled_from(["min", "max"]),
        "factor": st.sampled_from([0.1, 0.25, 0.5, 0.9]),
        "patience": st.integers(0, 5),
        "threshold": st.sampled_from([0.0, 0.01, 0.1]),
        "threshold_mode": st.sampled_from(["rel", "abs"]),
        "cooldown": st.integers(0, 4),
        "min_lr": st.sampled_from([0.0, 0.001, 0.05]),
    }
)
metric_lists = st.lists(st.floats(-5, 5, allow_nan=False), max_size=50)


@settings(max_examples=150, deadline=None)
@given(metrics=metric_lists, kwargs=plateau_options, framework=st.sampled_from(list(F.FRAMEWORKS)))
def test_plateau_rows_follow_our_plateau_schedule(metrics, kwargs, framework):
    row = F.translation("plateau_schedule", framework)
    # Keras and optax have no eps: compare with eps=0.
    ours_kwargs = {"lr0": 1.0, **kwargs, "eps": 0.0}
    try:
        theirs = row.translate(ours_kwargs)
    except ValueError:
        assert (framework == "keras" and kwargs["threshold_mode"] == "rel" and kwargs["threshold"] > 0) or (
            framework == "optax" and (kwargs["mode"] == "max" or kwargs["threshold"] == 0))
        return
    np.testing.assert_allclose(row.framework_formula(metrics, **theirs), plateau_schedule(metrics, **ours_kwargs),
                               rtol=1e-12)


@pytest.mark.parametrize("framework", ["pytorch", "optax"])
@pytest.mark.parametrize("start_factor", [0.01, 0.5, 1.0])
@pytest.mark.parametrize(
    "schedule",
    [partial(schedules.cosine_annealing, lr0=0.1, total_steps=30, lr_min=0.01),
     partial(schedules.step_decay, lr0=0.2, gamma=0.5, step_size=4),
     partial(schedules.cosine_restarts, lr0=0.1, period=5, period_mult=2)],
    ids=["cosine", "step", "restarts"],
)
def test_with_warmup_rows(framework, start_factor, schedule):
    row = F.translation("with_warmup", framework)
    kwargs = {"schedule": schedule, "warmup_steps": 7, "start_factor": start_factor}
    steps = np.arange(0, 80, dtype=float)
    np.testing.assert_allclose(row.evaluate(steps, kwargs), with_warmup(**kwargs)(steps), rtol=1e-12, atol=1e-15)
    assert "milestones=[7]" in row.call(kwargs) or "boundaries=[7]" in row.call(kwargs)


def test_with_warmup_row_for_pytorch_refuses_what_linear_lr_cannot_do():
    row = F.translation("with_warmup", "pytorch")
    cosine = partial(schedules.cosine_annealing, lr0=0.1, total_steps=30)
    with pytest.raises(ValueError, match="LinearLR needs start_factor > 0"):
        row.translate({"schedule": cosine, "warmup_steps": 5})
    with pytest.raises(ValueError, match="lr0 must equal schedule"):
        row.translate({"schedule": cosine, "warmup_steps": 5, "start_factor": 0.1, "lr0": 0.2})
    optax_row = F.translation("with_warmup", "optax")
    steps = np.arange(40, dtype=float)
    kwargs = {"schedule": cosine, "warmup_steps": 5, "lr0": 0.2}
    np.testing.assert_allclose(optax_row.evaluate(steps, kwargs), with_warmup(**kwargs)(steps), rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(boundaries=st.lists(st.integers(0, 60), min_size=1, max_size=3, unique=True).map(sorted),
       framework=st.sampled_from(["pytorch", "optax"]))
def test_join_rows(boundaries, framework):
    parts = [partial(schedules.exponential_decay, lr0=0.1 / (k + 1), gamma=0.5, total_steps=5 + k)
             for k in range(len(boundaries) + 1)]
    kwargs = {"schedules": parts, "boundaries": boundaries}
    steps = np.arange(0, 100, dtype=float)
    row = F.translation("join_schedules", framework)
    np.testing.assert_allclose(row.evaluate(steps, kwargs), join_schedules(**kwargs)(steps), rtol=1e-12)


# --- translations that cannot be done, and bad input -------------------------------------------


@pytest.mark.parametrize(
    ("schedule", "framework", "kwargs", "total_steps", "match"),
    [
        ("exponential_decay", "pytorch", {"lr0": 0.1, "gamma": 0.5, "total_steps": 10, "staircase": True}, None,
         r"StepLR\(step_size=total_steps"),
        ("polynomial_decay", "pytorch", {"lr0": 0.1, "total_steps": 10, "lr_end": 0.01}, None,
         r"always decays to 0; got lr_end=0\.01"),
        ("polynomial_decay", "huggingface", {"lr0": 0.1, "total_steps": 10, "lr_end": 0.1}, None,
         r"needs lr_end < lr"),
        ("cosine_restarts", "pytorch", {"lr0": 0.1, "period": 5, "period_mult": 1.5}, None,
         r"whole T_mult; got period_mult=1\.5"),
        ("cosine_restarts", "huggingface", {"lr0": 0.1, "period": 5, "period_mult": 2}, 50,
         r"period_mult=1 and lr_min=0"),
        ("cosine_restarts", "huggingface", {"lr0": 0.1, "period": 5}, None, r"pass total_steps="),
        ("cosine_restarts", "optax", {"lr0": 0.1, "period": 5}, None, r"pass total_steps="),
        ("one_cycle", "optax", {"lr_max": 0.1, "total_steps": 10, "pct_start": 0.25}, None,
         r"pct_start \* total_steps - 1 = 1\.5 is not whole"),
        ("multistep_decay", "keras", {"lr0": 0.1, "milestones": [], "gamma": 0.5}, None,
         r"needs at least one boundary"),
        ("warmup_cosine", "keras", {"lr0": 0.1, "total_steps": 10, "warmup_steps": 10}, None,
         r"decay_steps = total_steps - warmup_steps > 0"),
        ("warmup_cosine", "optax", {"lr0": 0.1, "total_steps": 10, "warmup_steps": 10}, None,
         r"total_steps > warmup_steps"),
        ("plateau_schedule", "keras", {"lr0": 0.1}, None, r"min_delta is an absolute threshold"),
        ("plateau_schedule", "optax", {"lr0": 0.1, "mode": "max", "threshold_mode": "abs"}, None,
         r"only minimises"),
        ("plateau_schedule", "optax", {"lr0": 0.1, "threshold": 0.0}, None, r"rtol > 0 or atol > 0"),
        # Our own parameter checks run first, with our messages.
        ("cosine_annealing", "keras", {"lr0": -0.1, "total_steps": 10}, None, r"lr0 must be > 0; got lr0=-0\.1"),
        ("step_decay", "optax", {"lr0": 0.1, "gamma": 0.5, "step_size": 0}, None, r"step_size must be a whole number"),
        ("plateau_schedule", "pytorch", {"lr0": 0.1, "factor": 2.0}, None, r"factor must be in \(0, 1\)"),
        ("with_warmup", "optax", {"schedule": 0.1, "warmup_steps": 3}, None, r"schedule must be a callable"),
        ("join_schedules", "pytorch", {"schedules": [], "boundaries": []}, None, r"non-empty list"),
    ],
)
def test_translate_refuses_what_the_framework_cannot_express(schedule, framework, kwargs, total_steps, match):
    with pytest.raises(ValueError, match=match):
        F.translation(schedule, framework).translate(kwargs, total_steps)


def test_looking_up_unknown_rows():
    with pytest.raises(ValueError, match="schedule must be one of"):
        F.translation("linear_decay", "pytorch")
    with pytest.raises(ValueError, match="framework must be one of"):
        F.translation("step_decay", "tensorflow")
    with pytest.raises(ValueError, match="schedule must be one of"):
        F.course_function("linear_decay")


def test_the_documented_translations():
    keras_cosine = F.translation("cosine_annealing", "keras")
    assert keras_cosine.translate({"lr0": 0.2, "total_steps": 500, "lr_min": 0.002})["alpha"] == pytest.approx(0.01)
    assert keras_cosine.call({"lr0": 0.2, "total_steps": 500, "lr_min": 0.002}) == \
        "CosineDecay(initial_learning_rate=0.2, decay_steps=500, alpha=0.01)"
    rules = {rule.ours: rule for rule in F.translation("exponential_decay", "keras").parameters}
    assert rules["total_steps"].theirs == "decay_steps"
    assert F.translation("exponential_decay", "pytorch").translate(
        {"lr0": 0.1, "gamma": 0.9, "total_steps": 1000})["gamma"] == pytest.approx(0.9 ** 0.001)
    assert F.translation("multistep_decay", "keras").translate(
        {"lr0": 1.0, "milestones": [3, 5, 5], "gamma": 0.5}) == {"boundaries": [2, 4], "values": [1.0, 0.5, 0.125]}
    assert F.translation("multistep_decay", "optax").translate(
        {"lr0": 1.0, "milestones": [3, 5, 5], "gamma": 0.5})["boundaries_and_scales"] == {3: 0.5, 5: 0.25}
    assert F.translation("warmup_cosine", "optax").translate(
        {"lr0": 0.1, "total_steps": 100, "warmup_steps": 10})["decay_steps"] == 100
    assert F.translation("warmup_cosine", "keras").translate(
        {"lr0": 0.1, "total_steps": 100, "warmup_steps": 10})["decay_steps"] == 90
    onecycle = F.translation("one_cycle", "optax").translate({"lr_max": 0.1, "total_steps": 100, "pct_start": 0.3})
    assert onecycle["transition_steps"] == 99 and int(onecycle["pct_start"] * 99) == 29
    keras_plateau = F.translation("plateau_schedule", "keras").translate(
        {"lr0": 0.1, "patience": 3, "cooldown": 2, "threshold": 0.01, "threshold_mode": "abs"})
    assert (keras_plateau["patience"], keras_plateau["cooldown"], keras_plateau["min_delta"]) == (4, 3, 0.01)


def test_a_copied_call_reproduces_the_value():
    """The printed optax pct_start keeps every digit, so int(pct_start * 99) is still 29."""
    call = F.translation("one_cycle", "optax").call({"lr_max": 0.1, "total_steps": 100, "pct_start": 0.3})
    printed = float(call.split("pct_start=")[1].split(",")[0])
    assert int(printed * 99) == 29


# --- traps -------------------------------------------------------------------------------------


def test_every_trap_demo_runs_and_is_plain_data():
    for trap in F.TRAPS.values():
        assert trap.title and trap.text and set(trap.frameworks) <= set(F.FRAMEWORKS)
        if trap.demo is not None:
            json.dumps(trap.demo())


def test_every_trap_has_a_demo_with_every_entry_labelled_in_words():
    for key, trap in F.TRAPS.items():
        assert trap.demo is not None, key
        entries = set(trap.demo()) - {"call", "steps", "update", "metrics"}
        assert entries == set(trap.labels), key
        for name, label in trap.labels.items():
            assert label != name or name.startswith("get_"), (key, name)  # only real function names stay
    assert F.TRAPS["warmup_inside_or_outside_horizon"].label("keras_decay_steps_100_wrong") == \
        "Keras, decay_steps = T (wrong)"
    with pytest.raises(ValueError, match="name must be a labelled entry of the gamma_per_step demo"):
        F.TRAPS["gamma_per_step"].label("pytorch")


def test_trap_t_mult_integer_shows_pytorchs_error_and_keras_agreeing():
    demo = F.TRAPS["t_mult_integer"].demo()
    with pytest.raises(ValueError) as error:
        F.translation("cosine_restarts", "pytorch").translate({"lr0": 0.1, "period": 10, "period_mult": 1.5})
    assert demo["pytorch_error"] == str(error.value)
    assert "needs a whole T_mult" in demo["pytorch_error"] and "period_mult=1.5" in demo["pytorch_error"]
    np.testing.assert_allclose(demo["keras"], demo["course"], rtol=1e-9)
    # The restarts of a 1.5x growing cycle: at 10 and at 10 + 15 = 25.
    assert [s for s, v in zip(demo["steps"], demo["course"]) if v == 0.1] == [0, 10, 25]


def test_trap_cosine_rises_past_t_max():
    demo = F.TRAPS["cosine_rises_past_t_max"].demo()
    assert demo["pytorch"][2] == pytest.approx(0.0, abs=1e-15)
    assert demo["pytorch"][3] == pytest.approx(0.05) and demo["pytorch"][4] == pytest.approx(0.1)
    assert demo["course"][2:] == [0.0, 0.0, 0.0]


def test_trap_hf_cosine_rises():
    demo = F.TRAPS["hf_cosine_rises_past_end"].demo()
    assert demo["huggingface"][2] == pytest.approx(0.0, abs=1e-15) and demo["huggingface"][4] == pytest.approx(0.1)
    assert demo["course"][3:] == [0.0, 0.0]


def test_trap_epoch_vs_batch():
    demo = F.TRAPS["epoch_vs_batch"].demo()
    wrong, right = demo["stepped_per_batch_with_T_max_in_epochs"], demo["T_max_in_batches"]
    assert wrong[1] == pytest.approx(0.0, abs=1e-15) and wrong[2] == pytest.approx(0.1)  # 50 batches: 0; 100: back up
    assert right[2] == pytest.approx(0.1 * (1 + math.cos(math.pi * 100 / 500)) / 2)
    assert demo["stepped_per_epoch"][2] == pytest.approx(0.1 * (1 + math.cos(math.pi * 2 / 10)) / 2)


def test_trap_first_step():
    demo = F.TRAPS["first_step_off_by_one"].demo()
    # recorded from PyTorch: the right order is the course's step decay; the wrong one is one update ahead
    assert demo["optimizer_step_then_scheduler_step"] == pytest.approx(demo["course"])
    assert demo["optimizer_step_then_scheduler_step"] == pytest.approx([0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001])
    assert demo["scheduler_step_first"][:-1] == pytest.approx(demo["course"][1:])
    assert demo["warning"].startswith("Detected call of `lr_scheduler.step()` before `optimizer.step()`")


def test_trap_keras_boundary():
    demo = F.TRAPS["keras_boundary_off_by_one"].demo()
    assert demo["keras_boundary_3"] == [0.1, 0.1, 0.1, 0.1, 0.01]
    assert demo["keras_boundary_2"] == [0.1, 0.1, 0.1, 0.01, 0.01]
    np.testing.assert_allclose(demo["pytorch"], demo["keras_boundary_2"], rtol=1e-15)


def test_trap_warmup_inside_or_outside_the_horizon():
    demo = F.TRAPS["warmup_inside_or_outside_horizon"].demo()
    np.testing.assert_allclose(demo["keras_decay_steps_90"], demo["course"], atol=1e-15)
    np.testing.assert_allclose(demo["optax_decay_steps_100"], demo["course"], atol=1e-15)
    end = 0.1 * (1 + math.cos(math.pi * 90 / 100)) / 2  # 0.00245
    assert demo["keras_decay_steps_100_wrong"][-1] == pytest.approx(end)
    assert demo["pytorch_sequential_T_max_100_wrong"][-1] == pytest.approx(end)
    assert demo["optax_decay_steps_90_wrong"][3] == pytest.approx(0.0, abs=1e-15)  # at step 90, 10 steps early
    assert demo["course"][-1] == 0.0


def test_trap_gamma_per_step():
    demo = F.TRAPS["gamma_per_step"].demo()
    assert demo["gamma_0.9_per_step"][0] == pytest.approx(0.1 * 0.9**1000) and demo["gamma_0.9_per_step"][0] < 1e-46
    assert demo["gamma_0.9**(1/1000)_per_step"][0] == pytest.approx(0.09)
    assert demo["course_gamma_0.9_over_T_1000"][0] == pytest.approx(0.09)


def test_trap_one_cycle_past_end():
    demo = F.TRAPS["one_cycle_past_end"].demo()
    assert demo["error_at_101"] == "Tried to step 101 times. The specified number of total steps is 100"
    assert demo["pytorch"][0] == pytest.approx(demo["course"][0])
    assert demo["pytorch"][1] > 100 * demo["course"][1]  # at t = total_steps the rate has turned up


def test_trap_optax_onecycle_peak():
    demo = F.TRAPS["optax_onecycle_one_step_later"].demo()
    assert (demo["pytorch_peak_step"], demo["optax_peak_step"]) == (29, 30)
    assert (demo["pytorch_final_step"], demo["optax_final_step"]) == (99, 100)
    recorded = next(e for e in OPTAX["extras"] if e["formula"] == "optax_cosine_onecycle_schedule")
    assert int(np.argmax(recorded["values"])) == 30


def test_trap_plateau_patience():
    demo = F.TRAPS["plateau_patience_off_by_one"].demo()
    assert demo["pytorch_patience_2"].index(0.5) == 3
    assert demo["keras_patience_2"].index(0.5) == 2
    assert demo["keras_patience_3"] == demo["pytorch_patience_2"]
    recorded = next(c for c in REAL_CASES if c["framework"] == "keras" and "metrics" in c
                    and c["kwargs"]["patience"] == 2)
    assert recorded["theirs"]["patience"] == 3


def test_trap_optax_plateau_patience_zero():
    demo = F.TRAPS["optax_plateau_patience_zero"].demo()
    assert demo["optax_patience_0"] == [0.5, 0.25, 0.125, 0.0625, 0.03125]
    assert demo["pytorch_patience_0"] == [1.0] * 5
    recorded = next(e for e in OPTAX["extras"] if e["formula"] == "optax_reduce_on_plateau")
    assert recorded["values"] == demo["optax_patience_0"]


def test_trap_hf_lr_rate_shift():
    demo = F.TRAPS["hf_lr_rate_variant_shifted"].demo()
    plain, shifted = demo["get_cosine_with_min_lr_schedule_with_warmup"], demo[
        "get_cosine_with_min_lr_schedule_with_warmup_lr_rate"]
    assert plain[0] == 0.0 and shifted[0] == pytest.approx(0.01)
    assert shifted[2] == pytest.approx(0.1) and plain[2] == pytest.approx(0.09)  # peak at step 9, not 10
    assert shifted[4] == pytest.approx(0.0, abs=1e-15) and plain[4] > 1e-6  # 0 at step 99, not 100
    assert plain[5] == pytest.approx(0.0, abs=1e-15) and shifted[5] > 1e-6  # and rising from step 100


def test_trap_float32_and_polynomial_defaults():
    demo = F.TRAPS["keras_float32"].demo()
    assert 1e-10 < demo["relative_difference"] < 1e-6
    demo = F.TRAPS["polynomial_defaults"].demo()
    assert demo["keras_at_decay_steps"] == pytest.approx(1e-4) and demo["hf_at_num_training_steps"] == pytest.approx(1e-7)
    assert demo["course_at_total_steps"] == 0.0
    # The defaults are read from the formulas' signatures, not typed in again.
    assert demo["keras_PolynomialDecay_default_end_learning_rate"] == demo["keras_at_decay_steps"]


# --- the table ---------------------------------------------------------------------------------


def test_the_full_table():
    table = ch12_frameworks.framework_table()
    assert isinstance(table, Table) and getattr(F, "Table", Table) is Table  # no Table of its own
    assert len(table.rows) == len(F.TRANSLATIONS) and tuple(table.columns) == F.TABLE_COLUMNS
    assert all(len(row) == len(table.columns) and all(isinstance(cell, str) for cell in row) for row in table.rows)
    assert str(len(F.TRANSLATIONS)) in table.title
    records = F.framework_records()
    assert [tuple(r.values()) for r in records] == [tuple(row) for row in table.rows]
    keras_cosine = next(r for r in records if r["schedule"] == "cosine_annealing" and r["framework"] == "Keras")
    assert "lr_min → alpha — alpha = lr_min / lr0 (a fraction, not a rate)" in keras_cosine["parameters"]
    keras_multistep = next(r for r in records if r["schedule"] == "multistep_decay" and r["framework"] == "Keras")
    assert keras_multistep["parameters"].startswith(
        "milestones → boundaries — [m - 1 for each milestone m]: Keras switches one step after each boundary; ")
    keras_step = next(r for r in records if r["schedule"] == "step_decay" and r["framework"] == "Keras")
    assert "(none) → staircase — staircase=True" in keras_step["parameters"]
    assert keras_cosine["example"] == "CosineDecay(initial_learning_rate=0.1, decay_steps=1000, alpha=0.01)"
    torch_cosine = next(r for r in records if r["schedule"] == "cosine_annealing" and r["framework"] == "PyTorch")
    assert "Cosine past T_max rises again" in torch_cosine["traps"]
    missing = next(r for r in records if r["schedule"] == "inverse_time_decay" and r["framework"] == "PyTorch")
    assert missing["name"].startswith("—") and "LambdaLR" in missing["parameters"]
    hf_restarts = next(r for r in records if r["schedule"] == "cosine_restarts" and r["framework"].startswith("Hugging"))
    assert hf_restarts["example"].startswith("not expressible")


def test_parameter_cells_have_no_nested_brackets():
    for record in F.framework_records():
        if record["name"].startswith("—"):
            continue
        for part in record["parameters"].split("; "):
            depth = 0
            for char in part:
                depth += char in "(["
                assert depth <= 1, part
                depth -= char in ")]"
            assert part.count(" — ") <= 1 and part.count(" → ") == 1, part


def test_table_selection_and_bad_names():
    table = ch12_frameworks.framework_table(["step_decay", "plateau_schedule"], ["optax"])
    assert [row[0] for row in table.rows] == ["step_decay", "plateau_schedule"]
    assert [r["schedule"] for r in F.framework_records(["step_decay"], ["optax", "keras"])] == ["step_decay"] * 2
    with pytest.raises(ValueError, match="schedules must hold names from"):
        ch12_frameworks.framework_table(["warmup"])
    with pytest.raises(ValueError, match="frameworks must hold names from"):
        ch12_frameworks.framework_table(frameworks=["jax"])
