"""``lrdecay_lessons.frameworks``' learner-facing look-ups of recorded runs, fuzzed: a misspelt framework, a
package name or keywords that match no recorded run give a clear error naming what was given (the
reproducers of the fuzzing run, kept; warnings are errors here)."""

from __future__ import annotations

import warnings

import pytest

from lrdecay_lessons.frameworks import recorded_case, recorded_cases


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


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
