r"""scikit-learn's bundled toy data read from its own files, without importing scikit-learn.

Importing scikit-learn (with the parts of SciPy it loads) costs a chapter about 0.7 s of CPU,
more than some chapters spend training. The regression data the chapters train on, and the digits
behind the teacher–student problem, are small text files inside the installed scikit-learn; this
module reads them with NumPy and repeats, operation for operation, what scikit-learn does to them:

- :func:`digits` is ``load_digits(return_X_y=True)``;
- :func:`diabetes` is ``load_diabetes(return_X_y=True)``: each raw column centred and divided by
  its standard deviation times :math:`\sqrt{n}` (``scale`` then ``/ n ** 0.5``);
- :func:`shuffle_split` is ``train_test_split(..., test_size=f, random_state=seed)`` without
  stratification: the permutation of ``RandomState(seed)``, :math:`\lceil f n\rceil` samples held out;
- :func:`standardise` is ``StandardScaler().fit(train).transform(...)``: the training mean and
  the corrected two-pass variance (Chan, Golub & LeVeque 1983).

The tests check every array against scikit-learn's, bit for bit. Where the files are not found
(a scikit-learn that moved them), the callers fall back to scikit-learn itself.
"""

from __future__ import annotations

import gzip
import importlib.util
import math
from pathlib import Path
from typing import Optional

import numpy as np

__all__ = ["data_folder", "digits", "diabetes", "shuffle_split", "standardise"]


def data_folder() -> Optional[Path]:
    """scikit-learn's ``datasets/data`` folder, found without importing scikit-learn, or ``None``."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "datasets" / "data"
    needed = ("digits.csv.gz", "diabetes_data_raw.csv.gz", "diabetes_target.csv.gz")
    return folder if all((folder / name).is_file() for name in needed) else None


def _table(folder: Path, name: str, delimiter: Optional[str] = None) -> np.ndarray:
    with gzip.open(folder / name, mode="rt", encoding="utf-8") as text:
        return np.loadtxt(text, delimiter=delimiter)


def digits(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    """The 1797 images of 8×8 pixels, flattened to 64 values in 0–16, and their digits."""
    data = _table(folder, "digits.csv.gz", delimiter=",")
    return data[:, :-1], data[:, -1].astype(int, copy=False)


def diabetes(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    r"""The 442 patients' 10 features, each column :math:`(x - \bar x)/(s\sqrt{n})` with :math:`s`
    its standard deviation (ddof 0), and the disease progression after a year."""
    data = _table(folder, "diabetes_data_raw.csv.gz")
    target = _table(folder, "diabetes_target.csv.gz")
    # sklearn.preprocessing.scale: both statistics before centring, then two checks of the centring
    mean, deviation = np.nanmean(data, axis=0), np.nanstd(data, axis=0)
    data -= mean
    if not np.allclose(residue := np.nanmean(data, axis=0), 0):
        data -= residue
    deviation[deviation < 10 * np.finfo(np.float64).eps] = 1.0
    data /= deviation
    if not np.allclose(residue := np.nanmean(data, axis=0), 0):
        data -= residue
    data /= data.shape[0] ** 0.5
    return data, target


def shuffle_split(n_samples: int, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    r"""Training and held-out indices: the first :math:`\lceil f n\rceil` of ``RandomState(seed).permutation(n)``
    held out, the rest for training (in that order)."""
    n_test = math.ceil(test_fraction * n_samples)
    permutation = np.random.RandomState(seed).permutation(n_samples)
    return permutation[n_test:], permutation[:n_test]


def standardise(train: np.ndarray, *others: np.ndarray) -> tuple[np.ndarray, ...]:
    r""":math:`(x - \mu)/\sigma` with the training columns' mean :math:`\mu` and standard deviation
    :math:`\sigma` (ddof 0), for ``train`` and each of ``others``.

    The variance is the corrected two-pass sum, :math:`\big(\sum_i d_i^2 - (\sum_i d_i)^2/n\big)/n`
    with :math:`d_i = x_i - \mu`; a column whose variance is within rounding of 0 is only centred.
    """
    n = train.shape[0]
    total = np.sum(train, axis=0)
    mean = total / n
    deviation = train - total / n
    correction = np.sum(deviation, axis=0)
    deviation **= 2
    variance = (np.sum(deviation, axis=0) - correction**2 / n) / n
    scale = np.sqrt(variance)
    eps = np.finfo(np.float64).eps
    upper = n * eps * variance + (n * mean * eps) ** 2  # scikit-learn's _is_constant_feature
    scale[variance <= upper] = 1.0
    return tuple((x - mean) / scale for x in (train, *others))
