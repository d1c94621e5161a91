"""``training/datasets.py``, the bundled datasets: split, standardised, seeded, read-only, clear errors."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits

from lrdecay_lessons.training import DATASETS, Dataset, load_dataset

SIZES = {"diabetes": (442, 10, None), "breast_cancer": (569, 30, 2), "digits": (1797, 64, 10)}


@pytest.mark.parametrize("name", list(DATASETS))
def test_split_sizes_and_task(name):
    n, d, n_classes = SIZES[name]
    data = load_dataset(name)
    assert data.name == name and data.task == DATASETS[name]
    assert data.X_train.shape[1] == data.X_val.shape[1] == d
    assert data.n_train + len(data.y_val) == n
    assert len(data.y_val) == int(np.ceil(0.25 * n))
    if n_classes is not None:
        assert data.n_classes == n_classes
        assert data.y_train.dtype == np.int64
        assert set(np.unique(data.y_train)) == set(range(n_classes))
    else:
        assert data.n_classes == 1 and data.y_train.dtype == np.float64


@pytest.mark.parametrize("name", list(DATASETS))
def test_standardised_with_training_statistics(name):
    data = load_dataset(name)
    spread = data.X_train.std(axis=0)
    varying = spread > 0  # digits has pixels that are always blank
    np.testing.assert_allclose(data.X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(spread[varying], 1.0, rtol=1e-12)
    np.testing.assert_array_equal(data.X_train[:, ~varying], 0.0)
    # The validation part uses the training mean and scale, so it is *not* exactly standard.
    assert not np.allclose(data.X_val.mean(axis=0)[varying], 0.0, atol=1e-6)
    if data.task == "regression":
        assert abs(data.y_train.mean()) < 1e-12 and abs(data.y_train.std() - 1.0) < 1e-12


def test_features_are_an_affine_map_of_the_raw_data():
    """Standardising is x' = (x - mu) / sigma, column by column, and keeps rows intact."""
    X, _ = load_diabetes(return_X_y=True)
    data = load_dataset("diabetes")
    X_all = np.vstack([data.X_train, data.X_val])
    for j in range(X.shape[1]):
        slope, intercept = np.polyfit(np.sort(X[:, j]), np.sort(X_all[:, j]), 1)
        np.testing.assert_allclose(slope * np.sort(X[:, j]) + intercept, np.sort(X_all[:, j]), atol=1e-9)


def test_classification_split_is_stratified():
    _, y = load_breast_cancer(return_X_y=True)
    data = load_dataset("breast_cancer")
    overall = y.mean()
    assert abs(data.y_train.mean() - overall) < 0.005
    assert abs(data.y_val.mean() - overall) < 0.01
    _, y = load_digits(return_X_y=True)
    counts = np.bincount(load_dataset("digits").y_val)
    np.testing.assert_allclose(counts, 0.25 * np.bincount(y), atol=1)  # each digit in proportion


def test_same_seed_same_split_other_seed_other_split():
    a, b = load_dataset("digits", seed=3), load_dataset("digits", seed=3)
    for field in ("X_train", "y_train", "X_val", "y_val"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    c = load_dataset("digits", seed=4)
    assert not np.array_equal(a.y_train, c.y_train)


def test_val_fraction():
    data = load_dataset("breast_cancer", val_fraction=0.5)
    assert abs(data.n_train - len(data.y_val)) <= 1


def test_dataset_is_frozen_and_read_only():
    data = load_dataset("diabetes")
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.name = "other"
    with pytest.raises(ValueError, match="read-only"):
        data.X_train[0, 0] = 1.0


def test_repr_is_readable():
    assert repr(load_dataset("breast_cancer")) == (
        "Dataset('breast_cancer', task='binary', 426 train / 143 validation samples, 30 features)"
    )


def test_unknown_name_names_the_value_and_the_choices():
    with pytest.raises(ValueError) as error:
        load_dataset("iris")
    message = str(error.value)
    assert "name='iris'" in message
    for allowed in DATASETS:
        assert repr(allowed) in message


@pytest.mark.parametrize(
    "kwargs, needle",
    [({"val_fraction": 1.5}, "val_fraction"), ({"val_fraction": 0}, "val_fraction"), ({"seed": -1}, "seed")],
)
def test_bad_parameters(kwargs, needle):
    with pytest.raises(ValueError, match=needle):
        load_dataset("diabetes", **kwargs)


def test_a_hand_made_dataset_is_checked():
    X, y = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    data = Dataset("toy", "binary", X, y, X, y)
    assert data.n_classes == 2 and not data.X_train.flags.writeable
    X[0, 0] = 5.0  # the dataset holds its own copy
    assert data.X_train[0, 0] == 0.0
    with pytest.raises(ValueError, match="task='ranking'"):
        Dataset("toy", "ranking", X, y, X, y)
    with pytest.raises(ValueError, match="y_train.shape"):
        Dataset("toy", "binary", X, y[:3], X, y)
    with pytest.raises(ValueError, match="labels 0 and 1"):
        Dataset("toy", "binary", X, y * 2, X, y)
    with pytest.raises(ValueError, match="finite"):
        Dataset("toy", "regression", X, np.array([0.0, np.nan, 1.0, 2.0]), X, y.astype(float))


def test_the_trivial_predictor_is_the_best_constant_from_the_training_labels():
    from lrdecay_lessons.training import load_dataset
    diabetes = load_dataset("diabetes")
    constants = np.linspace(-1, 1, 401) + diabetes.y_train.mean()
    losses = [0.5 * np.mean((diabetes.y_val - c) ** 2) for c in constants]
    assert diabetes.trivial_val_loss == pytest.approx(losses[200], rel=1e-12)
    assert diabetes.trivial_val_loss <= min(losses) + 0.01  # the training mean is near the best constant
    digits = load_dataset("digits")
    freq = np.bincount(digits.y_train, minlength=10) / digits.n_train
    assert digits.trivial_val_loss == pytest.approx(-np.mean(np.log(freq[digits.y_val])), rel=1e-12)
    assert 2.2 < digits.trivial_val_loss < 2.4  # ten classes of about equal size: near ln 10
    cancer = load_dataset("breast_cancer")
    p = cancer.y_train.mean()
    expected = -np.mean(np.where(cancer.y_val == 1, np.log(p), np.log(1 - p)))
    assert cancer.trivial_val_loss == pytest.approx(expected, rel=1e-12)


def test_a_split_seed_beyond_numpys_range_is_named_by_us():
    """Issue 27: scikit-learn's own error about random_state came out instead."""
    with pytest.raises(ValueError, match=r"seed must be a whole number from 0 to 4294967295; got seed=1000000000000"):
        load_dataset("diabetes", seed=10**12)
    assert load_dataset("diabetes", seed=2**32 - 1).n_train > 0
