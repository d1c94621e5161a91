"""The graded-assignment builder without nbgrader: spec checks, numbers of their own, the cells it writes."""

from __future__ import annotations

import importlib
import json
import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from lrdecay_lessons.authoring.assignments import (
    chapter_notebook, exercise_cells, graded_exercises, load_spec, source_notebook, variable_name)
from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.exercises import CHAPTER_PREFIXES, exercise
from lrdecay_lessons.exercises.ch02_step_decay import ARTICLE, EXERCISES, bank

CHAPTERS = Path(__file__).resolve().parents[1] / "notebooks"
SPEC = Path(__file__).resolve().parents[1] / "assignments" / "spec.json"
BANKS = {name: importlib.import_module(f"lrdecay_lessons.exercises.{name}") for name in CHAPTER_PREFIXES.values()}
GRADED = sorted(name for name, module in BANKS.items() if hasattr(module, "bank"))
UNGRADED = sorted(set(BANKS) - set(GRADED))
NUMBERS = {"article": {"lr0": 0.2, "gamma": 0.5, "step_size": 50}, "threshold": 0.002,
           "batches_per_epoch": 60, "accumulation": 3, "at_epoch": 45,
           "multistep": {"lr0": 0.1, "milestones": [20, 40], "gamma": 0.1}}


def spec_file(tmp_path, spec):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    return path


def test_the_chapter_bank_is_the_factory_with_its_defaults():
    """The chapter's exercises are its prediction exercises (no graded variant) followed by bank() at its defaults."""
    from lrdecay_lessons.exercises.ch02_step_decay import PREDICTIONS

    assert [(e.key, e.text, e.solve()) for e in PREDICTIONS + bank()] == [(e.key, e.text, e.solve()) for e in EXERCISES]
    assert not {e.key for e in PREDICTIONS} & {e.key for e in bank()}


def _shown(item):
    right = item.solve()
    return (item.key, item.text, item.hint, item.kind, item.digits, item.rtol, tuple(item.choices), repr(right),
            item.explanation(right) if item.explanation else None)


@pytest.mark.parametrize("name", GRADED)
def test_every_factory_at_its_defaults_gives_the_chapters_exercises(name):
    """What the chapter shows (question, hint, answer, explanation) is bank() at its defaults, in the chapter's order."""
    module = BANKS[name]
    chapter = {item.key: _shown(item) for item in module.EXERCISES}
    made = [_shown(item) for item in module.bank()]
    assert made and all(chapter[row[0]] == row for row in made)
    graded_keys = [row[0] for row in made]
    assert [key for key in chapter if key in graded_keys] == graded_keys


def test_other_numbers_give_other_answers_and_do_not_claim_the_article():
    items = graded_exercises("a", {"bank": "ch02_step_decay", "numbers": NUMBERS})
    assert [item.solve() for item in items] == [350, 200, "milestones"]
    assert "article" not in items[0].text and "η₀ = 0.2, γ = 0.5, s = 50" in items[0].text
    assert "article's example (η₀ = 0.1" in exercise("step-first-below").text


def test_numbers_that_keep_the_chapters_answer_are_refused():
    with pytest.raises(InvalidParameterError, match=r"a.numbers give 'step-epochs-to-steps' the chapter's own"):
        graded_exercises("a", {"bank": "ch02_step_decay", "numbers": {**NUMBERS, "accumulation": 4,
                                                                      "batches_per_epoch": 48}})
    with pytest.raises(InvalidParameterError, match="step-first-below"):
        graded_exercises("a", {"bank": "ch02_step_decay", "numbers": {**NUMBERS, "article": ARTICLE,
                                                                      "threshold": 1e-3}})


@pytest.mark.parametrize("entry,message", [
    ({"bank": "ch02_step_decay", "numbers": {"treshold": 0.1}}, r"a.numbers must set some of \[.*'threshold'"),
    ({"bank": "ch02_step_decay"}, r"a.numbers must set some of"),
] + ([({"bank": UNGRADED[0], "numbers": {"x": 1}},
        re.escape(f"a.bank must be a bank with numbers of its own, one of {GRADED}; got '{UNGRADED[0]}'"))]
       if UNGRADED else []))
def test_bad_numbers_are_named(entry, message):
    with pytest.raises(InvalidParameterError, match=message):
        graded_exercises("a", entry)


@pytest.mark.parametrize("spec,message", [
    ({"a": {"bank": "ch99"}}, r"a.bank must be one of \[.*'ch02_step_decay'.*got 'ch99'"),
    ({"a b": {"bank": "ch02_step_decay"}}, "assignment names must be identifiers"),
    ({"a": {"bank": "ch02_step_decay", "figure": 1}}, r"a: fields must be among .*got \['figure'\]"),
    ({"a": {"bank": "ch02_step_decay", "figures": -1}}, r"a.figures must be a whole number >= 0; got -1"),
    ([], "spec must be a JSON object"),
])
def test_bad_specs_are_named(tmp_path, spec, message):
    with pytest.raises(InvalidParameterError, match=message):
        load_spec(spec_file(tmp_path, spec))


