"""The bundled data read without scikit-learn equal scikit-learn's own arrays, bit for bit."""

import sys
import subprocess

import numpy as np
import pytest
from sklearn import datasets as sklearn_datasets
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from lrdecay_lessons.training import bundled, load_dataset, teacher_student_digits
from lrdecay_lessons.training import datasets as datasets_module
from lrdecay_lessons.training import teacher_student as teacher_student_module

FOLDER = bundled.data_folder()


def test_the_folder_is_found_in_the_installed_scikit_learn():
    assert FOLDER is not None and (FOLDER / "digits.csv.gz").is_file()


def test_digits_are_load_digits():
    X, y = bundled.digits(FOLDER)
    X_ref, y_ref = sklearn_datasets.load_digits(return_X_y=True)
    assert X.shape == (1797, 64) and np.array_equal(X, X_ref) and np.array_equal(y, y_ref) and y.dtype == y_ref.dtype


def test_diabetes_is_load_diabetes_scaled_bit_for_bit():
    X, y = bundled.diabetes(FOLDER)
    X_ref, y_ref = sklearn_datasets.load_diabetes(return_X_y=True)
    assert X.shape == (442, 10)
    assert np.array_equal(X, X_ref) and np.array_equal(y, y_ref)


@pytest.mark.parametrize("seed", [0, 1, 7, 10, 123, 2**31 - 1])
@pytest.mark.parametrize("fraction", [0.25, 0.1, 0.5, 0.333, 0.9])
def test_split_and_standardising_are_scikit_learns(seed, fraction):
    X, y = bundled.diabetes(FOLDER)
    train, val = bundled.shuffle_split(len(y), fraction, seed)
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=fraction, random_state=seed)
    assert np.array_equal(X[train], X_train) and np.array_equal(y[val], y_val)
    ours = bundled.standardise(X[train], X[val])
    scaler = StandardScaler().fit(X_train)
    assert np.array_equal(ours[0], scaler.transform(X_train)) and np.array_equal(ours[1], scaler.transform(X_val))


def test_a_constant_column_is_only_centred_as_scikit_learn_does():
    train = np.column_stack([np.full(50, 3.0), np.linspace(-1.0, 2.0, 50)])
    ours = bundled.standardise(train)[0]
    assert np.array_equal(ours, StandardScaler().fit_transform(train))
    assert np.all(ours[:, 0] == 0.0)


@pytest.mark.parametrize("seed", [0, 3, 11])
def test_load_dataset_diabetes_is_unchanged_by_reading_the_files(seed, monkeypatch):
    ours = load_dataset("diabetes", seed=seed)
    monkeypatch.setattr(datasets_module.bundled, "data_folder", lambda: None)  # scikit-learn's own path
    reference = load_dataset("diabetes", seed=seed)
    for name in ("X_train", "y_train", "X_val", "y_val"):
        assert np.array_equal(getattr(ours, name), getattr(reference, name)), name


def test_teacher_student_digits_is_unchanged_by_reading_the_files(monkeypatch):
    ours = teacher_student_digits()
    monkeypatch.setattr(teacher_student_module.bundled, "data_folder", lambda: None)
    reference = teacher_student_digits()
    assert np.array_equal(ours.X_train, reference.X_train) and np.array_equal(ours.teacher_logits_train, reference.teacher_logits_train)


def test_training_on_diabetes_and_the_lab_does_not_import_scikit_learn():
    code = ("import sys; from lrdecay_lessons.training import load_dataset, teacher_student_digits; "
            "load_dataset('diabetes'); teacher_student_digits(); print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
