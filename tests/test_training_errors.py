"""The training lab's learner-facing calls, fuzzed: every bad value gives a ValueError or TypeError
that names the parameter as the caller wrote it (the reproducers of the fuzzing run, kept).

Each call runs with warnings turned into errors: a bad value must never pass as a warning.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from lrdecay_lessons.training import (
    MLP, SGD, ScheduleFreeAdamW, ScheduleFreeSGD, teacher_student_digits, train_many, tuned_sweep,
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
    with pytest.raises(ValueError, match=r"batch_size must be at most 2e\+09; got batch_size=10{30}"):
        train_many(PROBLEM, NET, SGD(), np.full((1, 5), 0.01), [0], batch_size=10**30)
    with pytest.raises(ValueError, match=r"steps must be at most 2e\+09; got steps=39246069370973480"):
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
