r"""The noisy quadratic model: the expected loss of SGD and of an idealised Adam, computed exactly.

The loss is :math:`L(\theta) = \tfrac12 \sum_i \lambda_i \theta_i^2` (minimum 0 at
:math:`\theta = 0`), and a minibatch of :math:`B` samples gives the gradient
:math:`\lambda_i\theta_i + \xi_i` with independent noise of variance :math:`\sigma^2\lambda_i/B`
(the covariance :math:`\sigma^2 H / B` of the noisy quadratic model of Zhang et al., 2019,
NeurIPS, "Which Algorithmic Choices Matter at Which Batch Sizes?"). A step with
per-coordinate rate :math:`a_i` maps the second moment :math:`s_i = \mathbb E\,\theta_i^2` to

.. math:: s_i \leftarrow (1 - a_i\lambda_i)^2 s_i + a_i^2 \frac{\sigma^2 \lambda_i}{B},

exactly, so the expected loss :math:`\tfrac12\sum_i \lambda_i s_i` after any schedule is
computed without sampling. Two optimizers:

* ``"sgd"``: :math:`a_i = \eta`.
* ``"adam"``: an idealised Adam near the optimum, where its second-moment estimate is the
  gradient-noise variance :math:`v_i = \sigma^2\lambda_i / B` (the regime of Malladi et al.,
  2022, NeurIPS, "On the SDEs and Scaling Rules for Adaptive Gradient Algorithms"; no first
  moment, :math:`\epsilon = 0`): :math:`a_i = \eta / \sqrt{v_i} = \eta\sqrt{B}/(\sigma\sqrt{\lambda_i})`.

What it leaves out: momentum, Adam's own estimate of :math:`v` (and its signal part
:math:`\lambda_i^2\theta_i^2`, which a large batch makes dominant), and everything
non-quadratic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..schedules.validation import check_choice, check_count, check_positive
from ..errors import InvalidParameterError

__all__ = ["NoisyQuadratic", "noisy_quadratic", "NQM_OPTIMIZERS"]

#: The optimizers :class:`NoisyQuadratic` can follow exactly.
NQM_OPTIMIZERS = ("sgd", "adam")


@dataclass(frozen=True)
class NoisyQuadratic:
    """Curvatures :math:`\\lambda_i`, noise :math:`\\sigma^2` and the start :math:`s_i = \\theta_{0,i}^2`."""

    curvatures: np.ndarray
    noise: float
    start: np.ndarray

    def coordinate_rates(self, lr: ArrayLike, batch_size: int, optimizer: str = "sgd") -> np.ndarray:
        """:math:`a_i` for rate(s) ``lr`` (shape ``(..., 1)`` against the coordinates)."""
        optimizer = check_choice("optimizer", optimizer, NQM_OPTIMIZERS)
        batch_size = check_count("batch_size", batch_size)
        lr = np.asarray(lr, dtype=float)[..., None]
        if optimizer == "sgd":
            return lr * np.ones_like(self.curvatures)
        return lr * np.sqrt(batch_size / (self.noise * self.curvatures))

    def expected_loss(self, rates: ArrayLike, batch_size: int, optimizer: str = "sgd") -> float:
        r"""Expected loss after the steps with rates ``rates`` (1-D, in order); ``inf`` if it blew up.

        Applies :math:`s_i \leftarrow (1 - a_i\lambda_i)^2 s_i + a_i^2\sigma^2\lambda_i/B` once per step
        and returns :math:`\tfrac12\sum_i \lambda_i s_i`.
        """
        rates = np.asarray(rates, dtype=float)
        if rates.ndim != 1 or not np.all(np.isfinite(rates)) or np.any(rates < 0):
            raise InvalidParameterError(f"rates must be a 1-D array of finite rates >= 0; got shape {rates.shape}.")
        a = self.coordinate_rates(rates, batch_size, optimizer)          # (T, d)
        lam = self.curvatures
        s = self.start.copy()
        with np.errstate(over="ignore", invalid="ignore"):
            for a_t in a:
                s = (1 - a_t * lam) ** 2 * s + a_t**2 * self.noise * lam / batch_size
        loss = 0.5 * float(np.sum(lam * s))
        return loss if np.isfinite(loss) else np.inf

    def constant_rate_loss(self, lr: ArrayLike, steps: int, batch_size: int, optimizer: str = "sgd") -> np.ndarray:
        r"""Expected loss after ``steps`` steps at each constant rate in ``lr``, in closed form.

        With :math:`r_i = (1 - a_i\lambda_i)^2` and :math:`q_i = a_i^2\sigma^2\lambda_i/B`:
        :math:`s_i(T) = r_i^T s_i(0) + q_i \sum_{k<T} r_i^k`. ``inf`` where it blows up.
        """
        steps = check_count("steps", steps)
        a = self.coordinate_rates(lr, batch_size, optimizer)
        lam = self.curvatures
        r = (1 - a * lam) ** 2
        q = a**2 * self.noise * lam / batch_size
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            powers = r**steps
            geometric = np.where(np.isclose(r, 1.0), steps, (1 - powers) / (1 - r))
            s = powers * self.start + q * geometric
            loss = 0.5 * np.sum(lam * s, axis=-1)
        return np.where(np.isfinite(loss), loss, np.inf)

    def best_constant_rate(self, samples: int, batch_size: int, optimizer: str = "sgd",
                           grid: ArrayLike = None) -> tuple[float, float]:
        """The rate of ``grid`` with the lowest expected loss after ``samples // batch_size`` steps, and that loss.

        ``grid`` defaults to 4001 rates spaced evenly on a log scale from 1e-6 to 1e2
        (neighbours 0.2% apart: the resolution of the answer).
        """
        samples = check_count("samples", samples)
        batch_size = check_count("batch_size", batch_size)
        if batch_size > samples:
            raise InvalidParameterError(f"batch_size must be <= samples (at least one step); got batch_size={batch_size!r}, "
                             f"samples={samples!r}.")
        grid = np.logspace(-6, 2, 4001) if grid is None else np.asarray(grid, dtype=float)
        losses = self.constant_rate_loss(grid, samples // batch_size, batch_size, optimizer)
        best = int(np.argmin(losses))
        return float(grid[best]), float(losses[best])


def noisy_quadratic(dimension: int = 100, noise: float = 1.0, start: float = 1.0) -> NoisyQuadratic:
    r"""Curvatures :math:`\lambda_i = 1/i`, :math:`i = 1..d` (Zhang et al. 2019), and :math:`\theta_{0,i}^2` = ``start``.

    Parameters
    ----------
    dimension : int, default 100
        :math:`d \ge 1`.
    noise : float, default 1
        :math:`\sigma^2 > 0`: one sample's gradient noise has variance :math:`\sigma^2\lambda_i`.
    start : float, default 1
        :math:`\theta_{0,i}^2 > 0` in every coordinate.
    """
    dimension = check_count("dimension", dimension)
    noise = check_positive("noise", noise)
    start = check_positive("start", start)
    curvatures = 1.0 / np.arange(1, dimension + 1)
    return NoisyQuadratic(curvatures, noise, np.full(dimension, start))