def test_each_exercise_is_a_question_a_named_answer_and_a_hidden_test_worth_a_point():
    item = graded_exercises("a", {"bank": "ch02_step_decay", "numbers": NUMBERS})[0]
    question, answer, test = exercise_cells(item)
    assert variable_name(item.key) == "step_first_below"
    assert question.metadata.nbgrader["locked"] and item.text in question.source
    assert answer.metadata.nbgrader["solution"] and "### BEGIN SOLUTION\nstep_first_below = 350\n" in answer.source
    assert test.metadata.nbgrader["points"] == 1 and "### BEGIN HIDDEN TESTS" in test.source
    namespace = {"step_first_below": 350}
    exec(test.source, namespace)  # the hidden test passes on the right answer ...
    with pytest.raises(AssertionError):
        exec(test.source, {"step_first_below": 351})  # ... and fails on a wrong one


def test_the_pictures_asked_for_are_attached():
    nb = source_notebook("a", {"bank": "ch02_step_decay", "figures": 2, "numbers": NUMBERS}, CHAPTERS)
    attached = [cell for cell in nb.cells if cell.get("attachments")]
    assert len(attached) == 1 and sorted(attached[0].attachments) == ["figure-1.png", "figure-2.png"]
    nbformat.validate(nb)
    with pytest.raises(InvalidParameterError, match=r"figures must be at most \d+ for 02_step_decay.ipynb; got 99"):
        source_notebook("a", {"bank": "ch02_step_decay", "figures": 99, "numbers": NUMBERS},
                        CHAPTERS)


