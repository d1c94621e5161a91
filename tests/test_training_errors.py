"""``lrdecay_lessons.training``'s learner-facing calls, fuzzed: every bad value given to the datasets, the
trainer or the training lab gives a ValueError or TypeError that names the parameter as the caller wrote
it (the reproducers of the fuzzing run, kept).

Each call runs with warnings turned into errors: a bad value must never pass as a warning.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from lrdecay_lessons.schedules import plateau
from lrdecay_lessons.training import (
    MAX_STEPS, MLP, SGD, Dataset, ScheduleFreeAdamW, ScheduleFreeSGD, invscaling, load_dataset, sgd_run,
    teacher_student_digits, train, train_many, tuned_sweep,
)

PROBLEM = teacher_student_digits()
NET = MLP(hidden=(4,))


def constant(peak, total):
    return lambda t: np.full(np.shape(t), peak)


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.fixture(scope="module")
def diabetes():
    return load_dataset("diabetes")


@pytest.mark.parametrize("field", ["head", "dtype"])
def test_a_choice_given_an_array_is_refused_by_name(field):
    with pytest.raises(ValueError, match=rf"{field} must be one of .*; got {field}=array"):
        MLP(hidden=(4,), **{field: np.array([1.0, 2.0])})


def test_the_problems_choices_and_teacher_are_named_as_written():
    with pytest.raises(ValueError, match=r"labels must be one of 'fresh', 'fixed'; got labels=array"):
        teacher_student_digits(labels=np.array([1.0, 2.0]))
    with pytest.raises(TypeError, match=r"teacher_hidden must be a sequence of layer widths such as \(32, 32\); got teacher_hidden=-0.0"):
        teacher_student_digits(teacher_hidden=-0.0)


@pytest.mark.parametrize("optimizer", [ScheduleFreeSGD(), ScheduleFreeAdamW()], ids=lambda o: type(o).__name__)
def test_a_schedule_free_rate_whose_weight_overflows_is_refused(optimizer):
    params = NET.init(64, 10, seed=0)
    grads = NET.loss_and_gradient(params, PROBLEM.X_train[:8], np.zeros(8, dtype=int))[1]
    with pytest.raises(ValueError, match=r"lr is too large for schedule-free averaging.*got lr=1e\+300"):
        optimizer.step(params, grads, optimizer.init(params), 1e300)


@pytest.mark.parametrize("rates", ["ab", [["x", 1.0]]])
def test_rates_that_are_not_numbers_are_named(rates):
    with pytest.raises(TypeError, match=r"rates must be a \(runs, steps\) array of learning rates; got rates="):
        train_many(PROBLEM, NET, SGD(), rates, [0])


@pytest.mark.parametrize("seeds", [None, 3, 2.5, "01"])
def test_seeds_that_are_not_a_list_are_named(seeds):
    with pytest.raises(ValueError, match=r"seeds must be a non-empty list of whole numbers >= 0"):
        train_many(PROBLEM, NET, SGD(), np.full((1, 5), 0.01), seeds)
    with pytest.raises(ValueError, match=r"seeds must be a non-empty list of whole numbers >= 0"):
        tuned_sweep(PROBLEM, NET, SGD(), {"c": constant}, peaks=[0.01], seeds=seeds, steps=5)


def test_an_absurd_batch_or_length_is_refused_before_any_work():
    with pytest.raises(ValueError, match=r"batch 10{30}, 1 seeds\) need .* GiB of rates and batches, more than"):
        train_many(PROBLEM, NET, SGD(), np.full((1, 5), 0.01), [0], batch_size=10**30)
    with pytest.raises(ValueError, match=r"1 runs x 39246069370973480 steps .* GiB of rates and batches, more than"):
        tuned_sweep(PROBLEM, NET, SGD(), {"c": constant}, peaks=[0.01], seeds=[0], steps=39246069370973480)


@pytest.mark.parametrize("schedules", [5, [1, 2], "constant", None])
def test_schedules_that_are_not_a_mapping_are_named(schedules):
    with pytest.raises(TypeError, match=r"schedules must map a name to a factory make\(peak, total_steps\)"):
        tuned_sweep(PROBLEM, NET, SGD(), schedules, peaks=[0.01], seeds=[0], steps=5)


@pytest.mark.parametrize("peaks, shown", [(None, "peaks must be a list of positive rates"),
                                          (0.01, "peaks must be a list of positive rates"),
                                          ([0.01, -1.0], r"peaks\[1\] must be")])
def test_peaks_are_named_with_their_position(peaks, shown):
    with pytest.raises((TypeError, ValueError), match=shown):
        tuned_sweep(PROBLEM, NET, SGD(), {"c": constant}, peaks=peaks, seeds=[0], steps=5)


def test_the_criterion_given_an_array_is_refused_by_name():
    with pytest.raises(ValueError, match=r"criterion must be one of 'training', 'held-out'; got criterion=array"):
        tuned_sweep(PROBLEM, NET, SGD(), {"c": constant}, peaks=[0.01], seeds=[0], steps=5,
                    criterion=np.array([1.0, 2.0]))


X4 = np.ones((4, 2))
LABELS = np.array([0, 1, 0, 1])


def test_dataset_with_string_labels():
    with pytest.raises(TypeError, match=r"y_train must be an array of numbers; got y_train of dtype <U1"):
        Dataset("x", "binary", X4, np.array(["a", "b", "a", "b"]), X4, LABELS)


def test_dataset_with_string_features():
    with pytest.raises(TypeError, match=r"X_train must be an array of numbers"):
        Dataset("x", "binary", np.array([["a", "b"]] * 4), LABELS, X4, LABELS)


def test_dataset_with_nan_labels():
    with pytest.raises(ValueError, match=r"y_train must hold finite numbers only; got y_train\[2\]=nan"):
        Dataset("x", "binary", X4, np.array([0, 1, np.nan, 1]), X4, LABELS)


def test_dataset_with_a_fractional_label_is_not_truncated():
    with pytest.raises(ValueError, match=r"y_train must hold whole-number class labels .*; got y_train\[2\]=0.7"):
        Dataset("x", "binary", X4, np.array([0, 1, 0.7, 1]), X4, LABELS)


def test_load_dataset_names_its_own_parameter():
    with pytest.raises(ValueError, match=r"val_fraction must leave at least 2 samples .*val_fraction=0.999") as error:
        load_dataset("breast_cancer", val_fraction=0.999)
    assert "test_size" not in str(error.value)


def test_sgd_run_given_a_dataset(diabetes):
    with pytest.raises(TypeError, match=r"problem must be a NoisyLeastSquares .*got problem=Dataset\('diabetes'"):
        sgd_run(diabetes, 0.05)


@pytest.mark.parametrize(
    ("schedule", "shown"),
    [
        (lambda t: None, r"returned None \(NoneType\) at step 0"),
        (lambda t: [0.1], r"returned \[0.1\] \(list\) at step 0"),
        (lambda t: 0.1 + 1j, r"returned \(0.1\+1j\) \(complex\) at step 0"),
        (lambda t: "0.1", r"returned '0.1' \(str\) at step 0"),
        (lambda t: True, r"returned True \(bool\) at step 0"),
        (lambda t: 0.1 if t < 5 else None, r"returned None \(NoneType\) at step 5"),
    ],
)
def test_a_learner_schedule_returning_a_non_number(diabetes, schedule, shown):
    with pytest.raises(TypeError, match=r"schedule must return a number .* schedule <lambda> " + shown):
        train(diabetes, schedule, epochs=1, batch_size=32)


def test_a_learner_schedule_returning_nan(diabetes):
    with pytest.raises(ValueError, match=r"schedule <lambda> gave nan at step 3"):
        train(diabetes, lambda t: math.nan if t == 3 else 0.1, epochs=1, batch_size=32)


def test_a_bool_is_not_a_learning_rate(diabetes):
    with pytest.raises(ValueError, match=r"schedule must be a function of the step or a number; got schedule=True"):
        train(diabetes, True, epochs=1, batch_size=32)


def test_absurd_runs_are_refused_with_their_size(diabetes):
    with pytest.raises(ValueError, match=r"got epochs=1,000,000,000,000,000,000,000,000,000,000 × 11 steps"):
        train(diabetes, plateau.ReduceLROnPlateau(lr0=0.1), epochs=10**30, batch_size=32)
    with pytest.raises(ValueError, match=r"epochs=1,000,000,000,000 × 331 steps \(batch_size=1\) = 331,000,000,000,000 updates"):
        train(diabetes, 0.01, epochs=10**12, batch_size=1)
    assert MAX_STEPS == 10_000_000


def test_invscaling_checks_its_step():
    with pytest.raises(ValueError, match=r"t must be a finite number >= 0; got t=-1"):
        invscaling(-1, eta0=0.1, power_t=1.0)
    with pytest.raises(ValueError, match=r"t must be a number or an array of numbers >= 0; got t=None"):
        invscaling(None, eta0=0.1, power_t=1.0)
