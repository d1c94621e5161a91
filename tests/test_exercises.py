"""``lrdecay_lessons.exercises`` and every chapter's bank: each answer is the one worked out by hand, `check`
tells right from wrong, and the answer of a known mistake is never accepted."""

from __future__ import annotations

import math
import numbers

import numpy as np
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


# Every exercise's answer, worked out once by hand from the question (not by calling the package's
# solve): a solve() that drifts from its question breaks these. Numbers are compared at the exercise's
# own precision; a choice or a whole number must be equal.
EXPECTED = {
    # 00: at t = 300 step decay has halved 3 times (0.0125); polynomial 0.049, cosine 0.079, exponential 0.097.
    "map-lowest-at-300": "step_decay",
    # 01: |1 − ηλ| < 1 in the steepest direction, λ = 50.
    "why-stability-limit": 2 / 50,
    "why-best-constant-lr": 2 / (2 + 50),
    "why-floor-halving": 2.0,  # the floor is ∝ 1/B
    # 02
    "step-half-period-final": 0.1 * 0.5**19,  # ⌊999/50⌋ = 19 drops by the last step t = 999
    "step-budget-ratio": 100 / sum(0.5 ** (j / 100) for j in range(100)),  # each period: s η₀γᵏ against η₀γᵏ Σ γ^(j/s)
    "step-first-below": 700,  # 0.1 · 0.5^7 = 0.00078 < 0.001 < 0.1 · 0.5^6, from t = 7 · 100 on
    "step-epochs-to-steps": 48 // 4 * 10,
    "step-multistep-milestones": "halving",  # epoch 70: 0.1 · 0.5^7 = 0.00078 < 0.1 · 0.1^2 = 0.001
    # 03
    "exp-smaller-gamma-faster": 500.0,  # 0.25^(t/T) = 0.5^(2t/T) = 0.5 at t = T/2
    "exp-past-horizon": "hold",  # min(t, T): polynomial and cosine stay at 0 after T
    "exp-per-step-gamma": 0.9 ** (1 / 1000),
    "exp-staircase-periods": "above",  # 0.1 · 0.9^2 > 0.1 · 0.9^2.5
    "exp-half-life": math.ceil(1000 * math.log(0.5) / math.log(0.9)),  # 6578.8 -> 6579
    # 04
    "poly-first-below-quarter": math.floor(1000 * (1 - 0.25 ** (1 / 3))) + 1,  # 370.04 -> 371
    "poly-last-percent": math.sqrt(0.01),
    "poly-linear-drop": (0.1 - 0.001) / 1000,
    "poly-literal-past-end": 0.1 * (1 - 1200 / 1000) ** 2,  # (−0.2)² = 0.04
    # 05
    "cosine-last-quarter": 0.5 * (1 + math.cos(3 * math.pi / 4)),  # η(750)/η₀ − 0
    "cosine-first-below-tenth": math.floor(1000 * math.acos(-0.8) / math.pi) + 1,  # 795.17 -> 796
    "cosine-lr-min-for-mean": (0.06 - 0.1 * 1001 / 2000) / (1 - 1001 / 2000),
    "cosine-pytorch-past-end": 0.01 + 0.09 * 0.5 * (1 + math.cos(math.pi * 13 / 10)),
    # 06
    "comparison-linear-mean": 0.1 * 11 / 20,
    # at t = 600: step 0.1·γ² with γ = 0.544 → 0.0296; cosine 0.1·½(1 + cos 0.6π) = 0.0345; exp 0.0384; linear 0.04
    "comparison-lowest-at-stop": "step_decay",
    "comparison-step-period": 273,  # means 0.04990, 0.0500375, 0.050175 for s = 272, 273, 274; cosine's 0.05005
    "comparison-alpha-final": math.log(0.5 * (1 + math.cos(math.pi * 999 / 1000))) / math.log(1 / 1000),
    # 07 (the two choices are measured by training; their values are the chapter's recorded outcome)
    "hands-on-invscaling-rate": 0.05 / 200,
    "hands-on-race-winner": "constant",
    "hands-on-batch-floor": "32",
    # 08
    "lab-sign-count-chance": 2 * 0.5 ** 8,
    "lab-curse-one-seed": "further",
    # 08
    "cycles-transformer-rate": 0.001 * 0.5 * (1 + math.cos(math.pi * 6750 / 9000)),
    "cycles-sgdr-restart": 10 + 20 + 40,
    "cycles-one-cycle-final": 0.01 / 25 / 10000,
    "cycles-triangular2-height": 0.5**2,
    "cycles-warm-multistep": 0.1 * 0.1,  # decay step 140: one milestone passed
    "cycles-plateau-first-cut": 9,  # bad epochs 7, 8, 9 (0.599, 0.601, 0.598 are not below 0.6 · 0.99)
    "cycles-warmup-crosses-limit": 21,  # 0.7 t / 30 > 0.4830 (the limit the chapter prints) from t = 20.7
    # 09
    "today-cooldown-rate": 0.1 * (1 - math.sqrt(150 / 200)),
    "today-branch-cost": 3200 + 200 + 400 + 800,
    "today-bound-smallest": "linear",
    "today-cooldown-length-or-shape": "length",
    "today-inverse-half": 200,  # 0.5 · t / 100 = 1
    # 11
    "batch-sgd": 0.1 * 256 / 32,
    "batch-adam": 0.001 * math.sqrt(256 / 32),
    "batch-timescale-epochs": 1 / (3e-4 * 0.05) / (50_000 / 32),  # 66,667 steps of 1,562.5 per epoch
    # 10
    "frameworks-t-max-per-batch": 90 * 391,
    "frameworks-keras-alpha": 0.001 / 0.2,
    "frameworks-keras-patience": 5,
    "frameworks-accumulation-steps": math.ceil(1250 / 8) * 2,
    "frameworks-resume-order": "c",
    "frameworks-bug-step-order": "4",
    "frameworks-bug-accumulation-n": "1",
    "frameworks-keras-accumulation-end": 0.25,
    # 11
    "applications-transformer-big-peak": 1 / math.sqrt(1024 * 4000),
    "applications-transformer-quarter": 16 * 4000,
    "applications-cifar-rate": 0.1 / 10,
    "applications-gpt3-cosine-steps": 520000 - 750,
    "applications-preview-jump": 100 + 300,
    # 12
    "summary-article-exponential": 0.1 * 0.9**0.5,
    "summary-pytorch-past-end": 0.1 * 0.5 * (1 + math.cos(math.pi * 15 / 10)),
    "summary-per-epoch": 0.1 * 0.5 * (1 + math.cos(math.pi * 2 / 10)),
    "summary-resume-bug": 0.1 * 0.5 * (1 + math.cos(math.pi * 399 / 1000)),
    "summary-bert-midway": 1e-4 * (1 - 495000 / 990000),
    "summary-lands-highest": "transformer",  # ∝ 1/√t, no horizon: ends at 0.2 of its peak, the rest at 0.1 or less
    "summary-sgdr-restarts": 3,  # restarts at 10, 30, 70; the next would be at 150, past the run
    "summary-extend-run": "wsd",
}


