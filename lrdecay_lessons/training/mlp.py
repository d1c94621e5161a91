r"""A small multi-layer perceptron in NumPy: ReLU hidden layers, a softmax or squared-error head.

The network with hidden widths :math:`h_1, \dots, h_L` (:math:`1 \le L \le 5`) maps a batch
:math:`X` (:math:`B \times d`) to outputs :math:`Z` through

.. math::
    A_0 = X, \qquad A_\ell = \operatorname{relu}(A_{\ell-1} W_\ell + b_\ell) \ (\ell = 1..L), \qquad
    Z = A_L W_{L+1} + b_{L+1},

and the loss is the mean over the batch of the cross-entropy :math:`\log\sum_j e^{z_j} - z_y`
(``head="softmax"``, labels :math:`y`) or of :math:`\tfrac12 \lVert z - y \rVert^2`
(``head="squared_error"``, targets :math:`y`). The gradient is back-propagated by hand;
the tests compare it with PyTorch's autograd (recorded in
``lrdecay_lessons/frameworks/data/mlp_values.json``).

Weights start as He et al. (2015, ICCV) recommend for ReLU networks,
:math:`W_\ell \sim \mathcal N(0, s^2 \cdot 2 / \text{fan-in})` with a scale factor :math:`s`
(``init_scale``; :math:`s > 1` makes a network harder to train at a given rate), biases at 0.

Many runs at once: give every weight a leading *run* axis (``init(..., runs=K)``) and the same
code trains :math:`K` networks side by side, with the batch products done as one stacked
``matmul``; the runs share one batch (``X`` of shape ``(B, d)``) or each has its own
(``(K, B, d)``, labels ``(K, B)``). The run axes may also be several, broadcast as ``matmul``
broadcasts: weights ``(m, G, ...)`` with images ``(1, G, B, d)`` train ``m x G`` runs on ``G``
batches without copying them. Each run's numbers are those it would have alone.

>>> net = MLP(hidden=(8,), head="softmax")
>>> params = net.init(n_features=4, n_outputs=3, seed=0)
>>> [p.shape for p in params]
[(4, 8), (8,), (8, 3), (3,)]
>>> X, y = np.ones((5, 4)), np.array([0, 1, 2, 0, 1])
>>> loss, grads = net.loss_and_gradient(params, X, y)
>>> [g.shape for g in grads] == [p.shape for p in params]
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Optional, Sequence

import numpy as np

from ..schedules.validation import check_choice, check_count, check_positive, check_seed
from .streams import stream
from ..errors import InvalidParameterError

__all__ = ["MLP", "HEADS", "log_softmax"]

Head = Literal["softmax", "squared_error"]
HEADS: tuple[str, ...] = ("softmax", "squared_error")
DTYPES: tuple[str, ...] = ("float64", "float32")
MAX_HIDDEN_LAYERS = 5


def log_softmax(Z: np.ndarray) -> np.ndarray:
    """:math:`z - \\max z - \\log \\sum e^{z - \\max z}` along the last axis (the classes).

    The maximum is taken class by class and the sum as a matrix product: NumPy's reductions
    over a short last axis cost several times more, and a sweep does this at every step.
    """
    top = Z[..., 0].copy()
    for k in range(1, Z.shape[-1]):
        np.maximum(top, Z[..., k], out=top)
    shifted = Z - top[..., None]
    return shifted - np.log(np.exp(shifted) @ np.ones((Z.shape[-1], 1), Z.dtype))


@lru_cache(maxsize=32)
def _logit_offsets(lead: tuple[int, ...], classes: int, batch: int) -> np.ndarray:
    """The flat position of class 0's logit of each (row, sample) in a C-ordered ``lead + (classes, batch)``
    array, of shape ``lead + (batch,)`` (read-only: a sweep asks for the same one at every step)."""
    rows = math.prod(lead)
    offsets = ((np.arange(rows) * (classes * batch))[:, None] + np.arange(batch)).reshape(lead + (batch,))
    offsets.flags.writeable = False
    return offsets


@lru_cache(maxsize=32)
def _ones(shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """A read-only array of ones (the sums over a batch are matrix products with one, at every step)."""
    ones = np.ones(shape, dtype)
    ones.flags.writeable = False
    return ones


def _cross_entropy_and_gradient(Z_t: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Mean cross-entropy over the batch and its gradient with respect to the logits, the logits
    given with the classes first, :math:`Z^\top` of shape ``(..., C, B)``:

    .. math:: \frac{\partial J}{\partial z_{ij}} = \frac{1}{B}\big(\operatorname{softmax}(z_i)_j
              - [j = y_i]\big),

    returned in the same layout. With the classes along the rows, the maximum and the sum over
    them are reductions over rows, and the softmax reuses the exponentials of the log-sum-exp:
    a sweep does this for every run at every step.
    """
    classes, batch = Z_t.shape[-2], Z_t.shape[-1]
    lead = Z_t.shape[:-2]
    labels = np.asarray(y, dtype=np.intp)
    # the flat position of each label's logit: (row, label, sample); labels shared by several runs broadcast
    picked = (labels * batch + _logit_offsets(lead, classes, batch)).reshape(-1)
    if picked.size != math.prod(lead) * batch:
        raise InvalidParameterError(f"y must hold one label per sample of shape {lead + (batch,)} or broadcast to it; "
                                    f"got shape {labels.shape}.")
    # a C-ordered new array, so that the flat positions below are its own (Z_t may be a transposed view)
    shifted = np.subtract(Z_t, np.maximum.reduce(Z_t, axis=-2)[..., None, :], order="C")
    shifted_label = shifted.reshape(-1)[picked].reshape(lead + (batch,))
    exponentials = np.exp(shifted, out=shifted)
    total = np.add.reduce(exponentials, axis=-2)
    loss = np.add.reduce(np.log(total) - shifted_label, axis=-1)
    loss /= batch  # the mean over the batch, as ndarray.mean computes it
    exponentials *= (1.0 / (batch * total))[..., None, :]  # softmax / B
    exponentials.reshape(-1)[picked] -= 1.0 / batch
    return loss, exponentials