@pytest.mark.parametrize("name,numbers,message", [
    ("ch04_polynomial_decay", {"literal_power": 2.5}, r"literal_power must be a whole number .*got literal_power=2.5"),
    ("ch04_polynomial_decay", {"literal_at": 900}, r"literal_at must be a step past total_steps = 1000; got literal_at=900"),
    ("ch04_polynomial_decay", {"lr_end": 0.2}, r"lr_end must be in \[0, lr0 = 0.1\); got lr_end=0.2"),
    ("ch05_cosine_annealing", {"tail": 0.7}, r"tail must be in \(0, 0.5\] .*got tail=0.7"),
    ("ch05_cosine_annealing", {"mean_target": 0.03}, r"mean_target must be in .* = \[0.05005, 0.1\) .*got mean_target=0.03"),
    ("ch05_cosine_annealing", {"pytorch_step": 21}, r"pytorch_step must be a recorded step past T_max, 11 … 20; got "
                                                    r"pytorch_step=21"),
    ("ch06_comparison", {"stop_at": 60}, r"stop_at must be a fraction of T in \(0, 1\); got stop_at=60"),
    ("ch06_comparison", {"matched": {"lr0": 0.1}}, r"matched must set lr0, total_steps and step_size; got \['lr0'\]"),
    ("ch01_why_decay", {"curvatures": (50, 2)}, r"curvatures must be two numbers 0 < λ₁ < λ₂; got curvatures=\(50.0, 2.0\)"),
    ("ch01_why_decay", {"larger_batch": 10}, r"larger_batch must be larger than batch_size = 10; got larger_batch=10"),
    ("ch09_warmup_cycles", {"cyclic_recipe": {"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 100, "mode": "exp_range"}},
     r"cyclic_recipe\['mode'\] must be 'triangular2' .*got 'exp_range'"),
    ("ch09_warmup_cycles", {"transformer_at": 500}, r"transformer_at must be a step of the cosine part, 1000 … 10000; "
                                                     r"got transformer_at=500"),
    ("ch10_schedules_of_today", {"cooldown_at": 700}, r"cooldown_at must be a step of the cooldown, 800 … 1000; "
                                                       r"got cooldown_at=700"),
    ("ch07_hands_on", {"race": {"dataset": "digits"}}, r"race\['dataset'\] must be 'breast_cancer' .*got 'digits'"),
    ("ch07_hands_on", {"floor": {"lr": 0.1, "epochs": 20, "batch_sizes": (4, 32), "seeds": (0,)}},
     r"floor\['batch_sizes'\] must be two batch sizes as text, e.g. \('4', '32'\); got \(4, 32\)"),
    ("ch13_applications", {"preview_warmup": 1}, r"preview's drop η₀\(1 − γ\) must be larger than a step of the ramp "
                                                  r"η₀/W = 0.1; got preview="),
    ("ch14_summary", {"pytorch_at": 5}, r"pytorch_at must be a recorded step past T_max, 11 … 20; got pytorch_at=5"),
    ("ch14_summary", {"resume_ask": 1000}, r"resume_at and resume_ask must satisfy .*got 600 and 1000"),
])
def test_a_bank_names_numbers_that_make_no_question(name, numbers, message):
    with pytest.raises(InvalidParameterError, match=message):
        BANKS[name].bank(**numbers)


def test_the_pictures_come_from_the_chapter_of_that_number():
    """Banks and notebooks are named apart (ch09_warmup_cycles, 09_warmup_and_cycles.ipynb): the number finds it."""
    assert chapter_notebook(CHAPTERS, "ch09_warmup_cycles").name == "09_warmup_and_cycles.ipynb"
    assert chapter_notebook(CHAPTERS, "ch02_step_decay").name == "02_step_decay.ipynb"
    with pytest.raises(InvalidParameterError, match=r"notebooks must hold one chapter 09_\*.ipynb .*got \[\]"):
        chapter_notebook(CHAPTERS / "nowhere", "ch09_warmup_cycles")


def _step_period(lr0: float, gamma: float, horizon: int) -> int:
    """The period whose step-decay mean over t = 0 … T−1 is closest to cosine's η₀(T + 1)/(2T), by brute force."""
    t = np.arange(horizon)
    return min(range(1, horizon + 1), key=lambda s: abs(np.mean(lr0 * gamma ** (t // s)) - lr0 * (horizon + 1) / (2 * horizon)))


# The spec's answers worked out from each question's numbers (not by the bank's solve): a bank that takes a
# number but does not use it, or uses it in the wrong place, breaks these. "measured" answers come from runs.
SPEC_ANSWERS = {
    "step_decay": [7 * 50,  # 0.2 · 0.5^7 < 0.002 < 0.2 · 0.5^6
                   60 // 3 * 5, "milestones"],  # epoch 45: 0.1 · 0.1² = 0.001 < 0.1 · 0.5⁴
    "exponential_decay": [0.8 ** (1 / 500), "equal", math.ceil(500 * math.log(0.5) / math.log(0.8))],
    "polynomial_decay": [math.floor(800 * (1 - 0.25 ** 0.25)) + 1, 0.01 ** 0.25, 0.2 * (1 - 1000 / 800) ** 3,
                         (0.2 - 0.002) / 800],
    "cosine_annealing": [0.5 * (1 + math.cos(0.6 * math.pi)), math.floor(800 * math.acos(-0.8) / math.pi) + 1,
                         (0.13 - 0.2 * 801 / 1600) / (1 - 801 / 1600), 0.01 + 0.09 * 0.5 * (1 + math.cos(1.6 * math.pi))],
    "comparison": [0.2 * 9 / 16, "exponential_decay", _step_period(0.2, 0.6, 100),
                   math.log(0.5 * (1 + math.cos(math.pi * 99 / 100))) / math.log(1 / 100)],
    "why_decay": [2 / 40, 2 / 44, 20 / 8],
    "warmup_cycles": [0.002 * 0.5 * (1 + math.cos(math.pi * 4200 / 7200)), 5 + 15 + 45, 0.02 / 10 / 1000, 0.5 ** 3,
                      0.1 * 0.2,  # decay step 130: past the milestone 50, not 140
                      6,  # bad epochs 3 (0.845), 5 (0.799), 6 (0.801): two in a row > patience 1
                      22],  # 0.9 t / 40 > 0.4830 from t = 21.5
    "schedules_of_today": [0.2 * (1 - math.sqrt(300 / 500)), 2700 + 50 + 150 + 300, 200 / 0.25],
    "batch_size": [0.2 * 512 / 64, 0.0003 * math.sqrt(1024 / 64), 1 / (0.001 * 0.02) / (60000 / 64)],
    "hands_on": [0.02 / 25 ** 0.5, "cosine", "64"],  # the race and the floor are measured
    "frameworks": [60 * 250, 0.002 / 0.5, 6 + 1, math.ceil(1000 / 6) * 3],
    "applications": [1 / math.sqrt(768 * 2000), 16 * 2500, 0.1 / 10 ** 2, round(260e9 / 8e5) - round(375e6 / 8e5),
                     50 + 200],
    "summary": [0.05 * 0.8 ** 0.5, 0.05 * (1 + math.cos(1.3 * math.pi)), 0.1 * (1 + math.cos(6 * math.pi / 8)),
                0.1 * (1 + math.cos(math.pi * 299 / 800)), 1e-4 * (1 - 290_000 / 990_000), 4],
}


def test_the_spec_has_a_graded_assignment_for_every_bank_with_numbers():
    spec = load_spec(SPEC)
    assert sorted(entry["bank"] for entry in spec.values()) == GRADED
    assert sorted(SPEC_ANSWERS) == sorted(spec)


@pytest.mark.parametrize("name", sorted(SPEC_ANSWERS))
def test_the_spec_answers_are_the_ones_worked_out_by_hand(name):
    items = graded_exercises(name, load_spec(SPEC)[name])
    assert len(items) == len(SPEC_ANSWERS[name])
    for item, worked in zip(items, SPEC_ANSWERS[name]):
        assert item.is_right(worked), (item.key, item.solve(), worked)
