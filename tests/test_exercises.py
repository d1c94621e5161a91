"""Every exercise of the course: solvable, and `check` tells right from wrong."""

from __future__ import annotations

import numbers

import pytest

from lrdecay_lessons.exercises import (
    Exercise,
    all_exercises,
    check,
    exercise,
    hint,
    question,
    solution,
)

BANK = all_exercises()


def test_the_bank_is_not_empty():
    assert "map-highest-at-500" in BANK


@pytest.mark.parametrize("key", sorted(BANK))
def test_the_computed_answer_is_accepted(key):
    right = BANK[key].solve()
    assert check(key, right).status == "right"
    assert "Answer:" in solution(key).message
    assert question(key).message == BANK[key].question
    assert hint(key).message.startswith("Hint:")


@pytest.mark.parametrize("key", sorted(BANK))
def test_a_wrong_answer_gets_the_hint(key):
    item = BANK[key]
    right = item.solve()
    if item.kind == "choice":
        wrong = next(c for c in item.choices if c.lower() != str(right).lower())
    elif item.kind == "integer":
        wrong = int(right) + 1
    else:
        assert isinstance(right, numbers.Real)
        wrong = float(right) * (1 + 10 * item.rtol) + 1e-9
    feedback = check(key, wrong)
    assert feedback.status == "wrong"
    assert item.hint in feedback.message


def test_unanswered_and_invalid_answers():
    assert check("map-highest-at-500", None).status == "unanswered"
    assert check("map-highest-at-500", "linear").status == "invalid"
    assert not check("map-highest-at-500", None).correct


def test_number_exercise_tolerance():
    item = Exercise("demo", "?", solve=lambda: 0.5, hint="h", rtol=1e-3)
    assert item.is_right(0.5004)
    assert not item.is_right(0.51)
    assert not item.is_right(float("nan"))
    assert not item.is_right(True)
    integer = Exercise("demo-int", "?", solve=lambda: 400, hint="h", kind="integer")
    assert integer.is_right(400) and integer.is_right(400.0) and not integer.is_right(400.5)


def test_unknown_key_and_bad_kind():
    with pytest.raises(ValueError, match=r"key must be one of .*got key='nope'"):
        exercise("nope")
    with pytest.raises(ValueError, match="kind must be one of"):
        Exercise("x", "?", solve=lambda: 1, hint="h", kind="essay")
