"""Issue 15: every reproducer of the fuzzing run gives a clear, named error (or the right answer).

Each test is one call a learner could type. The error must name the parameter as the caller
wrote it and show the value; no warning may be printed (every test here runs with warnings
turned into errors).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from lrdecay_lessons.chapters.ch01_why_decay import sgd_figure
from lrdecay_lessons.chapters.ch12_summary import range_test_figure, summary_figure
from lrdecay_lessons.display import Callout, Curve, Slider, SliderPanel, Table, steps_for
from lrdecay_lessons.frameworks import recorded_case, recorded_cases
from lrdecay_lessons.schedules import linear_warmup, plateau, step_decay
from lrdecay_lessons.schedules.measures import mean_rate, share_lost, training_curve
from lrdecay_lessons.schedules.multiplicative import implied_gamma
from lrdecay_lessons.schedules.recipes import bert_released_code
from lrdecay_lessons.training import (
    MAX_STEPS,
    Dataset,
    adam_excess,
    compare_on_noisy_problem,
    invscaling,
    load_dataset,
    lr_range_test,
    noisy_least_squares,
    sgd_run,
    train,
    warmup_evidence,
)


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.fixture(scope="module")
def diabetes():
    return load_dataset("diabetes")


@pytest.fixture(scope="module")
def problem():
    return noisy_least_squares()


X4 = np.ones((4, 2))
LABELS = np.array([0, 1, 0, 1])


# --- display -----------------------------------------------------------------------------------

def test_curve_with_mismatched_lengths():
    with pytest.raises(ValueError, match=r"steps and values must have the same length; got 3 steps and 2 values"):
        Curve("c", np.arange(3), np.ones(2))


def test_curve_with_nan():
    with pytest.raises(ValueError, match=r"values must hold finite numbers; got values\[1\]=nan"):
        Curve("c", np.arange(3), [1.0, math.nan, 2.0])


def test_curve_with_strings():
    with pytest.raises(TypeError, match=r"values must be a 1-D sequence of numbers; got values=\['a', 'b'\]"):
        Curve("c", [0, 1], ["a", "b"])


def test_steps_for_nan_and_string():
    with pytest.raises(ValueError, match=r"total_steps must be a whole number from 1 to .*; got total_steps=nan"):
        steps_for(float("nan"))
    with pytest.raises(TypeError, match=r"total_steps must be .*; got total_steps='100' \(str\)"):
        steps_for("100")
    assert steps_for(4).tolist() == [0, 1, 2, 3, 4]


def test_steps_for_an_absurd_size_names_it():
    with pytest.raises(ValueError, match=r"total_steps must be a whole number from 1 to 10,000,000; got total_steps=1e\+30"):
        steps_for(1e30)
    with pytest.raises(ValueError, match=r"at most 10,000,000 steps; .* 30,000,001 steps"):
        steps_for(10_000_000, past_end=2.0)


def test_slider_with_a_string_value():
    with pytest.raises(TypeError, match=r"value must be a finite number for slider 'g'; got value='0.5' \(str\)"):
        Slider("g", "0.5", 0.1, 0.9)
    with pytest.raises(ValueError, match=r"min must be < max for slider 'g'"):
        Slider("g", 0.5, 0.5, 0.5)


def test_slider_panel_with_a_non_function():
    with pytest.raises(TypeError, match=r"draw must be a function draw\(values\) -> Figure; got draw='not a function'"):
        SliderPanel("not a function", [Slider("g", 0.5, 0.1, 0.9)])
    with pytest.raises(TypeError, match=r"sliders\[0\] must be a Slider or a Choice; got sliders\[0\]=\('g', 0.5\)"):
        SliderPanel(lambda values: None, [("g", 0.5)])


def test_a_draw_that_raises_any_error_shows_it_instead_of_freezing():
    def draw(values):
        raise KeyError("lr0")

    panel = SliderPanel(draw, [Slider("g", 0.5, 0.1, 0.9)])
    assert panel.figure() is None
    assert "draw raised KeyError" in panel.message.value and "lr0" in panel.message.value


def test_table_with_fractional_digits():
    with pytest.raises(ValueError, match=r"digits must be a whole number from 1 to 17; got digits=2.5"):
        Table(("a",), [(1.0,)], digits=2.5)


def test_callout_without_lines():
    with pytest.raises(TypeError, match=r"lines must be a list of str .*; got lines=None"):
        Callout("note", None)
    with pytest.raises(TypeError, match=r"lines must be a list of str .*; got lines='one line'"):
        Callout("note", "one line")


# --- datasets and training ---------------------------------------------------------------------

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


# --- frameworks ----------------------------------------------------------------------------------

def test_recorded_case_with_a_misspelt_framework():
    with pytest.raises(ValueError, match=r"framework must be None or one of \['huggingface', 'keras', 'pytorch'\]; "
                                         r"got framework='pytorh'"):
        recorded_case("pytorh", "cosine_annealing", total_steps=10)


def test_recorded_cases_with_a_package_name_is_not_an_empty_list():
    with pytest.raises(ValueError, match=r"the framework, not its package 'torch'.*got framework='torch'"):
        recorded_cases(framework="torch")


def test_recorded_case_no_match_names_the_keywords_given():
    with pytest.raises(ValueError, match=r"keyword arguments must match .*; got total_steps=11\. Recorded runs"):
        recorded_case("pytorch", "cosine_annealing", total_steps=11)


# --- schedules and measures ----------------------------------------------------------------------

def test_share_lost_names_start_and_stop():
    steps, values = training_curve(step_decay, 10, lr0=0.1, gamma=0.5, step_size=3)
    with pytest.raises(ValueError, match=r"start must be in \[0, 1\]; got start=2"):
        share_lost(steps, values, start=2, stop=3)
    with pytest.raises(ValueError, match=r"stop must be in \[0, 1\]; got stop=1.5"):
        share_lost(steps, values, start=0.5, stop=1.5)


def test_mean_rate_does_not_overflow():
    assert mean_rate(np.arange(3), [1e308, 1e308, 1e308]) == pytest.approx(1e308)


def test_mean_rate_refuses_text():
    with pytest.raises(ValueError, match=r"values must be an array of numbers .*dtype <U3"):
        mean_rate(np.arange(3), ["0.1", "0.2", "0.3"])


def test_implied_gamma_with_swapped_arguments():
    with pytest.raises(ValueError, match=r"lr must be <= lr0 \(lr0=0.0619\) .*got lr=0.1 \(were lr and lr0 swapped"):
        implied_gamma(0.1, 0.0619, 500, 1000)
    assert 0 < implied_gamma(0.0619, 0.1, 500, 1000) < 1


def test_linear_warmup_far_past_its_end_does_not_warn():
    assert linear_warmup(1e308, lr0=10.0, warmup_steps=1) == 10.0


def test_a_step_size_beyond_the_float_range():
    with pytest.raises(ValueError, match=r"step_size must be finite .*got step_size=an integer of 401 digits"):
        step_decay(3, lr0=0.1, gamma=0.5, step_size=10**400)


def test_a_huge_integer_step_is_a_number():
    assert step_decay(10**30, lr0=0.1, gamma=0.5, step_size=10) == 0.0
    with pytest.raises(ValueError, match=r"t must hold finite numbers >= 0; got t\[1\]=an integer of 401 digits"):
        step_decay([1, 10**400], lr0=0.1, gamma=0.5, step_size=10)


# --- chapters ------------------------------------------------------------------------------------

def test_warmup_evidence_names_its_own_parameters():
    with pytest.raises(ValueError, match=r"total_steps must be a real number .*got total_steps='abc'"):
        warmup_evidence(total_steps="abc")
    with pytest.raises(ValueError, match=r"peak must be > 0; got peak=-1"):
        warmup_evidence(peak=-1)
    with pytest.raises(ValueError, match=r"warmup_steps must be < total_steps \(total_steps=10\); got warmup_steps=10"):
        warmup_evidence(total_steps=10, warmup_steps=10)


def test_adam_excess_reports_a_divergence(problem):
    with pytest.raises(ValueError, match=r"diverged at step 0 with rate 1e\+300"):
        adam_excess(problem, 1e300, 50)


def test_compare_on_noisy_problem_without_seeds(problem):
    with pytest.raises(ValueError, match=r"seeds must be a non-empty list of whole numbers >= 0.*got seeds=\[\]"):
        compare_on_noisy_problem(problem, seeds=[])


def test_bert_released_code_without_warmup():
    assert bert_released_code(5, warmup_steps=0) == pytest.approx(1e-4 * (1 - 5 / 1_000_000))
    with pytest.raises(ValueError, match=r"warmup_steps must be <= total_steps \(total_steps=10\); got warmup_steps=20"):
        bert_released_code(5, total_steps=10, warmup_steps=20)


def test_summary_figure_with_no_columns():
    with pytest.raises(ValueError, match=r"ncols must be a whole number >= 1; got ncols=0"):
        summary_figure(ncols=0)


def test_sgd_figure_after_a_divergence(problem):
    diverged = sgd_run(problem, 2.5)
    assert diverged.diverged and diverged.train_loss.size < 50
    figure = sgd_figure(problem, {"c": diverged})
    labels = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert labels == [f"c (diverged at step {diverged.diverged_at_step})"]


def test_range_test_that_starts_too_high(diabetes):
    test = lr_range_test(diabetes, lr_start=1.0)
    assert test.diverged and test.lr_steepest is None
    assert "steepest fall at nowhere" in repr(test) and "then diverged" in repr(test)
    range_test_figure(test)  # draws without the mark it cannot place
    with pytest.raises(ValueError, match=r"lr_start must be small enough .*got lr_start=1000000.0: .*DIVERGED at step 0"):
        lr_range_test(diabetes, lr_start=1e6, lr_stop=1e7)
