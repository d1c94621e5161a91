r"""Small datasets bundled with scikit-learn, split and standardised for the lessons.

Three problems, one per model of :mod:`lrdecay_lessons.training`:

============== ============ ================================= =========================
name           task         model trained on it               scikit-learn loader
============== ============ ================================= =========================
diabetes       regression   linear regression (MSE / 2)       ``load_diabetes``
breast_cancer  binary       logistic regression (log-loss)    ``load_breast_cancer``
digits         multiclass   softmax regression (log-loss)     ``load_digits``
============== ============ ================================= =========================

All three ship inside scikit-learn, so nothing is downloaded. The data are split
with ``train_test_split`` (seeded; stratified for classification) and every
feature is standardised with a ``StandardScaler`` fitted on the training part
only:

.. math:: x' = \frac{x - \mu_\text{train}}{\sigma_\text{train}}

For the regression problem the target is standardised the same way, so a model
that always predicts the mean has a loss of about :math:`\tfrac12` and learning
rates mean the same thing on every dataset.

>>> data = load_dataset("diabetes")
>>> data
Dataset('diabetes', task='regression', 331 train / 111 validation samples, 10 features)
"""

from __future__ import annotations

from dataclasses import dataclass
import math
from typing import Any, Literal

import numpy as np

from ..schedules.validation import check_choice, check_in_interval, check_seed
from ..errors import InvalidParameterError
from ..i18n import tr
from . import bundled

__all__ = [
    "Dataset",
    "load_dataset",
    "DATASETS",
    "TASKS",
]


Task = Literal["regression", "binary", "multiclass"]


#: The names :func:`load_dataset` accepts, with the task each one poses.
DATASETS: dict[str, Task] = {
    "diabetes": "regression",
    "breast_cancer": "binary",
    "digits": "multiclass",
}


#: The tasks a :class:`Dataset` can pose.
TASKS: tuple[Task, ...] = ("regression", "binary", "multiclass")


#: scikit-learn's loader of each dataset (imported on first use: scikit-learn pulls in SciPy,
#: about a second, which chapters that never load a dataset should not pay).
_LOADERS = {
    "diabetes": "load_diabetes",
    "breast_cancer": "load_breast_cancer",
    "digits": "load_digits",
}


def _numbers(name: str, value: Any) -> np.ndarray:
    """``value`` as an array of real numbers (not strings, objects or booleans), or a TypeError."""
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        array = np.asarray(None)
    if array.dtype.kind not in "iuf":
        raise InvalidParameterError(
            f"{name} must be an array of numbers; got {name} of dtype {array.dtype}"
            f"{' (text: convert or encode it first)' if array.dtype.kind in 'US' else ''}."
        )
    return array


def _frozen(array: np.ndarray, dtype: type) -> np.ndarray:
    """A read-only, C-ordered copy, so a dataset cannot be changed by accident."""
    copy = np.array(array, dtype=dtype, order="C", copy=True)
    copy.flags.writeable = False
    return copy


@dataclass(frozen=True, repr=False)
class Dataset:
    """A train/validation split ready for gradient descent.

    Attributes
    ----------
    name : str
        A label, e.g. ``"diabetes"``.
    task : {"regression", "binary", "multiclass"}
        What is predicted: a number, one of two classes, or one of several.
    X_train, X_val : numpy.ndarray of shape (n, d)
        Standardised features (float64, read-only).
    y_train, y_val : numpy.ndarray of shape (n,)
        Targets: standardised floats for regression, class labels ``0, 1, ...``
        (int64) for classification.

    Any arrays may be used (e.g. a synthetic problem in a test); they are copied
    and made read-only.
    """

    name: str
    task: Task
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray

    def __post_init__(self) -> None:
        if self.task not in TASKS:
            raise InvalidParameterError(f"task must be one of {', '.join(map(repr, TASKS))}; got task={self.task!r}.")
        if not isinstance(self.name, str):
            raise InvalidParameterError(f"name must be a str; got name={self.name!r}.")
        label_type = float if self.task == "regression" else np.int64
        for part in ("train", "val"):
            X = _numbers(f"X_{part}", getattr(self, f"X_{part}"))
            y = _numbers(f"y_{part}", getattr(self, f"y_{part}"))
            if X.ndim != 2 or y.ndim != 1 or len(X) != len(y) or len(y) == 0:
                raise InvalidParameterError(
                    f"X_{part} must have shape (n, d) and y_{part} shape (n,) with n >= 1; "
                    f"got X_{part}.shape={X.shape} and y_{part}.shape={y.shape}."
                )
            for array_name, array in ((f"X_{part}", X), (f"y_{part}", y)):
                bad = ~np.isfinite(array.astype(float))
                if np.any(bad):
                    index = tuple(int(i) for i in np.argwhere(bad)[0])
                    raise InvalidParameterError(
                        f"{array_name} must hold finite numbers only; got "
                        f"{array_name}[{', '.join(map(str, index))}]={float(array[index])!r}."
                    )
            if self.task != "regression" and not np.all(np.mod(y, 1) == 0):
                index = int(np.argmax(np.mod(y, 1) != 0))
                raise InvalidParameterError(
                    f"y_{part} must hold whole-number class labels 0, 1, ... for a {self.task} task; "
                    f"got y_{part}[{index}]={float(y[index])!r}."
                )
            object.__setattr__(self, f"X_{part}", _frozen(X, float))
            object.__setattr__(self, f"y_{part}", _frozen(y, label_type))
        if self.X_train.shape[1] != self.X_val.shape[1]:
            raise InvalidParameterError(
                f"X_train and X_val must have the same number of columns; "
                f"got {self.X_train.shape[1]} and {self.X_val.shape[1]}."
            )
        if self.task != "regression":
            labels = np.concatenate([self.y_train, self.y_val])
            if labels.min() < 0 or len(np.unique(self.y_train)) < 2:
                raise InvalidParameterError(
                    "class labels must be whole numbers 0, 1, ... and y_train must hold at least "
                    f"two classes; got labels {np.unique(labels).tolist()}."
                )
            if self.task == "binary" and labels.max() > 1:
                raise InvalidParameterError(f"a binary task needs labels 0 and 1; got labels {np.unique(labels).tolist()}.")

    @property
    def n_train(self) -> int:
        """Number of training samples."""
        return len(self.y_train)

    @property
    def n_features(self) -> int:
        """Number of features ``d``."""
        return self.X_train.shape[1]

    @property
    def n_classes(self) -> int:
        """Number of classes (1 for regression: one output)."""
        if self.task == "regression":
            return 1
        return int(max(self.y_train.max(), self.y_val.max())) + 1

    @property
    def trivial_val_loss(self) -> float:
        r"""Validation loss of the *trivial predictor*: the best constant prediction from the
        training labels, whatever the features. A run that ends above it has learnt nothing.

        Regression: :math:`\tfrac12\,\overline{(y - \bar y_{\rm train})^2}`; classification:
        the cross-entropy of the training set's class frequencies (a class it never saw counts
        with frequency :math:`1/n`, so the loss stays finite).
        """
        if self.task == "regression":
            return 0.5 * float(np.mean((self.y_val - self.y_train.mean()) ** 2))
        counts = np.bincount(self.y_train, minlength=self.n_classes).astype(float)
        frequencies = np.maximum(counts, 1.0) / max(counts.sum(), 1.0)
        return float(-np.mean(np.log(frequencies[self.y_val])))

    def __repr__(self) -> str:
        return tr("Dataset({name!r}, task={task!r}, {n_train} train / {n_val} validation samples, "
                  "{n_features} features)").format(name=self.name, task=self.task, n_train=self.n_train,
                                                   n_val=len(self.y_val), n_features=self.n_features)


