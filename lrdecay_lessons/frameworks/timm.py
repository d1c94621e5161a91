r"""timm's ``CosineLRScheduler`` as a NumPy function of the update count.

In timm's own parameter names; ``t`` is the count passed to ``scheduler.step_update(num_updates=t)``
(with ``t_in_epochs=False``) or ``scheduler.step(epoch=t)``: timm is told the count, it does not
keep it. Checked against values recorded from timm 1.0 (``data/call_values.json``).
"""

from __future__ import annotations

import math

import numpy as np

from ._common import as_steps

__all__ = ["timm_cosine_lr_scheduler"]


def timm_cosine_lr_scheduler(t, lr, t_initial, lr_min=0.0, cycle_mul=1.0, cycle_decay=1.0, cycle_limit=1, warmup_t=0,
                             warmup_lr_init=0.0, warmup_prefix=False, k_decay=1.0):
    r"""``CosineLRScheduler`` (no noise): a linear warm-up from ``warmup_lr_init``, then cosine cycles.

    .. math:: \eta_t = \begin{cases} \eta_\text{init} + t\,(\eta_0 - \eta_\text{init}) / W, & t < W,\\
              \eta_\text{min} + \tfrac12 (\gamma^i \eta_0 - \eta_\text{min})(1 + \cos \pi t_c^k / T_i^k), & i < \text{limit},\\
              \eta_\text{min}, & \text{after the last cycle,} \end{cases}

    where the cycle clock counts from 0 (``warmup_prefix=False``, the default: the warm-up
    *overlaps* the first cycle's start, which therefore never reaches :math:`\eta_0`) or from
    :math:`W` (``warmup_prefix=True``). :math:`i` is the cycle, :math:`t_c` the step inside it,
    :math:`T_i = T_0 \cdot \text{cycle\_mul}^i` and :math:`\gamma` = ``cycle_decay``.
    """
    out = []
    for step in np.atleast_1d(as_steps(t)).ravel():
        if step < warmup_t:
            out.append(warmup_lr_init + step * (lr - warmup_lr_init) / warmup_t)
            continue
        s = step - warmup_t if warmup_prefix else step
        if cycle_mul != 1:
            i = math.floor(math.log(1 - s / t_initial * (1 - cycle_mul), cycle_mul))
            t_i = cycle_mul**i * t_initial
            t_curr = s - (1 - cycle_mul**i) / (1 - cycle_mul) * t_initial
        else:
            i = s // t_initial
            t_i = t_initial
            t_curr = s - t_initial * i
        if i < cycle_limit:
            peak = lr * cycle_decay**i
            out.append(lr_min + 0.5 * (peak - lr_min) * (1 + math.cos(math.pi * t_curr**k_decay / t_i**k_decay)))
        else:
            out.append(lr_min)
    return np.asarray(out, dtype=float).reshape(np.shape(as_steps(t)))
