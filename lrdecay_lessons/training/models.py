r"""The three convex models the trainer fits: linear, logistic and softmax regression.

One convex model per task of :mod:`lrdecay_lessons.training.datasets`, all of the form
:math:`Z = XW + b` followed by an output function:

========== ============== ===================== ==============================================
model      task           output :math:`P`      loss per sample
========== ============== ===================== ==============================================
linear     regression     :math:`Z`             :math:`\tfrac12 (z - y)^2`
logistic   binary         :math:`\sigma(Z)`     :math:`\log(1 + e^{z}) - y z`
softmax    multiclass     softmax(:math:`Z`)    :math:`\log\sum_j e^{z_j} - z_y`
========== ============== ===================== ==============================================

For all three the gradient of the mean loss over a minibatch of :math:`m` samples
has the same form (the output is each model's *canonical link*):

.. math:: \nabla_W J = \frac{1}{m} X^\top (P - Y) + \lambda W, \qquad
          \nabla_b J = \frac{1}{m} \sum_i (P_i - Y_i),

where :math:`Y` holds the targets (one-hot for softmax) and :math:`\lambda` is the
optional L2 penalty :math:`\tfrac{\lambda}{2}\lVert W\rVert^2` (the bias is not
penalised). :mod:`.trainer` takes the steps.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from ..schedules.validation import check_choice

__all__ = [
    "MODEL_FOR_TASK",
    "targets",
    "predict",
    "objective",
    "loss_and_gradient",
]


Model = Literal["linear", "logistic", "softmax"]


#: The model trained on each task.
MODEL_FOR_TASK: dict[str, Model] = {"regression": "linear", "binary": "logistic", "multiclass": "softmax"}


def _linear(Z: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, float]:
    """Identity output, mean of ``(z - y)**2 / 2``."""
    return Z, 0.5 * float(((Z - Y) ** 2).sum()) / len(Z)


def _logistic(Z: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, float]:
    """Sigmoid output, mean of ``log(1 + e**z) - y*z`` (``logaddexp`` never overflows)."""
    P = 0.5 * (1.0 + np.tanh(0.5 * Z))  # = 1 / (1 + exp(-z)), without overflow
    return P, float((np.logaddexp(0.0, Z) - Y * Z).sum()) / len(Z)


def _softmax(Z: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, float]:
    """Softmax output, mean of ``logsumexp(z) - z_y``; shifting by ``max z`` avoids overflow."""
    shifted = Z - Z.max(axis=1, keepdims=True)  # softmax and log-loss do not change
    E = np.exp(shifted)
    norm = E.sum(axis=1, keepdims=True)
    return E / norm, float(np.log(norm).sum() - (Y * shifted).sum()) / len(Z)


OUTPUTS = {"linear": _linear, "logistic": _logistic, "softmax": _softmax}


def _check_model(model: str) -> None:
    check_choice("model", model, tuple(OUTPUTS))


def targets(y: np.ndarray, model: str, n_classes: int = 1) -> np.ndarray:
    """The target matrix :math:`Y` of shape ``(n, k)``: ``y`` as a column, or one-hot for softmax.

    Examples
    --------
    >>> targets(np.array([2, 0]), "softmax", n_classes=3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    _check_model(model)
    if model == "softmax":
        return np.eye(n_classes)[y]
    return np.asarray(y, dtype=float).reshape(-1, 1)


def predict(X: np.ndarray, W: np.ndarray, b: np.ndarray, model: str) -> np.ndarray:
    r"""Model output :math:`P`: :math:`Z = XW + b`, then identity, sigmoid or softmax."""
    _check_model(model)
    Z = X @ W + b
    return OUTPUTS[model](Z, np.zeros_like(Z))[0]


def objective(
    X: np.ndarray, Y: np.ndarray, W: np.ndarray, b: np.ndarray, model: str, l2: float = 0.0
) -> float:
    r"""Objective :math:`J = \frac1m\sum_i \ell(z_i, y_i) + \frac{\lambda}{2}\lVert W\rVert^2`."""
    _check_model(model)
    return OUTPUTS[model](X @ W + b, Y)[1] + 0.5 * l2 * float(np.sum(W * W))


def loss_and_gradient(
    X: np.ndarray, Y: np.ndarray, W: np.ndarray, b: np.ndarray, model: str, l2: float = 0.0
) -> tuple[float, np.ndarray, np.ndarray]:
    r"""The objective :math:`J` on a minibatch and its gradient, from one forward pass.

    .. math:: \nabla_W J = \frac{1}{m} X^\top (P - Y) + \lambda W, \qquad
              \nabla_b J = \frac{1}{m} \sum_i (P_i - Y_i)

    Parameters
    ----------
    X : numpy.ndarray of shape (m, d)
        Minibatch features.
    Y : numpy.ndarray of shape (m, k)
        Targets from :func:`targets` (``k = 1`` except for softmax).
    W : numpy.ndarray of shape (d, k)
        Weights.
    b : numpy.ndarray of shape (k,)
        Biases.
    model : {"linear", "logistic", "softmax"}
    l2 : float, default 0.0
        :math:`\lambda \ge 0`, the L2 penalty on ``W``.

    Returns
    -------
    J : float
        :func:`objective` at ``(W, b)``.
    grad_W : numpy.ndarray of shape (d, k)
    grad_b : numpy.ndarray of shape (k,)
    """
    _check_model(model)
    P, mean_loss = OUTPUTS[model](X @ W + b, Y)
    R = (P - Y) / len(X)
    J = mean_loss + 0.5 * l2 * float(np.sum(W * W)) if l2 else mean_loss
    grad_W = X.T @ R + l2 * W if l2 else X.T @ R
    return J, grad_W, R.sum(axis=0)


def score(Z: np.ndarray, y: np.ndarray, model: str) -> float:
    """Accuracy for classifiers, :math:`R^2 = 1 - \\sum (z - y)^2 / \\sum (y - \\bar y)^2` for regression."""
    if model == "linear":
        residual = np.sum((Z[:, 0] - y) ** 2)
        spread = np.sum((y - y.mean()) ** 2)
        return 1.0 - float(residual / spread) if spread > 0 else float(residual == 0)
    predicted = (Z[:, 0] > 0).astype(int) if model == "logistic" else Z.argmax(axis=1)
    return float(np.mean(predicted == y))