def load_dataset(name: str, *, val_fraction: float = 0.25, seed: int = 0) -> Dataset:
    r"""Load a scikit-learn toy dataset, split it and standardise it.

    Parameters
    ----------
    name : {"diabetes", "breast_cancer", "digits"}
        Which dataset (see :data:`DATASETS`).
    val_fraction : float, default 0.25
        Fraction of the samples held out for validation, in ``(0, 1)``.
    seed : int, default 0
        Seed of the split (``train_test_split(random_state=seed)``).

    Returns
    -------
    Dataset
        Features standardised with the training mean and standard deviation,
        :math:`x' = (x - \mu)/\sigma`; for ``"diabetes"`` the target too.

    Raises
    ------
    ValueError
        For an unknown ``name``, naming the allowed ones.

    Examples
    --------
    >>> data = load_dataset("digits")
    >>> data.task, data.n_classes, data.X_train.shape
    ('multiclass', 10, (1347, 64))
    >>> round(float(data.X_train.mean()), 12), round(float(data.X_train[:, 10].std()), 12)
    (0.0, 1.0)
    """
    check_choice("name", name, tuple(DATASETS))
    val_fraction = check_in_interval("val_fraction", val_fraction, 0.0, 1.0)
    seed = check_seed("seed", seed)
    task = DATASETS[name]
    folder = bundled.data_folder() if task == "regression" else None
    if folder is not None:  # the same arrays, without importing scikit-learn (see bundled)
        X, y = bundled.diabetes(folder)
    else:
        from sklearn import datasets as sklearn_datasets

        X, y = getattr(sklearn_datasets, _LOADERS[name])(return_X_y=True)
    # train_test_split's own rule, said in our words: ceil for the validation part, each part at
    # least one sample per class (two samples for a regression, to standardise).
    n_val = math.ceil(val_fraction * len(y))
    need = 2 if task == "regression" else len(np.unique(y))
    if n_val < need or len(y) - n_val < need:
        raise InvalidParameterError(
            f"val_fraction must leave at least {need} samples in each part of {name!r} ({len(y)} samples"
            f"{'' if task == 'regression' else f', {need} classes'}); got val_fraction={val_fraction!r}: "
            f"{len(y) - n_val} training and {n_val} validation samples."
        )
    if folder is not None:
        train, val = bundled.shuffle_split(len(y), val_fraction, seed)
        X_train, X_val = bundled.standardise(X[train], X[val])
        y_train, y_val = (column[:, 0] for column in bundled.standardise(y[train, None], y[val, None]))
        return Dataset(name, task, X_train, y_train, X_val, y_val)
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    stratify = None if task == "regression" else y
    X_train, X_val, y_train, y_val = train_test_split(
        X, y, test_size=val_fraction, random_state=seed, stratify=stratify
    )
    x_scaler = StandardScaler().fit(X_train)
    X_train, X_val = x_scaler.transform(X_train), x_scaler.transform(X_val)
    if task == "regression":
        y_scaler = StandardScaler().fit(y_train.reshape(-1, 1))
        y_train = y_scaler.transform(y_train.reshape(-1, 1)).ravel()
        y_val = y_scaler.transform(y_val.reshape(-1, 1)).ravel()
    return Dataset(name, task, X_train, y_train, X_val, y_val)
