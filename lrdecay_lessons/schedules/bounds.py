r"""The convex last-iterate bound of a schedule (Defazio et al. 2023, Thm 10; Schaipp et al. 2025).

For SGD :math:`x_{t+1} = x_t - \eta_t g_t` on a convex function whose stochastic
(sub)gradients have :math:`\mathbb E\lVert g_t\rVert^2 \le G^2`, started at distance
:math:`D = \lVert x_1 - x_\star\rVert` from a minimiser, the expected suboptimality of the
*last* iterate after :math:`T` steps with rates :math:`\eta_1, \dots, \eta_T > 0` is at most

.. math::
    \Omega_T = \frac{D^2 + G^2 \sum_{t=1}^T \eta_t^2}{2 \sum_{t=1}^T \eta_t}
      + \frac{G^2}{2} \sum_{k=1}^{T-1} \frac{\eta_k}{\sum_{t=k+1}^T \eta_t}
        \cdot \frac{\sum_{t=k}^T \eta_t^2}{\sum_{t=k}^T \eta_t}.

This is Theorem 10 of Defazio, Cutkosky, Mehta & Mishchenko (2023, arXiv 2310.07831, "When,
Why and How Much? Adaptive Learning Rate Scheduling by Refinement") with a constant gradient
bound, the form Schaipp, Hägele, Taylor, Simsekli & Bach (2025, ICML, "The Surprising
Agreement Between Convex Optimization Theory and Learning-Rate Scheduling for Large Model
Training") compare with language-model training. The code follows their reference
implementation (``fabian-sp/lr-scheduling``, ``ScheduleBase._compute_refined_rate``).

Scaling every rate by a peak :math:`\gamma` gives :math:`\Omega_T(\gamma) = a/\gamma + b\gamma`
with :math:`a` the :math:`D^2` term at :math:`\gamma = 1` and :math:`b` the rest, so the best
peak is :math:`\gamma^\star = \sqrt{a/b}` and the bound there :math:`2\sqrt{ab}`: each schedule
can be compared at its own tuned peak, as the course compares trained runs. Only the shape
matters for the ranking at tuned peaks: :math:`2\sqrt{ab}` is proportional to :math:`DG`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .validation import check_positive
from ..errors import InvalidParameterError

__all__ = ["BoundTerms", "last_iterate_bound", "bound_terms", "TunedBound", "tuned_last_iterate_bound"]


def _check_rates(rates: ArrayLike) -> np.ndarray:
    array = np.asarray(rates, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise InvalidParameterError(f"rates must be a 1-D sequence of at least one learning rate; got shape {array.shape}.")
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise InvalidParameterError("rates must be finite and >= 0 at every step; "
                         f"got rates with minimum {np.nanmin(array)!r}" + (" and a non-finite value." if not
                                                                           np.all(np.isfinite(array)) else "."))
    if array[-1] <= 0:
        raise InvalidParameterError(f"rates must end with a rate > 0 (the bound divides by the sum of the rates after each "
                         f"step); got rates[-1]={array[-1]!r}. Drop the steps at rate 0 from the end.")
    return array


@dataclass(frozen=True)
class BoundTerms:
    """The three terms of :math:`\\Omega_T`: distance, noise of the average, last-iterate correction."""

    distance: float
    average: float
    correction: float

    @property
    def total(self) -> float:
        return self.distance + self.average + self.correction


def bound_terms(rates: ArrayLike, distance: float = 1.0, gradient_bound: float = 1.0) -> BoundTerms:
    r"""The terms of the last-iterate bound :math:`\Omega_T` for the rates :math:`\eta_1 .. \eta_T`.

    .. math::
        \underbrace{\frac{D^2}{2\sum_t \eta_t}}_{\text{distance}}
        + \underbrace{\frac{G^2 \sum_t \eta_t^2}{2\sum_t \eta_t}}_{\text{average}}
        + \underbrace{\frac{G^2}{2} \sum_{k=1}^{T-1} \frac{\eta_k}{\sum_{t>k} \eta_t}
          \frac{\sum_{t\ge k} \eta_t^2}{\sum_{t \ge k} \eta_t}}_{\text{correction}}

    Parameters
    ----------
    rates : array_like of shape (T,)
        The rates of the steps, in order; all ``>= 0`` and the last ``> 0``.
    distance : float, default 1
        :math:`D > 0`, the initial distance to a minimiser.
    gradient_bound : float, default 1
        :math:`G > 0`, the bound on the gradients' root mean square.

    Returns
    -------
    BoundTerms
    """
    eta = _check_rates(rates)
    D = check_positive("distance", distance)
    G = check_positive("gradient_bound", gradient_bound)
    total = eta.sum()
    squares = eta**2
    tail = np.cumsum(eta[::-1])[::-1]                 # sum_{t >= k} eta_t
    tail_squares = np.cumsum(squares[::-1])[::-1]     # sum_{t >= k} eta_t^2
    after = tail[1:]                                  # sum_{t > k} eta_t, k = 1 .. T-1 (> 0: eta_T > 0)
    correction = 0.5 * G**2 * float(np.sum(eta[:-1] / after * tail_squares[:-1] / tail[:-1]))
    return BoundTerms(float(D**2 / (2 * total)), float(G**2 * squares.sum() / (2 * total)), correction)


def last_iterate_bound(rates: ArrayLike, distance: float = 1.0, gradient_bound: float = 1.0) -> float:
    r""":math:`\Omega_T`, the bound on the last iterate's expected suboptimality (see the module).

    >>> round(last_iterate_bound([0.1] * 100), 4)   # a constant rate: log terms appear
    0.3589
    """
    return bound_terms(rates, distance, gradient_bound).total


@dataclass(frozen=True)
class TunedBound:
    """A schedule's shape at its best peak :math:`\\gamma^\\star = \\sqrt{a/b}`, and its bound :math:`2\\sqrt{ab}` there."""

    peak: float
    bound: float


def tuned_last_iterate_bound(shape: ArrayLike, distance: float = 1.0, gradient_bound: float = 1.0) -> TunedBound:
    r"""The bound of ``peak * shape`` at the peak that minimises it.

    With :math:`a` the distance term and :math:`b` the other two at peak 1,
    :math:`\Omega_T(\gamma) = a/\gamma + b\gamma`, smallest at :math:`\gamma^\star = \sqrt{a/b}`
    where it is :math:`2\sqrt{ab}`.

    Parameters
    ----------
    shape : array_like of shape (T,)
        The schedule at peak 1 (any scale: the result is rescaled accordingly).
    distance, gradient_bound : float
        :math:`D` and :math:`G`, as in :func:`bound_terms`.
    """
    terms = bound_terms(shape, distance, gradient_bound)
    a, b = terms.distance, terms.average + terms.correction
    return TunedBound(float(np.sqrt(a / b)), float(2 * np.sqrt(a * b)))
