r"""Inverse square root decay (平方根倒数衰减): a linear warm-up, then :math:`1/\sqrt t`, with no horizon.

:func:`inverse_sqrt` takes the peak ``lr0``; :func:`inverse_sqrt_warmup` is the same schedule in
the Transformer paper's terms (Vaswani et al. 2017, eq. 3, the "Noam" schedule), whose peak
:math:`(d_\text{model} W)^{-1/2}` is :func:`inverse_sqrt_peak`.
"""

from __future__ import annotations

import math
from typing import Optional

import numpy as np
from numpy.typing import ArrayLike

from ._common import LearningRate, finish
from .validation import check_count, check_positive, check_steps

__all__ = [
    "DEFAULT_TIMESCALE",
    "inverse_sqrt",
    "inverse_sqrt_warmup",
    "inverse_sqrt_peak",
]


#: The timescale :func:`inverse_sqrt` uses when there is no warm-up and none is given (Hugging Face's).
DEFAULT_TIMESCALE = 10_000


def inverse_sqrt(
    t: ArrayLike, lr0: float, warmup_steps: int, timescale: Optional[float] = None
) -> LearningRate:
    r"""Inverse square root (平方根倒数): linear warm-up to ``lr0``, then decay like :math:`1/\sqrt t`.

    .. math::
        \eta_t = \begin{cases}
          \eta_0 \, t / W, & t < W,\\
          \eta_0 \sqrt{\dfrac{\tau}{t - W + \tau}}, & t \ge W,
        \end{cases}

    The rate peaks at :math:`t = W` and has fallen to half its peak at
    :math:`t = W + 3\tau`. With the default :math:`\tau = W` the decay is
    :math:`\eta_0 \sqrt{W / t}`: the Transformer's schedule (Vaswani et al. 2017,
    "Attention Is All You Need", NeurIPS, eq. 3,
    :math:`d_\text{model}^{-1/2} \min(t^{-1/2}, t W^{-3/2})`) with its peak
    :math:`(d_\text{model} W)^{-1/2}` written as ``lr0``.

    Parameters
    ----------
    t : float or array_like
        Step number, ``t >= 0``. The rate never reaches 0 and keeps falling.
    lr0 : float
        The peak, reached at ``t = warmup_steps``; ``> 0``.
    warmup_steps : int
        :math:`W \ge 0`; ``0`` means no warm-up (the rate starts at ``lr0``).
    timescale : float, optional
        :math:`\tau > 0`, how many steps after the warm-up the decay takes to get going.
        Default: ``warmup_steps``, or 10 000 (:data:`DEFAULT_TIMESCALE`) when
        ``warmup_steps = 0``, as in Hugging Face.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Equals Hugging Face's ``get_inverse_sqrt_schedule(optimizer(lr=lr0),
    num_warmup_steps=W, timescale=timescale)`` at every step, the default timescale
    included; its warm-up, like every Hugging Face warm-up, starts at rate 0.

    Examples
    --------
    >>> inverse_sqrt([0, 50, 100, 400], lr0=0.1, warmup_steps=100)
    array([0.  , 0.05, 0.1 , 0.05])
    >>> inverse_sqrt(30_000, lr0=1.0, warmup_steps=0)  # default timescale 10 000
    0.5
    """
    steps, is_scalar = check_steps(t)
    lr0 = check_positive("lr0", lr0)
    warmup_steps = check_count("warmup_steps", warmup_steps, minimum=0)
    if timescale is None:
        timescale = float(warmup_steps or DEFAULT_TIMESCALE)
    else:
        timescale = check_positive("timescale", timescale)
    warming = lr0 * (np.minimum(steps, warmup_steps) / max(1, warmup_steps))
    since_warmup = np.maximum(steps - warmup_steps, 0.0)
    with np.errstate(over="ignore"):  # (t - W) / tau -> inf gives the right limit, 0
        decaying = lr0 / np.sqrt(1.0 + since_warmup / timescale)
    return finish(np.where(steps < warmup_steps, warming, decaying), is_scalar)


def inverse_sqrt_peak(d_model: int = 512, warmup_steps: int = 4000) -> float:
    r"""The peak of :func:`inverse_sqrt_warmup`, reached at :math:`t = W`.

    .. math:: \eta_W = d_\text{model}^{-1/2}\, W^{-1/2} = (d_\text{model} W)^{-1/2}

    Parameters
    ----------
    d_model : int, default 512
        Width of the model, :math:`d_\text{model} \ge 1`.
    warmup_steps : int, default 4000
        :math:`W \ge 1`.

    Examples
    --------
    >>> round(inverse_sqrt_peak(d_model=512, warmup_steps=4000), 10)
    0.0006987712
    """
    d_model = check_count("d_model", d_model)
    warmup_steps = check_count("warmup_steps", warmup_steps)
    return 1.0 / math.sqrt(d_model * warmup_steps)


def inverse_sqrt_warmup(t: ArrayLike, d_model: int = 512, warmup_steps: int = 4000) -> LearningRate:
    r"""The Transformer's schedule (Vaswani et al. 2017, eq. 3): linear warm-up, then :math:`1/\sqrt t`.

    .. math:: \eta_t = d_\text{model}^{-1/2}\,\min\!\left(t^{-1/2},\; t\,W^{-3/2}\right)

    computed as :func:`inverse_sqrt` with ``lr0`` = :math:`(d_\text{model} W)^{-1/2}`
    (:func:`inverse_sqrt_peak`) and the default timescale :math:`\tau = W`: for :math:`t < W`,
    :math:`\eta_0 t / W = d_\text{model}^{-1/2}\, t\, W^{-3/2}`; for :math:`t \ge W`,
    :math:`\eta_0 \sqrt{W / t} = d_\text{model}^{-1/2}\, t^{-1/2}`. The two agree with the
    paper's formula up to rounding (a relative difference of a few 1e-16).

    Parameters
    ----------
    t : float or array_like
        The paper's ``step_num``, ``>= 0``. At ``t = 0`` the formula's limit, 0, is returned
        (the warm-up branch); the paper counts its steps from 1.
    d_model : int, default 512
        Width of the model, :math:`d_\text{model} \ge 1` (512 for the base model).
    warmup_steps : int, default 4000
        :math:`W \ge 1`; the rate peaks at :math:`t = W`, and is half its peak at :math:`t = 4W`.

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> inverse_sqrt_warmup([0, 16], d_model=1, warmup_steps=4)
    array([0.  , 0.25])
    >>> round(inverse_sqrt_warmup(4000, d_model=512, warmup_steps=4000), 10)
    0.0006987712
    """
    d_model = check_count("d_model", d_model)
    warmup_steps = check_count("warmup_steps", warmup_steps)
    return inverse_sqrt(t, lr0=inverse_sqrt_peak(d_model, warmup_steps), warmup_steps=warmup_steps)
