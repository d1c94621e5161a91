"""``training/teacher_student.py``: the teacher-student digits problem: its excess loss, and its labels drawn
afresh or fixed, with the teacher's probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.training.teacher_student import teacher_student_digits

PROBLEM = teacher_student_digits()
FIXED = teacher_student_digits(labels="fixed")


def test_excess_loss_is_zero_for_the_teacher_and_positive_otherwise():
    assert PROBLEM.excess_loss(PROBLEM.teacher_logits_test) == pytest.approx(0.0, abs=1e-12)
    assert PROBLEM.excess_loss(PROBLEM.teacher_logits_train, "training") == pytest.approx(0.0, abs=1e-12)
    noisy = PROBLEM.teacher_logits_test + np.random.default_rng(0).normal(size=PROBLEM.teacher_logits_test.shape)
    assert PROBLEM.excess_loss(noisy) > 0
    assert 0 < PROBLEM.trivial_excess < np.log(10)
    with pytest.raises(ValueError, match="images must be"):
        PROBLEM.excess_loss(noisy, "test")


def test_labels_are_drawn_with_the_teachers_probabilities():
    rng = np.random.default_rng(0)
    image = np.full(200_000, 7)
    labels = PROBLEM.sample_labels(image, rng.random(image.size))
    freq = np.bincount(labels, minlength=10) / image.size
    np.testing.assert_allclose(freq, PROBLEM.teacher_probs_train[7], atol=0.004)


def test_fixed_labels_are_one_draw_per_image_from_the_teacher():
    images = np.arange(len(FIXED.X_train))
    rng = np.random.default_rng(1)
    first = FIXED.sample_labels(images, rng.random(images.size))
    again = FIXED.sample_labels(images, rng.random(images.size))
    np.testing.assert_array_equal(first, again)  # the uniforms no longer matter
    fresh = PROBLEM.sample_labels(images, rng.random(images.size))
    assert (fresh != first).mean() > 0.2  # fresh labels differ from the fixed ones on many images
    assert not np.array_equal(first, teacher_student_digits(labels="fixed", label_seed=1).fixed_labels)
    # over all images the fixed labels follow the teacher: their mean log-probability is near -entropy
    log_p = np.log(FIXED.teacher_probs_train[images, first])
    entropy = -(FIXED.teacher_probs_train * np.log(FIXED.teacher_probs_train)).sum(axis=1).mean()
    assert log_p.mean() == pytest.approx(-entropy, abs=0.06)
    assert PROBLEM.fixed_labels is None and "drawn afresh" in repr(PROBLEM) and "fixed" in repr(FIXED)
    with pytest.raises(ValueError, match=r"labels must be one of 'fresh', 'fixed'; got labels='noisy'"):
        teacher_student_digits(labels="noisy")
    with pytest.raises(ValueError, match="label_seed"):
        teacher_student_digits(labels="fixed", label_seed=-1)
