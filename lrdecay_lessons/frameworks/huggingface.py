r"""Hugging Face transformers' ``get_*_schedule_with_warmup`` functions as NumPy functions of the step.

In transformers' own parameter names; ``t`` is the number of ``scheduler.step()`` calls. Checked
against values recorded from transformers (``data/translation_values.json``).
"""

from __future__ import annotations

import math

import numpy as np

from ._common import as_steps
from ..errors import InvalidParameterError

__all__ = [
    "hf_polynomial_decay_schedule_with_warmup",
    "hf_cosine_schedule_with_warmup",
    "hf_cosine_with_min_lr_schedule_with_warmup",
    "hf_cosine_with_min_lr_schedule_with_warmup_lr_rate",
    "hf_cosine_with_hard_restarts_schedule_with_warmup",
    "hf_linear_schedule_with_warmup",
    "hf_wsd_schedule",
    "hf_inverse_sqrt_schedule",
    "hf_constant_schedule_with_warmup",
    "HF_TRAINER_SCHEDULERS",
    "hf_trainer_warmup_steps",
    "hf_trainer_max_steps",
]


#: ``TrainingArguments(lr_scheduler_type=...)``: each name and the function the Trainer builds
#: (transformers 5.24's ``SchedulerType``; the default is ``"linear"``). Recorded from the library
#: in ``data/call_values.json`` (``trainer_scheduler_types``), which the tests compare.
HF_TRAINER_SCHEDULERS: dict[str, str] = {
    "linear": "get_linear_schedule_with_warmup",
    "cosine": "get_cosine_schedule_with_warmup",
    "cosine_with_restarts": "get_cosine_with_hard_restarts_schedule_with_warmup",
    "polynomial": "get_polynomial_decay_schedule_with_warmup",
    "constant": "get_constant_schedule",
    "constant_with_warmup": "get_constant_schedule_with_warmup",
    "inverse_sqrt": "get_inverse_sqrt_schedule",
    "reduce_lr_on_plateau": "get_reduce_on_plateau_schedule",
    "cosine_with_min_lr": "get_cosine_with_min_lr_schedule_with_warmup",
    "cosine_warmup_with_min_lr": "get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
    "warmup_stable_decay": "get_wsd_schedule",
    "greedy": "get_greedy_schedule",
}


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
    raise InvalidParameterError(f"type must be 'linear', 'cosine' or '1-sqrt'; got {kind!r}")


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


def hf_constant_schedule_with_warmup(t, lr, num_warmup_steps):
    """``get_constant_schedule_with_warmup``: ``t / W`` while ``t < W``, then 1 (so the first update gets rate 0)."""
    steps = as_steps(t)
    return lr * np.where(steps < num_warmup_steps, steps / max(1.0, num_warmup_steps), 1.0)


def hf_trainer_warmup_steps(warmup_steps, num_training_steps):
    r"""``TrainingArguments.get_warmup_steps``: the Trainer's warm-up length in updates.

    .. math:: W = \begin{cases} \lfloor w \rfloor, & w \ge 1,\\ \lceil w\,N \rceil, & 0 \le w < 1, \end{cases}

    In transformers 5 ``warmup_steps`` takes both: a number of updates, or a fraction of the
    ``N`` training updates (``warmup_ratio`` is gone). ``warmup_steps=0.05`` with ``N = 999``
    gives ``ceil(49.95) = 50``; ``warmup_steps=50.7`` gives 50.

    Raises
    ------
    ValueError
        If ``warmup_steps`` is negative (the Trainer refuses it too) or ``num_training_steps`` is not
        a whole number >= 1.
    """
    if isinstance(warmup_steps, bool) or not isinstance(warmup_steps, (int, float)) or not warmup_steps >= 0:
        raise InvalidParameterError(f"warmup_steps must be a number >= 0 (updates, or a fraction in [0, 1)); "
                         f"got warmup_steps={warmup_steps!r}.")
    if isinstance(num_training_steps, bool) or not isinstance(num_training_steps, int) or num_training_steps < 1:
        raise InvalidParameterError(f"num_training_steps must be a whole number >= 1; got num_training_steps={num_training_steps!r}.")
    return int(warmup_steps) if warmup_steps >= 1 else math.ceil(num_training_steps * warmup_steps)


def hf_trainer_max_steps(len_dataloader, gradient_accumulation_steps=1, num_train_epochs=3.0):
    r"""The number of optimizer updates the Trainer plans, which is the ``N`` its scheduler gets.

    .. math:: u = \max\left(\lceil L / a \rceil, 1\right), \qquad N = \lceil E\,u \rceil

    with ``L = len(dataloader)`` the batches *one process* sees per epoch (under several GPUs
    each process gets its share of the batches), ``a`` the accumulation steps and ``E`` the
    epochs (transformers 5.24, ``Trainer.set_initial_training_values`` when ``max_steps`` is not set).

    Raises
    ------
    ValueError
        If a count is not a whole number >= 1 or ``num_train_epochs`` is not > 0.
    """
    for name, value in (("len_dataloader", len_dataloader), ("gradient_accumulation_steps", gradient_accumulation_steps)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidParameterError(f"{name} must be a whole number >= 1; got {name}={value!r}.")
    if isinstance(num_train_epochs, bool) or not isinstance(num_train_epochs, (int, float)) or not num_train_epochs > 0:
        raise InvalidParameterError(f"num_train_epochs must be a number > 0; got num_train_epochs={num_train_epochs!r}.")
    per_epoch = max(len_dataloader // gradient_accumulation_steps + int(len_dataloader % gradient_accumulation_steps > 0), 1)
    return math.ceil(num_train_epochs * per_epoch)
