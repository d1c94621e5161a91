r"""Hugging Face transformers' ``get_*_schedule_with_warmup`` functions as NumPy functions of the step.

In transformers' own parameter names; ``t`` is the number of ``scheduler.step()`` calls. Checked
against values recorded from transformers (``data/translation_values.json``).
"""

from __future__ import annotations

import numpy as np

from ._common import as_steps

__all__ = [
    "hf_polynomial_decay_schedule_with_warmup",
    "hf_cosine_schedule_with_warmup",
    "hf_cosine_with_min_lr_schedule_with_warmup",
    "hf_cosine_with_min_lr_schedule_with_warmup_lr_rate",
    "hf_cosine_with_hard_restarts_schedule_with_warmup",
]


def hf_polynomial_decay_schedule_with_warmup(t, lr, num_warmup_steps, num_training_steps, lr_end=1e-7,
                                             power=1.0):
    """``get_polynomial_decay_schedule_with_warmup`` (needs ``lr_end < lr``; default ``lr_end=1e-7``)."""
    steps = as_steps(t)
    warm = lr * steps / max(1, num_warmup_steps)
    remaining = 1 - (np.minimum(steps, num_training_steps) - num_warmup_steps) / (num_training_steps - num_warmup_steps)
    decay = (lr - lr_end) * np.maximum(remaining, 0.0) ** power + lr_end
    return np.where(steps < num_warmup_steps, warm, np.where(steps > num_training_steps, lr_end, decay))


def hf_cosine_schedule_with_warmup(t, lr, num_warmup_steps, num_training_steps, num_cycles=0.5):
    """``get_cosine_schedule_with_warmup``: ``progress = (t - W) / max(1, N - W)``, no clamp.

    Past ``num_training_steps`` the cosine carries on and the rate rises again.
    """
    return hf_cosine_with_min_lr_schedule_with_warmup(t, lr, num_warmup_steps, num_training_steps,
                                                      num_cycles, min_lr_rate=0.0)


def hf_cosine_with_min_lr_schedule_with_warmup(t, lr, num_warmup_steps, num_training_steps, num_cycles=0.5,
                                               min_lr=None, min_lr_rate=None):
    """``get_cosine_with_min_lr_schedule_with_warmup``: the cosine scaled into ``[min_lr, lr]``."""
    if min_lr is not None:
        min_lr_rate = min_lr / lr
    steps = as_steps(t)
    warm = steps / max(1, num_warmup_steps)
    progress = (steps - num_warmup_steps) / max(1, num_training_steps - num_warmup_steps)
    factor = 0.5 * (1.0 + np.cos(np.pi * num_cycles * 2.0 * progress))
    factor = np.maximum(0.0, factor * (1 - min_lr_rate) + min_lr_rate)
    return lr * np.where(steps < num_warmup_steps, warm, factor)


def hf_cosine_with_min_lr_schedule_with_warmup_lr_rate(t, lr, num_warmup_steps, num_training_steps,
                                                       num_cycles=0.5, min_lr=None, min_lr_rate=None):
    """``get_cosine_with_min_lr_schedule_with_warmup_lr_rate`` (``warmup_lr_rate=None``): like the
    one above but evaluated at ``t + 1``: ``(t + 1) / W`` in the warm-up, ``(t - W + 1) / (N - W)`` after."""
    if min_lr is not None:
        min_lr_rate = min_lr / lr
    steps = as_steps(t)
    warm = (steps + 1.0) / max(1.0, num_warmup_steps)
    progress = (steps - num_warmup_steps + 1.0) / max(1.0, num_training_steps - num_warmup_steps)
    factor = 0.5 * (1.0 + np.cos(np.pi * num_cycles * 2.0 * progress))
    factor = np.maximum(0.0, factor * (1 - min_lr_rate) + min_lr_rate)
    return lr * np.where(steps < num_warmup_steps, warm, factor)


def hf_cosine_with_hard_restarts_schedule_with_warmup(t, lr, num_warmup_steps, num_training_steps,
                                                      num_cycles=1):
    """``get_cosine_with_hard_restarts_schedule_with_warmup``: ``num_cycles`` equal cycles
    down to 0 between ``W`` and ``N``; 0 from ``N`` on."""
    steps = as_steps(t)
    warm = steps / max(1, num_warmup_steps)
    progress = (steps - num_warmup_steps) / max(1, num_training_steps - num_warmup_steps)
    factor = np.maximum(0.0, 0.5 * (1.0 + np.cos(np.pi * np.mod(num_cycles * progress, 1.0))))
    factor = np.where(progress >= 1.0, 0.0, factor)
    return lr * np.where(steps < num_warmup_steps, warm, factor)
