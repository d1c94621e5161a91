r"""Keras 3's ``keras.optimizers.schedules`` (and ``ReduceLROnPlateau``) as NumPy functions of the step.

In Keras's own parameter names; ``t`` is ``optimizer.iterations``. Checked against values recorded
from Keras 3 (``data/translation_values.json``).
"""

from __future__ import annotations

import numpy as np

from ._common import as_steps, half_cosine

__all__ = [
    "keras_exponential_decay",
    "keras_piecewise_constant_decay",
    "keras_polynomial_decay",
    "keras_cosine_decay",
    "keras_cosine_decay_restarts",
    "keras_inverse_time_decay",
    "keras_reduce_lr_on_plateau",
]


def keras_exponential_decay(t, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    """``ExponentialDecay``: ``initial_learning_rate * decay_rate ** (t / decay_steps)``."""
    p = as_steps(t) / decay_steps
    if staircase:
        p = np.floor(p)
    return initial_learning_rate * decay_rate**p


def keras_piecewise_constant_decay(t, boundaries, values):
    """``PiecewiseConstantDecay``: ``values[0]`` while ``t <= boundaries[0]``, then ``values[i]``
    for ``boundaries[i-1] < t <= boundaries[i]``: a boundary step still has the *old* value."""
    index = np.searchsorted(np.asarray(boundaries, dtype=float), as_steps(t), side="left")
    return np.asarray(values, dtype=float)[index]


def keras_polynomial_decay(t, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                           cycle=False):
    """``PolynomialDecay``: ``(lr - end) (1 - min(t, decay_steps) / decay_steps) ** power + end``."""
    steps = as_steps(t)
    if cycle:
        decay_steps = decay_steps * np.where(steps == 0, 1.0, np.ceil(steps / decay_steps))
    else:
        steps = np.minimum(steps, decay_steps)
    return (initial_learning_rate - end_learning_rate) * (1 - steps / decay_steps) ** power + end_learning_rate


def keras_cosine_decay(t, initial_learning_rate, decay_steps, alpha=0.0, warmup_target=None, warmup_steps=0):
    """``CosineDecay``: ``lr ((1 - alpha) (1 + cos(pi min(t, decay_steps) / decay_steps)) / 2 + alpha)``.

    With ``warmup_target``: a linear ramp from ``initial_learning_rate`` to ``warmup_target``
    over ``warmup_steps``, then the cosine from ``warmup_target`` over ``decay_steps``
    *more* steps (``decay_steps`` excludes the warm-up).
    """
    steps = as_steps(t)

    def decay(step, peak):
        return peak * ((1 - alpha) * half_cosine(step / decay_steps) + alpha)

    if warmup_target is None:
        return decay(np.minimum(steps, decay_steps), initial_learning_rate)
    steps = np.minimum(steps, decay_steps + warmup_steps)
    if warmup_steps == 0:
        return decay(steps, warmup_target)
    ramp = (warmup_target - initial_learning_rate) * steps / warmup_steps + initial_learning_rate
    return np.where(steps < warmup_steps, ramp, decay(steps - warmup_steps, warmup_target))


def keras_cosine_decay_restarts(t, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0):
    """``CosineDecayRestarts``: SGDR with cycle ``i`` found as
    ``floor(log(1 - t/T0 (1 - t_mul)) / log(t_mul))`` (``floor(t / T0)`` when ``t_mul == 1``)."""
    completed = as_steps(t) / first_decay_steps
    if t_mul == 1.0:
        i_restart = np.floor(completed)
        completed = completed - i_restart
    else:
        i_restart = np.floor(np.log(1.0 - completed * (1.0 - t_mul)) / np.log(t_mul))

        def start(i):  # where cycle i begins, in units of first_decay_steps
            return (1.0 - t_mul**i) / (1.0 - t_mul)

        # In NumPy float64 the log can land one cycle short exactly at a restart (t_mul=3,
        # step 1210 of first_decay_steps=10); Keras 3.15 on the torch backend does not.
        i_restart = np.where(completed >= start(i_restart + 1), i_restart + 1, i_restart)
        i_restart = np.where(completed < start(i_restart), i_restart - 1, i_restart)
        completed = (completed - start(i_restart)) / t_mul**i_restart
    cosine = 0.5 * m_mul**i_restart * (1.0 + np.cos(np.pi * completed))
    return initial_learning_rate * ((1 - alpha) * cosine + alpha)


def keras_inverse_time_decay(t, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    """``InverseTimeDecay``: ``initial_learning_rate / (1 + decay_rate * t / decay_steps)``."""
    p = as_steps(t) / decay_steps
    if staircase:
        p = np.floor(p)
    return initial_learning_rate / (1 + decay_rate * p)


def keras_reduce_lr_on_plateau(metrics, learning_rate, monitor="val_loss", factor=0.1, patience=10,
                               mode="auto", min_delta=1e-4, cooldown=0, min_lr=0.0):
    """``keras.callbacks.ReduceLROnPlateau``: the optimizer's rate after each epoch's ``on_epoch_end``.

    Improvement: ``current < best - min_delta`` (``'min'``) or ``current > best + min_delta``
    (``'max'``). The cooldown counter is decremented *before* the check, and the rate
    drops when ``wait >= patience``.
    """
    if mode == "auto":
        mode = "min" if monitor.removeprefix("val_") == "loss" else "max"
    best = None
    wait = cooldown_counter = 0
    lr = learning_rate
    out = []
    for current in metrics:
        if cooldown_counter > 0:
            cooldown_counter -= 1
            wait = 0
        if best is None or (current < best - min_delta if mode == "min" else current > best + min_delta):
            best, wait = current, 0
        elif not cooldown_counter > 0:
            wait += 1
            if wait >= patience and lr > np.float32(min_lr):
                lr = max(lr * factor, min_lr)
                cooldown_counter, wait = cooldown, 0
        out.append(lr)
    return np.asarray(out, dtype=float)