def test_every_exercise_has_an_expected_answer():
    assert sorted(EXPECTED) == sorted(BANK)


@pytest.mark.parametrize("key", sorted(BANK))
def test_the_computed_answer_is_the_expected_one(key):
    item = BANK[key]
    right = item.solve()
    if item.kind == "number":
        assert abs(float(right) - EXPECTED[key]) <= item.tolerance(EXPECTED[key]), (right, EXPECTED[key])
    else:
        assert str(right).lower() == str(EXPECTED[key]).lower()
    assert check(key, EXPECTED[key]).status == "right"
    assert check(key, right).status == "right"


@pytest.mark.parametrize("key", sorted(BANK))
def test_question_hint_and_solution_texts(key):
    assert "Answer:" in solution(key).message
    assert question(key).message == BANK[key].text
    assert hint(key).message.startswith("Hint:")
    assert BANK[key].hint in hint(key).message


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

# For every exercise, the answer a learner gets from a known mistake (named in the comment, mostly the one
# the hint or the explanation warns about): never accepted. A new exercise needs its entry here.
TRAPS = {
    "map-lowest-at-300": ["exponential_decay"],  # γ taken per step (0.1 · 0.9^300), not over the whole T
    "why-stability-limit": [1 / 50],  # ηλmax < 1 (the rate that zeroes the steep direction) instead of < 2
    "why-best-constant-lr": [0.04],  # the stability limit, not the best rate
    "why-floor-halving": [math.sqrt(2)],  # the gradient noise's standard deviation ∝ 1/√B taken for the floor
    "step-half-period-final": [0.1 * 0.5**20, 0.1 * 0.5**9],  # t = T counted (20 drops); the article's s = 100
    "step-budget-ratio": [1.0, 2.0],  # "they meet at every drop, so the same"; the whole halving counted
    "step-first-below": [701],  # steps counted from 1, not from t = 0
    "step-epochs-to-steps": [480],  # batches per 10 epochs: the gradient accumulation forgotten
    "step-multistep-milestones": ["milestones"],  # two cuts by 10 taken for lower than seven halvings
    "exp-per-step-gamma": [1 - 0.1 / 1000, 0.9 / 1000],  # γ's loss spread linearly; γ divided by T
    "exp-smaller-gamma-faster": [2000.0, 250.0],  # a smaller γ taken as slower; the exponent halved instead
    "exp-past-horizon": ["rise"],  # the formulas taken literally, or PyTorch's cosine
    "exp-staircase-periods": ["below"],  # the floor of the exponent taken to lower the rate
    "exp-half-life": [6578],  # t = 6578.8 rounded down: the rate is still above η₀/2 there
    "poly-first-below-quarter": [370],  # t = 370.04 rounded down
    "poly-last-percent": [0.01],  # linear thinking: the last 1 % of steps loses 1 % of η₀
    "poly-linear-drop": [1e-4],
    "poly-literal-past-end": [0.0, -0.004],  # the package's hold; the square forgotten on a negative base  # lr_end forgotten: η₀ / T
    "cosine-last-quarter": [0.25, 0.5],  # linear thinking; "falls fastest at the end"
    "cosine-first-below-tenth": [900, 795],  # linear decay's answer; t = 795.17 rounded down
    "cosine-lr-min-for-mean": [0.02],  # the continuous average ½ instead of (T + 1)/(2T)
    "cosine-pytorch-past-end": [0.01],  # the course's cosine, which holds lr_min after T
    "comparison-linear-mean": [0.05],  # η₀/2, the continuous mean
    "comparison-lowest-at-stop": ["cosine_annealing"],  # "cosine lands lowest" taken for every point of the run
    "comparison-step-period": [250],  # the untruncated geometric sum: η₀ s / (T (1 − γ)) = η₀/2
    "comparison-alpha-final": [2.0],  # cosine's end taken as quadratic, without its factor π²/4
    "hands-on-invscaling-rate": [0.05 / 199],  # sklearn's counter taken to start at 0
    "hands-on-race-winner": ["cosine"],  # "decay always wins", though the model is still far from its minimum
    "hands-on-batch-floor": ["4"],  # more updates per epoch taken for a lower floor
    "lab-sign-count-chance": [0.5 ** 8],  # one direction only
    "lab-curse-one-seed": ["closer"],  # fewer seeds taken for less tuning, so less to flatter
    "cycles-transformer-rate": [0.001 * 0.5 * (1 + math.cos(math.pi * 7750 / 10000))],  # cosine over T, not T − W
    "cycles-sgdr-restart": [30],  # step 0 counted as the first restart
    "cycles-one-cycle-final": [0.01 / 10000],  # final_div_factor applied to η_max instead of the start
    "cycles-triangular2-height": [1 / 3, 0.5],  # the height divided by the cycle number; halved only once
    "cycles-warm-multistep": [0.001],  # the decay's clock not shifted by the warm-up: two milestones
    "cycles-plateau-first-cut": [8],  # the cut when the bad count reaches patience (Keras), not exceeds it
    "cycles-warmup-crosses-limit": [20],  # t = 20.7 rounded down: the rate is still below the limit there
    "today-cooldown-rate": [0.025],  # a linear cooldown instead of 1-sqrt
    "today-branch-cost": [5400, 7000],  # the constant run taken to 4000, not to 3200; three separate runs
    "today-bound-smallest": ["cosine"],  # the most used schedule taken for the optimal one
    "today-cooldown-length-or-shape": ["shape"],  # the papers compare shapes, so the shape must be what matters
    "today-inverse-half": [50],  # t = k · T instead of T / k
    "batch-sgd": [0.1 * math.sqrt(256 / 32)],  # the square-root rule (Adam's) applied to SGD
    "batch-adam": [0.008],  # SGD's linear rule applied to Adam
    "batch-timescale-epochs": [1 / (3e-4 * 0.05)],  # the timescale in steps, not epochs
    "frameworks-t-max-per-batch": [90],  # epochs counted, though scheduler.step() runs every batch
    "frameworks-keras-alpha": [0.001],  # η_min passed as alpha
    "frameworks-keras-patience": [4],  # the same patience: Keras cuts when the count reaches it
    "frameworks-accumulation-steps": [2500, 312],  # batches instead of updates; each epoch's updates rounded down
    "frameworks-resume-order": ["b", "a"],  # scheduler built after loading; a fresh scheduler
    "frameworks-bug-step-order": ["5"],  # blaming optimizer.step(), the line the warning names
    "frameworks-bug-accumulation-n": ["6"],  # blaming the accumulation test, which is right here
    "frameworks-keras-accumulation-end": [1.0],  # taking iterations for the schedule's step
    "applications-transformer-big-peak": [1 / math.sqrt(512 * 4000)],  # the base model's d_model = 512
    "applications-transformer-quarter": [4 * 4000],  # the rate taken ∝ 1/t instead of 1/√t
    "applications-cifar-rate": [0.001],  # the 48k milestone counted as passed too
    "applications-gpt3-cosine-steps": [520000],  # the warm-up not subtracted
    "applications-preview-jump": [300],  # the decay's clock not shifted by the warm-up
    "summary-article-exponential": [0.0619],  # the number the article prints
    "summary-pytorch-past-end": [0.0],  # the course's cosine past its end
    "summary-per-epoch": [0.1 * 0.5 * (1 + math.cos(math.pi * 2.5 / 10))],  # epoch 2.5: stepped per batch
    "summary-resume-bug": [0.1 * 0.5 * (1 + math.cos(math.pi * 999 / 1000))],  # the planned rate, not the bug's
    "summary-bert-midway": [1e-4 * (1 - 505000 / 1000000)],  # the decay over all 1,000,000 steps
    "summary-lands-highest": ["gpt3"],  # the cosine with a 10 % floor taken to end highest
    "summary-sgdr-restarts": [4],  # the restart at epoch 150 counted, past the run's last epoch 149
    "summary-extend-run": ["linear", "cosine"],  # both depend on T from the first step
}