@dataclass(frozen=True, kw_only=True)
class MLP:
    """The architecture: hidden widths, output head and the initial weights' scale.

    Parameters
    ----------
    hidden : sequence of int
        Width of each hidden layer, 1 to 5 layers.
    head : {"softmax", "squared_error"}
        Cross-entropy on class labels, or half the squared error on real targets.
    init_scale : float, default 1
        :math:`s`, multiplying He's standard deviation :math:`\\sqrt{2 / \\text{fan-in}}`.
    dtype : {"float64", "float32"}, default "float64"
        Precision of the weights and of every computation: float64 for the agreement tests,
        float32 (PyTorch's default) for speed. The initial weights are drawn in float64 and
        rounded, so both precisions start from the same network.
    """

    hidden: tuple[int, ...]
    head: Head = "softmax"
    init_scale: float = 1.0
    dtype: str = "float64"

    def __post_init__(self) -> None:
        if isinstance(self.hidden, (int, np.integer)) or not isinstance(self.hidden, Sequence):
            raise InvalidParameterError(f"hidden must be a sequence of layer widths such as (32, 32); got hidden={self.hidden!r}.")
        widths = tuple(check_count("hidden", width) for width in self.hidden)
        if not 1 <= len(widths) <= MAX_HIDDEN_LAYERS:
            raise InvalidParameterError(f"hidden must list 1 to {MAX_HIDDEN_LAYERS} layer widths; got hidden={self.hidden!r}.")
        object.__setattr__(self, "hidden", widths)
        check_choice("head", self.head, HEADS)
        object.__setattr__(self, "init_scale", check_positive("init_scale", self.init_scale))
        check_choice("dtype", self.dtype, DTYPES)

    def init(self, n_features: int, n_outputs: int, seed: int, runs: Optional[int] = None,
             role: str = "student") -> tuple[np.ndarray, ...]:
        """He-initialised weights and zero biases: ``(W1, b1, ..., W_{L+1}, b_{L+1})``.

        The weights are drawn from the random stream of ``role`` (``"student"`` or ``"teacher"``)
        for ``seed`` (:func:`~lrdecay_lessons.training.streams.stream`), so a student never
        shares its numbers with the teacher, whatever the two seeds.
        With ``runs=K`` every array gets a leading axis of length ``K``; run ``k`` is
        initialised from the seed ``seed + k`` (so it equals ``init(..., seed=seed + k)``).
        """
        n_features, n_outputs = check_count("n_features", n_features), check_count("n_outputs", n_outputs)
        seed = check_seed("seed", seed)
        check_choice("role", role, ("student", "teacher"))
        if runs is not None:
            runs = check_count("runs", runs)
            single = [self.init(n_features, n_outputs, seed + k, role=role) for k in range(runs)]
            return tuple(np.stack(arrays) for arrays in zip(*single))
        rng = stream(role, seed)
        sizes = (n_features, *self.hidden, n_outputs)
        params: list[np.ndarray] = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            weights = rng.normal(0.0, self.init_scale * np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
            params.append(weights.astype(self.dtype))
            params.append(np.zeros(fan_out, dtype=self.dtype))
        return tuple(params)

    def _check(self, params: Sequence[np.ndarray]) -> None:
        if len(params) != 2 * (len(self.hidden) + 1):
            raise InvalidParameterError(f"params must hold {2 * (len(self.hidden) + 1)} arrays (a weight matrix and a bias per "
                             f"layer) for hidden={self.hidden}; got {len(params)}.")

    def forward(self, params: Sequence[np.ndarray], X: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        """Outputs :math:`Z` (``(B, outputs)``, or ``(K, B, outputs)`` for stacked runs) and the activations."""
        activations = self._hidden_activations(params, X)
        Z = activations[-1] @ params[-2] + params[-1][..., None, :]
        return Z, activations

    def _hidden_activations(self, params: Sequence[np.ndarray], X: np.ndarray) -> list[np.ndarray]:
        r""":math:`A_0 = X, A_1, \dots, A_L`."""
        self._check(params)
        activations = [np.asarray(X, dtype=self.dtype)]
        for layer in range(len(self.hidden)):
            W, b = params[2 * layer], params[2 * layer + 1]
            A = activations[-1]
            if A.ndim == 2 and W.ndim == 3:  # the same images for every run: one matrix product for all
                runs, fan_in, fan_out = W.shape
                flat = A @ W.transpose(1, 0, 2).reshape(fan_in, -1)  # (images, runs x units), a new array
                flat += b.reshape(-1)
                np.maximum(flat, 0.0, out=flat)
                activations.append(flat.reshape(len(A), runs, fan_out).transpose(1, 0, 2))
            else:
                pre = A @ W  # a new array: the bias and the rectifier work in place
                pre += b[..., None, :]
                activations.append(np.maximum(pre, 0.0, out=pre))
        return activations

    def outputs_by_row(self, params: Sequence[np.ndarray], X: np.ndarray) -> np.ndarray:
        r"""The outputs with the output axis before the samples' axis: :math:`Z^\top`, ``(outputs, n)``
        or ``(K, outputs, n)`` for stacked runs, equal to ``forward(params, X)[0]`` transposed.

        Computed as :math:`W_{L+1}^\top A_L^\top`, so that sums and maxima over the outputs (a
        softmax over the classes) run along rows instead of across a short last axis.
        """
        return self._output_layer_by_row(params, self._hidden_activations(params, X)[-1])

    @staticmethod
    def _output_layer_by_row(params: Sequence[np.ndarray], A: np.ndarray) -> np.ndarray:
        """:math:`Z^\top = W_{L+1}^\top A_L^\top + b_{L+1}`, a new C-ordered array."""
        Z_t = params[-2].swapaxes(-1, -2) @ A.swapaxes(-1, -2)
        Z_t += params[-1][..., :, None]
        return Z_t

    def loss(self, Z: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Mean loss over the batch (one value per run for stacked outputs)."""
        if self.head == "softmax":
            return _cross_entropy_and_gradient(np.swapaxes(Z, -1, -2), y)[0]
        return self._squared_error_and_dZ(Z, y)[0]

    def _squared_error_and_dZ(self, Z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        batch = Z.shape[-2]
        targets = np.asarray(y, dtype=Z.dtype)
        if Z.shape[-1] == 1 and targets.shape[-1:] != (1,):
            targets = targets[..., None]  # one output: targets of shape (B,) or (K, B)
        residual = Z - targets
        return 0.5 * (residual**2).sum(axis=-1).mean(axis=-1), residual / batch

    def loss_and_gradient(self, params: Sequence[np.ndarray], X: np.ndarray,
                          y: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        """Mean loss over the batch and its gradient with respect to every array of ``params``."""
        activations = self._hidden_activations(params, X)
        A, W = activations[-1], params[-2]
        grads: list[np.ndarray] = [np.empty(0)] * len(params)
        if self.head == "softmax":  # the output layer with the classes first (see outputs_by_row)
            loss, delta_t = _cross_entropy_and_gradient(self._output_layer_by_row(params, A), y)
            grads[-2] = A.swapaxes(-1, -2) @ delta_t.swapaxes(-1, -2)
            grads[-1] = (delta_t @ _ones((delta_t.shape[-1], 1), delta_t.dtype))[..., 0]  # sum over the batch
            delta = delta_t.swapaxes(-1, -2) @ W.swapaxes(-1, -2)
        else:
            loss, delta = self._squared_error_and_dZ(A @ W + params[-1][..., None, :], y)
            grads[-2] = np.swapaxes(A, -1, -2) @ delta
            grads[-1] = (np.ones((1, delta.shape[-2]), delta.dtype) @ delta)[..., 0, :]
            delta = delta @ np.swapaxes(W, -1, -2)
        for layer in range(len(self.hidden) - 1, -1, -1):
            np.multiply(delta, activations[layer + 1] > 0.0, out=delta)
            A = activations[layer]
            grads[2 * layer] = A.swapaxes(-1, -2) @ delta
            grads[2 * layer + 1] = (_ones((1, delta.shape[-2]), delta.dtype) @ delta)[..., 0, :]  # sum over the batch
            if layer:
                delta = delta @ params[2 * layer].swapaxes(-1, -2)
        return loss, tuple(grads)
