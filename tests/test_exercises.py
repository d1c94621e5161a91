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
    assert "map-lowest-at-300" in BANK


@pytest.mark.parametrize("key", sorted(BANK))
def test_the_computed_answer_is_accepted(key):
    right = BANK[key].solve()
    assert check(key, right).status == "right"
    assert "Answer:" in solution(key).message
    assert question(key).message == BANK[key].text
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
        wrong = float(right) + 3 * item.tolerance(right) + 1e-12
    feedback = check(key, wrong)
    assert feedback.status == "wrong"
    assert item.hint in feedback.message


def test_unanswered_and_invalid_answers():
    assert check("map-lowest-at-300", None).status == "unanswered"
    assert check("map-lowest-at-300", "linear").status == "invalid"
    assert not check("map-lowest-at-300", None).correct


NUMBERS = sorted(key for key, item in BANK.items() if item.kind == "number")

# Answers a learner gets from a known mistake (named in the hint or the explanation): never accepted.
TRAPS = {
    "cosine-lr-min-for-mean": 0.02,  # the continuous average ½ instead of (T + 1)/(2T)
    "cosine-pytorch-past-end": 0.01,  # the course's cosine, which holds lr_min after T
    "hands-on-invscaling-rate": 0.05 / 199,  # sklearn's counter taken to start at 0
    "poly-linear-drop": 1e-4,  # lr_end forgotten
    "comparison-linear-mean": 0.05,  # η₀/2
    "summary-article-exponential": 0.0619,  # the number the article prints
    "summary-pytorch-past-end": 0.0,  # the course's cosine past its end
    "frameworks-keras-alpha": 0.001,  # η_min passed as alpha
    "frameworks-accumulation-steps": 2500,  # batches counted instead of optimizer updates
    "frameworks-resume-order": "b",
    "summary-extend-run": "linear",  # linear decay has cosine's budget, but not a horizon-free plan  # the scheduler built after the optimizer's state was loaded
    "exp-per-step-gamma": 0.9 / 1000,
    "why-best-constant-lr": 0.04,  # the stability limit, not the best rate
    "today-cooldown-rate": 0.025,  # a linear cooldown instead of 1-sqrt
    "today-batch-adam": 0.008,  # SGD's linear rule applied to Adam
    "cycles-triangular2-height": 1 / 3,  # the height divided by the cycle number instead of halved
}


def _round(value: float, digits: int) -> float:
    return float(f"{value:.{digits}g}")


def test_every_number_exercise_states_its_precision():
    assert len(NUMBERS) == 26  # step-multistep-milestones and exp-staircase-periods became choices
    for key in NUMBERS:
        item = BANK[key]
        assert "significant digit" not in item.question and "counts as right" not in item.question, key
        assert item.text == f"{item.question} {item.precision}"
        assert question(key).message.endswith(item.precision)
        if item.rtol is None:
            assert f"{item.digits} significant digits" in item.precision
        else:
            assert f"within {item.rtol:.0%}" in item.precision


@pytest.mark.parametrize("key", NUMBERS)
def test_an_answer_at_the_stated_precision_is_accepted(key):
    item = BANK[key]
    right = float(item.solve())
    if item.rtol is not None:
        for answer in (right * (1 - 0.99 * item.rtol), right * (1 + 0.99 * item.rtol)):
            assert check(key, answer).status == "right", answer
        for answer in (right * (1 - 1.01 * item.rtol), right * (1 + 1.01 * item.rtol)):
            assert check(key, answer).status == "wrong", answer
        return
    assert check(key, _round(right, item.digits)).status == "right"
    assert check(key, _round(right, item.digits + 2)).status == "right"
    # One digit less: rejected exactly when it lies outside half a unit of the asked digit.
    shorter = _round(right, item.digits - 1)
    outside = abs(shorter - right) > item.tolerance(right)
    assert check(key, shorter).status == ("wrong" if outside else "right")
    # One unit off in the last asked digit is always wrong.
    unit = 2 * item.tolerance(right)
    for answer in (_round(right, item.digits) + unit, _round(right, item.digits) - unit):
        assert check(key, answer).status == "wrong", answer


@pytest.mark.parametrize("key", sorted(TRAPS))
def test_the_answer_of_a_known_mistake_is_rejected(key):
    assert check(key, TRAPS[key]).status == "wrong"


def test_the_answers_the_fuzzing_found_rejected_are_accepted():
    # Issue 15: the question said two digits (or implied three) but rtol=1e-3 asked for four.
    assert check("comparison-alpha-final", 1.9).status == "right"
    assert check("comparison-alpha-final", 1.87).status == "right"
    assert check("comparison-alpha-final", 1.8).status == "wrong"
    assert check("cosine-pytorch-past-end", 0.0285).status == "right"
    assert check("cycles-transformer-rate", 0.000146).status == "right"
    assert check("cycles-transformer-rate", 0.0001464).status == "right"
    assert check("cycles-transformer-rate", 0.000147).status == "wrong"  # 1.4645e-4: more than half a unit off
    assert check("cycles-transformer-rate", 0.000145).status == "wrong"
    assert check("exp-per-step-gamma", 0.999895).status == "right"
    assert check("exp-per-step-gamma", 0.99989).status == "wrong"


def test_number_exercise_tolerance():
    item = Exercise("demo", "?", solve=lambda: 0.5, hint="h", digits=3)
    assert item.is_right(0.5004) and item.is_right(0.50049)
    assert not item.is_right(0.5006) and not item.is_right(0.51)
    assert not item.is_right(float("nan"))
    assert not item.is_right(True)
    assert item.tolerance(0.5) == pytest.approx(5e-4) and item.tolerance(-12.3) == pytest.approx(0.05)
    estimate = Exercise("demo-est", "?", solve=lambda: 2.0, hint="h", rtol=0.1)
    assert estimate.is_right(1.81) and not estimate.is_right(1.79)
    assert estimate.text == "? Precision: any answer within 10% of the exact value counts as right."
    integer = Exercise("demo-int", "?", solve=lambda: 400, hint="h", kind="integer")
    assert integer.is_right(400) and integer.is_right(400.0) and not integer.is_right(400.5)
    assert integer.text == "?"


def test_bad_precision_is_refused():
    with pytest.raises(ValueError, match=r"digits must be a whole number from 2 to 12; got digits=2.5"):
        Exercise("x", "?", solve=lambda: 1, hint="h", digits=2.5)
    with pytest.raises(ValueError, match=r"rtol must be None or a number in \(0, 1\); got rtol=0"):
        Exercise("x", "?", solve=lambda: 1, hint="h", rtol=0)


def test_a_non_finite_answer_is_invalid():
    assert check("why-stability-limit", float("nan")).status == "invalid"
    assert check("why-stability-limit", float("inf")).status == "invalid"


def test_unknown_key_and_bad_kind():
    with pytest.raises(ValueError, match=r"key must be one of .*got key='nope'"):
        exercise("nope")
    with pytest.raises(ValueError, match="kind must be one of"):
        Exercise("x", "?", solve=lambda: 1, hint="h", kind="essay")
