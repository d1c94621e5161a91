r"""Warmup-stable-decay (WSD, 预热-稳定-衰减): warm up, hold the peak, cool down only at the end."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._common import LearningRate, check_lr_floor, finish, half_cosine
from .validation import check_choice, check_count, check_positive, check_steps
from ..errors import InvalidParameterError

__all__ = [
    "DECAY_SHAPES",
    "wsd",
]


#: The cooldown shapes of :func:`wsd`, as Hugging Face's ``decay_type`` names them.
DECAY_SHAPES = ("linear", "1-sqrt", "cosine")


def _cooldown(shape: str, progress: np.ndarray) -> np.ndarray:
    """The fraction of the way from ``lr_min`` to ``lr0`` still left at ``progress`` p in [0, 1]."""
    if shape == "linear":
        return 1.0 - progress
    if shape == "1-sqrt":
        return 1.0 - np.sqrt(progress)
    return half_cosine(progress)


def wsd(
    t: ArrayLike,
    lr0: float,
    total_steps: int,
    warmup_steps: int,
    decay_steps: int,
    decay_shape: str = "linear",
    lr_min: float = 0.0,
) -> LearningRate:
    r"""Warmup-stable-decay (WSD): a linear warm-up, a long constant stretch, a short cooldown.

    With :math:`W` warm-up steps, :math:`D` decay steps, :math:`T` steps in all and the
    cooldown starting at :math:`C = T - D`:

    .. math::
        \eta_t = \begin{cases}
          \eta_\text{min} + (\eta_0 - \eta_\text{min})\, t / W, & t < W,\\
          \eta_0, & W \le t < C,\\
          \eta_\text{min} + (\eta_0 - \eta_\text{min})\, s\!\left(\frac{t - C}{D}\right), & C \le t < T,\\
          \eta_\text{min}, & t \ge T,
        \end{cases}

    with the cooldown shape :math:`s(p) = 1 - p` (``"linear"``), :math:`1 - \sqrt p`
    (``"1-sqrt"``) or :math:`\tfrac12 (1 + \cos \pi p)` (``"cosine"``). The progress
    :math:`p = (t - C) / D` is 0 at the first step of the cooldown, so that step still
    runs at ``lr0``; the last one, :math:`t = T - 1`, runs at :math:`p = 1 - 1/D`, and
    ``lr_min`` is reached at :math:`t = T` and held.

    Parameters
    ----------
    t : float or array_like
        Step number, ``t >= 0``.
    lr0 : float
        The peak, held through the stable phase; ``> 0``.
    total_steps : int
        :math:`T \ge 1`, steps in all (warm-up, stable phase and cooldown).
    warmup_steps : int
        :math:`W \ge 0`; ``0`` means no warm-up.
    decay_steps : int
        :math:`D \ge 0`, the length of the cooldown at the end; needs
        ``warmup_steps + decay_steps <= total_steps``.
    decay_shape : {"linear", "1-sqrt", "cosine"}, default "linear"
        The cooldown's shape :math:`s`.
    lr_min : float, default 0.0
        Where the warm-up starts and the cooldown ends, ``0 <= lr_min <= lr0``.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Hu et al. 2024 (MiniCPM, arXiv:2404.06395) named the schedule and its three stages,
    the decay stage by any decreasing function (exponential in their runs); Hägele et al.
    2024 ("Scaling Laws and Compute-Optimal Training Beyond Fixed Training Durations",
    NeurIPS) found a constant rate with a short cooldown matching cosine and introduced the
    ``1-sqrt`` cooldown, which did better than the linear one in their runs.

    Equals Hugging Face's ``get_wsd_schedule(optimizer(lr=lr0), num_warmup_steps=W,
    num_decay_steps=D, num_training_steps=T, warmup_type="linear",
    decay_type=decay_shape, min_lr_ratio=lr_min / lr0)`` at every step, past ``T``
    too (transformers 5, where ``num_stable_steps`` defaults to ``T - W - D``). Two
    differences: Hugging Face's ``decay_type`` defaults to ``"cosine"``, ours to
    ``"linear"``; and Hugging Face accepts ``W + D > T`` (a negative stable phase: the
    cooldown then starts part-way down, straight after the warm-up), which raises here.

    Examples
    --------
    >>> wsd([0, 5, 10, 80, 90, 95, 100], lr0=1.0, total_steps=100, warmup_steps=10,
    ...     decay_steps=20)
    array([0.  , 0.5 , 1.  , 1.  , 0.5 , 0.25, 0.  ])
    >>> wsd(90, lr0=1.0, total_steps=100, warmup_steps=10, decay_steps=20, decay_shape="1-sqrt")
    0.2928932188134524
    """
    steps, is_scalar = check_steps(t)
    lr0 = check_positive("lr0", lr0)
    total_steps = check_count("total_steps", total_steps)
    warmup_steps = check_count("warmup_steps", warmup_steps, minimum=0)
    decay_steps = check_count("decay_steps", decay_steps, minimum=0)
    decay_shape = check_choice("decay_shape", decay_shape, DECAY_SHAPES)
    lr_min = check_lr_floor("lr_min", lr_min, "lr0", lr0)
    if warmup_steps + decay_steps > total_steps:
        raise InvalidParameterError(
            "warmup_steps + decay_steps must be <= total_steps (the stable phase cannot be "
            f"negative); got warmup_steps={warmup_steps}, decay_steps={decay_steps} and "
            f"total_steps={total_steps}."
        )
    height = lr0 - lr_min
    decay_start = total_steps - decay_steps
    warming = lr_min + height * (np.minimum(steps, warmup_steps) / max(1, warmup_steps))
    progress = np.clip(steps - decay_start, 0.0, max(1, decay_steps)) / max(1, decay_steps)
    cooling = lr_min + height * _cooldown(decay_shape, progress)
    values = np.where(
        steps < warmup_steps,
        warming,
        np.where(steps < decay_start, lr0, np.where(steps < total_steps, cooling, lr_min)),
    )
    return finish(values, is_scalar)
