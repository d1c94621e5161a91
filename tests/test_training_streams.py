"""Independent random streams per role: no student starts at (or at a multiple of) the teacher."""

import numpy as np
import pytest

from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.training import (MLP, ROLES, SGD, stream, teacher_student_digits, train_many)
from lrdecay_lessons.training.teacher_student import TeacherStudent


@pytest.fixture(scope="module")
def problem() -> TeacherStudent:
    return teacher_student_digits(teacher_hidden=(8,))


def _teacher_weights(seed: int) -> tuple[np.ndarray, ...]:
    return MLP(hidden=(8,)).init(n_features=64, n_outputs=10, seed=seed, role="teacher")[0::2]


def test_no_student_equals_or_scales_the_teacher_for_seeds_0_to_99():
    net = MLP(hidden=(8,))
    teacher = _teacher_weights(0)
    for seed in range(100):
        student = net.init(n_features=64, n_outputs=10, seed=seed)[0::2]
        for w_teacher, w_student in zip(teacher, student):
            # a multiple c·W of the teacher has |correlation| 1; independent draws of 512 numbers are near 0
            r = np.corrcoef(w_teacher.ravel(), w_student.ravel())[0, 1]
            assert abs(r) < 0.5, (seed, r)  # 80 to 512 numbers: chance |r| has sd 0.04-0.11


def test_the_old_scheme_had_student_0_equal_the_teacher():
    # what the streams replace: both drawn from default_rng(0)
    old_teacher = np.random.default_rng(0).normal(size=(64, 8))
    old_student = np.random.default_rng(0).normal(size=(64, 8))
    assert np.array_equal(old_teacher, old_student)
    assert not np.array_equal(stream("teacher", 0).normal(size=(64, 8)), stream("student", 0).normal(size=(64, 8)))


def test_every_pair_of_roles_and_seeds_gives_a_different_stream():
    firsts = {(role, seed): stream(role, seed).integers(2**62) for role in ROLES for seed in range(20)}
    assert len(set(firsts.values())) == len(firsts)


def test_a_stream_is_the_spawned_child_of_its_seed():
    key = ROLES.index("batches")
    child = np.random.SeedSequence(7).spawn(key + 1)[key]
    assert stream("batches", 7).random() == np.random.default_rng(child).random()


def test_changing_the_batch_stream_leaves_the_initialisation_unchanged(problem):
    net = MLP(hidden=(8,))
    before = net.init(64, 10, seed=3)
    stream("batches", 3).integers(0, 100, size=1000)  # drawing batches consumes nothing of the student's stream
    after = net.init(64, 10, seed=3)
    assert all(np.array_equal(a, b) for a, b in zip(before, after))
    # and two runs that share the student seed but not the batch seed start alike and end apart:
    one = train_many(problem, net, SGD(), np.full((1, 1), 0.0), [3], evaluations=1)
    assert one.final_excess.shape == (1,)


def test_stacked_runs_equal_single_runs(problem):
    net = MLP(hidden=(8,))
    rates = np.array([np.full(40, 0.1), np.full(40, 0.05), np.full(40, 0.1)])
    seeds = [2, 5, 9]
    together = train_many(problem, net, SGD(momentum=0.9), rates, seeds, evaluations=2)
    for k in range(3):
        alone = train_many(problem, net, SGD(momentum=0.9), rates[k:k + 1], seeds[k:k + 1], evaluations=2)
        np.testing.assert_allclose(together.excess[k], alone.excess[0], rtol=1e-12, atol=1e-12)


def test_teacher_and_split_and_labels_use_their_own_streams():
    a = teacher_student_digits(teacher_hidden=(8,), teacher_seed=0, split_seed=0, labels="fixed", label_seed=0)
    b = teacher_student_digits(teacher_hidden=(8,), teacher_seed=0, split_seed=1, labels="fixed", label_seed=0)
    c = teacher_student_digits(teacher_hidden=(8,), teacher_seed=0, split_seed=0, labels="fixed", label_seed=1)
    assert not np.array_equal(a.X_train, b.X_train)           # the split moved
    np.testing.assert_array_equal(a.X_train, c.X_train)        # another label seed keeps the split
    assert not np.array_equal(a.fixed_labels, c.fixed_labels)  # and draws other labels


@pytest.mark.parametrize("role, seed, message", [
    ("teachers", 0, "role must be one of"),
    ("student", -1, "seed must be a whole number"),
    ("student", 1.5, "seed must be a whole number"),
])
def test_bad_role_or_seed_is_named(role, seed, message):
    with pytest.raises(InvalidParameterError, match=message):
        stream(role, seed)


def test_mlp_init_rejects_an_unknown_role():
    with pytest.raises(InvalidParameterError, match="role must be one of 'student', 'teacher'"):
        MLP(hidden=(4,)).init(4, 3, seed=0, role="teacher ")
