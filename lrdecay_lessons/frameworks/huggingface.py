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
    "hf_linear_schedule_with_warmup",
    "hf_wsd_schedule",
    "hf_inverse_sqrt_schedule",
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


def hf_linear_schedule_with_warmup(t, lr, num_warmup_steps, num_training_steps):
    """``get_linear_schedule_with_warmup``: ``t / W`` while ``t < W``, then
    ``max(0, (N - t) / max(1, N - W))``: linear to 0 at ``N``, 0 after."""
    steps = as_steps(t)
    warm = steps / max(1, num_warmup_steps)
    decay = np.maximum(0.0, (num_training_steps - steps) / max(1, num_training_steps - num_warmup_steps))
    return lr * np.where(steps < num_warmup_steps, warm, decay)


def _wsd_shape(kind, progress, num_cycles=0.5, rising=False):
    if kind == "linear":
        return progress if rising else 1.0 - progress
    if kind == "cosine":
        if rising:
            return 0.5 * (1.0 - np.cos(np.pi * progress))
        return 0.5 * (1.0 + np.cos(np.pi * float(num_cycles) * 2.0 * progress))
    if kind == "1-sqrt":
        return 1.0 - np.sqrt(1.0 - progress) if rising else 1.0 - np.sqrt(progress)
    raise ValueError(f"type must be 'linear', 'cosine' or '1-sqrt'; got {kind!r}")


def hf_wsd_schedule(t, lr, num_warmup_steps, num_decay_steps, num_training_steps=None, num_stable_steps=None,
                    warmup_type="linear", decay_type="cosine", min_lr_ratio=0.0, num_cycles=0.5):
    """``get_wsd_schedule`` (transformers 5): warm-up from ``min_lr_ratio`` over ``W`` steps, 1 until
    ``W + S``, the decay over ``D`` steps with ``p = (t - W - S) / max(1, D)``, then ``min_lr_ratio``.

    ``S`` (``num_stable_steps``) defaults to ``N - W - D``; nothing stops it being negative.
    """
    steps = as_steps(t)
    if num_stable_steps is None:
        num_stable_steps = num_training_steps - num_warmup_steps - num_decay_steps
    ratio = min_lr_ratio
    warm_progress = np.clip(steps / max(1, num_warmup_steps), 0.0, 1.0)
    warm = np.maximum(0.0, _wsd_shape(warmup_type, warm_progress, rising=True) * (1.0 - ratio) + ratio)
    stable_end = num_warmup_steps + num_stable_steps
    decay_progress = np.clip((steps - stable_end) / max(1, num_decay_steps), 0.0, 1.0)
    decay = np.maximum(0.0, _wsd_shape(decay_type, decay_progress, num_cycles) * (1.0 - ratio) + ratio)
    factor = np.where(steps < num_warmup_steps, warm,
                      np.where(steps < stable_end, 1.0,
                               np.where(steps < stable_end + num_decay_steps, decay, ratio)))
    return lr * factor


def hf_inverse_sqrt_schedule(t, lr, num_warmup_steps, timescale=None):
    """``get_inverse_sqrt_schedule``: ``t / W`` while ``t < W``, then ``1 / sqrt((t + tau - W) / tau)``;
    ``timescale`` (tau) defaults to ``num_warmup_steps or 10_000``."""
    if timescale is None:
        timescale = num_warmup_steps or 10_000
    steps = as_steps(t)
    warm = steps / max(1, num_warmup_steps)
    shift = timescale - num_warmup_steps
    decay = 1.0 / np.sqrt((np.maximum(steps, num_warmup_steps) + shift) / timescale)
    return lr * np.where(steps < num_warmup_steps, warm, decay)
