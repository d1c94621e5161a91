"""The chapters' learner-facing calls (``lrdecay_lessons.chapters``: 01, 11, 12), fuzzed: every bad value
gives a clear error naming the parameter as the caller wrote it, and a diverged run is reported, not
raised from a figure (the reproducers of the fuzzing run, kept; warnings are errors here)."""

from __future__ import annotations

import warnings

import pytest

from lrdecay_lessons.chapters.ch01_why_decay import sgd_figure
from lrdecay_lessons.chapters.ch14_summary import range_test_figure, summary_figure
from lrdecay_lessons.schedules.recipes import bert_released_code
from lrdecay_lessons.training import adam_excess, compare_on_noisy_problem, lr_range_test, warmup_evidence
from lrdecay_lessons.training import load_dataset, noisy_least_squares, sgd_run


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
