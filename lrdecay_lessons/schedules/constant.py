r"""The constant rate (常数学习率): the baseline every decay is measured against."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._common import LearningRate, finish
from .validation import check_positive, check_steps

__all__ = ["constant_rate"]


def constant_rate(t: ArrayLike, lr0: float) -> LearningRate:
    r"""The same rate at every step.

    .. math:: \eta_t = \eta_0

    Parameters
    ----------
    t : float or array_like
        Step number, ``t >= 0``.
    lr0 : float
        :math:`\eta_0 > 0`.

    Returns
    -------
    float or numpy.ndarray
        ``lr0`` (a float for a scalar ``t``, an array of the shape of ``t`` otherwise).

    Notes
    -----
    PyTorch: no scheduler (or ``LambdaLR(optimizer, lambda t: 1.0)``); Keras: a float as
    ``learning_rate``; Hugging Face: ``get_constant_schedule``; optax: ``constant_schedule(lr0)``.

    Examples
    --------
    >>> constant_rate([0, 10, 1000], lr0=0.1)
    array([0.1, 0.1, 0.1])
    """
    steps, is_scalar = check_steps(t)
    lr0 = check_positive("lr0", lr0)
    return finish(np.full_like(steps, lr0), is_scalar)
