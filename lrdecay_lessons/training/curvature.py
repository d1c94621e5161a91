r"""Curvature of the linear model's loss: why a rate is stable, and the exact optimum.

Full-batch gradient descent on a quadratic multiplies the error along the stiffest
direction (curvature :math:`\lambda_\max`) by :math:`(1 - \eta_t \lambda_\max)` at step
:math:`t`, so it is stable only for :math:`\eta < 2 / \lambda_\max`:

* :func:`top_curvature` — :math:`\lambda_\max` of a dataset's least-squares loss;
  :func:`linear_curvatures` — all the eigenvalues of its Hessian;
* :func:`stiff_growth` — the product :math:`\prod_t |1 - \eta_t \lambda_\max|` along a run;
* :func:`linear_optimum` — the exact least-squares solution, the lowest training loss
  gradient descent can reach.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..schedules.validation import check_non_negative
from .datasets import Dataset
from ..errors import InvalidParameterError

__all__ = [
    "top_curvature",
    "stiff_growth",
    "LinearOptimum",
    "linear_optimum",
    "linear_curvatures",
]


def top_curvature(dataset: Dataset) -> float:
    r"""Largest curvature :math:`\lambda_\max` of the linear model's full-batch loss.

    The loss :math:`\frac{1}{2n}\lVert X w + b - y \rVert^2` has the constant Hessian
    :math:`H = \frac1n \tilde X^\top \tilde X` with :math:`\tilde X = [X, 1]` (the
    column of ones is the bias). Full-batch gradient descent with a constant rate
    converges if and only if :math:`\eta < 2 / \lambda_\max(H)`.

    Parameters
    ----------
    dataset : Dataset
        A regression dataset (the linear model).

    Returns
    -------
    float
    """
    if not isinstance(dataset, Dataset) or dataset.task != "regression":
        raise InvalidParameterError(f"dataset must be a regression Dataset (the linear model); got {dataset!r}.")
    X = np.column_stack([dataset.X_train, np.ones(dataset.n_train)])
    return float(np.linalg.eigvalsh(X.T @ X / dataset.n_train)[-1])


def stiff_growth(rates: Sequence[float] | np.ndarray, curvature: float) -> np.ndarray:
    r"""How much the error along the stiffest direction has grown after each step.

    .. math:: g_t = \prod_{s=0}^{t} \lvert 1 - \eta_s \lambda \rvert

    On a quadratic, full-batch gradient descent multiplies that component of
    :math:`w - w^\star` by :math:`1 - \eta_s\lambda` at step :math:`s`: a factor above 1
    in size (:math:`\eta_s > 2/\lambda`) makes it grow, below 1 makes it shrink.

    Parameters
    ----------
    rates : sequence of float
        :math:`\eta_0, \eta_1, \dots`, each ``>= 0``.
    curvature : float
        :math:`\lambda \ge 0`.

    Returns
    -------
    numpy.ndarray
        :math:`g_0, g_1, \dots`, summed as logarithms; a factor of exactly 0 gives 0
        from there on, a product beyond the float range gives ``inf`` (no warning).

    Examples
    --------
    >>> stiff_growth([0.5, 3.0, 3.0], curvature=1.0)
    array([0.5, 1. , 2. ])
    """
    curvature = check_non_negative("curvature", curvature)
    eta = np.asarray(rates, dtype=float)
    if eta.ndim != 1 or not np.all(np.isfinite(eta)) or np.any(eta < 0):
        raise InvalidParameterError(f"rates must be a one-dimensional sequence of finite numbers >= 0; got {rates!r}.")
    with np.errstate(divide="ignore", over="ignore"):  # a factor 0 gives log 0 = -inf: growth 0
        return np.exp(np.cumsum(np.log(np.abs(1.0 - eta * curvature))))


@dataclass(frozen=True)
class LinearOptimum:
    """The exact least-squares fit of a regression dataset and its losses (MSE / 2)."""

    weights: np.ndarray
    bias: float
    train_loss: float
    val_loss: float


def linear_optimum(dataset: Dataset) -> LinearOptimum:
    r"""Solve the linear regression exactly: the minimum gradient descent is heading for.

    .. math:: (\hat w, \hat b) = \arg\min_{w, b} \frac{1}{2n}\lVert X w + b - y\rVert^2

    (``numpy.linalg.lstsq`` on :math:`[X, 1]`). Its training loss is the lowest any
    run can reach; its validation loss is what such a fit scores on new data.

    Examples
    --------
    >>> from lrdecay_lessons.training.datasets import load_dataset
    >>> best = linear_optimum(load_dataset("diabetes"))
    >>> round(best.train_loss, 4), round(best.val_loss, 4)
    (0.2223, 0.2543)
    """
    if not isinstance(dataset, Dataset) or dataset.task != "regression":
        raise InvalidParameterError(f"dataset must be a regression Dataset (the linear model); got {dataset!r}.")
    A = np.column_stack([dataset.X_train, np.ones(dataset.n_train)])
    solution = np.linalg.lstsq(A, dataset.y_train, rcond=None)[0]
    A_val = np.column_stack([dataset.X_val, np.ones(len(dataset.y_val))])
    return LinearOptimum(
        weights=solution[:-1],
        bias=float(solution[-1]),
        train_loss=0.5 * float(np.mean((A @ solution - dataset.y_train) ** 2)),
        val_loss=0.5 * float(np.mean((A_val @ solution - dataset.y_val) ** 2)),
    )


def linear_curvatures(dataset: Dataset) -> np.ndarray:
    r"""The curvatures of the linear model's training loss, smallest first.

    The loss :math:`\frac{1}{2n}\lVert X w + b - y\rVert^2` has the constant Hessian
    :math:`H = \frac1n \tilde X^\top \tilde X`, :math:`\tilde X = [X, 1]`; its
    eigenvalues :math:`\lambda_i` are the curvatures. Full-batch gradient descent
    multiplies the error along direction :math:`i` by :math:`1 - \eta\lambda_i` per
    step: it diverges for :math:`\eta > 2/\lambda_\max`, and along the flattest
    direction it makes progress only :math:`\eta\lambda_\min` of the way per step.
    The largest equals :func:`lrdecay_lessons.training.top_curvature`.

    Examples
    --------
    >>> from lrdecay_lessons.training.datasets import load_dataset
    >>> curvatures = linear_curvatures(load_dataset("diabetes"))
    >>> len(curvatures), round(float(curvatures[0]), 5), round(float(curvatures[-1]), 4)
    (11, 0.00936, 4.1406)
    """
    if not isinstance(dataset, Dataset) or dataset.task != "regression":
        raise InvalidParameterError(f"dataset must be a regression Dataset (the linear model); got {dataset!r}.")
    A = np.column_stack([dataset.X_train, np.ones(dataset.n_train)])
    return np.linalg.eigvalsh(A.T @ A / dataset.n_train)