def _round(value: float, digits: int) -> float:
    return float(f"{value:.{digits}g}")


def test_every_number_exercise_states_its_precision():
    assert len(NUMBERS) == 34  # + lab-sign-count-chance, batch-timescale-epochs; step-multistep-milestones and exp-staircase-periods became choices; 5 predictions (issue 23, 02-06) + frameworks-keras-accumulation-end
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


def test_every_exercise_has_a_known_mistake():
    assert sorted(TRAPS) == sorted(BANK)
    assert all(TRAPS.values())


@pytest.mark.parametrize("key,wrong", [(key, wrong) for key in sorted(TRAPS) for wrong in TRAPS[key]])
def test_the_answer_of_a_known_mistake_is_rejected(key, wrong):
    assert check(key, wrong).status == "wrong"


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


def test_a_near_miss_is_told_it_is_close_and_a_far_miss_is_not():
    key = next(k for k, item in BANK.items() if item.kind == "number")
    item = BANK[key]
    right = float(item.solve())
    near = check(key, right + 3 * item.tolerance(right) + 1e-12)
    far = check(key, right + 100 * item.tolerance(right) + 1.0)
    assert near.status == far.status == "wrong"
    assert "Close, but outside the precision asked for." in near.message and item.precision in near.message
    assert "Close" not in far.message and item.hint in far.message


def test_answers_a_learner_types_are_read_as_meant():
    """Issue 27: a huge integer, a 0-d array and 4.0 for the choice "4" are not crashes or "invalid"."""
    number = next(k for k, item in BANK.items() if item.kind == "number")
    right = BANK[number].solve()
    assert check(number, 10**400).status == "invalid" and "finite number" in check(number, 10**400).message
    assert len(check(number, 10**400).message) < 200
    assert check(number, np.array(right)).status == "right"
    assert check(number, np.array(right + 1e6)).status == "wrong"
    integer = next(k for k, item in BANK.items() if item.kind == "integer")
    assert check(integer, np.int64(BANK[integer].solve())).status == "right"
    numeric_choices = [(k, item) for k, item in BANK.items()
                       if item.kind == "choice" and any(c.strip().isdigit() for c in item.choices)]
    for key, item in numeric_choices:
        right = str(item.solve())
        if right.isdigit():
            assert check(key, float(right)).status == "right"
            assert check(key, int(right)).status == "right"
